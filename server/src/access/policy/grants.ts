import { and, eq, gt, isNull } from 'drizzle-orm';
import { recordAudit } from '../../audit/index.ts';
import { users } from '../../modules/users/index.ts';
import type { Executor } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import { grants } from '../access.tables.ts';
import type { Actor } from '../actor.ts';
import { type PolicyEngine, policy } from './engine.ts';

/**
 * Need-to-know grants: a time-bound permission for one user on one record (victim identity, one
 * evidence item). The permission is a policy action that has a `grant` rule; services load
 * `grantedActions(...)` into `Resource.grantedActions` and the engine does the rest. Granting and
 * revoking are authorized by the calling service (its own action on the record) and audited here, in
 * the caller's transaction.
 */
export type GrantRow = typeof grants.$inferSelect;

export interface GrantInput {
  userId: string;
  recordType: string;
  recordId: string;
  /** A policy action with a `grant` rule, e.g. `victims.identity_read`. */
  permission: string;
  reason: string;
  validUntil: Date;
}

export const MIN_GRANT_REASON = 20;
export const MAX_GRANT_DAYS = 90;
const DAY_MS = 86_400_000;

export async function grantAccess(
  tx: Executor,
  actor: Actor,
  input: GrantInput,
  now: Date,
  engine: PolicyEngine = policy,
): Promise<GrantRow> {
  if (!engine.rulesFor(input.permission).some((r) => r.relation === 'grant'))
    throw invalid('body.permission', 'is not an action that can be granted');
  if (input.userId === actor.userId) throw invalid('body.userId', 'nobody grants access to themselves');
  const reason = input.reason.trim();
  if (reason.length < MIN_GRANT_REASON || reason.length > 2000)
    throw invalid('body.reason', `write between ${MIN_GRANT_REASON} and 2000 characters`);
  const until = input.validUntil.getTime();
  if (until <= now.getTime() || until > now.getTime() + MAX_GRANT_DAYS * DAY_MS)
    throw invalid('body.validUntil', `must be in the future and at most ${MAX_GRANT_DAYS} days ahead`);
  const grantee = await tx
    .select({ id: users.id })
    .from(users)
    .where(and(eq(users.id, input.userId), eq(users.status, 'active')))
    .limit(1);
  if (grantee.length === 0) throw invalid('body.userId', 'is not an active user');
  const [row] = await tx
    .insert(grants)
    .values({ ...input, reason, grantedBy: actor.userId, createdAt: now })
    .returning();
  await audit(tx, actor, now, 'grants.create', row!, reason);
  return row!;
}

/** End a grant now. A grant that is unknown or already revoked answers 404. */
export async function revokeGrant(
  tx: Executor,
  actor: Actor,
  grantId: string,
  reason: string,
  now: Date,
): Promise<GrantRow> {
  const [current] = await tx.select().from(grants).where(eq(grants.id, grantId)).limit(1).for('update');
  if (!current || current.revokedAt) throw AppError.notFound();
  const text = reason.trim();
  if (text.length === 0 || text.length > 2000) throw invalid('body.reason', 'say why the grant ends');
  const [row] = await tx.update(grants).set({ revokedAt: now }).where(eq(grants.id, grantId)).returning();
  await audit(tx, actor, now, 'grants.revoke', row!, text);
  return row!;
}

export async function findGrant(db: Executor, grantId: string): Promise<GrantRow | undefined> {
  const rows = await db.select().from(grants).where(eq(grants.id, grantId)).limit(1);
  return rows[0];
}

/** The current (not revoked, not expired) grants on a record, for the record's "who can see" panel. */
export async function currentGrantsOn(
  db: Executor,
  recordType: string,
  recordId: string,
  now: Date,
): Promise<GrantRow[]> {
  return db
    .select()
    .from(grants)
    .where(and(onRecord(recordType, recordId), isNull(grants.revokedAt), gt(grants.validUntil, now)))
    .orderBy(grants.createdAt);
}

/** The actions a user currently holds a grant for on a record: `Resource.grantedActions`. */
export async function grantedActions(
  db: Executor,
  userId: string,
  recordType: string,
  recordId: string,
  now: Date,
): Promise<string[]> {
  const rows = await db
    .selectDistinct({ permission: grants.permission })
    .from(grants)
    .where(
      and(
        eq(grants.userId, userId),
        onRecord(recordType, recordId),
        isNull(grants.revokedAt),
        gt(grants.validUntil, now),
      ),
    );
  return rows.map((r) => r.permission).sort();
}

function onRecord(recordType: string, recordId: string) {
  return and(eq(grants.recordType, recordType), eq(grants.recordId, recordId));
}

const invalid = (path: string, message: string) =>
  new AppError('validation_failed', 'The request is not valid', [{ path, message }]);

async function audit(
  tx: Executor,
  actor: Actor,
  now: Date,
  action: string,
  row: GrantRow,
  justification: string,
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
    details: {
      grantId: row.id,
      userId: row.userId,
      permission: row.permission,
      validUntil: row.validUntil.toISOString(),
    },
  });
}
