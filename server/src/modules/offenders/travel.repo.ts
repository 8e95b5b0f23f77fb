import { and, desc, eq, gt, gte, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/index.ts';
import { travelNotifications } from './offenders.tables.ts';

/** SQL of inbound travel notifications (each one a watch until `watch_until`). */
export type TravelRow = typeof travelNotifications.$inferSelect;
export type NewTravel = typeof travelNotifications.$inferInsert;

export async function insertTravel(db: Executor, row: NewTravel): Promise<TravelRow> {
  const rows = await db.insert(travelNotifications).values(row).returning();
  return rows[0]!;
}

export async function findTravel(db: Executor, id: string): Promise<TravelRow | undefined> {
  const rows = await db.select().from(travelNotifications).where(eq(travelNotifications.id, id)).limit(1);
  return rows[0];
}

export async function listTravel(
  db: Executor,
  filter: { agencyId?: string; watchingAt?: Date },
  page: { limit: number; offset: number },
): Promise<{ rows: TravelRow[]; total: number }> {
  const conditions: SQL[] = [];
  if (filter.agencyId) conditions.push(eq(travelNotifications.agencyId, filter.agencyId));
  if (filter.watchingAt) conditions.push(gt(travelNotifications.watchUntil, filter.watchingAt));
  const where = conditions.length > 0 ? and(...conditions) : undefined;
  const rows = await db
    .select()
    .from(travelNotifications)
    .where(where)
    .orderBy(desc(travelNotifications.receivedAt), desc(travelNotifications.id))
    .limit(page.limit)
    .offset(page.offset);
  const count = await db.select({ n: sql<number>`count(*)::int` }).from(travelNotifications).where(where);
  return { rows, total: count[0]?.n ?? 0 };
}

/** Watches the screening index holds: still watching, or (with `createdSince`) created since then. */
export async function watchesForScreening(
  db: Executor,
  options: { now: Date; createdSince?: Date },
): Promise<TravelRow[]> {
  const watching = gt(travelNotifications.watchUntil, options.now);
  const where = options.createdSince
    ? and(watching, gte(travelNotifications.createdAt, options.createdSince))
    : watching;
  return db.select().from(travelNotifications).where(where);
}

export async function lastTravelReference(db: Executor, prefix: string): Promise<string | undefined> {
  const rows = await db
    .select({ reference: travelNotifications.reference })
    .from(travelNotifications)
    // Only references this numbering wrote (`PREFIX-YYYY-nnnnn`): imported or typed ones are ignored.
    .where(sql`${travelNotifications.reference} ~ ${`^${prefix}[0-9]{5,}$`}`)
    .orderBy(desc(sql`length(${travelNotifications.reference})`), desc(travelNotifications.reference))
    .limit(1);
  return rows[0]?.reference;
}
