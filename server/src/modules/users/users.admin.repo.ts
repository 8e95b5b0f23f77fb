import { and, asc, eq, ilike, or, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/index.ts';
import { units } from '../agencies/index.ts';
import type { UserRow } from './users.repo.ts';
import { users } from './users.tables.ts';

/** A user row with a summary of its second factors (for administrators: enrolled or not). */
export type UserWithFactors = UserRow & { hasTotp: boolean; webauthnCount: number };

// Qualified by hand: Drizzle prints a single-table select's columns unqualified, and inside these
// subqueries a bare "id" would be the factor table's own.
const withFactors = {
  hasTotp: sql<boolean>`exists (select 1 from totp_factors f where f.user_id = "users"."id")`,
  webauthnCount: sql<number>`(select count(*)::int from webauthn_credentials w where w.user_id = "users"."id")`,
};

export interface UserFilter {
  agencyId?: string;
  status?: string;
  q?: string;
  limit: number;
  offset: number;
}

/** `%` and `_` typed by a user are literal characters, not wildcards. */
function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

export async function listUsers(
  db: Executor,
  filter: UserFilter,
): Promise<{ rows: UserWithFactors[]; total: number }> {
  const conditions: SQL[] = [];
  if (filter.agencyId) conditions.push(eq(users.agencyId, filter.agencyId));
  if (filter.status) conditions.push(eq(users.status, filter.status));
  if (filter.q) {
    const pattern = likePattern(filter.q);
    conditions.push(or(ilike(users.email, pattern), ilike(users.displayName, pattern))!);
  }
  const where = conditions.length > 0 ? and(...conditions) : undefined;
  const [rows, counted] = await Promise.all([
    db
      .select({ user: users, ...withFactors })
      .from(users)
      .where(where)
      .orderBy(asc(users.email))
      .limit(filter.limit)
      .offset(filter.offset),
    db.select({ n: sql<number>`count(*)::int` }).from(users).where(where),
  ]);
  return {
    rows: rows.map((r) => ({ ...r.user, hasTotp: r.hasTotp, webauthnCount: r.webauthnCount })),
    total: counted[0]?.n ?? 0,
  };
}

export async function findUserWithFactors(db: Executor, id: string): Promise<UserWithFactors | undefined> {
  const rows = await db
    .select({ user: users, ...withFactors })
    .from(users)
    .where(eq(users.id, id))
    .limit(1);
  const r = rows[0];
  return r ? { ...r.user, hasTotp: r.hasTotp, webauthnCount: r.webauthnCount } : undefined;
}

export async function unitBelongsTo(db: Executor, unitId: string, agencyId: string): Promise<boolean> {
  const rows = await db
    .select({ id: units.id })
    .from(units)
    .where(and(eq(units.id, unitId), eq(units.agencyId, agencyId)))
    .limit(1);
  return rows.length > 0;
}
