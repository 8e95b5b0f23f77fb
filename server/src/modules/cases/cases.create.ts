import type { CreateCaseBody } from '@karpear/contracts';
import { type Actor, authorize, can } from '../../access/index.ts';
import type { HandlingCode } from '../../access/policy/rules.ts';
import type { Executor } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import * as repo from './cases.repo.ts';
import { audit, type CaseDeps } from './cases.shared.ts';

/**
 * Creating a case and numbering it: from a converted tip (issue 5; the tips module authorizes and
 * audits) or directly (authorized here; the tips it links must be readable by the actor). Each
 * creation puts the creator on the team as lead and writes the `created` case event.
 */
export interface NewCaseFromTip {
  agencyId: string;
  unitId: string | null;
  /** The unit's code when the tip is held by a unit, else the agency's code. */
  prefixCode: string;
  title: string;
  handling: string;
  tipId: string;
  createdBy: string | null;
  now: Date;
}

/**
 * Insert the case and its link to the tip (and the converter on the team as lead, so the team rules
 * reach them). No authorization and no audit here: the caller (tips conversion) did both.
 */
export async function createCaseFromTip(
  tx: Executor,
  input: NewCaseFromTip,
): Promise<{ id: string; reference: string }> {
  const reference = await nextReference(tx, input.agencyId, input.prefixCode, input.now);
  const row = await repo.insertCase(tx, {
    agencyId: input.agencyId,
    unitId: input.unitId,
    reference,
    title: input.title,
    handling: input.handling,
    createdBy: input.createdBy,
    leadId: input.createdBy,
    createdAt: input.now,
    updatedAt: input.now,
  });
  await repo.linkTip(tx, row.id, input.tipId, input.now);
  if (input.createdBy)
    await repo.upsertMember(tx, {
      caseId: row.id,
      userId: input.createdBy,
      caseRole: 'lead',
      addedBy: input.createdBy,
      addedAt: input.now,
    });
  await repo.insertEvent(tx, {
    caseId: row.id,
    at: input.now,
    actorId: input.createdBy,
    kind: 'created',
    toStatus: 'open',
    details: { tipIds: [input.tipId] },
  });
  return { id: row.id, reference: row.reference };
}

/**
 * The next reference `<code>-<year>-<4 digits>`, numbered per agency and year (the agency row is
 * locked so two creations never take the same number).
 */
async function nextReference(tx: Executor, agencyId: string, code: string, now: Date): Promise<string> {
  await repo.lockAgencyForNumbering(tx, agencyId);
  const prefix = `${code}-${cambodianYear(now)}-`;
  const last = await repo.lastReferenceWithPrefix(tx, agencyId, prefix);
  const next = last ? Number(last.slice(prefix.length)) + 1 : 1;
  return formatCaseReference(prefix, Number.isFinite(next) ? next : 1);
}

/** At least four digits (`0001`); a 10,000th case in a year simply gets five. */
export function formatCaseReference(prefix: string, n: number): string {
  return `${prefix}${String(n).padStart(4, '0')}`;
}

function cambodianYear(at: Date): number {
  return new Date(at.getTime() + 7 * 3_600_000).getUTCFullYear();
}

export async function createCase(
  deps: CaseDeps,
  actor: Actor,
  body: CreateCaseBody,
): Promise<{ id: string; reference: string }> {
  authorize(actor, 'cases.create');
  const unitId = body.unitId ?? actor.unitId;
  return deps.database.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const codes = await repo.codesOf(tx, actor.agencyId, unitId);
    if (unitId && codes.unitAgencyId !== actor.agencyId)
      throw new AppError('validation_failed', 'The unit is not a unit of your agency', [
        { path: 'body.unitId', message: 'unknown unit' },
      ]);
    const tipIds = [...new Set(body.tipIds)];
    const tipHeads = await repo.findTipHeads(tx, tipIds);
    for (const [i, tipId] of tipIds.entries()) {
      const t = tipHeads.find((h) => h.id === tipId);
      const readable =
        t &&
        can(actor, 'tips.read', {
          type: 'tip',
          id: t.id,
          agencyId: t.agencyId,
          unitId: t.unitId,
          handling: t.handling as HandlingCode,
        });
      if (!readable)
        throw new AppError('validation_failed', `Tip ${i + 1} does not exist or you may not read it`, [
          { path: `body.tipIds.${i}`, message: 'unknown tip' },
        ]);
    }
    let reference: string;
    if (body.reference) {
      await repo.lockAgencyForNumbering(tx, actor.agencyId);
      if (await repo.referenceExists(tx, actor.agencyId, body.reference))
        throw new AppError(
          'conflict',
          `Case reference ${body.reference} already exists in your agency; choose another or leave it empty for the next number`,
          [{ path: 'body.reference', message: 'already exists' }],
        );
      reference = body.reference;
    } else {
      reference = await nextReference(tx, actor.agencyId, codes.unitCode ?? codes.agencyCode, now);
    }
    const row = await repo.insertCase(tx, {
      agencyId: actor.agencyId,
      unitId,
      reference,
      title: body.title,
      summary: body.summary ?? null,
      offences: body.offences,
      handling: body.handling,
      leadId: actor.userId,
      createdBy: actor.userId,
      createdAt: now,
      updatedAt: now,
    });
    for (const tipId of tipIds) await repo.linkTip(tx, row.id, tipId, now);
    // The creator leads the case until the team says otherwise: a case always has a lead.
    await repo.upsertMember(tx, {
      caseId: row.id,
      userId: actor.userId,
      caseRole: 'lead',
      addedBy: actor.userId,
      addedAt: now,
    });
    await repo.insertEvent(tx, {
      caseId: row.id,
      at: now,
      actorId: actor.userId,
      kind: 'created',
      toStatus: 'open',
      details: { tipIds },
    });
    await audit(tx, deps, actor, 'cases.create', row.id, {
      reference,
      tipIds,
      explicitReference: !!body.reference,
    });
    return { id: row.id, reference };
  });
}
