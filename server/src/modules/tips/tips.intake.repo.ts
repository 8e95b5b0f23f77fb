import { randomUUID } from 'node:crypto';
import { inArray, sql } from 'drizzle-orm';
import { type Executor, rowSet } from '../../platform/db/index.ts';
import type { NewTipRow } from './tips.repo.ts';
import { type tipEvents, type tipFiles, tips } from './tips.tables.ts';

/**
 * SQL of batched intake (`insertTips`): one statement per kind of row for the whole batch, where
 * `insertTip` needs one per tip. Multi-row inserts are cut into chunks that keep each rows parameter
 * to a few megabytes. Row ids are made here, not by the column default: `gen_random_uuid()` costs
 * ~5 µs a row on PGlite (a call out to JavaScript for entropy), `randomUUID` a fraction of that.
 */
const ROWS_PER_INSERT = 1000;

function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

async function inChunks<T>(rows: readonly T[], size: number, write: (chunk: T[]) => Promise<unknown>) {
  for (let i = 0; i < rows.length; i += size) await write(rows.slice(i, i + size));
}

/** Tips already filed under these source keys (re-imports). */
export async function findTipsBySourceKeys(
  db: Executor,
  keys: readonly string[],
): Promise<Map<string, { id: string; reference: string }>> {
  if (keys.length === 0) return new Map();
  const rows = await db
    .select({ id: tips.id, reference: tips.reference, sourceKey: tips.sourceKey })
    .from(tips)
    .where(inArray(tips.sourceKey, [...keys]));
  return new Map(rows.map((r) => [r.sourceKey!, { id: r.id, reference: r.reference }]));
}

/** `count` numbers from `tip_reference_seq`, ascending (the order `insertTip` would take them in). */
export async function nextReferenceNumbers(tx: Executor, count: number): Promise<number[]> {
  if (count === 0) return [];
  const result = await tx.execute(
    sql`SELECT nextval('tip_reference_seq') AS n FROM generate_series(1, ${count}::int)`,
  );
  return rowsOf<{ n: string | number }>(result)
    .map((r) => Number(r.n))
    .sort((a, b) => a - b);
}

/** Active register entries' passports with one of these numbers (the country is matched by the caller). */
export async function registerPassportsByNumber(
  db: Executor,
  numbers: readonly string[],
): Promise<Array<{ number: string; country: string | null; entry_id: string }>> {
  if (numbers.length === 0) return [];
  const result = await db.execute(sql`
    SELECT p.number, p.country, e.id AS entry_id FROM register_passports p
    JOIN register_entries e ON e.id = p.entry_id
    WHERE e.status = 'active' AND p.number IN (SELECT jsonb_array_elements_text(${JSON.stringify([...new Set(numbers)])}::jsonb))`);
  return rowsOf(result);
}

/**
 * Where drizzle's multi-row insert binds ~30 parameters per tip (and checks and serialises each in
 * JavaScript), the rows travel as one text parameter read back by `rowSet`: one parameter per
 * statement, the same stored values (jsonb columns as JSON, timestamps as ISO text, bytea as hex).
 */
const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);

/** The tips columns `insertTipRows` sends (`rowSet`). */
const TIP_COLUMNS = `
  id uuid, reference text, source text, agency_id uuid, unit_id uuid, status text, priority text,
  proposed_priority text, triage_reasons jsonb, received_at timestamptz, sla_due_at timestamptz,
  narrative text, province text, place text, occurred_at text, child_age_min int,
  child_age_max int, imminent_danger boolean, escalation_flag boolean, suspect jsonb,
  suspect_names text, reporter_contact text, receipt_locator text, receipt_hash text,
  external_ref text, source_key text, source_document jsonb, created_by uuid,
  created_at timestamptz, updated_at timestamptz`;

