import { and, eq, gt, isNull } from 'drizzle-orm';
import { recordAudit } from '../../audit/index.ts';
import { findUserById, hashPassword, users } from '../../modules/users/index.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Executor } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import { invitations } from '../access.tables.ts';
import { type RequestOrigin, sessionEvent } from './failures.ts';
import { assertAcceptablePassword } from './password-policy.ts';
import { revokeAllSessionsOfUser } from './sessions.ts';
import { hashToken, newToken } from './tokens.ts';

/** Invitation and reset links are valid 72 hours and once. */
export const INVITATION_TTL_MS = 72 * 3_600_000;

export type InvitationPurpose = 'invite' | 'reset';

/** The path the web app serves for both purposes; the token travels in the fragment (never logged). */
export function invitationPath(token: string): string {
  return `/invite#${token}`;
}

/**
 * Issue a link for a user (inside the administrator's transaction): 256-bit token, only its SHA-256
 * stored. Earlier unused links of the user stop working, so only the newest one is valid.
 */
export async function createInvitation(
  tx: Executor,
  input: { userId: string; purpose: InvitationPurpose; createdBy: string | null; now: Date },
): Promise<string> {
  await tx
    .update(invitations)
    .set({ usedAt: input.now })
    .where(and(eq(invitations.userId, input.userId), isNull(invitations.usedAt)));
  const token = newToken();
  await tx.insert(invitations).values({
    userId: input.userId,
    purpose: input.purpose,
    tokenHash: hashToken(token),
    createdBy: input.createdBy,
    createdAt: input.now,
    expiresAt: new Date(input.now.getTime() + INVITATION_TTL_MS),
  });
  return token;
}

/**
 * Follow a link: set the password (policy-checked). An invitation activates the account, which then
 * enrols a second factor at its first log-in; a reset keeps the user's factors and status (a reset
 * never skips MFA, nor unlocks). Either way every session of the user ends.
 */
export async function acceptInvitation(
  ctx: Pick<AppContext, 'clock' | 'database'>,
  input: { token: string; password: string },
  origin: RequestOrigin,
): Promise<{ next: 'login' }> {
  const db = ctx.database.db;
  const now = ctx.clock.now();
  const rows = await db
    .select()
    .from(invitations)
    .where(
      and(
        eq(invitations.tokenHash, hashToken(input.token)),
        isNull(invitations.usedAt),
        gt(invitations.expiresAt, now),
      ),
    )
    .limit(1);
  const invitation = rows[0];
  const user = invitation ? await findUserById(db, invitation.userId) : undefined;
  if (!invitation || !user || user.status === 'disabled') {
    throw new AppError('not_found', 'This link is not valid or has expired');
  }
  assertAcceptablePassword(input.password, 'body.password', [user.email, user.displayName]);
  const passwordHash = await hashPassword(input.password);
  await db.transaction(async (tx) => {
    const spent = await tx
      .update(invitations)
      .set({ usedAt: now })
      .where(and(eq(invitations.id, invitation.id), isNull(invitations.usedAt)))
      .returning({ id: invitations.id });
    if (spent.length === 0) throw new AppError('not_found', 'This link is not valid or has expired');
    await tx
      .update(users)
      .set({
        passwordHash,
        passwordChangedAt: now,
        updatedAt: now,
        ...(invitation.purpose === 'invite' && user.status === 'invited' ? { status: 'active' } : {}),
      })
      .where(eq(users.id, user.id));
    await revokeAllSessionsOfUser(tx, user.id, now);
    await recordAudit(
      tx,
      sessionEvent(now, origin, {
        actorId: user.id,
        agencyId: user.agencyId,
        action: 'set_password',
        objectType: 'user',
        objectId: user.id,
        outcome: 'success',
        details: { purpose: invitation.purpose, invitationId: invitation.id },
      }),
    );
  });
  return { next: 'login' };
}
