import { and, asc, desc, eq, gt, gte, ilike, inArray, isNull, or, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/index.ts';
import { registerEntries, registerNames, registerPassports } from './offenders.tables.ts';

/** SQL of the offender register: entries with their names and passports. */
export type EntryRow = typeof registerEntries.$inferSelect;
export type NewEntry = typeof registerEntries.$inferInsert;
export type NameRow = typeof registerNames.$inferSelect;
export type PassportRow = typeof registerPassports.$inferSelect;

export interface EntryWithParts {
  entry: EntryRow;
  names: NameRow[];
  passports: PassportRow[];
}

export async function insertEntry(db: Executor, entry: NewEntry): Promise<EntryRow> {
  const rows = await db.insert(registerEntries).values(entry).returning();
  return rows[0]!;
}

export async function findEntry(
  db: Executor,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<EntryRow | undefined> {
  const query = db.select().from(registerEntries).where(eq(registerEntries.id, id)).limit(1);
  const rows = options.forUpdate ? await query.for('update') : await query;
  return rows[0];
}

export async function updateEntry(db: Executor, id: string, changes: Partial<NewEntry>): Promise<EntryRow> {
  const rows = await db.update(registerEntries).set(changes).where(eq(registerEntries.id, id)).returning();
  return rows[0]!;
}

/** Replace an entry's names (order kept: the primary name first). */
export async function replaceNames(
  db: Executor,
  entryId: string,
  names: ReadonlyArray<{ name: string; primary: boolean }>,
): Promise<void> {
  await db.delete(registerNames).where(eq(registerNames.entryId, entryId));
  if (names.length > 0)
    await db
      .insert(registerNames)
      .values(names.map((n) => ({ entryId, name: n.name, isPrimary: n.primary })));
}

export async function replacePassports(
  db: Executor,
  entryId: string,
  passports: ReadonlyArray<{ country: string | null; number: string }>,
): Promise<void> {
  await db.delete(registerPassports).where(eq(registerPassports.entryId, entryId));
  if (passports.length > 0)
    await db.insert(registerPassports).values(passports.map((p) => ({ entryId, ...p })));
}

/** Names and passports of the given entries, grouped by entry id (primary name first). */
export async function partsOf(
  db: Executor,
  entryIds: readonly string[],
): Promise<Map<string, { names: NameRow[]; passports: PassportRow[] }>> {
  const out = new Map<string, { names: NameRow[]; passports: PassportRow[] }>();
  for (const id of entryIds) out.set(id, { names: [], passports: [] });
  if (entryIds.length === 0) return out;
  // Chunks keep the parameter count of one statement bounded when the whole register is loaded.
  for (let i = 0; i < entryIds.length; i += 5_000) {
    const chunk = entryIds.slice(i, i + 5_000);
    const names = await db
      .select()
      .from(registerNames)
      .where(inArray(registerNames.entryId, chunk))
      .orderBy(desc(registerNames.isPrimary), asc(registerNames.name));
    for (const n of names) out.get(n.entryId)?.names.push(n);
    const passports = await db
      .select()
      .from(registerPassports)
      .where(inArray(registerPassports.entryId, chunk));
    for (const p of passports) out.get(p.entryId)?.passports.push(p);
  }
  return out;
}

export interface EntryFilter {
  status?: string;
  q?: string;
  /** Only this agency's entries (`own_agency` readers); undefined for national readers. */
  agencyId?: string;
  /** `q` as a normalised passport number, when it looks like one. */
  passportNumber?: string;
}

/** One page of entries, newest first, with the primary name of each. */
export async function listEntries(
  db: Executor,
  filter: EntryFilter,
  page: { limit: number; offset: number },
): Promise<{ rows: Array<EntryRow & { primaryName: string | null }>; total: number }> {
  const conditions: SQL[] = [];
  if (filter.agencyId) conditions.push(eq(registerEntries.agencyId, filter.agencyId));
  if (filter.status) conditions.push(eq(registerEntries.status, filter.status));
  if (filter.q) {
    const like = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const matches: SQL[] = [
      ilike(registerEntries.reference, like),
      sql`EXISTS (SELECT 1 FROM ${registerNames} n WHERE n.entry_id = ${registerEntries.id} AND n.name ILIKE ${like})`,
    ];
    if (filter.passportNumber)
      matches.push(
        sql`EXISTS (SELECT 1 FROM ${registerPassports} p WHERE p.entry_id = ${registerEntries.id} AND p.number = ${filter.passportNumber})`,
      );
    conditions.push(or(...matches)!);
  }
  const where = conditions.length > 0 ? and(...conditions) : undefined;
  const primaryName = sql<
    string | null
  >`(SELECT n.name FROM ${registerNames} n WHERE n.entry_id = ${registerEntries.id} ORDER BY n.is_primary DESC, n.name LIMIT 1)`;
  const rows = await db
    .select({ entry: registerEntries, primaryName })
    .from(registerEntries)
    .where(where)
    .orderBy(desc(registerEntries.createdAt), desc(registerEntries.id))
    .limit(page.limit)
    .offset(page.offset);
  const count = await db.select({ n: sql<number>`count(*)::int` }).from(registerEntries).where(where);
  return { rows: rows.map((r) => ({ ...r.entry, primaryName: r.primaryName })), total: count[0]?.n ?? 0 };
}

/**
 * Entries the screening index must hold: active and not lapsed (`expires_at` in the future or none).
 * With `changedSince`, every entry changed since then whatever its status (the index drops the ones
 * no longer active).
 */
export async function entriesForScreening(
  db: Executor,
  options: { now: Date; changedSince?: Date },
): Promise<EntryRow[]> {
  const where = options.changedSince
    ? gte(registerEntries.updatedAt, options.changedSince)
    : and(
        eq(registerEntries.status, 'active'),
        or(isNull(registerEntries.expiresAt), gt(registerEntries.expiresAt, options.now)),
      );
  return db.select().from(registerEntries).where(where);
}

/** The next `REG-<year>-<5 digits>` (callers hold the reference lock). */
export async function lastEntryReference(db: Executor, prefix: string): Promise<string | undefined> {
  const rows = await db
    .select({ reference: registerEntries.reference })
    .from(registerEntries)
    // Only references this numbering wrote (`PREFIX-YYYY-nnnnn`): imported or typed ones are ignored.
    .where(sql`${registerEntries.reference} ~ ${`^${prefix}[0-9]{5,}$`}`)
    .orderBy(desc(sql`length(${registerEntries.reference})`), desc(registerEntries.reference))
    .limit(1);
  return rows[0]?.reference;
}
