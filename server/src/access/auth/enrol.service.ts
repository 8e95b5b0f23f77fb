import { recordAudit } from '../../audit/index.ts';
import { findUserById, type UserRow } from '../../modules/users/index.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Executor } from '../../platform/db/index.ts';
import { findChallenge, isLive, setChallengePayload } from './challenges.ts';
import { factorSummary, newRecoveryCodes, saveTotp, storeRecoveryCodes } from './factors.ts';
import { type RequestOrigin, recordAuthFailure, sessionEvent } from './failures.ts';
import { claimLoginChallenge } from './login.service.ts';
import { finishSignIn, loginRefused, type SignedIn } from './sign-in.ts';
import { matchTotp, newTotpSecret, qrSvg, totpUri } from './totp.ts';

type Ctx = Pick<AppContext, 'clock' | 'config' | 'database' | 'secrets'>;

/** The pending secret lives sealed in the challenge row until the user proves they scanned it. */
const pendingAad = (challengeId: string) => `login_challenges.payload:${challengeId}`;

/**
 * First log-in of a user without a second factor (`next: 'enrol'`): the password was right, now a
 * factor must be set up and proven before any session exists. A dead challenge is refused here
 * (enrolment, unlike a code, needs no secret, so only a live challenge may reach it).
 */
export async function startTotpEnrolment(
  ctx: Ctx,
  input: { challenge: string },
): Promise<{ secret: string; otpauthUrl: string; qrSvg: string }> {
  const now = ctx.clock.now();
  const row = await findChallenge(ctx.database.db, input.challenge, ['enrol'], now);
  if (!row || !isLive(row, now)) throw loginRefused();
  const user = await loadEnrollingUser(ctx, row.userId!);
  const secret = newTotpSecret();
  await setChallengePayload(
    ctx.database.db,
    row.id,
    ctx.secrets.seal('totp', Buffer.from(secret, 'utf8'), pendingAad(row.id)),
  );
  const otpauthUrl = totpUri(user.email, secret);
  return { secret, otpauthUrl, qrSvg: await qrSvg(otpauthUrl) };
}

/** Prove the scanned secret with a code: the factor is stored, recovery codes issued, session opened. */
export async function confirmTotpEnrolment(
  ctx: Ctx,
  input: { challenge: string; code: string },
  origin: RequestOrigin,
  previousToken: string | null,
): Promise<SignedIn & { recoveryCodes: string[] }> {
  const { row, user } = await claimLoginChallenge(ctx, input.challenge, ['enrol'], origin);
  const now = ctx.clock.now();
  const secret = row.payload
    ? ctx.secrets.open('totp', row.payload, pendingAad(row.id)).toString('utf8')
    : null;
  const step = secret ? await matchTotp(secret, input.code, now, 0) : null;
  if (!secret || step === null) {
    await recordAuthFailure(ctx, {
      userId: user.id,
      agencyId: user.agencyId,
      reason: 'enrol_totp',
      ...origin,
    });
    throw loginRefused();
  }
  const recovery = await newRecoveryCodes();
  const signedIn = await finishSignIn(ctx, {
    user,
    challengeId: row.id,
    factor: 'enrol_totp',
    origin,
    previousToken,
    spend: async (tx) => {
      if (!(await hasNoFactor(tx, user.id))) return false;
      await saveTotp(tx, ctx.secrets, user.id, secret, step, now);
      await storeRecoveryCodes(tx, user.id, recovery.hashes, now);
      await auditEnrolment(tx, user, 'totp', now, origin);
      return true;
    },
  });
  return { ...signedIn, recoveryCodes: recovery.codes };
}

export async function loadEnrollingUser(ctx: Ctx, userId: string): Promise<UserRow> {
  const user = await findUserById(ctx.database.db, userId);
  if (!user || !(await hasNoFactor(ctx.database.db, userId))) throw loginRefused();
  return user;
}

/** Enrolment is for users without any factor; adding one to an enrolled account needs a session. */
export async function hasNoFactor(tx: Executor, userId: string): Promise<boolean> {
  const f = await factorSummary(tx, userId);
  return !f.totp && f.webauthn === 0;
}

export async function auditEnrolment(
  tx: Executor,
  user: UserRow,
  factor: 'totp' | 'webauthn',
  now: Date,
  origin: RequestOrigin,
): Promise<void> {
  await recordAudit(
    tx,
    sessionEvent(now, origin, {
      actorId: user.id,
      agencyId: user.agencyId,
      action: 'enrol_factor',
      objectType: 'user',
      objectId: user.id,
      outcome: 'success',
      details: { factor },
    }),
  );
}
