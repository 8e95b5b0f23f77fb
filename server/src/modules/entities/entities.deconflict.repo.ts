import { sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/index.ts';

function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

/** Another holder's active record sharing an identifier or a person with the record being linked. */
export interface HolderRow {
  record_type: 'tip' | 'case' | 'register_entry';
  record_id: string;
  reference: string;
  agency_id: string;
  unit_id: string | null;
  agency_code: string;
  unit_code: string | null;
}

/**
 * Active records of OTHER holders (another agency, or another unit of the same agency) that share one
 * of the given identifiers (non-stop-listed), a passport with an active register entry
 * (register_passports by normalised number, the part after `CC:`), or one of the given persons. One
 * statement. "Active": a tip neither closed nor converted (its case counts instead), a case not closed,
 * a register entry `active`. NGO referrals have no table yet.
 */
export async function selectOtherHolders(
  db: Executor,
  record: { type: string; id: string; agencyId: string; unitId: string | null },
  identifierIds: readonly string[],
  personIds: readonly string[],
): Promise<HolderRow[]> {
  const idents = JSON.stringify(identifierIds);
  const persons = JSON.stringify(personIds);
  const result = await db.execute(sql`
    WITH live AS (
      SELECT i.id, i.kind, i.value FROM identifiers i
      WHERE i.stop_listed IS NULL AND i.id IN (SELECT (jsonb_array_elements_text(${idents}::jsonb))::uuid)
    ), hits AS (
      SELECT l.record_type AS t, l.record_id AS id FROM identifier_links l JOIN live ON live.id = l.identifier_id
      UNION
      SELECT 'register_entry', rp.entry_id FROM register_passports rp
      JOIN live ON live.kind = 'passport' AND rp.number = split_part(live.value, ':', 2)
      UNION
      SELECT p.record_type, p.record_id FROM person_links p
      WHERE p.removed_at IS NULL AND p.person_id IN (SELECT (jsonb_array_elements_text(${persons}::jsonb))::uuid)
    ), heads AS (
      SELECT 'tip' AS t, x.id, x.reference, x.agency_id, x.unit_id FROM tips x
      WHERE x.id IN (SELECT id FROM hits WHERE t = 'tip') AND x.status NOT IN ('closed_no_action', 'converted_to_case')
      UNION ALL
      SELECT 'case', x.id, x.reference, x.agency_id, x.unit_id FROM cases x
      WHERE x.id IN (SELECT id FROM hits WHERE t = 'case') AND x.status <> 'closed'
      UNION ALL
      SELECT 'register_entry', x.id, x.reference, x.agency_id, x.unit_id FROM register_entries x
      WHERE x.id IN (SELECT id FROM hits WHERE t = 'register_entry') AND x.status = 'active'
    )
    SELECT h.t AS record_type, h.id AS record_id, h.reference, h.agency_id, h.unit_id,
           a.code AS agency_code, u.code AS unit_code
    FROM heads h JOIN agencies a ON a.id = h.agency_id LEFT JOIN units u ON u.id = h.unit_id
    WHERE NOT (h.t = ${record.type} AND h.id = ${record.id}::uuid)
      AND (h.agency_id <> ${record.agencyId}::uuid OR h.unit_id IS DISTINCT FROM ${record.unitId}::uuid)
    ORDER BY h.t, h.id`);
  return rowsOf<HolderRow>(result);
}

/** The record's own holder codes (for the alert the other side receives). */
export async function selectHolderCodes(
  db: Executor,
  agencyId: string,
  unitId: string | null,
): Promise<{ agency_code: string; unit_code: string | null }> {
  const result = await db.execute(sql`
    SELECT a.code AS agency_code, (SELECT u.code FROM units u WHERE u.id = ${unitId}::uuid) AS unit_code
    FROM agencies a WHERE a.id = ${agencyId}::uuid`);
  return (
    rowsOf<{ agency_code: string; unit_code: string | null }>(result)[0] ?? {
      agency_code: '',
      unit_code: null,
    }
  );
}

/** Where an agency-level record's alerts go: its agency's supervisors (active or locked accounts). */
export async function selectAgencySupervisors(db: Executor, agencyId: string): Promise<string[]> {
  const result = await db.execute(sql`
    SELECT id FROM users WHERE agency_id = ${agencyId}::uuid AND 'unit_supervisor' = ANY(roles)
      AND status IN ('active', 'locked') ORDER BY id`);
  return rowsOf<{ id: string }>(result).map((r) => r.id);
}
