import { inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/index.ts';
import type { NewTipRow } from './tips.repo.ts';
import { tipEvents, tipFiles, tips } from './tips.tables.ts';

/**
 * SQL of batched intake (`insertTips`): one statement per kind of row for the whole batch, where
 * `insertTip` needs one per tip. Multi-row inserts are cut into chunks so no statement passes
 * PostgreSQL's 65,535 bind parameters (a tip row has about 30 columns).
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

export async function insertTipRows(tx: Executor, rows: readonly NewTipRow[]): Promise<void> {
  await inChunks(rows, Math.floor(ROWS_PER_INSERT / 5), (chunk) => tx.insert(tips).values(chunk));
}

export async function insertFileRows(tx: Executor, rows: ReadonlyArray<typeof tipFiles.$inferInsert>) {
  await inChunks(rows, ROWS_PER_INSERT, (chunk) => tx.insert(tipFiles).values(chunk));
}

export async function insertEventRows(tx: Executor, rows: ReadonlyArray<typeof tipEvents.$inferInsert>) {
  await inChunks(rows, ROWS_PER_INSERT, (chunk) => tx.insert(tipEvents).values(chunk));
}
