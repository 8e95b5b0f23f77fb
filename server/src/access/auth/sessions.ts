import { and, eq, isNull, ne } from 'drizzle-orm';
import { users } from '../../modules/users/index.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Executor } from '../../platform/db/index.ts';
import { sessions } from '../access.tables.ts';
import { hashToken, newToken } from './tokens.ts';

export interface CreatedSession {
  /** Goes into the cookie once; only its SHA-256 is stored. */
  token: string;
  sessionId: string;
}

/**
 * Open a session for a user whose second factor was just proven (or, in tests, `signInAs`). Never
 * call this from a path that has not checked a second factor (SECURITY.md 8). The absolute expiry is
 * fixed now; the idle expiry moves with `last_seen_at`.
 */
export async function createSession(
  ctx: Pick<AppContext, 'clock' | 'config'>,
  executor: Executor,
  userId: string,
  ip: string | null,
): Promise<CreatedSession> {
  const now = ctx.clock.now();
  const token = newToken();
  const rows = await executor
    .insert(sessions)
    .values({
      userId,
      tokenHash: hashToken(token),
      createdAt: now,
      lastSeenAt: now,
      expiresAt: new Date(now.getTime() + ctx.config.sessionAbsoluteHours * 3_600_000),
      stepUpAt: now,
      ip,
    })
    .returning({ id: sessions.id });
  return { token, sessionId: rows[0]!.id };
}

/**
 * Step-up: the session keeps its id and absolute expiry but gets a new token (the old cookie is dead
 * at once) and a fresh `step_up_at`.
 */
export async function rotateSessionToken(executor: Executor, sessionId: string, now: Date): Promise<string> {
  const token = newToken();
  const rows = await executor
    .update(sessions)
    .set({ tokenHash: hashToken(token), stepUpAt: now, lastSeenAt: now })
    .where(and(eq(sessions.id, sessionId), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id });
  if (rows.length === 0) throw new Error('session vanished during step-up');
  return token;
}

/** Log-out: the presented token's session is revoked server-side (the cookie alone proves nothing). */
export async function revokeSessionByToken(
  executor: Executor,
  token: string,
  now: Date,
): Promise<{ id: string; userId: string } | undefined> {
  const rows = await executor
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.tokenHash, hashToken(token)), isNull(sessions.revokedAt)))
    .returning({ id: sessions.id, userId: sessions.userId });
  return rows[0];
}

/**
 * Kill every session of a user now: disabling, role change, password reset. Both marks are set:
 * `sessions_valid_after` also covers a session being created concurrently, `revoked_at` covers one
 * created in the same millisecond.
 */
export async function revokeAllSessionsOfUser(executor: Executor, userId: string, now: Date): Promise<void> {
  await executor.update(users).set({ sessionsValidAfter: now, updatedAt: now }).where(eq(users.id, userId));
  await executor
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt)));
}

/** Password change: every other session of the user ends; the one in use survives. */
export async function revokeOtherSessions(
  executor: Executor,
  userId: string,
  keepSessionId: string,
  now: Date,
): Promise<void> {
  await executor
    .update(sessions)
    .set({ revokedAt: now })
    .where(and(eq(sessions.userId, userId), isNull(sessions.revokedAt), ne(sessions.id, keepSessionId)));
}
