import type { TipChange, TipDetail, TipPriority, TipStatus } from '@karpear/contracts';
import { type Actor, can, canPerformAction } from '../../access/index.ts';
import type { Executor } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import { raiseAlert } from '../alerts/index.ts';
import { createCaseFromTip } from '../cases/index.ts';
import { moveRecordHolder } from '../entities/index.ts';
import * as repo from './tips.repo.ts';
import {
  assertOpen,
  audit,
  changeView,
  loadTip,
  notAllowedFrom,
  stale,
  type TipDeps,
} from './tips.shared.service.ts';
import { slaDueAt } from './tips.sla.ts';
import { effectivePriority, fileView, messageView, tipResource } from './tips.views.ts';
import { canMove, isClosed, statusAfterTriage } from './tips.workflow.ts';

/**
 * The tip workflow's changes (split out of tips.service.ts to keep files small): triage, assignment
 * (single and bulk), status changes, conversion to a case, messages to the reporter and legal
 * authority for locked files. Each runs in one transaction with one event and one audit record.
 * Other code imports these through tips.service.ts.
 */
export interface TriageInput {
  priority: TipPriority;
  reason?: string;
  version: number;
}

export async function triageTip(
  deps: TipDeps,
  actor: Actor,
  id: string,
  input: TriageInput,
): Promise<TipChange> {
  return deps.database.db.transaction(async (tx) => {
    const tip = await loadTip(tx, actor, 'tips.triage', id, true);
    assertOpen(tip);
    if (input.priority !== tip.proposedPriority && !input.reason)
      throw new AppError(
        'validation_failed',
        `A reason is required to change the proposed priority ${tip.proposedPriority} to ${input.priority}`,
        [{ path: 'body.reason', message: 'required when the priority differs from the proposed one' }],
      );
    const now = deps.clock.now();
    const toStatus = statusAfterTriage(tip.status as TipStatus);
    const due = slaDueAt(deps.config, input.priority, tip.receivedAt, toStatus);
    const updated = await repo.updateTipAtVersion(
      tx,
      id,
      input.version,
      {
        priority: input.priority,
        status: toStatus,
        slaDueAt: due,
        // A new due time may be breached anew: the escalation job may escalate again.
        slaEscalatedAt: due?.getTime() === tip.slaDueAt?.getTime() ? tip.slaEscalatedAt : null,
      },
      now,
    );
    if (!updated) throw stale(tip, input.version);
    await repo.insertEvent(tx, {
      tipId: id,
      at: now,
      actorId: actor.userId,
      kind: 'triaged',
      fromStatus: tip.status,
      toStatus,
      reason: input.reason ?? null,
      details: { priority: input.priority, proposedPriority: tip.proposedPriority, previous: tip.priority },
    });
    await audit(tx, deps, actor, 'tips.triage', id, {
      priority: input.priority,
      proposedPriority: tip.proposedPriority,
      changed: input.priority !== tip.proposedPriority,
    });
    return changeView(updated);
  });
}

export interface AssignInput {
  unitId: string;
  assigneeId?: string | null;
  reason?: string;
}

export async function assignTip(
  deps: TipDeps,
  actor: Actor,
  id: string,
  input: AssignInput,
): Promise<TipChange> {
  return deps.database.db.transaction(async (tx) => {
    const tip = await loadTip(tx, actor, 'tips.assign', id, true);
    return changeView(await assignLoaded(tx, deps, actor, tip, input, 'body'));
  });
}

