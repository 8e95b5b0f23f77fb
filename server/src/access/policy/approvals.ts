import { and, asc, eq, gt, inArray, ne, or, type SQL, sql } from 'drizzle-orm';
import { recordAudit } from '../../audit/index.ts';
import type { Executor } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import { approvals } from '../access.tables.ts';
import type { Actor } from '../actor.ts';
import { type ApprovalKind, approvalKind, approvalKinds } from './approval-kinds.ts';
import { rulesAllow } from './engine.ts';
import type { Resource } from './rules.ts';

/**
 * Four eyes (SECURITY.md A.6): one person asks, with a written justification; a second person whom
 * the kind's rules allow decides. The requester never decides their own request (checked here and by
 * the `approvals_four_eyes` CHECK in SQL). States: pending → approved | rejected | withdrawn; a
 * request past `expiresAt` can no longer be decided, and an approval counts only until then.
 * Every step writes its audit event in the caller's transaction.
 */
export type ApprovalRow = typeof approvals.$inferSelect;
export type Decision = 'approved' | 'rejected';

export interface ApprovalRequest {
  kind: string;
  recordType: string;
  recordId: string;
  /** The agency the record belongs to: approvers with an `own_agency` rule must be in it. */
  agencyId: string;
  justification: string;
  expiresAt: Date;
}

const DECIDE_ACTION = 'approvals.decide';
const MAX_TEXT = 2000;

export function approvalResource(row: Pick<ApprovalRow, 'recordType' | 'recordId' | 'agencyId'>): Resource {
  return { type: row.recordType, id: row.recordId, agencyId: row.agencyId };
}

/** Whether the actor may decide this request (kind rules; never their own request). */
export function canDecide(actor: Actor, row: ApprovalRow): boolean {
  const kind = approvalKind(row.kind);
  if (!kind || row.requestedBy === actor.userId) return false;
  return rulesAllow(actor, kind.approvers, DECIDE_ACTION, approvalResource(row));
}

/**
 * Ask for a second person's approval. The calling service has already authorized the actor to ask
 * (its own policy action on the record). One pending request per kind and record.
 */
export async function requestApproval(
  tx: Executor,
  actor: Actor,
  input: ApprovalRequest,
  now: Date,
): Promise<ApprovalRow> {
  const kind = approvalKind(input.kind);
  if (!kind) throw new Error(`approval kind ${input.kind} is not defined`);
  const justification = checkJustification(kind, input.justification);
  const maxExpiry = now.getTime() + kind.maxValidityHours * 3_600_000;
  if (input.expiresAt.getTime() <= now.getTime() || input.expiresAt.getTime() > maxExpiry)
    throw invalid('body.expiresAt', `must be in the future and at most ${kind.maxValidityHours} hours ahead`);
  const pending = await tx
    .select({ id: approvals.id })
    .from(approvals)
    .where(and(sameRecord(input.kind, input.recordType, input.recordId), pendingAt(now)))
    .limit(1);
  if (pending.length > 0)
    throw new AppError('conflict', 'A request for this is already pending', [
      { path: 'kind', message: 'already pending' },
    ]);
  const [row] = await tx
    .insert(approvals)
    .values({ ...input, justification, requestedBy: actor.userId, requestedAt: now, state: 'pending' })
    .returning();
  await audit(tx, actor, now, 'approvals.request', row!, justification);
  return row!;
}

/**
 * Decide a pending request. Not found and not allowed answer the same 404; the requester deciding
 * their own request, a request already decided or expired answer 409.
 */
export async function decideApproval(
  tx: Executor,
  actor: Actor,
  approvalId: string,
  decision: Decision,
  note: string | undefined,
  now: Date,
): Promise<ApprovalRow> {
  const row = await findApproval(tx, approvalId, { forUpdate: true });
  const kind = row && approvalKind(row.kind);
  if (!row || !kind || !rulesAllow(actor, kind.approvers, DECIDE_ACTION, approvalResource(row)))
    throw AppError.notFound();
  if (row.requestedBy === actor.userId)
    throw conflict('decision', 'the requester cannot decide their own request (four eyes)');
  if (row.state !== 'pending') throw conflict('decision', `the request is already ${row.state}`);
  if (row.expiresAt.getTime() <= now.getTime()) throw conflict('decision', 'the request has expired');
  const decisionNote = note?.trim() ? note.trim() : null;
  if (decision === 'rejected' && !decisionNote) throw invalid('body.note', 'say why the request is rejected');
  if (decisionNote && decisionNote.length > MAX_TEXT)
    throw invalid('body.note', `at most ${MAX_TEXT} characters`);
  const [updated] = await tx
    .update(approvals)
    .set({ state: decision, decidedBy: actor.userId, decidedAt: now, decisionNote })
    .where(and(eq(approvals.id, row.id), eq(approvals.state, 'pending')))
    .returning();
  const action = decision === 'approved' ? 'approvals.approve' : 'approvals.reject';
  await audit(tx, actor, now, action, updated!, decisionNote);
  return updated!;
}

