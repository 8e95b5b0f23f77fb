import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/index.ts';
import { identifiers } from './entities.tables.ts';
import type { LinkedRecord, LinkedRecordType, StoredIdentifierKind } from './entities.types.ts';

/** The stop-list reason of the share rule ("seen in more than X% of tips"): the only one it may undo. */
export const TOO_COMMON_REASON = 'too_common';

/** Raw `execute` results differ in shape between drivers only around `rows`. */
function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

/** One identifier to upsert and link, already mapped to its stored kind and deduplicated. */
export interface LinkRow {
  kind: StoredIdentifierKind;
  value: string;
  role: string;
  stopListed: string | null;
}

export interface UpsertedIdentifier {
  id: string;
  kind: string;
  stopListed: string | null;
  /** Records linked to the identifier, this one included. */
  recordCount: number;
  /** Links this statement created for the identifier (0 on a repeated call). */
  newLinks: number;
  /** True when this record was not linked to the identifier before (so `recordCount` grew by one). */
  newRecord: boolean;
}

/**
 * Upsert identifiers and their links to one record in ONE statement (the import path's hot spot):
 * the rows travel as one JSON parameter (the same on PGlite and `pg`), identifiers are upserted in
 * (kind, value) order so concurrent importers lock shared rows in the same order (no deadlock), and
 * `record_count` grows only when the record was not linked to the identifier yet (any role). Every
 * sub-query reads the snapshot from before the statement, which is what makes "not linked yet" exact.
 * A concurrent transaction inserting the same new identifier waits on the unique index and then takes
 * the DO UPDATE branch, so both succeed.
 */
export async function upsertLinks(
  tx: Executor,
  record: LinkedRecord,
  source: string,
  rows: readonly LinkRow[],
  now: Date,
): Promise<UpsertedIdentifier[]> {
  if (rows.length === 0) return [];
  const json = JSON.stringify(rows.map((r) => ({ k: r.kind, v: r.value, r: r.role, s: r.stopListed })));
  const at = now.toISOString();
  const alreadyLinked = (alias: string) => sql`EXISTS (
        SELECT 1 FROM identifier_links l
        WHERE l.identifier_id = ${sql.raw(alias)}.id AND l.record_type = ${record.type}
          AND l.record_id = ${record.id}::uuid)`;
  const result = await tx.execute(sql`
    WITH input AS (
      SELECT v.k AS kind, v.v AS value, v.r AS role, v.s AS stop
      FROM json_to_recordset(${json}::json) AS v(k text, v text, r text, s text)
    ), uniq AS (
      SELECT kind, value, max(stop) AS stop FROM input GROUP BY kind, value
    ), idents AS (
      INSERT INTO identifiers AS i (kind, value, stop_listed, record_count, first_seen_at, last_seen_at)
      SELECT kind, value, stop, 1, ${at}::timestamptz, ${at}::timestamptz FROM uniq ORDER BY kind, value
      ON CONFLICT (kind, value) DO UPDATE SET
        last_seen_at = GREATEST(i.last_seen_at, excluded.last_seen_at),
        stop_listed = COALESCE(i.stop_listed, excluded.stop_listed),
        record_count = i.record_count + CASE WHEN ${alreadyLinked('i')} THEN 0 ELSE 1 END
      RETURNING i.id, i.kind, i.value, i.stop_listed, i.record_count
    ), links AS (
      INSERT INTO identifier_links (identifier_id, record_type, record_id, role, agency_id, unit_id, source, created_at)
      SELECT d.id, ${record.type}, ${record.id}::uuid, n.role, ${record.agencyId}::uuid, ${record.unitId}::uuid,
             ${source}, ${at}::timestamptz
      FROM input n JOIN idents d ON d.kind = n.kind AND d.value = n.value
      ON CONFLICT (identifier_id, record_type, record_id, role) DO NOTHING
      RETURNING identifier_id
    )
    SELECT d.id, d.kind, d.stop_listed, d.record_count,
           (SELECT count(*)::int FROM links WHERE links.identifier_id = d.id) AS new_links,
           NOT ${alreadyLinked('d')} AS new_record
    FROM idents d`);
  return rowsOf<{
    id: string;
    kind: string;
    stop_listed: string | null;
    record_count: number;
    new_links: number;
    new_record: boolean;
  }>(result).map((r) => ({
    id: r.id,
    kind: r.kind,
    stopListed: r.stop_listed,
    recordCount: Number(r.record_count),
    newLinks: Number(r.new_links),
    newRecord: r.new_record,
  }));
}

