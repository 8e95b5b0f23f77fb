import { and, asc, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/index.ts';
import { entityMerges, personLinks, persons } from './persons.tables.ts';

/** Persons, their links to records and person merges: SQL only. */

export type PersonRow = typeof persons.$inferSelect;
export type PersonLinkRow = typeof personLinks.$inferSelect;
export type MergeRow = typeof entityMerges.$inferSelect;

function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

export async function insertPerson(tx: Executor, row: typeof persons.$inferInsert): Promise<void> {
  await tx.insert(persons).values(row);
}

export async function findPerson(
  db: Executor,
  id: string,
  forUpdate = false,
): Promise<PersonRow | undefined> {
  const q = db.select().from(persons).where(eq(persons.id, id));
  const [row] = forUpdate ? await q.for('update') : await q;
  return row;
}

export async function findPersons(db: Executor, ids: readonly string[]): Promise<PersonRow[]> {
  if (ids.length === 0) return [];
  return db
    .select()
    .from(persons)
    .where(inArray(persons.id, [...ids]));
}

/**
 * Link a person to a record in a role. The key (person, record, role) is unique even over removed
 * links, so a link detached earlier is revived rather than duplicated. Returns the link id.
 */
export async function upsertLink(
  tx: Executor,
  row: Omit<typeof personLinks.$inferInsert, 'id' | 'removedAt'>,
): Promise<string> {
  const [link] = await tx
    .insert(personLinks)
    .values(row)
    .onConflictDoUpdate({
      target: [personLinks.personId, personLinks.recordType, personLinks.recordId, personLinks.role],
      set: { removedAt: null },
    })
    .returning({ id: personLinks.id });
  return link!.id;
}

export async function findLink(db: Executor, id: string): Promise<PersonLinkRow | undefined> {
  const [row] = await db.select().from(personLinks).where(eq(personLinks.id, id));
  return row;
}

export async function removeLink(tx: Executor, id: string, at: Date): Promise<void> {
  await tx.update(personLinks).set({ removedAt: at }).where(eq(personLinks.id, id));
}

/** The active links of a record with their persons' encrypted identities, oldest first. */
export async function activeLinksOfRecord(
  db: Executor,
  recordType: string,
  recordId: string,
): Promise<Array<{ link: PersonLinkRow; person: PersonRow }>> {
  return db
    .select({ link: personLinks, person: persons })
    .from(personLinks)
    .innerJoin(persons, eq(persons.id, personLinks.personId))
    .where(
      and(
        eq(personLinks.recordType, recordType),
        eq(personLinks.recordId, recordId),
        isNull(personLinks.removedAt),
      ),
    )
    .orderBy(asc(personLinks.createdAt), asc(personLinks.id));
}

export async function activeLinksOfPerson(db: Executor, personId: string): Promise<PersonLinkRow[]> {
  return db
    .select()
    .from(personLinks)
    .where(and(eq(personLinks.personId, personId), isNull(personLinks.removedAt)))
    .orderBy(asc(personLinks.createdAt), asc(personLinks.id));
}

/**
 * Other live persons that are probably the same person, by the blind index only: a shared passport
 * key, or a shared name-token pair (`q:` — two tokens of one name of each) with no conflicting year of
 * birth (both known and no shared `y:` key). One statement: the GIN index on name_keys finds persons
 * sharing a pair or passport key (never a single token or a year alone: those are shared by
 * thousands), then one pass over each candidate's keys checks the year. At most 200.
 */
export async function likelySamePersons(
  db: Executor,
  personId: string,
  keys: readonly string[],
): Promise<string[]> {
  const probe = keys.filter((k) => k.startsWith('q:') || k.startsWith('p:'));
  if (probe.length === 0) return [];
  const years = JSON.stringify(keys.filter((k) => k.startsWith('y:')));
  const result = await db.execute(sql`
    WITH mine AS (
      SELECT ARRAY(SELECT jsonb_array_elements_text(${JSON.stringify(probe)}::jsonb)) AS probe,
             ARRAY(SELECT jsonb_array_elements_text(${years}::jsonb)) AS years
    )
    SELECT p.id FROM persons p CROSS JOIN mine
    CROSS JOIN LATERAL (
      SELECT coalesce(bool_or(x LIKE 'p:%' AND x = ANY(mine.probe)), false) AS passport,
             coalesce(bool_or(x LIKE 'y:%'), false) AS has_year,
             coalesce(bool_or(x = ANY(mine.years)), false) AS same_year
      FROM unnest(p.name_keys) x
    ) s
    WHERE p.name_keys && mine.probe AND p.id <> ${personId}::uuid AND p.merged_into IS NULL
      AND (s.passport OR NOT s.has_year OR cardinality(mine.years) = 0 OR s.same_year)
    ORDER BY p.id LIMIT 200`);
  return rowsOf<{ id: string }>(result).map((r) => r.id);
}

// ----- merges -----

/**
 * Re-point a merged person's active links to the survivor. A link the survivor already has (same
 * record and role, even removed) cannot move (unique key): it is retired (removed_at) instead, so
 * nothing is lost and undo can revive it. Returns exactly which link ids moved and which retired.
 */
export async function moveLinks(
  tx: Executor,
  mergedId: string,
  survivorId: string,
  at: Date,
): Promise<{ moved: string[]; retired: string[] }> {
  const retired = rowsOf<{ id: string }>(
    await tx.execute(sql`
      UPDATE person_links l SET removed_at = ${at.toISOString()}::timestamptz
      WHERE l.person_id = ${mergedId}::uuid AND l.removed_at IS NULL AND EXISTS (
        SELECT 1 FROM person_links s WHERE s.person_id = ${survivorId}::uuid
          AND s.record_type = l.record_type AND s.record_id = l.record_id AND s.role = l.role)
      RETURNING l.id`),
  ).map((r) => r.id);
  const moved = rowsOf<{ id: string }>(
    await tx.execute(sql`
      UPDATE person_links SET person_id = ${survivorId}::uuid
      WHERE person_id = ${mergedId}::uuid AND removed_at IS NULL
      RETURNING id`),
  ).map((r) => r.id);
  return { moved: moved.sort(), retired: retired.sort() };
}

/** Undo `moveLinks` exactly: the moved links back to the merged person, the retired ones revived. */
export async function restoreLinks(
  tx: Executor,
  mergedId: string,
  moved: readonly string[],
  retired: readonly string[],
): Promise<number> {
  let n = 0;
  if (moved.length > 0) {
    const r = await tx
      .update(personLinks)
      .set({ personId: mergedId })
      .where(inArray(personLinks.id, [...moved]))
      .returning({ id: personLinks.id });
    n += r.length;
  }
  if (retired.length > 0) {
    const r = await tx
      .update(personLinks)
      .set({ removedAt: null })
      .where(inArray(personLinks.id, [...retired]))
      .returning({ id: personLinks.id });
    n += r.length;
  }
  return n;
}

export async function setMergedInto(tx: Executor, id: string, into: string | null, at: Date): Promise<void> {
  await tx.update(persons).set({ mergedInto: into, updatedAt: at }).where(eq(persons.id, id));
}

export async function insertMerge(tx: Executor, row: typeof entityMerges.$inferInsert): Promise<string> {
  const [m] = await tx.insert(entityMerges).values(row).returning({ id: entityMerges.id });
  return m!.id;
}

export async function findMerge(db: Executor, id: string, forUpdate = false): Promise<MergeRow | undefined> {
  const q = db.select().from(entityMerges).where(eq(entityMerges.id, id));
  const [row] = forUpdate ? await q.for('update') : await q;
  return row;
}

export async function markMergeUndone(tx: Executor, id: string, by: string, at: Date): Promise<void> {
  await tx.update(entityMerges).set({ undoneBy: by, undoneAt: at }).where(eq(entityMerges.id, id));
}

/** Every person id with its encrypted identity, in pages (re-computing the blind index). */
export async function personsPage(db: Executor, after: string | null, limit: number): Promise<PersonRow[]> {
  return db
    .select()
    .from(persons)
    .where(after ? sql`${persons.id} > ${after}::uuid` : undefined)
    .orderBy(asc(persons.id))
    .limit(limit);
}

export async function setNameKeys(tx: Executor, id: string, keys: string[]): Promise<void> {
  await tx.update(persons).set({ nameKeys: keys }).where(eq(persons.id, id));
}
