import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import { type Executor, rowSet } from '../../platform/db/index.ts';

/**
 * SQL of the batched linking path (`linkIdentifiersMany` in entities.linking.ts): a few set-based
 * statements for a whole batch of records instead of one upsert per record. Every list travels as one
 * text parameter read back as rows (`rowSet`: the same on PGlite and `pg`).
 */

function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

export interface LockedIdentifier {
  id: string;
  kind: string;
  value: string;
  stop_listed: string | null;
  record_count: number;
}

/**
 * Lock the identifiers that exist among these (kind, value) pairs until commit, in (kind, value) order
 * like `upsertLinks` (concurrent writers lock shared rows in one order: no deadlock), and answer their
 * state before the batch. The ones missing are the caller's to insert (`insertNewIdentifiers`).
 */
export async function lockIdentifiers(
  tx: Executor,
  pairs: ReadonlyArray<{ kind: string; value: string }>,
): Promise<LockedIdentifier[]> {
  if (pairs.length === 0) return [];
  const set = pairs.map((p) => ({ k: p.kind, v: p.value }));
  const result = await tx.execute(sql`
    SELECT i.id, i.kind, i.value, i.stop_listed, i.record_count
    FROM identifiers i JOIN ${rowSet('v', 'k text, v text', set)} ON i.kind = v.k AND i.value = v.v
    ORDER BY i.kind, i.value FOR UPDATE OF i`);
  return rowsOf<LockedIdentifier>(result).map((r) => ({ ...r, record_count: Number(r.record_count) }));
}

/** Longest merge chain followed (A→B→C…): merges are made by hand, so a longer one is a data fault. */
export const MAX_MERGE_CHAIN = 32;

export interface MergedPair {
  /** The (kind, value) asked for: an identifier absorbed by an active merge. */
  kind: string;
  value: string;
  /** Its final survivor, following later merges of the survivor itself. */
  survivorId: string;
  survivorKind: string;
  survivorValue: string;
  /** True when the chain did not end within `MAX_MERGE_CHAIN` steps (a cycle or a runaway chain). */
  unresolved: boolean;
}

interface MergeStep {
  merged_id: string;
  survivor_id: string;
  survivor_kind: string;
  survivor_value: string;
}

/** An active merge (kind `identifier`, not undone); the latest one should there ever be two. */
const activeMerge = sql`m.kind = 'identifier' AND m.undone_at IS NULL`;

/**
 * The merged identifiers among these (kind, value) pairs, each with its final survivor: an active
 * `entity_merges` row redirects the merged id to its survivor, and the walk goes on while the survivor
 * was itself merged later (bounded by `MAX_MERGE_CHAIN`). Pairs that exist unmerged, or do not exist,
 * are not answered. One statement when nothing is merged (the usual case: this runs twice per linked
 * record), one more per chain step otherwise. It starts from the active merges, not from the pairs:
 * merges are made by hand (a few), while an import batch asks about ~1,800 pairs; with no merge at all
 * the `EXISTS` gate skips even reading the pairs (both cost ~60 µs a report on PGlite). No lock:
 * the caller re-checks after locking.
 */
export async function selectMergedSurvivors(
  tx: Executor,
  pairs: ReadonlyArray<{ kind: string; value: string }>,
): Promise<MergedPair[]> {
  if (pairs.length === 0) return [];
  const set = pairs.map((p) => ({ k: p.kind, v: p.value }));
  const first = rowsOf<MergeStep & { kind: string; value: string }>(
    await tx.execute(sql`
      WITH merged AS MATERIALIZED (
        SELECT i.kind, i.value, i.id, m.survivor_id, m.merged_at, m.id AS merge_id
        FROM entity_merges m JOIN identifiers i ON i.id = m.merged_id WHERE ${activeMerge})
      SELECT DISTINCT ON (i.id) i.kind, i.value, i.id AS merged_id, s.id AS survivor_id,
             s.kind AS survivor_kind, s.value AS survivor_value
      FROM merged i
      JOIN ${rowSet('v', 'k text, v text', set)} ON i.kind = v.k AND i.value = v.v
      JOIN identifiers s ON s.id = i.survivor_id
      WHERE EXISTS (SELECT 1 FROM merged)
      ORDER BY i.id, i.merged_at DESC, i.merge_id`),
  );
  if (first.length === 0) return [];
  const answers = first.map((r) => ({
    kind: r.kind,
    value: r.value,
    survivorId: r.survivor_id,
    survivorKind: r.survivor_kind,
    survivorValue: r.survivor_value,
    unresolved: false,
  }));
  // Follow survivors merged later, all chains one step per statement.
  for (let step = 1; ; step++) {
    const ids = [...new Set(answers.map((a) => a.survivorId))];
    const next = new Map(
      rowsOf<MergeStep>(
        await tx.execute(sql`
          SELECT DISTINCT ON (m.merged_id) m.merged_id, s.id AS survivor_id, s.kind AS survivor_kind,
                 s.value AS survivor_value
          FROM entity_merges m JOIN identifiers s ON s.id = m.survivor_id
          WHERE ${activeMerge} AND m.merged_id IN (SELECT (json_array_elements_text(${JSON.stringify(ids)}::json))::uuid)
          ORDER BY m.merged_id, m.merged_at DESC, m.id`),
      ).map((r) => [r.merged_id, r]),
    );
    if (next.size === 0) return answers;
    if (step >= MAX_MERGE_CHAIN) {
      for (const a of answers) a.unresolved ||= next.has(a.survivorId);
      return answers;
    }
    for (const a of answers) {
      const n = next.get(a.survivorId);
      if (!n) continue;
      a.survivorId = n.survivor_id;
      a.survivorKind = n.survivor_kind;
      a.survivorValue = n.survivor_value;
    }
  }
}

