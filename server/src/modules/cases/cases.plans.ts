import { type PlanContent, type PlanView, planContentSchema } from '@karpear/contracts';
import type { Actor } from '../../access/index.ts';
import { AppError } from '../../platform/errors.ts';
import { diffPlanContent } from './cases.plans.diff.ts';
import * as repo from './cases.repo.ts';
import { audit, type CaseDeps, loadCase } from './cases.service.ts';
import * as work from './cases.work.repo.ts';

/**
 * Investigation plans (issue 7 item 3). One row per version. The newest version is the one being
 * worked on: `draft` (saved at its `lock_version`: a second conflicting save is refused naming who
 * saved and when), `submitted` (read-only until decided), `returned` (editable again: saving makes it a
 * draft), `approved` (frozen). Editing after approval starts version n+1 as a draft copied from it; the
 * approved version stays in force until n+1 is approved, when it becomes `superseded`.
 */
const EDITABLE = new Set(['draft', 'returned']);

function planView(p: work.PlanRow): PlanView {
  return {
    id: p.id,
    caseId: p.caseId,
    version: p.version,
    status: p.status as PlanView['status'],
    content: planContentSchema.parse(p.content ?? {}),
    createdBy: p.createdBy,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
    submittedAt: p.submittedAt?.toISOString() ?? null,
    decidedBy: p.decidedBy,
    decidedAt: p.decidedAt?.toISOString() ?? null,
    decisionReason: p.decisionReason,
    lockVersion: p.lockVersion,
  };
}

export async function getPlans(
  deps: CaseDeps,
  actor: Actor,
  caseId: string,
): Promise<{ current: PlanView | null; versions: PlanView[] }> {
  return deps.database.db.transaction(async (tx) => {
    await loadCase(tx, actor, 'cases.plans.read', caseId);
    const plans = await work.plansOfCase(tx, caseId);
    await audit(tx, deps, actor, 'cases.plans.read', caseId, { versions: plans.length });
    return { current: plans[0] ? planView(plans[0]) : null, versions: plans.map(planView) };
  });
}

export async function getPlanVersion(
  deps: CaseDeps,
  actor: Actor,
  caseId: string,
  version: number,
): Promise<PlanView> {
  return deps.database.db.transaction(async (tx) => {
    await loadCase(tx, actor, 'cases.plans.read', caseId);
    const plan =
      Number.isInteger(version) && version >= 1 && version <= 2_147_483_647
        ? await work.findPlanVersion(tx, caseId, version)
        : undefined;
    if (!plan)
      throw new AppError('not_found', `The plan has no version ${version}`, [
        { path: 'params.version', message: 'unknown version' },
      ]);
    await audit(tx, deps, actor, 'cases.plans.read', caseId, { version });
    return planView(plan);
  });
}

/** The newest version that is not superseded (the one in work), or none. */
async function currentPlan(tx: Parameters<typeof work.plansOfCase>[0], caseId: string) {
  const plans = await work.plansOfCase(tx, caseId);
  return { latest: plans[0], plans };
}

export async function saveDraft(
  deps: CaseDeps,
  actor: Actor,
  caseId: string,
  body: { content: PlanContent; lockVersion?: number },
): Promise<PlanView> {
  return deps.database.db.transaction(async (tx) => {
    // The case row lock serialises plan saves of one case (two first drafts never both insert v1).
    const { row } = await loadCase(tx, actor, 'cases.plans.edit', caseId, true);
    checkLineKeys(body.content);
    const now = deps.clock.now();
    const { latest } = await currentPlan(tx, caseId);
    let saved: work.PlanRow;
    if (latest && EDITABLE.has(latest.status)) {
      if (body.lockVersion === undefined || body.lockVersion !== latest.lockVersion)
        throw await planConflict(tx, latest);
      const updated = await work.updatePlanAtLock(tx, latest.id, body.lockVersion, {
        content: body.content,
        status: 'draft',
        updatedAt: now,
      });
      if (!updated) throw await planConflict(tx, latest);
      saved = updated;
    } else if (latest && latest.status === 'submitted') {
      throw new AppError(
        'conflict',
        `Plan version ${latest.version} of case ${row.reference} is awaiting approval; it cannot be edited until a supervisor decides`,
        [{ path: 'body.content', message: 'plan is submitted' }],
      );
    } else {
      // No plan yet, or the latest is approved (frozen): start the next version from it.
      if (latest && body.lockVersion !== undefined && body.lockVersion !== latest.lockVersion)
        throw await planConflict(tx, latest);
      saved = await work.insertPlan(tx, {
        caseId,
        version: (latest?.version ?? 0) + 1,
        status: 'draft',
        content: body.content,
        createdBy: actor.userId,
        createdAt: now,
        updatedAt: now,
      });
    }
    await repo.insertEvent(tx, {
      caseId,
      at: now,
      actorId: actor.userId,
      kind: 'plan_saved',
      details: { version: saved.version },
    });
    await audit(tx, deps, actor, 'cases.plans.edit', caseId, {
      version: saved.version,
      lockVersion: saved.lockVersion,
    });
    return planView(saved);
  });
}

