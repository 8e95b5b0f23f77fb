import type { Role, UserAdminView } from '@karpear/contracts';
import { eq } from 'drizzle-orm';
import {
  type Actor,
  authorize,
  can,
  clearAuthFailures,
  createInvitation,
  invitationPath,
  type Resource,
  relationsFor,
  revokeAllSessionsOfUser,
} from '../../access/index.ts';
import { recordAudit } from '../../audit/index.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Executor } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import {
  findUserWithFactors,
  listUsers as listRows,
  type UserWithFactors,
  unitBelongsTo,
} from './users.admin.repo.ts';
import { findUserByEmail, insertUser } from './users.repo.ts';
import { users } from './users.tables.ts';

/**
 * User administration: authorize first (another agency's user answers 404 like a missing one), then
 * write and audit in one transaction. Disabling a user or changing their roles ends all their
 * sessions at once. New users get a single-use invitation link; nobody ever sees a password.
 */
type Deps = Pick<AppContext, 'database' | 'clock'>;

export interface Page<T> {
  items: T[];
  limit: number;
  offset: number;
  total: number;
}

const resourceOf = (u: { id: string; agencyId: string; unitId: string | null }): Resource => ({
  type: 'user',
  id: u.id,
  agencyId: u.agencyId,
  unitId: u.unitId,
  userId: u.id,
});

export function viewOf(u: UserWithFactors): UserAdminView {
  return {
    id: u.id,
    email: u.email,
    displayName: u.displayName,
    roles: u.roles as Role[],
    status: u.status as UserAdminView['status'],
    agencyId: u.agencyId,
    unitId: u.unitId,
    lastLoginAt: u.lastLoginAt?.toISOString() ?? null,
    createdAt: u.createdAt.toISOString(),
    factors: { totp: u.hasTotp, webauthn: u.webauthnCount },
  };
}

export async function listUsers(
  deps: Deps,
  actor: Actor,
  query: { agencyId?: string; status?: string; q?: string; limit: number; offset: number },
): Promise<Page<UserAdminView>> {
  authorize(actor, 'users.list');
  const relations = relationsFor(actor, 'users.read');
  let agencyId = query.agencyId;
  if (!relations.includes('any')) {
    // Only their own agency: asking for another one is an empty answer, never a leak.
    if (!relations.includes('own_agency') || (agencyId && agencyId !== actor.agencyId)) {
      return { items: [], limit: query.limit, offset: query.offset, total: 0 };
    }
    agencyId = actor.agencyId;
  }
  const { rows, total } = await listRows(deps.database.db, { ...query, agencyId });
  return { items: rows.map(viewOf), limit: query.limit, offset: query.offset, total };
}

/** Load a user the actor may act on with `action`, or 404 (also for holders of a role they cannot grant). */
async function loadFor(deps: Deps, actor: Actor, action: string, id: string): Promise<UserWithFactors> {
  const user = await findUserWithFactors(deps.database.db, id);
  if (!user || !can(actor, action, resourceOf(user))) throw AppError.notFound();
  if (action !== 'users.read' && !mayGrant(actor, user.roles as Role[])) throw AppError.notFound();
  return user;
}

/** Only a system administrator grants, or acts on a holder of, `system_admin`. */
function mayGrant(actor: Actor, roles: readonly Role[]): boolean {
  return !roles.includes('system_admin') || actor.roles.includes('system_admin');
}

function refuseRoles(actor: Actor, roles: readonly Role[] | undefined): void {
  if (roles && !mayGrant(actor, roles)) {
    throw new AppError('validation_failed', 'Only a system administrator grants system_admin', [
      { path: 'body.roles', message: 'may not include system_admin' },
    ]);
  }
}

export async function getUser(deps: Deps, actor: Actor, id: string): Promise<UserAdminView> {
  return viewOf(await loadFor(deps, actor, 'users.read', id));
}

export async function createUser(
  deps: Deps,
  actor: Actor,
  input: { email: string; name: string; roles: Role[]; unitId?: string; agencyId?: string },
): Promise<{ user: UserAdminView; invitationUrl: string }> {
  // The agency is the actor's own unless they may create users in the one asked for (system admin).
  const wanted = input.agencyId && can(actor, 'users.create', { type: 'user', agencyId: input.agencyId });
  const agencyId = wanted ? input.agencyId! : actor.agencyId;
  authorize(actor, 'users.create', { type: 'user', agencyId });
  refuseRoles(actor, input.roles);
  const db = deps.database.db;
  await assertUnit(db, input.unitId ?? null, agencyId);
  if (await findUserByEmail(db, input.email)) {
    throw new AppError('conflict', 'A user with this e-mail already exists', [
      { path: 'body.email', message: 'already in use' },
    ]);
  }
  const now = deps.clock.now();
  const { id, token } = await db.transaction(async (tx) => {
    const row = await insertUser(tx, {
      agencyId,
      unitId: input.unitId ?? null,
      email: input.email,
      displayName: input.name,
      roles: [...new Set(input.roles)],
      status: 'invited',
      passwordHash: null,
      createdAt: now,
      updatedAt: now,
    });
    const token = await createInvitation(tx, {
      userId: row.id,
      purpose: 'invite',
      createdBy: actor.userId,
      now,
    });
    await audit(tx, actor, now, 'create', row.id, { roles: row.roles, agencyId });
    return { id: row.id, token };
  });
  return { user: await getUser(deps, actor, id), invitationUrl: invitationPath(token) };
}

