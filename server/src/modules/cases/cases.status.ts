import type { CaseStatus, CaseStatusBody, CaseSummary, UpdateCaseBody } from '@karpear/contracts';
import type { Actor } from '../../access/index.ts';
import { AppError } from '../../platform/errors.ts';
import * as repo from './cases.repo.ts';
import { audit, type CaseDeps, loadCase, stale, summaryView } from './cases.shared.ts';
import { canMoveCase, needsReason } from './cases.workflow.ts';

/**
 * Changing a case at the version the caller saw: its fields, and its status along the workflow
 * (cases.workflow.ts; some moves need a reason). Each change writes a case event and an audit event.
 */
export async function updateCase(
  deps: CaseDeps,
  actor: Actor,
  id: string,
  body: UpdateCaseBody,
): Promise<CaseSummary> {
  return deps.database.db.transaction(async (tx) => {
    const { row } = await loadCase(tx, actor, 'cases.update', id, true);
    if (row.version !== body.version) throw stale(row, body.version);
    const changes: Partial<repo.CaseRow> = {};
    if (body.title !== undefined) changes.title = body.title;
    if (body.summary !== undefined) changes.summary = body.summary;
    if (body.offences !== undefined) changes.offences = [...new Set(body.offences)];
    const now = deps.clock.now();
    const updated = await repo.updateCaseAtVersion(tx, id, body.version, changes, now);
    if (!updated) throw stale(row, body.version);
    const fields = Object.keys(changes).sort();
    await repo.insertEvent(tx, {
      caseId: id,
      at: now,
      actorId: actor.userId,
      kind: 'updated',
      details: { fields },
    });
    await audit(tx, deps, actor, 'cases.update', id, { fields });
    return summaryView(updated);
  });
}

export async function changeStatus(
  deps: CaseDeps,
  actor: Actor,
  id: string,
  body: CaseStatusBody,
): Promise<CaseSummary> {
  return deps.database.db.transaction(async (tx) => {
    const { row } = await loadCase(tx, actor, 'cases.change_status', id, true);
    if (row.version !== body.version) throw stale(row, body.version);
    const from = row.status as CaseStatus;
    if (!canMoveCase(from, body.status))
      throw new AppError('conflict', `Case ${row.reference} cannot go from ${from} to ${body.status}`, [
        { path: 'body.status', message: `not allowed from ${from}` },
      ]);
    if (needsReason(from, body.status) && !body.reason)
      throw new AppError(
        'validation_failed',
        `Moving case ${row.reference} from ${from} to ${body.status} needs a reason`,
        [{ path: 'body.reason', message: 'required for this change' }],
      );
    const now = deps.clock.now();
    const updated = await repo.updateCaseAtVersion(
      tx,
      id,
      body.version,
      {
        status: body.status,
        closedReason:
          body.status === 'closed' ? (body.reason ?? null) : from === 'closed' ? null : row.closedReason,
      },
      now,
    );
    if (!updated) throw stale(row, body.version);
    await repo.insertEvent(tx, {
      caseId: id,
      at: now,
      actorId: actor.userId,
      kind: 'status_changed',
      fromStatus: from,
      toStatus: body.status,
      reason: body.reason ?? null,
    });
    await audit(tx, deps, actor, 'cases.change_status', id, { from, to: body.status });
    return summaryView(updated);
  });
}