/**
 * The share rule's verdict: `too_common` on identifiers not stop-listed yet, or back to linkable
 * (`null`) for identifiers the rule itself stop-listed — never touching another reason. Returns the ids
 * it changed.
 */
export async function setShareVerdict(
  tx: Executor,
  ids: readonly string[],
  verdict: string | null,
): Promise<string[]> {
  if (ids.length === 0) return [];
  const from =
    verdict === null ? eq(identifiers.stopListed, TOO_COMMON_REASON) : isNull(identifiers.stopListed);
  const rows = await tx
    .update(identifiers)
    .set({ stopListed: verdict })
    .where(and(inArray(identifiers.id, [...ids]), from))
    .returning({ id: identifiers.id });
  return rows.map((r) => r.id);
}

/**
 * The share rule's denominator: the number of tips, counted exactly. Called only at share checkpoints
 * (see entities.linking.ts), never on the common path. `pg_class.reltuples` was rejected: PGlite has no
 * autovacuum, so it stays -1, and on PostgreSQL a stale low estimate would stop-list real identifiers.
 */
export async function countTips(db: Executor): Promise<number> {
  const result = await db.execute(sql`SELECT count(*)::int AS n FROM tips`);
  return Number(rowsOf<{ n: number }>(result)[0]?.n ?? 0);
}

export interface RecordIdentifierRow {
  id: string;
  kind: string;
  value: string;
  role: string;
  stop_listed: string | null;
  record_count: number;
}

export async function selectIdentifiersOfRecord(
  db: Executor,
  type: LinkedRecordType,
  id: string,
): Promise<RecordIdentifierRow[]> {
  const result = await db.execute(sql`
    SELECT i.id, i.kind, i.value, l.role, i.stop_listed, i.record_count
    FROM identifier_links l JOIN identifiers i ON i.id = l.identifier_id
    WHERE l.record_type = ${type} AND l.record_id = ${id}::uuid
    ORDER BY i.kind, i.value, l.role`);
  return rowsOf<RecordIdentifierRow>(result);
}

export interface RelatedRow {
  record_type: LinkedRecordType;
  record_id: string;
  agency_id: string;
  unit_id: string | null;
  identifier_id: string;
  kind: string;
  value: string;
}

/**
 * Records sharing a non-stop-listed identifier with the given one, at most `limit` records (those
 * sharing the most identifiers first), one row per (record, shared identifier). The record itself is
 * excluded. A stop-listed identifier never joins anything: it is filtered before the fan-out.
 */
export async function selectRelated(
  db: Executor,
  type: LinkedRecordType,
  id: string,
  limit: number,
): Promise<RelatedRow[]> {
  const result = await db.execute(sql`
    WITH mine AS (
      SELECT DISTINCT l.identifier_id
      FROM identifier_links l JOIN identifiers i ON i.id = l.identifier_id
      WHERE l.record_type = ${type} AND l.record_id = ${id}::uuid AND i.stop_listed IS NULL
    ), hits AS (
      SELECT DISTINCT o.record_type, o.record_id, o.agency_id, o.unit_id, o.identifier_id
      FROM identifier_links o JOIN mine m ON m.identifier_id = o.identifier_id
      WHERE NOT (o.record_type = ${type} AND o.record_id = ${id}::uuid)
    ), top AS (
      SELECT record_type, record_id, count(DISTINCT identifier_id) AS n
      FROM hits GROUP BY record_type, record_id
      ORDER BY n DESC, record_type, record_id LIMIT ${limit}
    )
    SELECT h.record_type, h.record_id, h.agency_id, h.unit_id, h.identifier_id, i.kind, i.value
    FROM hits h JOIN top t ON t.record_type = h.record_type AND t.record_id = h.record_id
    JOIN identifiers i ON i.id = h.identifier_id
    ORDER BY t.n DESC, h.record_type, h.record_id, i.kind, i.value`);
  return rowsOf<RelatedRow>(result);
}