/** Bulk assignment: all or nothing; the first tip that cannot be assigned is named in the error. */
export async function bulkAssign(
  deps: TipDeps,
  actor: Actor,
  input: AssignInput & { tipIds: string[] },
): Promise<{ assigned: number }> {
  // Route-level here (each tip is authorized below, with its own agency and unit).
  if (!canPerformAction(actor, 'tips.assign')) throw AppError.notFound();
  const ids = [...new Set(input.tipIds)];
  return deps.database.db.transaction(async (tx) => {
    const rows = new Map((await repo.findTipsByIds(tx, ids)).map((t) => [t.id, t]));
    for (const [i, id] of input.tipIds.entries()) {
      const tip = rows.get(id);
      if (!tip || !can(actor, 'tips.assign', tipResource(tip)))
        // Missing and not allowed read the same (no existence leak); 400 keeps the issue (a 404 body never
        // carries one).
        throw new AppError(
          'validation_failed',
          `Tip ${i + 1} of the list (${id}) was not found; nothing was assigned`,
          [{ path: `body.tipIds.${i}`, message: 'not found' }],
        );
      if (isClosed(tip.status as TipStatus))
        throw new AppError(
          'conflict',
          `Tip ${tip.reference} is closed (${tip.status}); nothing was assigned`,
          [{ path: `body.tipIds.${i}`, message: `closed (${tip.status})` }],
        );
    }
    for (const id of ids) await assignLoaded(tx, deps, actor, rows.get(id)!, input, 'body');
    return { assigned: ids.length };
  });
}

async function assignLoaded(
  tx: Executor,
  deps: TipDeps,
  actor: Actor,
  tip: repo.TipRow,
  input: AssignInput,
  at: string,
): Promise<repo.TipRow> {
  assertOpen(tip);
  const unit = await repo.findUnit(tx, input.unitId);
  if (!unit || unit.agencyId !== tip.agencyId)
    throw new AppError(
      'validation_failed',
      `The unit is not a unit of the agency holding tip ${tip.reference}`,
      [{ path: `${at}.unitId`, message: 'not a unit of the holding agency' }],
    );
  const assigneeId = input.assigneeId ?? null;
  if (assigneeId) {
    const user = await repo.findUserUnit(tx, assigneeId);
    if (!user || user.unitId !== unit.id || user.status !== 'active')
      throw new AppError(
        'validation_failed',
        `The investigator is not an active member of unit ${unit.code}`,
        [{ path: `${at}.assigneeId`, message: `not an active member of unit ${unit.code}` }],
      );
  }
  const now = deps.clock.now();
  const toStatus: TipStatus = 'assigned';
  if (!canMove(tip.status as TipStatus, toStatus)) throw notAllowedFrom(tip, toStatus);
  const updated = await repo.updateTipAtVersion(
    tx,
    tip.id,
    tip.version,
    { unitId: unit.id, assigneeId, status: toStatus },
    now,
  );
  if (!updated) throw stale(tip, tip.version);
  if (unit.id !== tip.unitId) await moveRecordHolder(tx, 'tip', tip.id, tip.agencyId, unit.id);
  await repo.insertEvent(tx, {
    tipId: tip.id,
    at: now,
    actorId: actor.userId,
    kind: 'assigned',
    fromStatus: tip.status,
    toStatus,
    reason: input.reason ?? null,
    details: { unitId: unit.id, assigneeId, previousUnitId: tip.unitId, previousAssigneeId: tip.assigneeId },
  });
  await raiseAlert(
    tx,
    {
      kind: 'tip_assigned',
      agencyId: tip.agencyId,
      recipientUserId: assigneeId,
      recipientUnitId: assigneeId ? null : unit.id,
      recordType: 'tip',
      recordId: tip.id,
      reference: tip.reference,
      params: { priority: effectivePriority(tip) },
      dedupeKey: `tip_assigned:${tip.id}:${updated.version}`,
    },
    now,
  );
  await audit(tx, deps, actor, 'tips.assign', tip.id, { unitId: unit.id, assigneeId });
  return updated;
}

export interface StatusInput {
  status: 'actioned' | 'referred' | 'closed_no_action';
  reason: string;
  version: number;
}

export async function changeStatus(
  deps: TipDeps,
  actor: Actor,
  id: string,
  input: StatusInput,
): Promise<TipChange> {
  return deps.database.db.transaction(async (tx) => {
    const tip = await loadTip(tx, actor, 'tips.update_status', id, true);
    if (tip.version !== input.version) throw stale(tip, input.version);
    if (!canMove(tip.status as TipStatus, input.status)) throw notAllowedFrom(tip, input.status);
    const now = deps.clock.now();
    const updated = await repo.updateTipAtVersion(
      tx,
      id,
      input.version,
      { status: input.status, slaDueAt: null },
      now,
    );
    if (!updated) throw stale(tip, input.version);
    await repo.insertEvent(tx, {
      tipId: id,
      at: now,
      actorId: actor.userId,
      kind: 'status_changed',
      fromStatus: tip.status,
      toStatus: input.status,
      reason: input.reason,
    });
    await audit(tx, deps, actor, 'tips.update_status', id, { from: tip.status, to: input.status });
    return changeView(updated);
  });
}

