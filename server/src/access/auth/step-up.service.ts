import { recordAudit } from '../../audit/index.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Executor } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import type { Actor } from '../actor.ts';
import { consumeTotpStep, loadTotp } from './factors.ts';
import { type RequestOrigin, recordAuthFailure, sessionEvent } from './failures.ts';
import { rotateSessionToken } from './sessions.ts';
import { matchTotp } from './totp.ts';

type Ctx = Pick<AppContext, 'clock' | 'config' | 'database' | 'secrets'>;

export function stepUpRefused(): AppError {
  return new AppError('step_up_required', 'The second factor was not accepted');
}

/**
 * Prove the second factor again inside a session (before a sensitive operation). Success rotates
 * the session token (SECURITY.md 12: the old cookie is dead at once) and sets `step_up_at`; a wrong
 * code counts as a log-in failure towards the lockout. Returns the new token for the cookie.
 */
export async function stepUpWithTotp(
  ctx: Ctx,
  actor: Actor,
  code: string,
  origin: RequestOrigin,
): Promise<string> {
  const totp = await loadTotp(ctx.database.db, ctx.secrets, actor.userId);
  const step = totp ? await matchTotp(totp.secret, code, ctx.clock.now(), totp.lastStep) : null;
  if (step === null) {
    await recordAuthFailure(ctx, {
      userId: actor.userId,
      agencyId: actor.agencyId,
      reason: 'step_up_totp',
      ...origin,
    });
    throw stepUpRefused();
  }
  return finishStepUp(ctx, actor, 'totp', origin, (tx) => consumeTotpStep(tx, actor.userId, step));
}

/** The common end of a step-up: spend the factor, rotate the token, audit; all or nothing. */
export async function finishStepUp(
  ctx: Ctx,
  actor: Actor,
  factor: string,
  origin: RequestOrigin,
  spend: (tx: Executor) => Promise<boolean>,
): Promise<string> {
  const now = ctx.clock.now();
  const token = await ctx.database.db.transaction(async (tx) => {
    if (!(await spend(tx))) return null;
    const rotated = await rotateSessionToken(tx, actor.sessionId, now);
    await recordAudit(
      tx,
      sessionEvent(now, origin, {
        actorId: actor.userId,
        agencyId: actor.agencyId,
        action: 'step_up',
        objectId: actor.sessionId,
        outcome: 'success',
        details: { factor },
      }),
    );
    return rotated;
  });
  if (token === null) {
    await recordAuthFailure(ctx, {
      userId: actor.userId,
      agencyId: actor.agencyId,
      reason: `step_up_${factor}_replay`,
      ...origin,
    });
    throw stepUpRefused();
  }
  return token;
}
