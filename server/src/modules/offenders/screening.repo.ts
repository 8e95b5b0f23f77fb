import { and, eq, gt, inArray, isNull, or } from 'drizzle-orm';
import type { Executor } from '../../platform/db/index.ts';
import { registerEntries, screeningHits, travelNotifications } from './offenders.tables.ts';
import type { EntryRow } from './register.repo.ts';
import type { TravelRow } from './travel.repo.ts';

/** SQL of screening: re-checking matched records against the database, and storing hits. */
export type NewHit = typeof screeningHits.$inferInsert;
export type HitRow = typeof screeningHits.$inferSelect;

/** The entries among `ids` that may match now: active and not lapsed. */
export async function liveEntries(db: Executor, ids: readonly string[], now: Date): Promise<EntryRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(registerEntries)
    .where(
      and(
        inArray(registerEntries.id, [...ids]),
        eq(registerEntries.status, 'active'),
        or(isNull(registerEntries.expiresAt), gt(registerEntries.expiresAt, now)),
      ),
    );
}

/** The watches among `ids` still watching now. */
export async function liveWatches(db: Executor, ids: readonly string[], now: Date): Promise<TravelRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(travelNotifications)
    .where(and(inArray(travelNotifications.id, [...ids]), gt(travelNotifications.watchUntil, now)));
}

export async function insertHit(db: Executor, hit: NewHit): Promise<HitRow> {
  const rows = await db.insert(screeningHits).values(hit).returning();
  return rows[0]!;
}