/** The holder of every link of a record changes with the record (a tip reassigned to another unit). */
export async function updateHolder(
  tx: Executor,
  type: LinkedRecordType,
  id: string,
  agencyId: string,
  unitId: string | null,
): Promise<number> {
  const result = (await tx.execute(sql`
    UPDATE identifier_links SET agency_id = ${agencyId}::uuid, unit_id = ${unitId}::uuid
    WHERE record_type = ${type} AND record_id = ${id}::uuid
      AND (agency_id <> ${agencyId}::uuid OR unit_id IS DISTINCT FROM ${unitId}::uuid)`)) as unknown as {
    rowCount?: number | null;
    affectedRows?: number;
  };
  return result.rowCount ?? result.affectedRows ?? 0;
}

// ----- the entities pages -----

export interface IdentifierRow {
  id: string;
  kind: string;
  value: string;
  stop_listed: string | null;
  record_count: number;
  first_seen_at: Date | string;
  last_seen_at: Date | string;
}

/** Which links count as the viewer's own when browsing (from the policy's relation). */
export type LinkScope =
  | { kind: 'any' }
  | { kind: 'agency'; agencyId: string }
  | { kind: 'unit'; unitId: string }
  | { kind: 'none' };

function scopeSql(scope: LinkScope) {
  switch (scope.kind) {
    case 'any':
      return sql`true`;
    case 'agency':
      return sql`l.agency_id = ${scope.agencyId}::uuid`;
    case 'unit':
      return sql`l.unit_id = ${scope.unitId}::uuid`;
    case 'none':
      return sql`false`;
  }
}

/** `%`, `_` and `\` taken literally in ILIKE. */
function likePattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * One page of identifiers: those linked to a record in `scope` whose value contains `q` (trigram
 * index), plus the `exact` (kind, value) pairs wherever they are held. Without `q`: the scope's
 * identifiers in (kind, value) order, which the unique index serves. The total comes with the page
 * (a window count), so one round trip.
 */
