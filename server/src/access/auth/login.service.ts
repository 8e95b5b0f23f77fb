import { randomBytes } from 'node:crypto';
import type { NextStep } from '@karpear/contracts';
import { and, eq } from 'drizzle-orm';
import { recordAudit } from '../../audit/index.ts';
import {
  findUserByEmail,
  findUserById,
  hashPassword,
  type UserRow,
  users,
  verifyPassword,
} from '../../modules/users/index.ts';
import type { AppContext } from '../../platform/context.ts';
import {
  type ChallengeKind,
  type ChallengeRow,
  claimAttempt,
  createChallenge,
  findChallenge,
} from './challenges.ts';
import { consumeTotpStep, factorSummary, findRecoveryCode, loadTotp, spendRecoveryCode } from './factors.ts';
import { type RequestOrigin, recordAuthFailure, sessionEvent } from './failures.ts';
import { finishSignIn, loginRefused, type SignedIn } from './sign-in.ts';
import { matchTotp } from './totp.ts';

type Ctx = Pick<AppContext, 'clock' | 'config' | 'database' | 'secrets'>;

const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/** An argon2id hash of a random password, so an unknown e-mail costs the same verify as a known one. */
let dummyHash: Promise<string> | undefined;
export function warmUpDummyHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(16).toString('base64url'));
  return dummyHash;
}

/**
 * Step one of a log-in: e-mail and password. The answer is always `{ next, challenge }`:
 * - `next` follows the user's factors (webauthn if any key, else totp, else enrol) whether or not the
 *   password was right; an unknown e-mail gets `totp`;
 * - the challenge is live only when the password was right and the account active; otherwise it is
 *   born dead and the failure is recorded (5 in 15 minutes lock the account).
 * One argon2 verification runs on every path (a dummy hash for unknown e-mails) so timing is alike.
 */
export async function startLogin(
  ctx: Ctx,
  input: { email: string; password: string },
  origin: RequestOrigin,
): Promise<{ next: NextStep; challenge: string }> {
  const db = ctx.database.db;
  const user = await findUserByEmail(db, input.email);
  const factors = await factorSummary(db, user?.id ?? NIL_UUID);
  const hash = user?.passwordHash ?? (await warmUpDummyHash());
  const passwordOk = (await verifyPassword(hash, input.password)) && Boolean(user?.passwordHash);
  const next: NextStep = !user ? 'totp' : factors.webauthn > 0 ? 'webauthn' : factors.totp ? 'totp' : 'enrol';
  const dormant = user ? await disableIfDormant(ctx, user, origin) : false;
  const ok = passwordOk && user?.status === 'active' && !dormant;
  if (!ok) {
    const reason = !user
      ? 'unknown_user'
      : !passwordOk
        ? 'password'
        : dormant
          ? 'dormant'
          : `status_${user.status}`;
    await recordAuthFailure(ctx, {
      userId: user?.id ?? null,
      agencyId: user?.agencyId ?? null,
      reason,
      ...origin,
    });
  } else {
    // The right password is audited too (a step, not yet a log-in), which also keeps the two
    // answers' work alike: one transaction with one audit event either way.
    await db.transaction(async (tx) => {
      await recordAudit(
        tx,
        sessionEvent(ctx.clock.now(), origin, {
          actorId: user.id,
          agencyId: user.agencyId,
          action: 'login',
          outcome: 'success',
          details: { step: 'password' },
        }),
      );
    });
  }
  const challenge = await createChallenge(db, {
    userId: user?.id ?? null,
    next,
    ip: origin.ip,
    now: ctx.clock.now(),
    dead: !ok,
  });
  return { next, challenge };
}

/** SECURITY.md 14: an account unused for 90 days is disabled (an administrator re-enables it). */
export const DORMANT_AFTER_MS = 90 * 24 * 3_600_000;

async function disableIfDormant(ctx: Ctx, user: UserRow, origin: RequestOrigin): Promise<boolean> {
  const now = ctx.clock.now();
  if (user.status !== 'active' || !user.lastLoginAt) return false;
  if (now.getTime() - user.lastLoginAt.getTime() <= DORMANT_AFTER_MS) return false;
  await ctx.database.db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ status: 'disabled', updatedAt: now })
      .where(and(eq(users.id, user.id), eq(users.status, 'active')));
    await recordAudit(
      tx,
      sessionEvent(now, origin, {
        actorId: null,
        agencyId: user.agencyId,
        action: 'disable',
        objectType: 'user',
        objectId: user.id,
        outcome: 'success',
        details: { reason: 'dormant' },
      }),
    );
  });
  return true;
}

/**
 * Count an attempt on a live challenge and load its user, or refuse. A dead, spent, expired or
 * exhausted challenge is refused the same way (and audited, without counting towards a lockout:
 * the password failure that killed it already did).
 */
export async function claimLoginChallenge(
  ctx: Ctx,
  token: string,
  kinds: readonly ChallengeKind[],
  origin: RequestOrigin,
): Promise<{ row: ChallengeRow; user: UserRow }> {
  const now = ctx.clock.now();
  const row = await claimAttempt(ctx.database.db, token, kinds, now);
  const user = row?.userId ? await findUserById(ctx.database.db, row.userId) : undefined;
  if (!row || !user) {
    const dead = row ?? (await findChallenge(ctx.database.db, token, kinds, now));
    await recordAuthFailure(ctx, {
      userId: null,
      agencyId: null,
      reason: dead ? 'dead_challenge' : 'no_challenge',
      ...origin,
    });
    throw loginRefused();
  }
  return { row, user };
}

/** Step two with an authenticator app's code: ±1 step, never a step already used. */
export async function completeTotpLogin(
  ctx: Ctx,
  input: { challenge: string; code: string },
  origin: RequestOrigin,
  previousToken: string | null,
): Promise<SignedIn> {
  const { row, user } = await claimLoginChallenge(ctx, input.challenge, ['totp', 'webauthn'], origin);
  const totp = await loadTotp(ctx.database.db, ctx.secrets, user.id);
  const step = totp ? await matchTotp(totp.secret, input.code, ctx.clock.now(), totp.lastStep) : null;
  if (step === null) {
    await recordAuthFailure(ctx, { userId: user.id, agencyId: user.agencyId, reason: 'totp', ...origin });
    throw loginRefused();
  }
  return finishSignIn(ctx, {
    user,
    challengeId: row.id,
    factor: 'totp',
    origin,
    previousToken,
    spend: (tx) => consumeTotpStep(tx, user.id, step),
  });
}

/** Step two with a one-time recovery code (when the authenticator is lost); the code is spent. */
export async function completeRecoveryLogin(
  ctx: Ctx,
  input: { challenge: string; code: string },
  origin: RequestOrigin,
  previousToken: string | null,
): Promise<SignedIn> {
  const { row, user } = await claimLoginChallenge(ctx, input.challenge, ['totp', 'webauthn'], origin);
  const codeId = await findRecoveryCode(ctx.database.db, user.id, input.code);
  if (!codeId) {
    await recordAuthFailure(ctx, { userId: user.id, agencyId: user.agencyId, reason: 'recovery', ...origin });
    throw loginRefused();
  }
  return finishSignIn(ctx, {
    user,
    challengeId: row.id,
    factor: 'recovery',
    origin,
    previousToken,
    spend: (tx) => spendRecoveryCode(tx, codeId, ctx.clock.now()),
  });
}
