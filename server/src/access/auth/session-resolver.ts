import type { AgencyType, Role } from '@karpear/contracts';
import { eq, sql } from 'drizzle-orm';
import type { FastifyRequest } from 'fastify';
import { agencies } from '../../modules/agencies/index.ts';
import { users } from '../../modules/users/index.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Database } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import { sessions } from '../access.tables.ts';
import type { Actor } from '../actor.ts';
import { readSessionToken } from './cookies.ts';
import { hashToken } from './tokens.ts';

/** `last_seen_at` is written at most once a minute per session: idle expiry needs no finer grain. */
const LAST_SEEN_THROTTLE_MS = 60_000;

/**
 * The session lookup runs on every request: built and named once per database, so neither Drizzle
 * (the SQL text) nor PostgreSQL (the plan, per connection) does that work again per request (its
 * query building was a fifth of the border check's busy event loop at 200 checks/s).
 */
function buildSessionByToken(db: Database) {
  return db
    .select({
      sessionId: sessions.id,
      createdAt: sessions.createdAt,
      lastSeenAt: sessions.lastSeenAt,
      expiresAt: sessions.expiresAt,
      stepUpAt: sessions.stepUpAt,
      revokedAt: sessions.revokedAt,
      userId: users.id,
      status: users.status,
      roles: users.roles,
      agencyId: users.agencyId,
      unitId: users.unitId,
      sessionsValidAfter: users.sessionsValidAfter,
      agencyType: agencies.type,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .innerJoin(agencies, eq(agencies.id, users.agencyId))
    .where(eq(sessions.tokenHash, sql.placeholder('tokenHash')))
    .limit(1)
    .prepare('karpear_session_by_token');
}
const preparedLookups = new WeakMap<Database, ReturnType<typeof buildSessionByToken>>();

function sessionByToken(db: Database): ReturnType<typeof buildSessionByToken> {
  let prepared = preparedLookups.get(db);
  if (!prepared) {
    prepared = buildSessionByToken(db);
    preparedLookups.set(db, prepared);
  }
  return prepared;
}

/** When each actor was resolved (request time on the injected clock), for `requireStepUp`. */
const resolvedAt = new WeakMap<Actor, Date>();

/**
 * Resolve the actor of a request from its session cookie, on every request (nothing cached), so a
 * revoked session, a disabled user or a removed role is refused on the very next request. Refused:
 * unknown token, revoked, idle longer than `sessionIdleMinutes`, older than `sessionAbsoluteHours`,
 * created before the user's `sessions_valid_after`, or a user who is not `active`.
 */
export async function resolveActor(ctx: AppContext, request: FastifyRequest): Promise<Actor | undefined> {
  const token = readSessionToken(request, ctx.config);
  if (!token) return undefined;
  const rows = await sessionByToken(ctx.database.db).execute({ tokenHash: hashToken(token) });
  const s = rows[0];
  if (!s) return undefined;
  const now = ctx.clock.now();
  const idleMs = ctx.config.sessionIdleMinutes * 60_000;
  if (
    s.revokedAt !== null ||
    now.getTime() >= s.lastSeenAt.getTime() + idleMs ||
    now.getTime() >= s.expiresAt.getTime() ||
    (s.sessionsValidAfter !== null && s.createdAt.getTime() < s.sessionsValidAfter.getTime()) ||
    s.status !== 'active'
  ) {
    return undefined;
  }
  if (now.getTime() - s.lastSeenAt.getTime() >= LAST_SEEN_THROTTLE_MS) {
    await ctx.database.db.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.id, s.sessionId));
  }
  const actor: Actor = {
    userId: s.userId,
    agencyId: s.agencyId,
    agencyType: s.agencyType as AgencyType,
    unitId: s.unitId,
    roles: s.roles as Role[],
    sessionId: s.sessionId,
    stepUpAt: s.stepUpAt,
    ip: request.ip ?? null,
    requestId: request.id ?? null,
  };
  resolvedAt.set(actor, now);
  return actor;
}

/**
 * Sensitive operations (four-eyes decisions, password change, disclosures) call this first: the
 * second factor must have been proven in this session within `maxAgeSeconds`, else 401
 * `step_up_required` and the web app asks for it (`POST /api/v1/auth/step-up`) and retries.
 * "Now" is the request's time on the injected clock (or `now` when given).
 */
export function requireStepUp(actor: Actor, maxAgeSeconds: number, now?: Date): void {
  const at = now ?? resolvedAt.get(actor) ?? new Date();
  if (at.getTime() - actor.stepUpAt.getTime() > maxAgeSeconds * 1000) {
    throw new AppError('step_up_required', 'Confirm your second factor to continue');
  }
}