/** The requester takes back a pending request; anyone else gets 404. */
export async function withdrawApproval(
  tx: Executor,
  actor: Actor,
  approvalId: string,
  now: Date,
): Promise<ApprovalRow> {
  const row = await findApproval(tx, approvalId, { forUpdate: true });
  if (!row || row.requestedBy !== actor.userId) throw AppError.notFound();
  if (row.state !== 'pending') throw conflict('state', `the request is already ${row.state}`);
  const [updated] = await tx
    .update(approvals)
    .set({ state: 'withdrawn', decidedAt: now })
    .where(eq(approvals.id, row.id))
    .returning();
  await audit(tx, actor, now, 'approvals.withdraw', updated!, null);
  return updated!;
}

/** True when a second person approved this kind of request on the record and it has not expired. */
export async function isApproved(
  db: Executor,
  kind: string,
  recordType: string,
  recordId: string,
  now: Date,
): Promise<boolean> {
  const rows = await db
    .select({ id: approvals.id })
    .from(approvals)
    .where(
      and(
        sameRecord(kind, recordType, recordId),
        eq(approvals.state, 'approved'),
        gt(approvals.expiresAt, now),
      ),
    )
    .limit(1);
  return rows.length > 0;
}

export async function findApproval(
  db: Executor,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<ApprovalRow | undefined> {
  const query = db.select().from(approvals).where(eq(approvals.id, id)).limit(1);
  const rows = options.forUpdate ? await query.for('update') : await query;
  return rows[0];
}

/**
 * The pending, unexpired requests the actor may decide, oldest first: kinds whose rules give one of
 * the actor's roles `any` relation, or `own_agency` for requests on the actor's agency's records.
 * Never the actor's own requests.
 */
export async function listDecidableApprovals(
  db: Executor,
  actor: Actor,
  now: Date,
  page: { limit: number; offset: number },
): Promise<{ rows: ApprovalRow[]; total: number }> {
  const anyKinds: string[] = [];
  const ownKinds: string[] = [];
  for (const kind of approvalKinds()) {
    const mine = kind.approvers.filter((r) => r.roles.some((role) => actor.roles.includes(role)));
    if (mine.some((r) => r.relation === 'any')) anyKinds.push(kind.kind);
    else if (mine.some((r) => r.relation === 'own_agency')) ownKinds.push(kind.kind);
  }
  const scopes: SQL[] = [];
  if (anyKinds.length > 0) scopes.push(inArray(approvals.kind, anyKinds));
  if (ownKinds.length > 0)
    scopes.push(and(inArray(approvals.kind, ownKinds), eq(approvals.agencyId, actor.agencyId))!);
  if (scopes.length === 0) return { rows: [], total: 0 };
  const where = and(pendingAt(now), ne(approvals.requestedBy, actor.userId), or(...scopes));
  const rows = await db
    .select()
    .from(approvals)
    .where(where)
    .orderBy(asc(approvals.requestedAt), asc(approvals.id))
    .limit(page.limit)
    .offset(page.offset);
  const count = await db.select({ n: sql<number>`count(*)::int` }).from(approvals).where(where);
  return { rows, total: count[0]?.n ?? 0 };
}

function sameRecord(kind: string, recordType: string, recordId: string): SQL {
  return and(
    eq(approvals.kind, kind),
    eq(approvals.recordType, recordType),
    eq(approvals.recordId, recordId),
  )!;
}

function pendingAt(now: Date): SQL {
  return and(eq(approvals.state, 'pending'), gt(approvals.expiresAt, now))!;
}

function checkJustification(kind: ApprovalKind, text: string): string {
  const trimmed = text.trim();
  if (trimmed.length < kind.minJustification)
    throw invalid('body.justification', `write at least ${kind.minJustification} characters`);
  if (trimmed.length > MAX_TEXT) throw invalid('body.justification', `at most ${MAX_TEXT} characters`);
  return trimmed;
}

const invalid = (path: string, message: string) =>
  new AppError('validation_failed', 'The request is not valid', [{ path, message }]);
const conflict = (path: string, message: string) =>
  new AppError('conflict', 'The request cannot be decided', [{ path, message }]);

async function audit(
  tx: Executor,
  actor: Actor,
  now: Date,
  action: string,
  row: ApprovalRow,
  justification: string | null,
): Promise<void> {
  await recordAudit(tx, {
    at: now,
    actorId: actor.userId,
    agencyId: actor.agencyId,
    action,
    objectType: row.recordType,
    objectId: row.recordId,
    outcome: 'success',
    ip: actor.ip,
    requestId: actor.requestId,
    justification,
    details: { approvalId: row.id, kind: row.kind, state: row.state },
  });
}
