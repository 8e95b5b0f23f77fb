import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/index.ts';
import { agencies, units } from '../agencies/index.ts';
import { users } from '../users/index.ts';
import { tipEvents, tipFiles, tipMessages, tips } from './tips.tables.ts';

/**
 * Tips SQL. No rules here: the service decides, this reads and writes. The queue's SQL lives in
 * tips.queue.repo.ts (split out to keep files small) and is re-exported here: import from this file.
 */
export {
  foldName,
  listTipsPage,
  orAll,
  scopeCondition,
  TIP_TOTAL_CAP,
  type TipListFilter,
  type TipListPage,
  type TipListRow,
} from './tips.queue.repo.ts';

export type TipRow = typeof tips.$inferSelect;
export type NewTipRow = typeof tips.$inferInsert;
export type TipEventRow = typeof tipEvents.$inferSelect;
export type TipFileRow = typeof tipFiles.$inferSelect;
export type TipMessageRow = typeof tipMessages.$inferSelect;

export async function nextReferenceNumber(tx: Executor): Promise<number> {
  const result = (await tx.execute(sql`SELECT nextval('tip_reference_seq') AS n`)) as unknown as {
    rows: Array<{ n: string | number }>;
  };
  return Number(result.rows[0]!.n);
}

export async function findTipIdBySourceKey(
  db: Executor,
  sourceKey: string,
): Promise<{ id: string; reference: string } | undefined> {
  const rows = await db
    .select({ id: tips.id, reference: tips.reference })
    .from(tips)
    .where(eq(tips.sourceKey, sourceKey));
  return rows[0];
}

export async function insertTipRow(tx: Executor, row: NewTipRow): Promise<TipRow> {
  const [out] = await tx.insert(tips).values(row).returning();
  return out!;
}

export async function setReporterContact(tx: Executor, id: string, sealed: Buffer): Promise<void> {
  await tx.update(tips).set({ reporterContact: sealed }).where(eq(tips.id, id));
}

