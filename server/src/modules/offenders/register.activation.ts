import { type Actor, authorize, decideApproval, requestApproval, requireStepUp } from '../../access/index.ts';
import { findApproval } from '../../access/policy/index.ts';
import { recordAudit } from '../../audit/index.ts';
import { AppError } from '../../platform/errors.ts';
import { REGISTER_ACTIVATION_KIND, REGISTER_RECORD_TYPE } from './offenders.approval.ts';
import type { EntryDetail } from './offenders.schema.ts';
import * as repo from './register.repo.ts';
import { audit, detailOf, entryResource, loadEntry, type RegisterDeps } from './register.shared.ts';

/**
 * Activating a register entry under four eyes: one person asks (with a justification), a second
 * decides; approving activates the entry in the same transaction, and a refused decision is audited
 * on its own as denied.
 */

/** How long an activation request may wait for its second person. */
const ACTIVATION_REQUEST_HOURS = 7 * 24;
/** A four-eyes decision needs the second factor proven recently (as the approvals inbox does). */
const DECISION_STEP_UP_SECONDS = 300;

/** Ask a second person to approve activation (four eyes), with a justification. */
export async function requestActivation(
  deps: RegisterDeps,
  actor: Actor,
  id: string,
  justification: string,
): Promise<EntryDetail> {
  const now = deps.clock.now();
  return deps.database.db.transaction(async (tx) => {
    const entry = await loadEntry(tx, actor, 'offenders.request_activation', id, true);
    if (entry.status !== 'proposed')
      throw new AppError('conflict', 'Only a proposed entry can be activated', [
        { path: 'status', message: `the entry is ${entry.status}` },
      ]);
    // requestApproval refuses a second pending request and writes the audit event (approvals.request).
    const approval = await requestApproval(
      tx,
      actor,
      {
        kind: REGISTER_ACTIVATION_KIND,
        recordType: REGISTER_RECORD_TYPE,
        recordId: entry.id,
        agencyId: entry.agencyId,
        justification,
        expiresAt: new Date(now.getTime() + ACTIVATION_REQUEST_HOURS * 3_600_000),
      },
      now,
    );
    const updated = await repo.updateEntry(tx, entry.id, { approvalId: approval.id });
    return detailOf(tx, actor, updated, now);
  });
}

/**
 * The second person decides. The approval engine enforces who may decide (the kind's rules) and
 * that the requester never decides their own request (409); approving activates the entry in the
 * same transaction. A request already approved in the approvals inbox is completed here too.
 */
export async function decideActivation(
  deps: RegisterDeps,
  actor: Actor,
  id: string,
  decision: 'approved' | 'rejected',
  note: string | undefined,
): Promise<EntryDetail> {
  const now = deps.clock.now();
  const entry0 = await repo.findEntry(deps.database.db, id);
  if (!entry0) throw AppError.notFound();
  authorize(actor, 'offenders.decide_activation', entryResource(entry0));
  requireStepUp(actor, DECISION_STEP_UP_SECONDS);
  try {
    const detail = await deps.database.db.transaction(async (tx) => {
      const entry = await loadEntry(tx, actor, 'offenders.decide_activation', id, true);
      if (entry.status !== 'proposed' || !entry.approvalId)
        throw new AppError('conflict', 'Nothing to decide', [
          { path: 'status', message: `the entry is ${entry.status} with no activation request` },
        ]);
      let approval = await findApproval(tx, entry.approvalId, { forUpdate: true });
      if (!approval) throw AppError.notFound();
      const decidedElsewhere = approval.state === 'approved' && decision === 'approved';
      if (decidedElsewhere) {
        if (approval.requestedBy === actor.userId)
          throw new AppError('conflict', 'The request cannot be decided', [
            { path: 'decision', message: 'the requester cannot decide their own request (four eyes)' },
          ]);
        if (approval.expiresAt.getTime() <= now.getTime())
          throw new AppError('conflict', 'The request cannot be decided', [
            { path: 'decision', message: 'the approval has expired' },
          ]);
      } else {
        approval = await decideApproval(tx, actor, approval.id, decision, note, now);
      }
      if (decision === 'rejected') return detailOf(tx, actor, entry, now);
      const updated = await repo.updateEntry(tx, entry.id, {
        status: 'active',
        activatedAt: now,
        updatedAt: now,
        version: entry.version + 1,
      });
      await audit(tx, deps, actor, 'offenders.activate', entry.id, {
        approvalId: approval.id,
        version: updated.version,
      });
      return detailOf(tx, actor, updated, now);
    });
    deps.screening?.noteChanged();
    return detail;
  } catch (err) {
    // A refused decision rolled back: record the attempt on its own (as the approvals inbox does).
    if (err instanceof AppError && (err.code === 'conflict' || err.code === 'not_found')) {
      await deps.database.db.transaction((tx) =>
        recordAudit(tx, {
          at: now,
          actorId: actor.userId,
          agencyId: actor.agencyId,
          action: 'offenders.activate',
          objectType: REGISTER_RECORD_TYPE,
          objectId: id,
          outcome: 'denied',
          ip: actor.ip,
          requestId: actor.requestId,
          details: { reason: err.code, issue: err.issues[0]?.message ?? null },
        }),
      );
    }
    throw err;
  }
}
