import { sql } from 'drizzle-orm';
import { type Clock, systemClock } from '../clock.ts';
import type { DatabaseHandle } from '../db/index.ts';
import {
  countKeysNotUnder,
  lockKeysToRewrap,
  publishCurrentKek,
  registerFirstKek,
  type Subject,
  storeRewrapped,
} from './data-keys.repo.ts';
import { unwrapDataKey, wrapDataKey } from './field-cipher.ts';
import type { KekSet } from './kek-set.ts';
import { createSecretBox, sealedAad, sealedKekId } from './secret-box.ts';

/** A column holding values sealed with the secret box, re-sealed by a rotation. */
export interface SealedColumn {
  table: string;
  column: string;
  /** The row's key column; its value is the row id in `sealedAad(table, column, rowId)`. */
  key: string;
  purpose: string;
}

/**
 * Long-lived sealed secrets. Short-lived ones (pending enrolment in `login_challenges.payload`) expire
 * within minutes and are left alone: they stay readable while the old key is kept for a while.
 */
export const SEALED_COLUMNS: readonly SealedColumn[] = [
  { table: 'totp_factors', column: 'secret_sealed', key: 'user_id', purpose: 'totp' },
];

export interface RotationOptions {
  batchSize?: number;
  clock?: Clock;
  sealedColumns?: readonly SealedColumn[];
  /** Called after every batch, e.g. for a progress line. */
  onProgress?: (done: { dataKeys: number; sealed: number }) => void;
  /** Full passes over the data keys before giving up on stragglers written under the old key. */
  maxPasses?: number;
}

export interface RotationReport {
  kekId: string;
  previousKekId: string;
  dataKeys: number;
  sealed: Record<string, number>;
  /** Values that could not be re-sealed (wrong additional data, unknown key): left as they were. */
  failed: Array<{ where: string; reason: string }>;
  /** Live data keys still under another KEK at the end (written by a server that missed the switch). */
  remaining: number;
  passes: number;
  ms: number;
}

const IDENT = /^[a-z_][a-z0-9_]*$/;

/**
 * Rotate to a new key-encryption key while the application keeps serving:
 * 1. the new KEK joins the set and is published as current in the database (servers wrap new keys
 *    under it from their next check; readers accept every loaded KEK);
 * 2. every live data key not under it is re-wrapped, in batches, each batch its own transaction with
 *    its rows locked (`FOR UPDATE`), so a concurrent reader sees either the old or the new wrap —
 *    both readable; repeated until none is left (keys written meanwhile under the old KEK included);
 * 3. every sealed column is re-sealed the same way.
 * Data keys themselves do not change, so nothing encrypted under them is touched.
 */
export async function rotateKek(
  database: DatabaseHandle,
  keks: KekSet,
  newKek: Buffer,
  options: RotationOptions = {},
): Promise<RotationReport> {
  const started = performance.now();
  const clock = options.clock ?? systemClock;
  const batchSize = options.batchSize ?? 1000;
  const previousKekId = keks.currentId;
  const kekId = keks.add(newKek);
  await database.db.transaction(async (tx) => {
    await registerFirstKek(tx, previousKekId, clock.now());
    await publishCurrentKek(tx, kekId, clock.now());
  });
  keks.setCurrent(kekId);

  const report: RotationReport = {
    kekId,
    previousKekId,
    dataKeys: 0,
    sealed: {},
    failed: [],
    remaining: 0,
    passes: 0,
    ms: 0,
  };
  const progress = () =>
    options.onProgress?.({
      dataKeys: report.dataKeys,
      sealed: Object.values(report.sealed).reduce((a, b) => a + b, 0),
    });

  const maxPasses = options.maxPasses ?? 5;
  const failedKeys = new Set<string>();
  let rewrappedInPass = 0;
  do {
    report.passes++;
    rewrappedInPass = 0;
    let after: Subject | null = null;
    for (;;) {
      const batch = await database.db.transaction(async (tx) => {
        const rows = await lockKeysToRewrap(tx, kekId, after, batchSize);
        const rewrapped = [];
        for (const row of rows) {
          const oldKek = keks.get(row.kekId);
          if (!oldKek) {
            const where = `data_keys ${row.subjectType}/${row.subjectId}`;
            if (!failedKeys.has(where)) {
              failedKeys.add(where);
              report.failed.push({ where, reason: `key-encryption key ${row.kekId} is not loaded` });
            }
            continue;
          }
          const dataKey = unwrapDataKey(oldKek, row, row.wrappedKey);
          rewrapped.push({ ...row, wrappedKey: wrapDataKey(newKek, row, dataKey) });
        }
        const stored = await storeRewrapped(tx, rewrapped, kekId, clock.now());
        report.dataKeys += stored;
        rewrappedInPass += stored;
        return rows;
      });
      progress();
      if (batch.length < batchSize) break;
      const last = batch[batch.length - 1]!;
      after = { subjectType: last.subjectType, subjectId: last.subjectId };
    }
    report.remaining = await countKeysNotUnder(database.db, kekId);
  } while (report.remaining > 0 && rewrappedInPass > 0 && report.passes < maxPasses);

  const box = createSecretBox(keks);
  for (const column of options.sealedColumns ?? SEALED_COLUMNS) {
    report.sealed[`${column.table}.${column.column}`] = await resealColumn(
      database,
      box,
      kekId,
      column,
      batchSize,
      report.failed,
      progress,
    );
  }
  report.ms = Math.round(performance.now() - started);
  return report;
}