export interface IdentifierState {
  id: string;
  kind: string;
  value: string;
  recordCount: number;
  stopListed: string | null;
}

/**
 * Insert identifiers that did not exist, with their final counts and reasons (one index entry each,
 * not an insert then an update). Answers how many were inserted: fewer means another transaction
 * created one meanwhile (the caller retries its batch).
 */
export async function insertNewIdentifiers(
  tx: Executor,
  rows: readonly IdentifierState[],
  now: Date,
): Promise<number> {
  if (rows.length === 0) return 0;
  const set = rows.map((r) => ({ i: r.id, k: r.kind, v: r.value, s: r.stopListed, c: r.recordCount }));
  const at = now.toISOString();
  const result = await tx.execute(sql`
    INSERT INTO identifiers (id, kind, value, stop_listed, record_count, first_seen_at, last_seen_at)
    SELECT v.i, v.k, v.v, v.s, v.c, ${at}::timestamptz, ${at}::timestamptz
    FROM ${rowSet('v', 'i uuid, k text, v text, s text, c int', set)} ORDER BY v.k, v.v
    ON CONFLICT (kind, value) DO NOTHING
    RETURNING id`);
  return rowsOf(result).length;
}

/** The links the given records already have (usually none: records being created). */
export async function selectLinksOfRecords(
  tx: Executor,
  records: ReadonlyArray<{ type: string; id: string }>,
): Promise<Array<{ identifier_id: string; record_type: string; record_id: string; role: string }>> {
  if (records.length === 0) return [];
  const set = records.map((r) => ({ t: r.type, i: r.id }));
  const result = await tx.execute(sql`
    SELECT l.identifier_id, l.record_type, l.record_id, l.role FROM identifier_links l
    JOIN ${rowSet('v', 't text, i uuid', set)} ON l.record_type = v.t AND l.record_id = v.i`);
  return rowsOf(result);
}

/** Final record counts, reasons and last sighting of identifiers this transaction has locked. */
export async function setIdentifierStates(
  tx: Executor,
  states: ReadonlyArray<Pick<IdentifierState, 'id' | 'recordCount' | 'stopListed'>>,
  now: Date,
): Promise<void> {
  if (states.length === 0) return;
  const set = states.map((s) => ({ i: s.id, c: s.recordCount, s: s.stopListed }));
  await tx.execute(sql`
    UPDATE identifiers AS d
    SET record_count = v.c, stop_listed = v.s, last_seen_at = GREATEST(d.last_seen_at, ${now.toISOString()}::timestamptz)
    FROM ${rowSet('v', 'i uuid, c int, s text', set)}
    WHERE d.id = v.i`);
}

export interface NewLinkRow {
  identifierId: string;
  recordType: string;
  recordId: string;
  role: string;
  agencyId: string;
  unitId: string | null;
  source: string;
}

/**
 * Insert links already known to be new: the plan read the records' links and holds the locks of their
 * identifiers, which every other linker takes first, so no other writer can add one of them. No
 * ON CONFLICT clause (speculative insertion costs each row): were one there all the same, the unique
 * key refuses the statement and the caller's batch rolls back whole (the import then files per report).
 * Link ids are made here (`gen_random_uuid()` costs ~5 µs a row on PGlite).
 */
export async function insertLinkRows(tx: Executor, rows: readonly NewLinkRow[], now: Date): Promise<void> {
  if (rows.length === 0) return;
  const set = rows.map((r) => ({
    l: randomUUID(),
    i: r.identifierId,
    t: r.recordType,
    r: r.recordId,
    o: r.role,
    a: r.agencyId,
    u: r.unitId,
    s: r.source,
  }));
  await tx.execute(sql`
    INSERT INTO identifier_links (id, identifier_id, record_type, record_id, role, agency_id, unit_id, source, created_at)
    SELECT v.l, v.i, v.t, v.r, v.o, v.a, v.u, v.s, ${now.toISOString()}::timestamptz
    FROM ${rowSet('v', 'l uuid, i uuid, t text, r uuid, o text, a uuid, u uuid, s text', set)}`);
}