export async function searchIdentifiers(
  db: Executor,
  filter: {
    q?: string;
    exact: ReadonlyArray<{ kind: string; value: string }>;
    kind?: string;
    scope: LinkScope;
    limit: number;
    offset: number;
  },
): Promise<{ rows: IdentifierRow[]; total: number }> {
  const own = sql`EXISTS (SELECT 1 FROM identifier_links l WHERE l.identifier_id = i.id AND ${scopeSql(filter.scope)})`;
  const exactJson = JSON.stringify(filter.exact.map((e) => ({ k: e.kind, v: e.value })));
  const exactPairs = sql`SELECT e.k, e.v FROM json_to_recordset(${exactJson}::json) AS e(k text, v text)`;
  // A merged identifier (entities.merge.ts) is never listed itself; typing its value finds its survivor.
  const isExact = sql`((i.kind, i.value) IN (${exactPairs}) OR i.id IN (
    SELECT m.survivor_id FROM entity_merges m JOIN identifiers x ON x.id = m.merged_id
    WHERE m.kind = 'identifier' AND m.undone_at IS NULL AND (x.kind, x.value) IN (${exactPairs})))`;
  const notMerged = sql`NOT EXISTS (SELECT 1 FROM entity_merges m
    WHERE m.kind = 'identifier' AND m.merged_id = i.id AND m.undone_at IS NULL)`;
  const kind = filter.kind ? sql`i.kind = ${filter.kind}` : sql`true`;
  const where =
    filter.q === undefined
      ? sql`${kind} AND ${own} AND ${notMerged}`
      : sql`${kind} AND ((i.value ILIKE ${likePattern(filter.q)} AND ${own}) OR ${isExact}) AND ${notMerged}`;
  const order =
    filter.q === undefined
      ? sql`i.kind, i.value`
      : sql`(${isExact}) DESC, i.record_count DESC, i.kind, i.value`;
  const result = await db.execute(sql`
    SELECT i.id, i.kind, i.value, i.stop_listed, i.record_count, i.first_seen_at, i.last_seen_at,
           count(*) OVER () AS total
    FROM identifiers i WHERE ${where}
    ORDER BY ${order} LIMIT ${filter.limit} OFFSET ${filter.offset}`);
  const rows = rowsOf<IdentifierRow & { total: number | string }>(result);
  return { rows, total: rows.length > 0 ? Number(rows[0]!.total) : 0 };
}

export async function findIdentifier(db: Executor, id: string): Promise<IdentifierRow | undefined> {
  const result = await db.execute(sql`
    SELECT id, kind, value, stop_listed, record_count, first_seen_at, last_seen_at
    FROM identifiers WHERE id = ${id}::uuid`);
  return rowsOf<IdentifierRow>(result)[0];
}

export interface IdentifierRecordRow {
  record_type: LinkedRecordType;
  record_id: string;
  agency_id: string;
  unit_id: string | null;
  agency_code: string;
  unit_code: string | null;
  roles: string[];
}

/** The records linked to an identifier, the scope's first, then the most recently linked; bounded. */
export async function recordsOfIdentifier(
  db: Executor,
  identifierId: string,
  scope: LinkScope,
  limit: number,
): Promise<IdentifierRecordRow[]> {
  const result = await db.execute(sql`
    SELECT l.record_type, l.record_id, l.agency_id, l.unit_id, a.code AS agency_code, u.code AS unit_code,
           array_agg(DISTINCT l.role ORDER BY l.role) AS roles
    FROM identifier_links l
    JOIN agencies a ON a.id = l.agency_id
    LEFT JOIN units u ON u.id = l.unit_id
    WHERE l.identifier_id = ${identifierId}::uuid
    GROUP BY l.record_type, l.record_id, l.agency_id, l.unit_id, a.code, u.code
    ORDER BY bool_or(${scopeSql(scope)}) DESC, max(l.created_at) DESC, l.record_id
    LIMIT ${limit}`);
  return rowsOf<IdentifierRecordRow>(result);
}

export interface RecordHead {
  id: string;
  reference: string;
  status: string;
  agency_id: string;
  unit_id: string | null;
  handling: string;
}

/**
 * Reference, status and policy fields of linked records, by type. Read by table name rather than
 * through the tips/offenders modules, which import this one (no import cycle); read-only heads.
 */
export async function recordHeads(
  db: Executor,
  type: 'tip' | 'case' | 'register_entry',
  ids: readonly string[],
): Promise<RecordHead[]> {
  if (ids.length === 0) return [];
  const json = JSON.stringify(ids);
  const table = sql.raw({ tip: 'tips', case: 'cases', register_entry: 'register_entries' }[type]);
  const handling = type === 'register_entry' ? sql`'normal'` : sql`t.handling`;
  const result = await db.execute(sql`
    SELECT t.id, t.reference, t.status, t.agency_id, t.unit_id, ${handling} AS handling
    FROM ${table} t WHERE t.id IN (SELECT (jsonb_array_elements_text(${json}::jsonb))::uuid)`);
  return rowsOf<RecordHead>(result);
}
