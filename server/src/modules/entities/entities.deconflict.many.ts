import { sql } from 'drizzle-orm';
import { type Executor, rowSet } from '../../platform/db/index.ts';
import { type DeconflictRecord, type DeconflictResult, deconflict } from './entities.deconflict.ts';

/**
 * Deconfliction for a batch of records (tip imports), identifiers only: one statement finds which
 * records have another holder's active record sharing an identifier (most have none), then `deconflict`
 * runs for just those, so alerts are raised by the one code path and in record order. Equivalent to
 * calling `deconflict` per record in order when the records cannot meet each other (one holder) —
 * the caller's condition. Answers one result per item, in order.
 */
export async function deconflictMany(
  tx: Executor,
  items: ReadonlyArray<{ record: DeconflictRecord; identifierIds: readonly string[] }>,
  now: Date,
): Promise<DeconflictResult[]> {
  const out: DeconflictResult[] = items.map(() => ({ matches: 0, alertsRaised: 0 }));
  const asked = items.flatMap((item, n) => (item.identifierIds.length > 0 ? [n] : []));
  if (asked.length === 0) return out;
  const withOthers = await recordsWithOtherHolders(tx, items, asked);
  for (const n of withOthers) {
    out[n] = await deconflict(tx, items[n]!.record, { identifierIds: items[n]!.identifierIds }, now);
  }
  return out;
}

/** The item numbers whose identifiers reach another holder's active record (`selectOtherHolders`' rules). */
async function recordsWithOtherHolders(
  tx: Executor,
  items: ReadonlyArray<{ record: DeconflictRecord; identifierIds: readonly string[] }>,
  asked: readonly number[],
): Promise<number[]> {
  const recs = asked.map((n) => {
    const r = items[n]!.record;
    return { n, t: r.type, i: r.id, a: r.agencyId, u: r.unitId };
  });
  const idents = asked.flatMap((n) => items[n]!.identifierIds.map((i) => ({ n, i })));
  const result = await tx.execute(sql`
    WITH recs AS (
      SELECT * FROM ${rowSet('r', 'n int, t text, i uuid, a uuid, u uuid', recs)}
    ), live AS (
      SELECT v.n, i.id, i.kind, i.value FROM ${rowSet('v', 'n int, i uuid', idents)}
      JOIN identifiers i ON i.id = v.i WHERE i.stop_listed IS NULL
    ), hits AS (
      SELECT live.n, l.record_type AS t, l.record_id AS id FROM identifier_links l JOIN live ON live.id = l.identifier_id
      UNION
      SELECT live.n, 'register_entry', rp.entry_id FROM register_passports rp
      JOIN live ON live.kind = 'passport' AND rp.number = split_part(live.value, ':', 2)
    ), heads AS (
      SELECT h.n, 'tip' AS t, x.id, x.agency_id, x.unit_id FROM hits h JOIN tips x ON x.id = h.id
      WHERE h.t = 'tip' AND x.status NOT IN ('closed_no_action', 'converted_to_case')
      UNION ALL
      SELECT h.n, 'case', x.id, x.agency_id, x.unit_id FROM hits h JOIN cases x ON x.id = h.id
      WHERE h.t = 'case' AND x.status <> 'closed'
      UNION ALL
      SELECT h.n, 'register_entry', x.id, x.agency_id, x.unit_id FROM hits h JOIN register_entries x ON x.id = h.id
      WHERE h.t = 'register_entry' AND x.status = 'active'
    )
    SELECT DISTINCT h.n FROM heads h JOIN recs r ON r.n = h.n
    WHERE NOT (h.t = r.t AND h.id = r.i) AND (h.agency_id <> r.a OR h.unit_id IS DISTINCT FROM r.u)
    ORDER BY h.n`);
  return (result as unknown as { rows: Array<{ n: number }> }).rows.map((r) => Number(r.n));
}