export async function insertTipRows(tx: Executor, rows: readonly NewTipRow[]): Promise<void> {
  await inChunks(rows, ROWS_PER_INSERT, (chunk) =>
    tx.execute(sql`
      INSERT INTO tips (id, reference, source, agency_id, unit_id, status, priority, proposed_priority,
        triage_reasons, received_at, sla_due_at, narrative, province, place, occurred_at, child_age_min,
        child_age_max, imminent_danger, escalation_flag, suspect, suspect_names, reporter_contact,
        receipt_locator, receipt_hash, external_ref, source_key, source_document, created_by, created_at,
        updated_at)
      SELECT id, reference, source, agency_id, unit_id, status, priority, proposed_priority,
        coalesce(triage_reasons, '[]'::jsonb), received_at, sla_due_at, narrative, province, place,
        occurred_at, child_age_min, child_age_max, imminent_danger, escalation_flag, suspect,
        suspect_names, decode(reporter_contact, 'hex'), receipt_locator, receipt_hash, external_ref,
        source_key, source_document, created_by, created_at, updated_at
      FROM ${rowSet('v', TIP_COLUMNS, chunk.map(tipJsonOf))}`),
  );
}

/** A tip row as `insertTipRows` sends it (missing optional columns as null, defaults as drizzle's). */
function tipJsonOf(r: NewTipRow) {
  return {
    id: r.id,
    reference: r.reference,
    source: r.source,
    agency_id: r.agencyId,
    unit_id: r.unitId ?? null,
    status: r.status ?? 'new',
    priority: r.priority ?? null,
    proposed_priority: r.proposedPriority,
    triage_reasons: r.triageReasons ?? [],
    received_at: iso(r.receivedAt),
    sla_due_at: iso(r.slaDueAt),
    narrative: r.narrative,
    province: r.province ?? null,
    place: r.place ?? null,
    occurred_at: r.occurredAt ?? null,
    child_age_min: r.childAgeMin ?? null,
    child_age_max: r.childAgeMax ?? null,
    imminent_danger: r.imminentDanger ?? false,
    escalation_flag: r.escalationFlag ?? false,
    suspect: r.suspect ?? null,
    suspect_names: r.suspectNames ?? null,
    reporter_contact: r.reporterContact ? Buffer.from(r.reporterContact).toString('hex') : null,
    receipt_locator: r.receiptLocator ?? null,
    receipt_hash: r.receiptHash ?? null,
    external_ref: r.externalRef ?? null,
    source_key: r.sourceKey ?? null,
    source_document: r.sourceDocument ?? null,
    created_by: r.createdBy ?? null,
    created_at: iso(r.createdAt ?? new Date()),
    updated_at: iso(r.updatedAt ?? new Date()),
  };
}

export async function insertFileRows(tx: Executor, rows: ReadonlyArray<typeof tipFiles.$inferInsert>) {
  await inChunks(rows, ROWS_PER_INSERT * 5, (chunk) =>
    tx.execute(sql`
      INSERT INTO tip_files (id, tip_id, file_name, hash, hash_kind, viewed_by_platform, locked)
      SELECT i, t, f, h, k, v, l FROM ${rowSet(
        'v',
        'i uuid, t uuid, f text, h text, k text, v boolean, l boolean',
        chunk.map((r) => ({
          i: r.id ?? randomUUID(),
          t: r.tipId,
          f: r.fileName ?? null,
          h: r.hash ?? null,
          k: r.hashKind ?? null,
          v: r.viewedByPlatform ?? null,
          l: r.locked,
        })),
      )}`),
  );
}

export async function insertEventRows(tx: Executor, rows: ReadonlyArray<typeof tipEvents.$inferInsert>) {
  await inChunks(rows, ROWS_PER_INSERT * 5, (chunk) =>
    tx.execute(sql`
      INSERT INTO tip_events (id, tip_id, at, actor_id, kind, from_status, to_status, reason, details)
      SELECT i, t, a, u, k, fs, ts, r, d FROM ${rowSet(
        'v',
        'i uuid, t uuid, a timestamptz, u uuid, k text, fs text, ts text, r text, d jsonb',
        chunk.map((r) => ({
          i: r.id ?? randomUUID(),
          t: r.tipId,
          a: iso(r.at),
          u: r.actorId ?? null,
          k: r.kind,
          fs: r.fromStatus ?? null,
          ts: r.toStatus ?? null,
          r: r.reason ?? null,
          d: r.details ?? null,
        })),
      )}`),
  );
}
