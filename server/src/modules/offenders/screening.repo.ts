import { and, eq, gt, gte, inArray, isNull, or, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/index.ts';
import { units } from '../agencies/index.ts';
import { registerEntries, screeningHits, travelNotifications } from './offenders.tables.ts';
import type { EntryRow } from './register.repo.ts';
import type { TravelRow } from './travel.repo.ts';

/** SQL of screening: re-checking matched records against the database, and storing hits. */
export type NewHit = typeof screeningHits.$inferInsert;
export type HitRow = typeof screeningHits.$inferSelect;

/** The unit a hit's officer is told to call (the record's owning unit), read with the record. */
export interface DutyUnit {
  id: string;
  nameEn: string;
  nameKm: string;
}

const dutyUnitColumns = { dutyUnitId: units.id, dutyUnitNameEn: units.nameEn, dutyUnitNameKm: units.nameKm };

function withDutyUnit<T>(r: {
  row: T;
  dutyUnitId: string | null;
  dutyUnitNameEn: string | null;
  dutyUnitNameKm: string | null;
}): T & { dutyUnit: DutyUnit | null } {
  const dutyUnit = r.dutyUnitId
    ? { id: r.dutyUnitId, nameEn: r.dutyUnitNameEn!, nameKm: r.dutyUnitNameKm! }
    : null;
  return { ...r.row, dutyUnit };
}

/**
 * The entries among `ids` that may match now: active and not lapsed — with their unit, so a border
 * check's answer needs no further round trip for it.
 */
export async function liveEntries(
  db: Executor,
  ids: readonly string[],
  now: Date,
): Promise<Array<EntryRow & { dutyUnit: DutyUnit | null }>> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({ row: registerEntries, ...dutyUnitColumns })
    .from(registerEntries)
    .leftJoin(units, eq(units.id, registerEntries.unitId))
    .where(
      and(
        inArray(registerEntries.id, [...ids]),
        eq(registerEntries.status, 'active'),
        or(isNull(registerEntries.expiresAt), gt(registerEntries.expiresAt, now)),
      ),
    );
  return rows.map(withDutyUnit);
}

/** The travel watches among `ids` still running, with their unit. */
export async function liveWatches(
  db: Executor,
  ids: readonly string[],
  now: Date,
): Promise<Array<TravelRow & { dutyUnit: DutyUnit | null }>> {
  if (ids.length === 0) return [];
  const rows = await db
    .select({ row: travelNotifications, ...dutyUnitColumns })
    .from(travelNotifications)
    .leftJoin(units, eq(units.id, travelNotifications.unitId))
    .where(and(inArray(travelNotifications.id, [...ids]), gt(travelNotifications.watchUntil, now)));
  return rows.map(withDutyUnit);
}

/** What the index's sync compares to decide whether a row changed: see `entryVersion`. */
export interface EntryVersionRow {
  id: string;
  updatedAt: Date;
  status: string;
  expiresAt: Date | null;
}

/**
 * The version columns only of the entries changed since `since`: the sync re-reads its overlap window
 * every time, and right after a bulk load that window is the whole register — four columns in one
 * raw statement instead of whole rows mapped by Drizzle (the full rows are read for new versions only).
 */
export async function entryVersionsSince(db: Executor, since: Date): Promise<EntryVersionRow[]> {
  const result = (await db.execute(sql`
    SELECT id, updated_at, status, expires_at FROM register_entries
    WHERE updated_at >= ${since.toISOString()}::timestamptz`)) as unknown as {
    rows: Array<{ id: string; updated_at: Date | string; status: string; expires_at: Date | string | null }>;
  };
  return result.rows.map(versionRow);
}

function versionRow(r: {
  id: string;
  updated_at: Date | string;
  status: string;
  expires_at: Date | string | null;
}): EntryVersionRow {
  return {
    id: r.id,
    updatedAt: new Date(r.updated_at),
    status: r.status,
    expiresAt: r.expires_at === null ? null : new Date(r.expires_at),
  };
}

/**
 * The oldest transaction still running now (its full 64-bit id, as `written_xid` records it): every
 * transaction older than it has committed or aborted, so a read started after this call sees all of
 * their rows. Taken before the sync's reads, it bounds what the next sync must re-read.
 */
export async function oldestRunningXid(db: Executor): Promise<number> {
  const result = (await db.execute(sql`
    SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS xid`)) as unknown as {
    rows: Array<{ xid: string | number }>;
  };
  return Number(result.rows[0]!.xid);
}

/**
 * The version columns of the entries written by transactions from `xid` on (not finished when the
 * previous sync began): new rows, changed rows and late commits, whatever their `updated_at` says —
 * no clock and no overlap window. Read through the `written_xid` index (a trigger stamps every
 * write): when nothing was written, the sync costs one index probe, not a scan of the register.
 */
export async function entryVersionsWrittenSince(db: Executor, xid: number): Promise<EntryVersionRow[]> {
  const result = (await db.execute(sql`
    SELECT id, updated_at, status, expires_at FROM register_entries
    WHERE written_xid >= ${xid}`)) as unknown as {
    rows: Array<{ id: string; updated_at: Date | string; status: string; expires_at: Date | string | null }>;
  };
  return result.rows.map(versionRow);
}

/** Whole entry rows, whatever their status (the sync applies removals too). */
export async function entriesByIds(db: Executor, ids: readonly string[]): Promise<EntryRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(registerEntries)
    .where(inArray(registerEntries.id, [...ids]));
}

export async function insertHit(db: Executor, hit: NewHit): Promise<HitRow> {
  const rows = await db.insert(screeningHits).values(hit).returning();
  return rows[0]!;
}

export interface BatchHitKey {
  id: string;
  line: number;
  registerEntryId: string | null;
  travelNotificationId: string | null;
}

/**
 * The hits a batch has stored already (a retried job resumes instead of storing them again). Hits of
 * a batch are never older than the batch, so `since` (its creation) keeps the scan on the `at` index.
 */
export async function hitsOfBatch(db: Executor, batchId: string, since: Date): Promise<BatchHitKey[]> {
  const rows = await db
    .select({
      id: screeningHits.id,
      line: sql<string>`${screeningHits.screened}->>'line'`,
      registerEntryId: screeningHits.registerEntryId,
      travelNotificationId: screeningHits.travelNotificationId,
    })
    .from(screeningHits)
    .where(
      and(
        gte(screeningHits.at, since),
        eq(screeningHits.channel, 'batch'),
        sql`${screeningHits.screened}->>'batchId' = ${batchId}`,
      ),
    );
  return rows.map((r) => ({ ...r, line: Number(r.line) }));
}