export async function updateUser(
  deps: Deps,
  actor: Actor,
  id: string,
  input: { displayName?: string; roles?: Role[]; unitId?: string | null; status?: 'active' | 'disabled' },
): Promise<UserAdminView> {
  const user = await loadFor(deps, actor, 'users.update', id);
  refuseRoles(actor, input.roles);
  if (user.id === actor.userId && (input.roles !== undefined || input.status !== undefined)) {
    throw new AppError('validation_failed', 'You cannot change your own roles or status', [
      { path: input.roles !== undefined ? 'body.roles' : 'body.status', message: 'not for your own account' },
    ]);
  }
  const db = deps.database.db;
  if (input.unitId) await assertUnit(db, input.unitId, user.agencyId);
  const roles = input.roles ? [...new Set(input.roles)] : undefined;
  const rolesChanged = roles !== undefined && [...roles].sort().join() !== [...user.roles].sort().join();
  const status = nextStatus(user, input.status);
  const now = deps.clock.now();
  const changes = {
    ...(input.displayName !== undefined ? { displayName: input.displayName } : {}),
    ...(roles !== undefined ? { roles } : {}),
    ...(input.unitId !== undefined ? { unitId: input.unitId } : {}),
    ...(status !== user.status ? { status } : {}),
  };
  await db.transaction(async (tx) => {
    // A body with nothing to change leaves the row (and its updated_at) as it was.
    if (Object.keys(changes).length > 0)
      await tx
        .update(users)
        .set({ ...changes, updatedAt: now })
        .where(eq(users.id, user.id));
    if (status === 'disabled' || rolesChanged) await revokeAllSessionsOfUser(tx, user.id, now);
    if (user.status === 'locked' && status === 'active') await clearAuthFailures(tx, user.id);
    await audit(tx, actor, now, 'update', user.id, { fields: Object.keys(changes).sort(), status });
  });
  return getUser(deps, actor, id);
}

/** `active` brings a disabled or locked account back; one that never set a password stays invited. */
function nextStatus(user: UserWithFactors, wanted: 'active' | 'disabled' | undefined): string {
  if (!wanted) return user.status;
  if (wanted === 'disabled') return 'disabled';
  return user.passwordHash ? 'active' : 'invited';
}

/** Release a locked account (SECURITY.md 9: only an administrator does); idempotent. */
export async function unlockUser(deps: Deps, actor: Actor, id: string): Promise<UserAdminView> {
  const user = await loadFor(deps, actor, 'users.unlock', id);
  const now = deps.clock.now();
  await deps.database.db.transaction(async (tx) => {
    if (user.status === 'locked') {
      await tx.update(users).set({ status: 'active', updatedAt: now }).where(eq(users.id, user.id));
    }
    await clearAuthFailures(tx, user.id);
    await audit(tx, actor, now, 'unlock', user.id, { wasLocked: user.status === 'locked' });
  });
  return getUser(deps, actor, id);
}

/**
 * A password reset link for the user (72 h, single use), handed to the administrator to pass on.
 * It sets only the password: the user's second factors stay, so a reset never skips MFA.
 */
export async function resetUser(deps: Deps, actor: Actor, id: string): Promise<{ resetUrl: string }> {
  const user = await loadFor(deps, actor, 'users.reset', id);
  if (user.status === 'disabled') {
    throw new AppError('conflict', 'The account is disabled; enable it first', [
      { path: 'status', message: 'disabled' },
    ]);
  }
  const purpose = user.passwordHash ? 'reset' : 'invite';
  const now = deps.clock.now();
  const token = await deps.database.db.transaction(async (tx) => {
    const t = await createInvitation(tx, { userId: user.id, purpose, createdBy: actor.userId, now });
    await audit(tx, actor, now, 'reset', user.id, { purpose });
    return t;
  });
  return { resetUrl: invitationPath(token) };
}

async function assertUnit(db: Executor, unitId: string | null, agencyId: string): Promise<void> {
  if (unitId && !(await unitBelongsTo(db, unitId, agencyId))) {
    throw new AppError('validation_failed', 'The unit is not part of the agency', [
      { path: 'body.unitId', message: 'unknown unit' },
    ]);
  }
}

async function audit(
  tx: Executor,
  actor: Actor,
  at: Date,
  action: string,
  objectId: string,
  details: Record<string, unknown>,
): Promise<void> {
  await recordAudit(tx, {
    at,
    actorId: actor.userId,
    agencyId: actor.agencyId,
    action,
    objectType: 'user',
    objectId,
    outcome: 'success',
    ip: actor.ip,
    requestId: actor.requestId,
    details,
  });
}
