// `npm run bench -- key-rotation [--keys 100000] [--batch-size 1000] [--database-url postgres://…]`
//
// `karpear keys rotate` time for N data keys (PGlite in memory by default): every data key re-wrapped
// under a new key-encryption key, in batches of one transaction each. Baseline in the same run: the
// cryptography alone (unwrap + wrap of the same keys in memory), so the ratio shows the database's share.
// Writes bench/results/key-rotation[-postgres].json.
import { randomBytes, randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { unwrapDataKey, wrapDataKey } from '../server/src/platform/crypto/field-cipher.ts';
import { KekSet, kekIdOf, rotateKek } from '../server/src/platform/crypto/index.ts';
import { type DatabaseHandle, migrate, openPglite, openPostgres } from '../server/src/platform/db/index.ts';

const { values: args } = parseArgs({
  options: {
    keys: { type: 'string', default: '100000' },
    'batch-size': { type: 'string', default: '1000' },
    'database-url': { type: 'string' },
  },
});
const KEYS = Number(args.keys);
const BATCH = Number(args['batch-size']);
const here = path.dirname(fileURLToPath(import.meta.url));
const database: DatabaseHandle = args['database-url']
  ? await openPostgres(args['database-url'], 2)
  : await openPglite();

try {
  await migrate(database);
  const [{ n }] = (await database.query<{ n: number }>('SELECT count(*)::int AS n FROM data_keys')) as [
    { n: number },
  ];
  if (n !== 0) throw new Error('key-rotation needs an empty data_keys table (use a fresh database)');
  const k1 = randomBytes(32);
  const k2 = randomBytes(32);
  const subjects = Array.from({ length: KEYS }, (_, i) => ({
    subjectType: i % 3 === 0 ? 'suspect' : 'victim',
    subjectId: randomUUID(),
    dataKey: randomBytes(32),
  }));

  console.log(`key-rotation: ${database.engine}, loading ${KEYS.toLocaleString('en')} data keys…`);
  let t = performance.now();
  for (let i = 0; i < KEYS; i += 5000) {
    const rows = subjects.slice(i, i + 5000).map((s) => ({
      t: s.subjectType,
      i: s.subjectId,
      w: wrapDataKey(k1, s, s.dataKey).toString('hex'),
    }));
    await database.db.execute(sql`
      INSERT INTO data_keys (subject_type, subject_id, wrapped_key, kek_id, created_at)
      SELECT v.t, v.i, decode(v.w, 'hex'), ${kekIdOf(k1)}, now()
      FROM json_to_recordset(${JSON.stringify(rows)}::json) AS v(t text, i text, w text)`);
  }
  const loadMs = performance.now() - t;
  if (database.engine === 'postgres') await database.query('VACUUM ANALYZE data_keys');

  const keks = new KekSet([k1]);
  const report = await rotateKek(database, keks, k2, { batchSize: BATCH, sealedColumns: [] });
  if (report.dataKeys !== KEYS || report.remaining !== 0)
    throw new Error(`rotation incomplete: ${JSON.stringify(report)}`);

  // Baseline: the same unwrap + wrap, in memory.
  t = performance.now();
  for (const s of subjects) wrapDataKey(k2, s, unwrapDataKey(k1, s, wrapDataKey(k1, s, s.dataKey)));
  const wrapThrice = performance.now() - t;
  t = performance.now();
  for (const s of subjects) wrapDataKey(k1, s, s.dataKey);
  const wrapOnce = performance.now() - t;
  const cryptoMs = wrapThrice - wrapOnce; // unwrap + wrap, without the extra wrap that made the input

  const result = {
    benchmark: 'key-rotation',
    at: new Date().toISOString(),
    engine: database.engine,
    node: process.version,
    cpus: os.cpus().length,
    keys: KEYS,
    batchSize: BATCH,
    loadSeconds: +(loadMs / 1000).toFixed(1),
    rotation: {
      seconds: +(report.ms / 1000).toFixed(2),
      keysPerSecond: Math.round((KEYS * 1000) / report.ms),
      passes: report.passes,
    },
    baseline: {
      what: 'unwrap + wrap of the same data keys in memory (AES-256-GCM), no database',
      seconds: +(cryptoMs / 1000).toFixed(2),
      keysPerSecond: Math.round((KEYS * 1000) / cryptoMs),
    },
    ratioToBaseline: +(cryptoMs / report.ms).toFixed(3),
  };
  console.log(JSON.stringify(result, null, 2));
  const out = path.join(
    here,
    'results',
    `key-rotation${database.engine === 'postgres' ? '-postgres' : ''}.json`,
  );
  fs.writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`wrote ${path.relative(process.cwd(), out)}`);
} finally {
  await database.close();
}