export async function convertTip(
  deps: TipDeps,
  actor: Actor,
  id: string,
  input: { title: string; reason?: string },
): Promise<{ caseId: string; reference: string }> {
  return deps.database.db.transaction(async (tx) => {
    const tip = await loadTip(tx, actor, 'tips.convert', id, true);
    if (!canMove(tip.status as TipStatus, 'converted_to_case'))
      throw notAllowedFrom(tip, 'converted_to_case');
    const now = deps.clock.now();
    const unit = tip.unitId ? await repo.findUnit(tx, tip.unitId) : undefined;
    const agencyCode = (await repo.holderCodes(tx, [tip.agencyId], [])).agencies.get(tip.agencyId)!;
    const created = await createCaseFromTip(tx, {
      agencyId: tip.agencyId,
      unitId: tip.unitId,
      prefixCode: unit?.code ?? agencyCode,
      title: input.title,
      handling: tip.handling,
      tipId: tip.id,
      createdBy: actor.userId,
      now,
    });
    const updated = await repo.updateTipAtVersion(
      tx,
      id,
      tip.version,
      { status: 'converted_to_case', caseId: created.id, slaDueAt: null },
      now,
    );
    if (!updated) throw stale(tip, tip.version);
    await repo.insertEvent(tx, {
      tipId: id,
      at: now,
      actorId: actor.userId,
      kind: 'converted',
      fromStatus: tip.status,
      toStatus: 'converted_to_case',
      reason: input.reason ?? null,
      details: { caseId: created.id, caseReference: created.reference },
    });
    await audit(tx, deps, actor, 'tips.convert', id, {
      caseId: created.id,
      caseReference: created.reference,
    });
    return { caseId: created.id, reference: created.reference };
  });
}

export async function messageReporter(
  deps: TipDeps,
  actor: Actor,
  id: string,
  body: string,
): Promise<TipDetail['messages'][number]> {
  return deps.database.db.transaction(async (tx) => {
    const tip = await loadTip(tx, actor, 'tips.message_reporter', id);
    if (tip.receiptHash === null)
      throw new AppError(
        'conflict',
        `Tip ${tip.reference} has no anonymous reporter receipt: nobody could read the message`,
        [{ path: 'params.id', message: 'tip has no reporter receipt' }],
      );
    const now = deps.clock.now();
    const message = await repo.insertMessage(tx, {
      tipId: id,
      at: now,
      direction: 'to_reporter',
      authorId: actor.userId,
      body,
    });
    await repo.insertEvent(tx, {
      tipId: id,
      at: now,
      actorId: actor.userId,
      kind: 'message_to_reporter',
      details: { messageId: message.id },
    });
    await audit(tx, deps, actor, 'tips.message_reporter', id, { messageId: message.id });
    return messageView(message);
  });
}

export async function recordLegalAuthority(
  deps: TipDeps,
  actor: Actor,
  id: string,
  fileId: string,
  authority: string,
): Promise<TipDetail['files'][number]> {
  return deps.database.db.transaction(async (tx) => {
    await loadTip(tx, actor, 'tips.record_legal_authority', id);
    const file = await repo.findFile(tx, id, fileId);
    if (!file) throw AppError.notFound();
    if (!file.locked)
      throw new AppError('conflict', 'This file is not locked: no legal authority is needed to view it', [
        { path: 'params.fileId', message: 'not locked' },
      ]);
    const now = deps.clock.now();
    const row = await repo.recordFileAuthority(tx, fileId, authority, actor.userId, now);
    await repo.insertEvent(tx, {
      tipId: id,
      at: now,
      actorId: actor.userId,
      kind: 'legal_authority_recorded',
      reason: authority,
      details: { fileId },
    });
    await audit(tx, deps, actor, 'tips.record_legal_authority', id, { fileId });
    return fileView(row);
  });
}
