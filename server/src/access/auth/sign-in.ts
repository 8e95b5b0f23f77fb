import { and, eq } from 'drizzle-orm';
import { recordAudit } from '../../audit/index.ts';
import { type UserRow, users } from '../../modules/users/index.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Executor } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import { markChallengeUsed } from './challenges.ts';
import { clearAuthFailures, type RequestOrigin, recordAuthFailure, sessionEvent } from './failures.ts';
import { createSession, revokeSessionByToken } from './sessions.ts';

export interface SignedIn {
  /** For the Set-Cookie header only. */
  token: string;
  user: { id: string; email: string; displayName: string };
}

/** Every refused log-in step answers exactly this: no hint which part was wrong. */
export function loginRefused(): AppError {
  return new AppError('unauthenticated', 'The log-in did not succeed');
}

/** Thrown inside the transaction to roll it back when a conditional write found nothing to do. */
class LostRace extends Error {}

/**
 * The last step of every log-in path, after a second factor was verified: in one transaction, run
 * the factor's own conditional write (`spend`: TOTP step, recovery code, enrolment), spend the
 * challenge, check the user is still active, open the session (revoking the one the browser still
 * presented), reset the failure count and audit the log-in. If a conditional write finds the factor
 * already spent (a replayed code, two tabs racing), everything rolls back and the step is refused.
 */
export async function finishSignIn(
  ctx: Pick<AppContext, 'clock' | 'config' | 'database'>,
  input: {
    user: UserRow;
    challengeId: string;
    factor: string;
    origin: RequestOrigin;
    previousToken: string | null;
    spend: (tx: Executor) => Promise<boolean>;
  },
): Promise<SignedIn> {
  const { user, origin } = input;
  const now = ctx.clock.now();
  try {
    const token = await ctx.database.db.transaction(async (tx) => {
      if (!(await input.spend(tx))) throw new LostRace();
      if (!(await markChallengeUsed(tx, input.challengeId, now))) throw new LostRace();
      const active = await tx
        .update(users)
        .set({ lastLoginAt: now })
        .where(and(eq(users.id, user.id), eq(users.status, 'active')))
        .returning({ id: users.id });
      if (active.length === 0) throw new LostRace();
      if (input.previousToken) await revokeSessionByToken(tx, input.previousToken, now);
      const session = await createSession(ctx, tx, user.id, origin.ip);
      await clearAuthFailures(tx, user.id);
      await recordAudit(
        tx,
        sessionEvent(now, origin, {
          actorId: user.id,
          agencyId: user.agencyId,
          action: 'login',
          objectId: session.sessionId,
          outcome: 'success',
          details: { factor: input.factor },
        }),
      );
      return session.token;
    });
    return { token, user: { id: user.id, email: user.email, displayName: user.displayName } };
  } catch (err) {
    if (!(err instanceof LostRace)) throw err;
    await recordAuthFailure(ctx, {
      userId: user.id,
      agencyId: user.agencyId,
      reason: `${input.factor}_refused`,
      ...origin,
    });
    throw loginRefused();
  }
}
