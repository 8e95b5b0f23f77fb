import { and, desc, eq, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/index.ts';
import { alerts } from './alerts.tables.ts';

export type AlertRow = typeof alerts.$inferSelect;
export type NewAlert = typeof alerts.$inferInsert;

/** Insert unless an alert with the same dedupe key exists; `undefined` when it did. */
export async function insertAlertOnce(db: Executor, alert: NewAlert): Promise<AlertRow | undefined> {
  const rows = await db
    .insert(alerts)
    .values(alert)
    .onConflictDoNothing({ target: alerts.dedupeKey })
    .returning();
  return rows[0];
}

export async function findAlertByDedupeKey(db: Executor, dedupeKey: string): Promise<AlertRow | undefined> {
  const rows = await db.select().from(alerts).where(eq(alerts.dedupeKey, dedupeKey)).limit(1);
  return rows[0];
}

export async function findAlertById(
  db: Executor,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<AlertRow | undefined> {
  const query = db.select().from(alerts).where(eq(alerts.id, id)).limit(1);
  const rows = options.forUpdate ? await query.for('update') : await query;
  return rows[0];
}

/** The alerts a user receives: addressed to them, or to their unit (same agency). */
export interface Recipient {
  userId: string;
  agencyId: string;
  unitId: string | null;
}

function addressedTo(r: Recipient): SQL {
  const toUser = eq(alerts.recipientUserId, r.userId);
  if (r.unitId === null) return toUser;
  // A unit alert reaches the unit's members; the agency check guards against a unit id reused by mistake.
  return or(toUser, and(eq(alerts.recipientUnitId, r.unitId), eq(alerts.agencyId, r.agencyId)))!;
}

export async function listAlertsFor(
  db: Executor,
  recipient: Recipient,
  options: { unacknowledgedOnly: boolean; limit: number; offset: number },
): Promise<{ rows: AlertRow[]; total: number }> {
  const where = options.unacknowledgedOnly
    ? and(addressedTo(recipient), isNull(alerts.acknowledgedAt))
    : addressedTo(recipient);
  const rows = await db
    .select()
    .from(alerts)
    .where(where)
    .orderBy(desc(alerts.createdAt), desc(alerts.id))
    .limit(options.limit)
    .offset(options.offset);
  const count = await db.select({ n: sql<number>`count(*)::int` }).from(alerts).where(where);
  return { rows, total: count[0]?.n ?? 0 };
}

/** One count over the two recipient indexes; the web polls this every minute. */
export async function countUnacknowledgedFor(db: Executor, recipient: Recipient): Promise<number> {
  const rows = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(alerts)
    .where(and(addressedTo(recipient), isNull(alerts.acknowledgedAt)));
  return rows[0]?.n ?? 0;
}

/** Acknowledge once: a second acknowledgement keeps the first who/when. */
export async function acknowledgeAlert(
  db: Executor,
  id: string,
  by: string,
  at: Date,
): Promise<AlertRow | undefined> {
  const rows = await db
    .update(alerts)
    .set({ acknowledgedAt: at, acknowledgedBy: by })
    .where(and(eq(alerts.id, id), isNull(alerts.acknowledgedAt)))
    .returning();
  return rows[0];
}

export async function markEmailed(db: Executor, id: string, at: Date): Promise<void> {
  await db
    .update(alerts)
    .set({ emailedAt: at })
    .where(and(eq(alerts.id, id), isNull(alerts.emailedAt)));
}
