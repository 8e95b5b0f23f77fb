import type { PageQuery } from '@karpear/contracts';
import { recordAudit } from '../../audit/index.ts';
import type { AppContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { Actor } from '../actor.ts';
import { requireStepUp } from '../auth/index.ts';
import {
  type ApprovalRow,
  canDecide,
  type Decision,
  decideApproval,
  listDecidableApprovals,
} from './approvals.ts';
import { authorize } from './engine.ts';

/** The approvals inbox and the decision, as the routes call them. */
export type ApprovalDeps = Pick<AppContext, 'database' | 'clock'>;

export interface ApprovalView {
  id: string;
  kind: string;
  recordType: string;
  recordId: string;
  agencyId: string;
  requestedBy: string;
  requestedAt: string;
  expiresAt: string;
  justification: string;
  state: 'pending' | 'approved' | 'rejected' | 'withdrawn';
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
  abilities: string[];
}

export function approvalView(actor: Actor, row: ApprovalRow): ApprovalView {
  return {
    id: row.id,
    kind: row.kind,
    recordType: row.recordType,
    recordId: row.recordId,
    agencyId: row.agencyId,
    requestedBy: row.requestedBy,
    requestedAt: row.requestedAt.toISOString(),
    expiresAt: row.expiresAt.toISOString(),
    justification: row.justification,
    state: row.state as ApprovalView['state'],
    decidedBy: row.decidedBy,
    decidedAt: row.decidedAt?.toISOString() ?? null,
    decisionNote: row.decisionNote,
    abilities: row.state === 'pending' && canDecide(actor, row) ? ['approvals.decide'] : [],
  };
}

export async function listApprovalsToDecide(deps: ApprovalDeps, actor: Actor, page: PageQuery) {
  authorize(actor, 'approvals.list');
  const { rows, total } = await listDecidableApprovals(deps.database.db, actor, deps.clock.now(), page);
  return { items: rows.map((r) => approvalView(actor, r)), ...page, total };
}

/** A four-eyes decision needs the second factor proven in the last five minutes (SECURITY.md A.6). */
export const DECISION_STEP_UP_SECONDS = 300;

/**
 * Decide in one transaction, after a recent step-up (checked before the record is looked at, so it
 * says nothing about whether the request exists). A refusal (not found or not allowed, four-eyes
 * breach, already decided, expired) rolls the transaction back, so it is audited afterwards in a
 * transaction of its own, as `denied`.
 */
export async function decide(
  deps: ApprovalDeps,
  actor: Actor,
  approvalId: string,
  decision: Decision,
  note: string | undefined,
): Promise<ApprovalView> {
  authorize(actor, 'approvals.decide');
  requireStepUp(actor, DECISION_STEP_UP_SECONDS);
  const now = deps.clock.now();
  try {
    const row = await deps.database.db.transaction((tx) =>
      decideApproval(tx, actor, approvalId, decision, note, now),
    );
    return approvalView(actor, row);
  } catch (err) {
    if (err instanceof AppError && (err.code === 'not_found' || err.code === 'conflict')) {
      await deps.database.db.transaction((tx) =>
        recordAudit(tx, {
          at: now,
          actorId: actor.userId,
          agencyId: actor.agencyId,
          action: decision === 'approved' ? 'approvals.approve' : 'approvals.reject',
          objectType: 'approval',
          objectId: approvalId,
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