async function resealColumn(
  database: DatabaseHandle,
  box: ReturnType<typeof createSecretBox>,
  kekId: string,
  c: SealedColumn,
  batchSize: number,
  failed: RotationReport['failed'],
  progress: () => void,
): Promise<number> {
  for (const name of [c.table, c.column, c.key])
    if (!IDENT.test(name)) throw new Error(`not an SQL identifier: ${name}`);
  const [table, column, key] = [sql.identifier(c.table), sql.identifier(c.column), sql.identifier(c.key)];
  let after: string | null = null;
  let count = 0;
  for (;;) {
    const rows = await database.db.transaction(async (tx) => {
      const cursor = after === null ? sql`` : sql`WHERE ${key}::text > ${after}`;
      const result = (await tx.execute(
        sql`SELECT ${key}::text AS id, ${column} AS sealed FROM ${table} ${cursor} ORDER BY ${key}::text LIMIT ${batchSize} FOR UPDATE`,
      )) as unknown as { rows: Array<{ id: string; sealed: Uint8Array | null }> };
      const updates: Array<{ i: string; v: string }> = [];
      for (const row of result.rows) {
        if (!row.sealed) continue;
        const sealed = Buffer.from(row.sealed);
        if (sealedKekId(sealed) === kekId) continue;
        const aad = sealedAad(c.table, c.column, row.id);
        try {
          updates.push({
            i: row.id,
            v: box.seal(c.purpose, box.open(c.purpose, sealed, aad), aad).toString('hex'),
          });
        } catch (err) {
          failed.push({ where: `${c.table}.${c.column} ${row.id}`, reason: (err as Error).message });
        }
      }
      if (updates.length > 0) {
        await tx.execute(sql`
          UPDATE ${table} SET ${column} = decode(v.v, 'hex')
          FROM json_to_recordset(${JSON.stringify(updates)}::json) AS v(i text, v text)
          WHERE ${table}.${key}::text = v.i`);
      }
      count += updates.length;
      return result.rows;
    });
    progress();
    if (rows.length < batchSize) return count;
    after = rows[rows.length - 1]!.id;
  }
}

/** How many values of a sealed column are under each KEK id (`v1` = sealed before key ids existed). */
export async function countSealedByKek(
  database: DatabaseHandle,
  c: SealedColumn,
): Promise<Array<{ kekId: string; count: number }>> {
  for (const name of [c.table, c.column])
    if (!IDENT.test(name)) throw new Error(`not an SQL identifier: ${name}`);
  const column = sql.identifier(c.column);
  const result = (await database.db.execute(sql`
    SELECT CASE WHEN get_byte(${column}, 0) = 2 THEN encode(substring(${column} FROM 2 FOR 8), 'hex') ELSE 'v1' END AS kek,
           count(*)::int AS n
    FROM ${sql.identifier(c.table)} WHERE ${column} IS NOT NULL GROUP BY 1 ORDER BY 1`)) as unknown as {
    rows: Array<{ kek: string; n: number }>;
  };
  return result.rows.map((r) => ({ kekId: r.kek, count: Number(r.n) }));
}