export async function submitPlan(deps: CaseDeps, actor: Actor, caseId: string): Promise<PlanView> {
  return deps.database.db.transaction(async (tx) => {
    const { row } = await loadCase(tx, actor, 'cases.plans.edit', caseId, true);
    const { latest } = await currentPlan(tx, caseId);
    if (latest?.status !== 'draft')
      throw new AppError(
        'conflict',
        `Case ${row.reference} has no draft plan to submit${latest ? ` (version ${latest.version} is ${latest.status})` : ''}`,
        [{ path: 'params.id', message: 'no draft plan' }],
      );
    const now = deps.clock.now();
    const saved = await work.setPlanStatus(tx, latest.id, {
      status: 'submitted',
      submittedAt: now,
      updatedAt: now,
    });
    await repo.insertEvent(tx, {
      caseId,
      at: now,
      actorId: actor.userId,
      kind: 'plan_submitted',
      details: { version: saved.version },
    });
    await audit(tx, deps, actor, 'cases.plans.submit', caseId, { version: saved.version });
    return planView(saved);
  });
}

export async function decidePlan(
  deps: CaseDeps,
  actor: Actor,
  caseId: string,
  body: { decision: 'approved' | 'returned'; reason?: string },
): Promise<PlanView> {
  return deps.database.db.transaction(async (tx) => {
    const { row } = await loadCase(tx, actor, 'cases.plans.decide', caseId, true);
    const { latest, plans } = await currentPlan(tx, caseId);
    if (latest?.status !== 'submitted')
      throw new AppError('conflict', `Case ${row.reference} has no plan awaiting approval`, [
        { path: 'params.id', message: 'no submitted plan' },
      ]);
    // Four eyes: the author of a version never decides it (even holding the supervisor role).
    if (latest.createdBy === actor.userId)
      throw new AppError('conflict', 'You wrote this plan version: another supervisor must decide it', [
        { path: 'body.decision', message: 'author cannot decide' },
      ]);
    if (body.decision === 'returned' && !body.reason)
      throw new AppError('validation_failed', 'Say why the plan is returned', [
        { path: 'body.reason', message: 'required when returning' },
      ]);
    const now = deps.clock.now();
    if (body.decision === 'approved') {
      for (const p of plans)
        if (p.status === 'approved')
          await work.setPlanStatus(tx, p.id, { status: 'superseded', updatedAt: now });
    }
    const saved = await work.setPlanStatus(tx, latest.id, {
      status: body.decision,
      decidedBy: actor.userId,
      decidedAt: now,
      decisionReason: body.reason ?? null,
      updatedAt: now,
    });
    await repo.insertEvent(tx, {
      caseId,
      at: now,
      actorId: actor.userId,
      kind: body.decision === 'approved' ? 'plan_approved' : 'plan_returned',
      reason: body.reason ?? null,
      details: { version: saved.version },
    });
    await audit(tx, deps, actor, 'cases.plans.decide', caseId, {
      version: saved.version,
      decision: body.decision,
    });
    return planView(saved);
  });
}

export async function diffPlans(deps: CaseDeps, actor: Actor, caseId: string, from: number, to: number) {
  return deps.database.db.transaction(async (tx) => {
    await loadCase(tx, actor, 'cases.plans.read', caseId);
    const a = await work.findPlanVersion(tx, caseId, from);
    const b = await work.findPlanVersion(tx, caseId, to);
    if (!a || !b)
      throw new AppError('not_found', `The plan has no version ${!a ? from : to}`, [
        { path: !a ? 'query.from' : 'query.to', message: 'unknown version' },
      ]);
    await audit(tx, deps, actor, 'cases.plans.read', caseId, { diff: [from, to] });
    return {
      from,
      to,
      changes: diffPlanContent(
        planContentSchema.parse(a.content ?? {}),
        planContentSchema.parse(b.content ?? {}),
      ),
    };
  });
}

/** Line-of-enquiry keys name tasks' links: they must be unique within a plan. */
function checkLineKeys(content: PlanContent): void {
  const seen = new Set<string>();
  content.linesOfEnquiry.forEach((l, i) => {
    if (seen.has(l.key))
      throw new AppError('validation_failed', `Line of enquiry ${i + 1} repeats the key "${l.key}"`, [
        { path: `body.content.linesOfEnquiry.${i}.key`, message: 'duplicate key' },
      ]);
    seen.add(l.key);
  });
}

/** "changed by X at T": the last plan event of the case names who saved (or decided) last, and when. */
async function planConflict(
  tx: Parameters<typeof repo.findUser>[0],
  latest: work.PlanRow,
): Promise<AppError> {
  const last = await repo.lastPlanChange(tx, latest.caseId);
  const by = last?.displayName ?? 'someone';
  const at = (last?.at ?? latest.updatedAt).toISOString();
  return new AppError(
    'conflict',
    `Plan version ${latest.version} was changed by ${by} at ${at}; reload it, then re-apply your edits`,
    [{ path: 'body.lockVersion', message: `stale: current lock version is ${latest.lockVersion}` }],
  );
}
