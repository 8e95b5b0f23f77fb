import type { AgencyType, Me, Role, UserStatus } from '@karpear/contracts';
import { eq } from 'drizzle-orm';
import { recordAudit } from '../../audit/index.ts';
import { agencies, units } from '../../modules/agencies/index.ts';
import { findUserById, hashPassword, users, verifyPassword } from '../../modules/users/index.ts';
import type { AppContext } from '../../platform/context.ts';
import { AppError } from '../../platform/errors.ts';
import type { Actor } from '../actor.ts';
import { authorize, canPerformAction, policy } from '../policy/index.ts';
import { factorSummary } from './factors.ts';
import { type RequestOrigin, recordAuthFailure, sessionEvent } from './failures.ts';
import { assertAcceptablePassword } from './password-policy.ts';
import { requireStepUp } from './session-resolver.ts';
import { revokeOtherSessions, revokeSessionByToken } from './sessions.ts';

type Ctx = Pick<AppContext, 'clock' | 'config' | 'database'>;

/** A password change needs the second factor proven within the last 5 minutes. */
export const PASSWORD_CHANGE_STEP_UP_SECONDS = 300;

const self = (actor: Actor) => ({ type: 'user', userId: actor.userId });

/** `GET /me`: who is signed in, their organisation, factors and what they may do at all. */
export async function getMe(ctx: Ctx, actor: Actor): Promise<Me> {
  authorize(actor, 'account.read', self(actor));
  const db = ctx.database.db;
  const user = await findUserById(db, actor.userId);
  if (!user) throw AppError.notFound();
  const [agencyRows, unitRows, factors] = await Promise.all([
    db.select().from(agencies).where(eq(agencies.id, user.agencyId)),
    user.unitId ? db.select().from(units).where(eq(units.id, user.unitId)) : Promise.resolve([]),
    factorSummary(db, user.id),
  ]);
  const agency = agencyRows[0]!;
  const unit = unitRows[0];
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName,
    roles: user.roles as Role[],
    status: user.status as UserStatus,
    agency: {
      id: agency.id,
      code: agency.code,
      type: agency.type as AgencyType,
      nameEn: agency.nameEn,
      nameKm: agency.nameKm,
    },
    unit: unit ? { id: unit.id, code: unit.code, nameEn: unit.nameEn, nameKm: unit.nameKm } : null,
    bannerAcknowledged: user.bannerAcknowledgedAt !== null,
    factors,
    abilities: policy.actions.filter((a) => canPerformAction(actor, a)),
  };
}

/** The login banner (terms of use, SECURITY.md 14) was read and accepted. */
export async function acknowledgeBanner(ctx: Ctx, actor: Actor, origin: RequestOrigin): Promise<void> {
  authorize(actor, 'account.update', self(actor));
  const now = ctx.clock.now();
  await ctx.database.db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ bannerAcknowledgedAt: now, updatedAt: now })
      .where(eq(users.id, actor.userId));
    await recordAudit(tx, accountEvent(actor, now, origin, 'acknowledge_banner'));
  });
}

/**
 * Change one's own password: step-up within 5 minutes, the current password, the policy. Every other
 * session of the user ends; this one continues.
 */
export async function changePassword(
  ctx: Ctx,
  actor: Actor,
  input: { currentPassword: string; newPassword: string },
  origin: RequestOrigin,
): Promise<void> {
  authorize(actor, 'account.update', self(actor));
  requireStepUp(actor, PASSWORD_CHANGE_STEP_UP_SECONDS);
  const user = await findUserById(ctx.database.db, actor.userId);
  if (!user?.passwordHash || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    await recordAuthFailure(ctx, {
      userId: actor.userId,
      agencyId: actor.agencyId,
      reason: 'password_change',
      ...origin,
    });
    throw new AppError('validation_failed', 'The current password is not right', [
      { path: 'body.currentPassword', message: 'is not right' },
    ]);
  }
  assertAcceptablePassword(input.newPassword, 'body.newPassword', [user.email, user.displayName]);
  const passwordHash = await hashPassword(input.newPassword);
  const now = ctx.clock.now();
  await ctx.database.db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ passwordHash, passwordChangedAt: now, updatedAt: now })
      .where(eq(users.id, actor.userId));
    await revokeOtherSessions(tx, actor.userId, actor.sessionId, now);
    await recordAudit(tx, accountEvent(actor, now, origin, 'change_password'));
  });
}

/** Log-out: the presented session is revoked server-side; no session is fine (idempotent). */
export async function logout(ctx: Ctx, token: string | null, origin: RequestOrigin): Promise<void> {
  if (!token) return;
  const now = ctx.clock.now();
  await ctx.database.db.transaction(async (tx) => {
    const session = await revokeSessionByToken(tx, token, now);
    if (!session) return;
    const user = await findUserById(tx, session.userId);
    await recordAudit(
      tx,
      sessionEvent(now, origin, {
        actorId: session.userId,
        agencyId: user?.agencyId ?? null,
        action: 'logout',
        objectId: session.id,
        outcome: 'success',
      }),
    );
  });
}

function accountEvent(actor: Actor, now: Date, origin: RequestOrigin, action: string) {
  return sessionEvent(now, origin, {
    actorId: actor.userId,
    agencyId: actor.agencyId,
    action,
    objectType: 'user',
    objectId: actor.userId,
    outcome: 'success',
  });
}
