import {
  type AuthenticationResponseJSON,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  type RegistrationResponseJSON,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import { decodeClientDataJSON } from '@simplewebauthn/server/helpers';
import type { AppContext } from '../../platform/context.ts';
import type { Executor } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import { webauthnCredentials } from '../access.tables.ts';
import type { Actor } from '../actor.ts';
import {
  claimAttempt,
  createStepUpChallenge,
  findChallenge,
  isLive,
  markChallengeUsed,
  setChallengePayload,
} from './challenges.ts';
import { auditEnrolment, hasNoFactor, loadEnrollingUser } from './enrol.service.ts';
import {
  listWebauthnCredentials,
  newRecoveryCodes,
  storeRecoveryCodes,
  touchWebauthnCredential,
} from './factors.ts';
import { type RequestOrigin, recordAuthFailure } from './failures.ts';
import { claimLoginChallenge } from './login.service.ts';
import { finishSignIn, loginRefused, type SignedIn } from './sign-in.ts';
import { finishStepUp, stepUpRefused } from './step-up.service.ts';

type Ctx = Pick<AppContext, 'clock' | 'config' | 'database' | 'secrets'>;
type Options = Record<string, unknown>;

/** Who the browser talks to: RP id = the request's host name, origin = its scheme and host. */
export interface RelyingParty {
  rpID: string;
  origin: string;
}

const RP_NAME = 'Karpear';
/** EdDSA, ES256, RS256: what security keys and platform passkeys offer. */
const ALGORITHMS = [-8, -7, -257];

/**
 * Options for a log-in with a security key. Answered alike for a live challenge and one born dead
 * (wrong password): both list the user's keys, so the answer does not reveal the password was wrong;
 * only a live challenge remembers the WebAuthn challenge, so a dead one can never succeed.
 */
export async function loginWebauthnOptions(ctx: Ctx, token: string, rp: RelyingParty): Promise<Options> {
  const now = ctx.clock.now();
  const row = await findChallenge(ctx.database.db, token, ['webauthn'], now);
  if (!row) throw loginRefused();
  const keys = row.userId ? await listWebauthnCredentials(ctx.database.db, row.userId) : [];
  const options = await generateAuthenticationOptions({
    rpID: rp.rpID,
    allowCredentials: keys.map((k) => ({ id: k.id, transports: k.transports })),
    userVerification: 'preferred',
  });
  if (isLive(row, now)) {
    await setChallengePayload(ctx.database.db, row.id, Buffer.from(options.challenge, 'utf8'));
  }
  return options as unknown as Options;
}

/** Verify an assertion against one of the user's keys; the new counter, or null when it fails. */
async function verifyAssertion(
  ctx: Ctx,
  userId: string,
  expectedChallenge: string | null,
  response: AuthenticationResponseJSON,
  rp: RelyingParty,
): Promise<{ id: string; counter: number } | null> {
  if (!expectedChallenge) return null;
  const key = (await listWebauthnCredentials(ctx.database.db, userId)).find((k) => k.id === response.id);
  if (!key) return null;
  try {
    const result = await verifyAuthenticationResponse({
      response,
      expectedChallenge,
      expectedOrigin: rp.origin,
      expectedRPID: rp.rpID,
      credential: {
        id: key.id,
        publicKey: new Uint8Array(key.publicKey),
        counter: key.counter,
        transports: key.transports,
      },
      requireUserVerification: false,
    });
    return result.verified ? { id: key.id, counter: result.authenticationInfo.newCounter } : null;
  } catch {
    return null;
  }
}

export async function completeWebauthnLogin(
  ctx: Ctx,
  input: { challenge: string; response: AuthenticationResponseJSON },
  rp: RelyingParty,
  origin: RequestOrigin,
  previousToken: string | null,
): Promise<SignedIn> {
  const { row, user } = await claimLoginChallenge(ctx, input.challenge, ['webauthn'], origin);
  const ok = await verifyAssertion(ctx, user.id, row.payload?.toString('utf8') ?? null, input.response, rp);
  if (!ok) {
    await recordAuthFailure(ctx, { userId: user.id, agencyId: user.agencyId, reason: 'webauthn', ...origin });
    throw loginRefused();
  }
  const now = ctx.clock.now();
  return finishSignIn(ctx, {
    user,
    challengeId: row.id,
    factor: 'webauthn',
    origin,
    previousToken,
    spend: (tx) => touchWebauthnCredential(tx, ok.id, ok.counter, now),
  });
}

/** Registration options for a first-log-in enrolment with a security key or passkey. */
export async function enrolWebauthnOptions(ctx: Ctx, token: string, rp: RelyingParty): Promise<Options> {
  const now = ctx.clock.now();
  const row = await findChallenge(ctx.database.db, token, ['enrol'], now);
  if (!row || !isLive(row, now)) throw loginRefused();
  const user = await loadEnrollingUser(ctx, row.userId!);
  const options = await generateRegistrationOptions({
    rpName: RP_NAME,
    rpID: rp.rpID,
    userName: user.email,
    userDisplayName: user.displayName,
    // The user handle is the opaque user id, never the e-mail.
    userID: Buffer.from(user.id.replaceAll('-', ''), 'hex'),
    attestationType: 'none',
    authenticatorSelection: { residentKey: 'preferred', userVerification: 'preferred' },
    supportedAlgorithmIDs: ALGORITHMS,
  });
  await setChallengePayload(ctx.database.db, row.id, Buffer.from(options.challenge, 'utf8'));
  return options as unknown as Options;
}

export async function completeWebauthnEnrolment(
  ctx: Ctx,
  input: { challenge: string; response: RegistrationResponseJSON },
  rp: RelyingParty,
  origin: RequestOrigin,
  previousToken: string | null,
): Promise<SignedIn & { recoveryCodes: string[] }> {
  const { row, user } = await claimLoginChallenge(ctx, input.challenge, ['enrol'], origin);
  const expectedChallenge = row.payload?.toString('utf8');
  let credential: { id: string; publicKey: Uint8Array; counter: number } | null = null;
  if (expectedChallenge) {
    try {
      const result = await verifyRegistrationResponse({
        response: input.response,
        expectedChallenge,
        expectedOrigin: rp.origin,
        expectedRPID: rp.rpID,
        requireUserVerification: false,
        supportedAlgorithmIDs: ALGORITHMS,
      });
      if (result.verified) credential = result.registrationInfo.credential;
    } catch {
      credential = null;
    }
  }
  if (!credential) {
    await recordAuthFailure(ctx, {
      userId: user.id,
      agencyId: user.agencyId,
      reason: 'enrol_webauthn',
      ...origin,
    });
    throw loginRefused();
  }
  const key = credential;
  const now = ctx.clock.now();
  const recovery = await newRecoveryCodes();
  const signedIn = await finishSignIn(ctx, {
    user,
    challengeId: row.id,
    factor: 'enrol_webauthn',
    origin,
    previousToken,
    spend: async (tx: Executor) => {
      if (!(await hasNoFactor(tx, user.id))) return false;
      await tx.insert(webauthnCredentials).values({
        id: key.id,
        userId: user.id,
        publicKey: Buffer.from(key.publicKey),
        counter: key.counter,
        transports: (input.response.response.transports ?? []).slice(0, 8),
        createdAt: now,
      });
      await storeRecoveryCodes(tx, user.id, recovery.hashes, now);
      await auditEnrolment(tx, user, 'webauthn', now, origin);
      return true;
    },
  });
  return { ...signedIn, recoveryCodes: recovery.codes };
}

/** Step-up with a security key: options bound to the session's user, kept keyed by the challenge. */
export async function stepUpWebauthnOptions(
  ctx: Ctx,
  actor: Actor,
  rp: RelyingParty,
  origin: RequestOrigin,
): Promise<Options> {
  const keys = await listWebauthnCredentials(ctx.database.db, actor.userId);
  if (keys.length === 0) throw new AppError('bad_request', 'No security key is registered for this account');
  const options = await generateAuthenticationOptions({
    rpID: rp.rpID,
    allowCredentials: keys.map((k) => ({ id: k.id, transports: k.transports })),
    userVerification: 'preferred',
  });
  await createStepUpChallenge(ctx.database.db, {
    userId: actor.userId,
    webauthnChallenge: options.challenge,
    ip: origin.ip,
    now: ctx.clock.now(),
  });
  return options as unknown as Options;
}

export async function completeWebauthnStepUp(
  ctx: Ctx,
  actor: Actor,
  response: AuthenticationResponseJSON,
  rp: RelyingParty,
  origin: RequestOrigin,
): Promise<string> {
  let challenge: string | null = null;
  try {
    challenge = decodeClientDataJSON(response.response.clientDataJSON).challenge;
  } catch {
    challenge = null;
  }
  const now = ctx.clock.now();
  const row = challenge
    ? await claimAttempt(ctx.database.db, challenge, ['step_up'], now, actor.userId)
    : undefined;
  const ok = row
    ? await verifyAssertion(ctx, actor.userId, row.payload?.toString('utf8') ?? null, response, rp)
    : null;
  if (!row || !ok) {
    await recordAuthFailure(ctx, {
      userId: actor.userId,
      agencyId: actor.agencyId,
      reason: 'step_up_webauthn',
      ...origin,
    });
    throw stepUpRefused();
  }
  return finishStepUp(ctx, actor, 'webauthn', origin, async (tx) => {
    return (
      (await markChallengeUsed(tx, row.id, now)) &&
      (await touchWebauthnCredential(tx, ok.id, ok.counter, now))
    );
  });
}
