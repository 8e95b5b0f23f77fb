import { and, eq, gt, inArray, isNotNull, isNull, lt, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/index.ts';
import { loginChallenges } from '../access.tables.ts';
import { hashToken, newToken } from './tokens.ts';

/**
 * Half-finished log-ins (`login_challenges`). The client holds a 256-bit token, the table its
 * SHA-256. A challenge allows at most 5 second-factor attempts within 5 minutes (enrolment: 10, to
 * leave time to scan a QR code), and is used once. A challenge issued for a wrong password, an
 * unknown e-mail or a locked account is born used: it looks the same and can never succeed.
 */
export const MAX_CHALLENGE_ATTEMPTS = 5;
export const CHALLENGE_TTL_MS = 5 * 60_000;
export const ENROL_CHALLENGE_TTL_MS = 10 * 60_000;

export type ChallengeKind = 'totp' | 'webauthn' | 'enrol' | 'step_up';
export type ChallengeRow = typeof loginChallenges.$inferSelect;

export async function createChallenge(
  db: Executor,
  input: { userId: string | null; next: ChallengeKind; ip: string | null; now: Date; dead: boolean },
): Promise<string> {
  const token = newToken();
  const ttl = input.next === 'enrol' ? ENROL_CHALLENGE_TTL_MS : CHALLENGE_TTL_MS;
  await db.insert(loginChallenges).values({
    userId: input.userId,
    challengeHash: hashToken(token),
    next: input.next,
    createdAt: input.now,
    expiresAt: new Date(input.now.getTime() + ttl),
    usedAt: input.dead ? input.now : null,
    ip: input.ip,
  });
  return token;
}

/** A step-up WebAuthn challenge is keyed by the WebAuthn challenge itself (the session names the user). */
export async function createStepUpChallenge(
  db: Executor,
  input: { userId: string; webauthnChallenge: string; ip: string | null; now: Date },
): Promise<void> {
  await db.insert(loginChallenges).values({
    userId: input.userId,
    challengeHash: hashToken(input.webauthnChallenge),
    next: 'step_up',
    payload: Buffer.from(input.webauthnChallenge, 'utf8'),
    createdAt: input.now,
    expiresAt: new Date(input.now.getTime() + CHALLENGE_TTL_MS),
    ip: input.ip,
  });
}

/** The unexpired challenge of this kind, live or born dead (options endpoints answer both alike). */
export async function findChallenge(
  db: Executor,
  token: string,
  kinds: readonly ChallengeKind[],
  now: Date,
): Promise<ChallengeRow | undefined> {
  const rows = await db
    .select()
    .from(loginChallenges)
    .where(
      and(
        eq(loginChallenges.challengeHash, hashToken(token)),
        inArray(loginChallenges.next, [...kinds]),
        gt(loginChallenges.expiresAt, now),
      ),
    )
    .limit(1);
  return rows[0];
}

export function isLive(row: ChallengeRow, now: Date): boolean {
  return (
    row.userId !== null &&
    row.usedAt === null &&
    row.expiresAt.getTime() > now.getTime() &&
    row.attempts < MAX_CHALLENGE_ATTEMPTS
  );
}

/**
 * Count one attempt, atomically and outside the caller's transaction (a failed attempt must stay
 * counted). Returns the challenge only if it is live and had attempts left.
 */
export async function claimAttempt(
  db: Executor,
  token: string,
  kinds: readonly ChallengeKind[],
  now: Date,
  userId?: string,
): Promise<ChallengeRow | undefined> {
  const rows = await db
    .update(loginChallenges)
    .set({ attempts: sql`${loginChallenges.attempts} + 1` })
    .where(
      and(
        eq(loginChallenges.challengeHash, hashToken(token)),
        inArray(loginChallenges.next, [...kinds]),
        isNull(loginChallenges.usedAt),
        isNotNull(loginChallenges.userId),
        gt(loginChallenges.expiresAt, now),
        lt(loginChallenges.attempts, MAX_CHALLENGE_ATTEMPTS),
        ...(userId ? [eq(loginChallenges.userId, userId)] : []),
      ),
    )
    .returning();
  return rows[0];
}

export async function setChallengePayload(db: Executor, id: string, payload: Buffer): Promise<void> {
  await db.update(loginChallenges).set({ payload }).where(eq(loginChallenges.id, id));
}

/** Spend the challenge; false if someone else spent it first (two tabs racing). */
export async function markChallengeUsed(db: Executor, id: string, now: Date): Promise<boolean> {
  const rows = await db
    .update(loginChallenges)
    .set({ usedAt: now })
    .where(and(eq(loginChallenges.id, id), isNull(loginChallenges.usedAt)))
    .returning({ id: loginChallenges.id });
  return rows.length > 0;
}
