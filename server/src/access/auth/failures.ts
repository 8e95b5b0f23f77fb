import { and, eq, gt, sql } from 'drizzle-orm';
import { type AuditEventInput, recordAudit } from '../../audit/index.ts';
import { users } from '../../modules/users/index.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Executor } from '../../platform/db/index.ts';
import { authFailures } from '../access.tables.ts';

/** SECURITY.md 9: 5 failures within 15 minutes lock the account until an administrator unlocks it. */
export const LOCKOUT_THRESHOLD = 5;
export const LOCKOUT_WINDOW_MS = 15 * 60_000;

/** Where a request came from, for failure rows and audit events. */
export interface RequestOrigin {
  ip: string | null;
  requestId: string | null;
}

/** An audit event about a session or log-in: ids only, never the e-mail or anything typed. */
export function sessionEvent(
  at: Date,
  origin: RequestOrigin,
  event: Omit<AuditEventInput, 'at' | 'ip' | 'requestId' | 'objectType'> & { objectType?: string },
): AuditEventInput {
  return { objectType: 'session', ...event, at, ip: origin.ip, requestId: origin.requestId };
}

/**
 * Record a failed log-in step (wrong password, unknown e-mail, wrong code, dead challenge): one
 * `auth_failures` row and one audit event, and lock the account at the fifth failure in the window.
 * Runs in its own transaction, so it stays recorded although the request then answers 401.
 */
export async function recordAuthFailure(
  ctx: Pick<AppContext, 'clock' | 'database'>,
  input: { userId: string | null; agencyId: string | null; reason: string } & RequestOrigin,
): Promise<void> {
  const now = ctx.clock.now();
  await ctx.database.db.transaction(async (tx) => {
    await tx
      .insert(authFailures)
      .values({ userId: input.userId, at: now, ip: input.ip, reason: input.reason });
    await recordAudit(
      tx,
      sessionEvent(now, input, {
        actorId: input.userId,
        agencyId: input.agencyId,
        action: 'login',
        outcome: 'failure',
        details: { step: input.reason },
      }),
    );
    if (input.userId) await lockIfTooManyFailures(tx, input.userId, input.agencyId, now, input);
  });
}

async function lockIfTooManyFailures(
  tx: Executor,
  userId: string,
  agencyId: string | null,
  now: Date,
  origin: RequestOrigin,
): Promise<void> {
  const since = new Date(now.getTime() - LOCKOUT_WINDOW_MS);
  const counted = await tx
    .select({ n: sql<number>`count(*)::int` })
    .from(authFailures)
    .where(and(eq(authFailures.userId, userId), gt(authFailures.at, since)));
  if ((counted[0]?.n ?? 0) < LOCKOUT_THRESHOLD) return;
  const locked = await tx
    .update(users)
    .set({ status: 'locked', updatedAt: now })
    .where(and(eq(users.id, userId), eq(users.status, 'active')))
    .returning({ id: users.id });
  if (locked.length === 0) return;
  await recordAudit(
    tx,
    sessionEvent(now, origin, {
      actorId: null,
      agencyId,
      action: 'lock',
      objectType: 'user',
      objectId: userId,
      outcome: 'success',
      details: { reason: 'too_many_failures' },
    }),
  );
}

/** A successful log-in or an administrator's unlock starts the count afresh (the audit log keeps history). */
export async function clearAuthFailures(tx: Executor, userId: string): Promise<void> {
  await tx.delete(authFailures).where(eq(authFailures.userId, userId));
}
