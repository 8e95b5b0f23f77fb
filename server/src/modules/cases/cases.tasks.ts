import { planContentSchema } from '@karpear/contracts';
import { sql } from 'drizzle-orm';
import { type Actor, authorize } from '../../access/index.ts';
import type { HandlingCode } from '../../access/policy/rules.ts';
import { AppError } from '../../platform/errors.ts';
import * as repo from './cases.repo.ts';
import { audit, type CaseDeps, loadCase, taskView } from './cases.service.ts';
import * as work from './cases.work.repo.ts';

/**
 * Tasks (issue 7 item 4): on a case (owner on the team; optional line of enquiry of the current plan)
 * or on a tip (owner a member of the tip's unit). Due dates in the past are refused. Status changes go
 * at the task's version. Overdue reminders: cases.overdue.ts.
 */
interface NewTask {
  title: string;
  ownerId: string;
  dueAt: string;
  lineKey?: string;
}

function checkDue(dueAt: string, now: Date): Date {
  const due = new Date(dueAt);
  if (due.getTime() <= now.getTime())
    throw new AppError('validation_failed', `The due date ${dueAt} is in the past; choose a later date`, [
      { path: 'body.dueAt', message: 'must be in the future' },
    ]);
  return due;
}

export async function createCaseTask(deps: CaseDeps, actor: Actor, caseId: string, body: NewTask) {
  return deps.database.db.transaction(async (tx) => {
    const { team } = await loadCase(tx, actor, 'cases.tasks.create', caseId);
    const now = deps.clock.now();
    const dueAt = checkDue(body.dueAt, now);
    if (!team.some((m) => m.userId === body.ownerId))
      throw new AppError('validation_failed', 'The owner must be on the case team; add them first', [
        { path: 'body.ownerId', message: 'not on the team' },
      ]);
    if (body.lineKey !== undefined) {
      const [plan] = await work.plansOfCase(tx, caseId);
      const lines = plan ? planContentSchema.parse(plan.content ?? {}).linesOfEnquiry : [];
      if (!lines.some((l) => l.key === body.lineKey))
        throw new AppError('validation_failed', `The current plan has no line of enquiry "${body.lineKey}"`, [
          { path: 'body.lineKey', message: 'unknown line of enquiry' },
        ]);
    }
    const task = await work.insertTask(tx, {
      caseId,
      lineKey: body.lineKey ?? null,
      title: body.title,
      ownerId: body.ownerId,
      dueAt,
      createdBy: actor.userId,
      createdAt: now,
    });
    await repo.insertEvent(tx, {
      caseId,
      at: now,
      actorId: actor.userId,
      kind: 'task_created',
      details: { taskId: task.id },
    });
    await audit(tx, deps, actor, 'cases.tasks.create', task.id, { caseId }, 'task');
    return taskView(task, now);
  });
}

export async function createTipTask(
  deps: CaseDeps,
  actor: Actor,
  tipId: string,
  body: Omit<NewTask, 'lineKey'>,
) {
  return deps.database.db.transaction(async (tx) => {
    const [tip] = await repo.findTipHeads(tx, [tipId]);
    if (!tip) throw AppError.notFound();
    authorize(actor, 'cases.tasks.create', tipResource(tip));
    const now = deps.clock.now();
    const dueAt = checkDue(body.dueAt, now);
    const owner = await repo.findUser(tx, body.ownerId);
    const inUnit =
      owner && owner.agencyId === tip.agencyId && (tip.unitId === null || owner.unitId === tip.unitId);
    if (!inUnit)
      throw new AppError('validation_failed', "The owner must be a member of the tip's unit", [
        { path: 'body.ownerId', message: 'not in the unit' },
      ]);
    const task = await work.insertTask(tx, {
      tipId,
      title: body.title,
      ownerId: body.ownerId,
      dueAt,
      createdBy: actor.userId,
      createdAt: now,
    });
    await audit(tx, deps, actor, 'cases.tasks.create', task.id, { tipId }, 'task');
    return taskView(task, now);
  });
}

function tipResource(tip: repo.TipHead) {
  return {
    type: 'tip',
    id: tip.id,
    agencyId: tip.agencyId,
    unitId: tip.unitId,
    handling: tip.handling as HandlingCode,
  };
}

export async function changeTaskStatus(
  deps: CaseDeps,
  actor: Actor,
  taskId: string,
  body: { status: 'open' | 'in_progress' | 'done' | 'cancelled'; version: number },
) {
  return deps.database.db.transaction(async (tx) => {
    const task = await work.findTask(tx, taskId, true);
    if (!task) throw AppError.notFound();
    if (task.caseId) await loadCase(tx, actor, 'cases.tasks.update', task.caseId);
    else {
      const [tip] = await repo.findTipHeads(tx, [task.tipId!]);
      if (!tip) throw AppError.notFound();
      authorize(actor, 'cases.tasks.update', tipResource(tip));
    }
    if (task.version !== body.version)
      throw new AppError(
        'conflict',
        `The task was changed by someone else (you had version ${body.version}, it is now ${task.version}); reload it`,
        [{ path: 'body.version', message: `stale: current version is ${task.version}` }],
      );
    const now = deps.clock.now();
    const updated = await work.updateTaskAtVersion(tx, taskId, body.version, {
      status: body.status,
      completedAt: body.status === 'done' ? now : null,
    });
    if (!updated)
      throw new AppError('conflict', 'The task was changed by someone else; reload it', [
        { path: 'body.version', message: 'stale' },
      ]);
    if (task.caseId)
      await repo.insertEvent(tx, {
        caseId: task.caseId,
        at: now,
        actorId: actor.userId,
        kind: 'task_status_changed',
        fromStatus: task.status,
        toStatus: body.status,
        details: { taskId },
      });
    await audit(
      tx,
      deps,
      actor,
      'cases.tasks.update',
      taskId,
      { from: task.status, to: body.status },
      'task',
    );
    return taskView(updated, now);
  });
}

/** The caller's open tasks (with their case or tip reference) and open tips assigned to them. */
export async function myWork(deps: CaseDeps, actor: Actor) {
  authorize(actor, 'cases.my_work');
  const db = deps.database.db;
  const now = deps.clock.now();
  const tasks = await repo.rowsOf<{ id: string; reference: string | null }>(
    db,
    sql`SELECT t.id, coalesce(c.reference, tp.reference) AS reference FROM tasks t
        LEFT JOIN cases c ON c.id = t.case_id LEFT JOIN tips tp ON tp.id = t.tip_id
        WHERE t.owner_id = ${actor.userId}::uuid AND t.status IN ('open','in_progress')`,
  );
  const refs = new Map(tasks.map((t) => [t.id, t.reference ?? '']));
  const rows = await work.openTasksOfOwner(db, actor.userId);
  const tips = await repo.rowsOf<{
    id: string;
    reference: string;
    status: string;
    due: string | Date | null;
  }>(
    db,
    sql`SELECT id, reference, status, sla_due_at AS due FROM tips
        WHERE assignee_id = ${actor.userId}::uuid
          AND status NOT IN ('actioned','referred','closed_no_action','converted_to_case')
        ORDER BY sla_due_at NULLS LAST LIMIT 200`,
  );
  return {
    tasks: rows.map((t) => ({ ...taskView(t, now), reference: refs.get(t.id) ?? '' })),
    tips: tips.map((t) => ({
      id: t.id,
      reference: t.reference,
      status: t.status,
      dueAt: t.due ? new Date(t.due).toISOString() : null,
    })),
  };
}