export async function findTipById(
  db: Executor,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<TipRow | undefined> {
  const q = db.select().from(tips).where(eq(tips.id, id));
  const rows = options.forUpdate ? await q.for('update') : await q;
  return rows[0];
}

export async function findTipsByIds(tx: Executor, ids: readonly string[]): Promise<TipRow[]> {
  if (ids.length === 0) return [];
  return tx
    .select()
    .from(tips)
    .where(inArray(tips.id, [...ids]))
    .orderBy(asc(tips.id))
    .for('update');
}

/** Update only when the row is still at `version` (optimistic locking); undefined when stale. */
export async function updateTipAtVersion(
  tx: Executor,
  id: string,
  version: number,
  changes: Partial<NewTipRow>,
  now: Date,
): Promise<TipRow | undefined> {
  const [row] = await tx
    .update(tips)
    .set({ ...changes, updatedAt: now, version: sql`${tips.version} + 1` })
    .where(and(eq(tips.id, id), eq(tips.version, version)))
    .returning();
  return row;
}

export async function insertEvent(tx: Executor, event: typeof tipEvents.$inferInsert): Promise<void> {
  await tx.insert(tipEvents).values(event);
}

export async function insertFiles(tx: Executor, files: Array<typeof tipFiles.$inferInsert>): Promise<void> {
  if (files.length > 0) await tx.insert(tipFiles).values(files);
}

export async function eventsOf(db: Executor, tipId: string): Promise<TipEventRow[]> {
  return db
    .select()
    .from(tipEvents)
    .where(eq(tipEvents.tipId, tipId))
    .orderBy(asc(tipEvents.at), asc(tipEvents.id));
}

export async function messagesOf(db: Executor, tipId: string): Promise<TipMessageRow[]> {
  return db
    .select()
    .from(tipMessages)
    .where(eq(tipMessages.tipId, tipId))
    .orderBy(asc(tipMessages.at), asc(tipMessages.id));
}

export async function filesOf(db: Executor, tipId: string): Promise<TipFileRow[]> {
  return db.select().from(tipFiles).where(eq(tipFiles.tipId, tipId)).orderBy(asc(tipFiles.id));
}

export async function insertMessage(
  tx: Executor,
  message: typeof tipMessages.$inferInsert,
): Promise<TipMessageRow> {
  const [row] = await tx.insert(tipMessages).values(message).returning();
  return row!;
}

export async function findFile(tx: Executor, tipId: string, fileId: string): Promise<TipFileRow | undefined> {
  const rows = await tx
    .select()
    .from(tipFiles)
    .where(and(eq(tipFiles.id, fileId), eq(tipFiles.tipId, tipId)))
    .for('update');
  return rows[0];
}

export async function recordFileAuthority(
  tx: Executor,
  fileId: string,
  authority: string,
  by: string,
  at: Date,
): Promise<TipFileRow> {
  const [row] = await tx
    .update(tipFiles)
    .set({ locked: false, legalAuthority: authority, legalAuthorityBy: by, legalAuthorityAt: at })
    .where(eq(tipFiles.id, fileId))
    .returning();
  return row!;
}

/**
 * Active register entries holding one of these `CC:NUMBER` passports: exact match on the number, and on
 * the country when the register knows it. Raw SQL: the offenders module exports no tables yet.
 */
export async function countRegisterPassportHits(db: Executor, passports: readonly string[]): Promise<number> {
  const pairs = passports
    .map((p) => {
      const i = p.indexOf(':');
      return i < 0 ? null : { country: p.slice(0, i), number: p.slice(i + 1) };
    })
    .filter((p): p is { country: string; number: string } => p !== null && p.number.length > 0);
  if (pairs.length === 0) return 0;
  const match = sql.join(
    pairs.map((p) => sql`(p.number = ${p.number} AND (p.country IS NULL OR p.country = ${p.country}))`),
    sql` OR `,
  );
  const result = (await db.execute(sql`
    SELECT count(DISTINCT e.id)::int AS n FROM register_passports p
    JOIN register_entries e ON e.id = p.entry_id
    WHERE e.status = 'active' AND (${match})`)) as unknown as { rows: Array<{ n: number | string }> };
  return Number(result.rows[0]?.n ?? 0);
}

export async function findAgencyAndUnitByCode(
  db: Executor,
  agencyCode: string,
  unitCode: string,
): Promise<{ agencyId: string; unitId: string | null } | undefined> {
  const rows = await db
    .select({ agencyId: agencies.id, unitId: units.id })
    .from(agencies)
    .leftJoin(units, and(eq(units.agencyId, agencies.id), eq(units.code, unitCode)))
    .where(eq(agencies.code, agencyCode));
  return rows[0];
}

export async function findUnit(
  db: Executor,
  id: string,
): Promise<{ id: string; agencyId: string; code: string } | undefined> {
  const rows = await db
    .select({ id: units.id, agencyId: units.agencyId, code: units.code })
    .from(units)
    .where(eq(units.id, id));
  return rows[0];
}

export async function findUserUnit(
  db: Executor,
  id: string,
): Promise<{ id: string; agencyId: string; unitId: string | null; status: string } | undefined> {
  const rows = await db
    .select({ id: users.id, agencyId: users.agencyId, unitId: users.unitId, status: users.status })
    .from(users)
    .where(eq(users.id, id));
  return rows[0];
}

/** Agency and unit codes by id, for deconfliction ("held by unit X"). */
export async function holderCodes(
  db: Executor,
  agencyIds: readonly string[],
  unitIds: readonly string[],
): Promise<{ agencies: Map<string, string>; units: Map<string, string> }> {
  const a =
    agencyIds.length > 0
      ? await db
          .select({ id: agencies.id, code: agencies.code })
          .from(agencies)
          .where(inArray(agencies.id, [...agencyIds]))
      : [];
  const u =
    unitIds.length > 0
      ? await db
          .select({ id: units.id, code: units.code })
          .from(units)
          .where(inArray(units.id, [...unitIds]))
      : [];
  return { agencies: new Map(a.map((r) => [r.id, r.code])), units: new Map(u.map((r) => [r.id, r.code])) };
}

/** Tips by id with what the deconfliction view needs: reference, status and the policy fields. */
export async function tipHeads(
  db: Executor,
  ids: readonly string[],
): Promise<Array<Pick<TipRow, 'id' | 'reference' | 'status' | 'agencyId' | 'unitId' | 'handling'>>> {
  if (ids.length === 0) return [];
  return db
    .select({
      id: tips.id,
      reference: tips.reference,
      status: tips.status,
      agencyId: tips.agencyId,
      unitId: tips.unitId,
      handling: tips.handling,
    })
    .from(tips)
    .where(inArray(tips.id, [...ids]));
}
export async function countLockedFiles(db: Executor, tipId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(tipFiles)
    .where(and(eq(tipFiles.tipId, tipId), eq(tipFiles.locked, true)));
  return Number(row?.n ?? 0);
}
