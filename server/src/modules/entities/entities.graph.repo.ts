import { sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/index.ts';

/** Raw `execute` results differ in shape between drivers only around `rows`. */
function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

/** A node of the walk by its real key: `type` is a record type, `identifier` or `person`. */
export interface NodeRef {
  t: string;
  id: string;
}

export interface NeighbourRow {
  from_t: string;
  from_id: string;
  to_t: string;
  to_id: string;
  role: string;
  /** The holder of a record reached (null when the neighbour is an identifier or a person). */
  agency_code: string | null;
  unit_code: string | null;
}

/**
 * Every neighbour of a whole frontier in ONE statement (the link chart's hot path: one query per
 * half-hop, whatever the frontier's size). The frontier travels as one JSON parameter (the same on
 * PGlite and `pg`). Edges: record ↔ identifier (`identifier_links`, which also links a person to its
 * own identifiers with record_type 'person') and record ↔ person (`person_links`, current links of
 * unmerged persons). A stop-listed identifier never joins anything, in either direction. At most
 * `cap` rows: the caller reports `truncated` when the cap is hit.
 */
export async function selectNeighbours(
  db: Executor,
  frontier: readonly NodeRef[],
  cap: number,
): Promise<NeighbourRow[]> {
  if (frontier.length === 0) return [];
  const json = JSON.stringify(frontier);
  const result = await db.execute(sql`
    WITH f AS (SELECT DISTINCT t, id FROM json_to_recordset(${json}::json) AS f(t text, id uuid))
    SELECT f.t AS from_t, f.id AS from_id, 'identifier' AS to_t, l.identifier_id AS to_id, l.role,
           NULL::text AS agency_code, NULL::text AS unit_code
    FROM f JOIN identifier_links l ON l.record_type = f.t AND l.record_id = f.id
    JOIN identifiers i ON i.id = l.identifier_id AND i.stop_listed IS NULL
    WHERE f.t <> 'identifier'
    UNION ALL
    SELECT f.t, f.id, l.record_type, l.record_id, l.role, a.code, u.code
    FROM f JOIN identifiers i ON f.t = 'identifier' AND i.id = f.id AND i.stop_listed IS NULL
    JOIN identifier_links l ON l.identifier_id = i.id
    JOIN agencies a ON a.id = l.agency_id LEFT JOIN units u ON u.id = l.unit_id
    UNION ALL
    SELECT f.t, f.id, 'person', p.person_id, p.role, NULL::text, NULL::text
    FROM f JOIN person_links p ON p.record_type = f.t AND p.record_id = f.id AND p.removed_at IS NULL
    JOIN persons pe ON pe.id = p.person_id AND pe.merged_into IS NULL
    WHERE f.t NOT IN ('person', 'identifier')
    UNION ALL
    SELECT f.t, f.id, p.record_type, p.record_id, p.role, a.code, u.code
    FROM f JOIN person_links p ON f.t = 'person' AND p.person_id = f.id AND p.removed_at IS NULL
    JOIN agencies a ON a.id = p.agency_id LEFT JOIN units u ON u.id = p.unit_id
    LIMIT ${cap}`);
  return rowsOf<NeighbourRow>(result);
}

export interface GraphRecordHead {
  id: string;
  reference: string;
  status: string;
  agency_id: string;
  unit_id: string | null;
  handling: string;
  agency_code: string;
  unit_code: string | null;
  /** Current case team (cases only), for the `team` relation of cases.read. */
  team: string[] | null;
}

const TABLES = { tip: 'tips', case: 'cases', register_entry: 'register_entries' } as const;
export type HeadType = keyof typeof TABLES;

/**
 * What the policy needs to decide whether a record opens for the viewer, plus its reference and
 * status, for many records of one type in one statement. Read by table name (tips and offenders import
 * this module: no import cycle); read-only.
 */
export async function selectRecordHeads(
  db: Executor,
  type: HeadType,
  ids: readonly string[],
): Promise<GraphRecordHead[]> {
  if (ids.length === 0) return [];
  const json = JSON.stringify(ids);
  const table = sql.raw(TABLES[type]);
  const handling = type === 'register_entry' ? sql`'normal'` : sql`t.handling`;
  const team =
    type === 'case'
      ? sql`(SELECT array_agg(m.user_id::text) FROM case_members m WHERE m.case_id = t.id AND m.removed_at IS NULL)`
      : sql`NULL::text[]`;
  const result = await db.execute(sql`
    SELECT t.id, t.reference, t.status, t.agency_id, t.unit_id, ${handling} AS handling,
           a.code AS agency_code, u.code AS unit_code, ${team} AS team
    FROM ${table} t JOIN agencies a ON a.id = t.agency_id LEFT JOIN units u ON u.id = t.unit_id
    WHERE t.id IN (SELECT (jsonb_array_elements_text(${json}::jsonb))::uuid)`);
  return rowsOf<GraphRecordHead>(result);
}

export interface GraphIdentifierRow {
  id: string;
  kind: string;
  value: string;
  stop_listed: string | null;
}

export async function selectIdentifiers(db: Executor, ids: readonly string[]): Promise<GraphIdentifierRow[]> {
  if (ids.length === 0) return [];
  const json = JSON.stringify(ids);
  const result = await db.execute(sql`
    SELECT id, kind, value, stop_listed FROM identifiers
    WHERE id IN (SELECT (jsonb_array_elements_text(${json}::jsonb))::uuid)`);
  return rowsOf<GraphIdentifierRow>(result);
}

/** For each person: the cases it is currently linked to (its label shows only to a reader of one). */
export async function selectPersonCases(
  db: Executor,
  personIds: readonly string[],
): Promise<Array<{ person_id: string; case_id: string }>> {
  if (personIds.length === 0) return [];
  const json = JSON.stringify(personIds);
  const result = await db.execute(sql`
    SELECT p.person_id, p.record_id AS case_id FROM person_links p
    JOIN persons pe ON pe.id = p.person_id AND pe.merged_into IS NULL
    WHERE p.record_type = 'case' AND p.removed_at IS NULL
      AND p.person_id IN (SELECT (jsonb_array_elements_text(${json}::jsonb))::uuid)`);
  return rowsOf<{ person_id: string; case_id: string }>(result);
}
