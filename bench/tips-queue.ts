// `npm run bench -- tips-queue [--tips 1000000] [--runs 30] [--database-url postgres://…] [--reuse]
//  [--explain] [--only <part of a view name>]`
//
// PERFORMANCE.md §2 / issue 5: the tip queue at 1,000,000 tips. Bulk-loads synthetic tips with one
// SQL statement per 100,000 (generate_series; indexes built after the load, as a restore would), a
// share of them with locked files and identifier links, then times the tips list *service*
// (`listTips`, the code behind GET /api/v1/tips: visibility scope, filters, page and total — exact up to
// 10,000, then `totalCapped`) as a hotline operator of the holding agency for typical queue views and
// searches: p50/p95/max over `--runs`.
// PGlite in a temporary folder by default. Writes bench/results/tips-queue[-postgres].json.
// `--reuse` (PostgreSQL): skip the load when the database already holds the N bench tips (seeding
// 1,000,000 takes minutes); received/due dates are relative to the load, so SLA states drift with age.
// `--explain` (PostgreSQL): prints EXPLAIN (ANALYZE, BUFFERS) of every statement of one run per view.
// CPU time of this process (process.cpuUsage) is reported beside wall time: the machine is shared.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import pg from 'pg';
import type { TipListQuery } from '../contracts/src/tips.ts';
import { tipListQuerySchema } from '../contracts/src/tips.ts';
import { seedDemo } from '../server/src/demo/seed.ts';
import { listTips } from '../server/src/modules/tips/tips.queue.service.ts';
import { systemClock } from '../server/src/platform/clock.ts';
import { loadConfig } from '../server/src/platform/config.ts';
import { createFieldCipher, ephemeralKeyring } from '../server/src/platform/crypto/index.ts';
import { migrate, openPglite, openPostgres } from '../server/src/platform/db/index.ts';
import * as schema from '../server/src/platform/db/schema.ts';

const { values: args } = parseArgs({
  options: {
    tips: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '30' },
    'database-url': { type: 'string' },
    reuse: { type: 'boolean', default: false },
    explain: { type: 'boolean', default: false },
    only: { type: 'string' },
    out: { type: 'string' },
  },
});
const TOTAL = Number(args.tips);
const RUNS = Number(args.runs);
if (!Number.isInteger(TOTAL) || TOTAL < 1000 || !Number.isInteger(RUNS) || RUNS < 3) {
  console.error('usage: npm run bench -- tips-queue [--tips N≥1000] [--runs R≥3] [--database-url URL]');
  process.exit(2);
}
const CHUNK = 100_000;

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'karpear-bench-queue-'));
const url = args['database-url'];
const database = url ? await openPostgres(url, 4) : await openPglite(path.join(scratch, 'db'));
// Statements of the view being explained, captured by a Drizzle logger on a second handle.
const captured: Array<{ text: string; params: unknown[] }> = [];
const explainDb =
  args.explain && url
    ? drizzle(new pg.Pool({ connectionString: url, max: 2 }), {
        schema,
        logger: { logQuery: (text, params) => captured.push({ text, params }) },
      })
    : undefined;
const q = <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
  database.query<T>(text, params);

try {
  await migrate(database);
  await seedDemo(database, scratch);
  const [intake] = await q<{ agency_id: string; unit_id: string }>(
    `SELECT a.id AS agency_id, u.id AS unit_id FROM agencies a JOIN units u ON u.agency_id = a.id
     WHERE a.code = 'KH-NP-AHTJP' AND u.code = 'HOTLINE'`,
  );
  const [operator] = await q<{ id: string }>(
    `SELECT id FROM users WHERE email = 'operator@demo.karpear.test'`,
  );
  const units = (
    await q<{ id: string }>(`SELECT id FROM units WHERE agency_id = $1 ORDER BY code`, [intake!.agency_id])
  ).map((u) => u.id);

  const [present] = await q<{ n: number }>(
    `SELECT count(*)::int AS n FROM tips WHERE reference LIKE 'T-B-%'`,
  );
  const reused = args.reuse && Number(present!.n) === TOTAL;
  if (!reused && Number(present!.n) > 0) {
    console.error(`the database holds ${present!.n} bench tips, not ${TOTAL}: use a fresh database`);
    process.exit(2);
  }
  let loadSeconds = 0;
  let indexSeconds = 0;
  if (reused) console.log(`reusing ${TOTAL} bench tips`);
  else {
    // Indexes of tips (and of the files/links tables) are dropped for the load and built afterwards.
    const indexes = await q<{ name: string; def: string }>(
      `SELECT indexname AS name, indexdef AS def FROM pg_indexes
     WHERE tablename IN ('tips', 'tip_files', 'identifier_links') AND indexname NOT LIKE '%pkey'
       AND indexdef NOT LIKE 'CREATE UNIQUE%'`,
    );
    for (const i of indexes) await q(`DROP INDEX ${i.name}`);

    const loadStarted = performance.now();
    const words =
      `('{market,guesthouse,school,beach,bus,station,temple,river,karaoke,orphanage,pagoda,hotel,` +
      `foreign,man,woman,children,boy,girl,money,phone,photos,online,chat,taxi,night,evening,street}'::text[])`;
    const names = `('{harold,kevin,marcus,dieter,pierre,john,ivan,lars,tom,peter,henrik,paul,mark,stefan,oliver}'::text[])`;
    for (let from = 1; from <= TOTAL; from += CHUNK) {
      const to = Math.min(TOTAL, from + CHUNK - 1);
      // Deterministic pseudo-random columns from the row number (hashes, not random()): re-runs match.
      // Each column reads its own bits of the hash, so status, province, unit… vary independently.
      await q(
        `
      INSERT INTO tips (reference, source, agency_id, unit_id, assignee_id, status, priority, proposed_priority,
                        triage_reasons, received_at, sla_due_at, narrative, province, suspect_names, created_at,
                        updated_at)
      SELECT 'T-B-' || g,
             (ARRAY['public_portal','phone','walk_in','ngo','partner','cybertipline','foreign_hotline'])[1 + ((h >> 24) % 7)],
             $1::uuid,
             (ARRAY[${units.map((u) => `'${u}'::uuid`).join(',')}])[1 + ((h >> 15) % ${units.length})],
             CASE WHEN (h >> 7) % 11 = 0 THEN $2::uuid END,
             CASE WHEN h % 100 < 8 THEN 'new' WHEN h % 100 < 12 THEN 'triaged' WHEN h % 100 < 16 THEN 'assigned'
                  WHEN h % 100 < 40 THEN 'actioned' WHEN h % 100 < 60 THEN 'referred'
                  WHEN h % 100 < 90 THEN 'closed_no_action' ELSE 'converted_to_case' END,
             CASE WHEN h % 100 >= 8 THEN 'P' || (1 + (h >> 20) % 4) END,
             'P' || (1 + (h >> 22) % 4),
             '[]'::jsonb,
             now() - ((h % 1095) || ' days')::interval - ((h % 1440) || ' minutes')::interval,
             CASE WHEN h % 100 < 16 THEN now() + (((h >> 9) % 96) - 24 || ' hours')::interval END,
             'Synthetic tip ' || g || ': ' || ${words}[1 + (h % 27)] || ' ' || ${words}[1 + ((h >> 4) % 27)] || ' '
               || ${words}[1 + ((h >> 8) % 27)] || ' ' || ${words}[1 + ((h >> 12) % 27)] || ' near the '
               || ${words}[1 + ((h >> 16) % 27)],
             'KH-' || (1 + (h >> 10) % 25),
             CASE WHEN (h >> 17) % 3 = 0 THEN ${names}[1 + ((h >> 11) % 15)] || ' syn' || (h % 5000) END,
             now(), now()
      FROM (SELECT g, abs(hashtext('tip' || g)) AS h FROM generate_series(${from}, ${to}) g) s`,
        [intake!.agency_id, operator!.id],
      );
      process.stdout.write(`\rloaded ${to} tips`);
    }
    // One tip in 20 mentions files, half of them locked (the queue shows the count).
    await q(`INSERT INTO tip_files (tip_id, file_name, viewed_by_platform, locked)
           SELECT id, 'file.bin', (abs(hashtext(id::text)) % 2 = 0), (abs(hashtext(id::text)) % 2 = 1)
           FROM tips WHERE abs(hashtext(reference)) % 20 = 0`);
    loadSeconds = (performance.now() - loadStarted) / 1000;
    const indexStarted = performance.now();
    // Without the server's 30 s statement timeout: a GIN index over 1,000,000 rows can take longer.
    for (const i of indexes)
      await database.db.transaction(async (tx) => {
        if (database.engine === 'postgres') await tx.execute(sql.raw('SET LOCAL statement_timeout = 0'));
        await tx.execute(sql.raw(i.def));
      });
    await q('ANALYZE tips');
    await q('ANALYZE tip_files');
    indexSeconds = (performance.now() - indexStarted) / 1000;
    console.log(
      `\nloaded ${TOTAL} tips in ${loadSeconds.toFixed(0)} s, indexes in ${indexSeconds.toFixed(0)} s`,
    );
  }

  const config = loadConfig({ mode: 'test', logLevel: 'silent', dataDir: scratch }, {});
  const deps = {
    database,
    clock: systemClock,
    config,
    fields: createFieldCipher(ephemeralKeyring().keks),
  };
  const actor = {
    userId: operator!.id,
    agencyId: intake!.agency_id,
    agencyType: 'police' as const,
    unitId: intake!.unit_id,
    roles: ['hotline_operator' as const],
    sessionId: 'bench',
    stepUpAt: new Date(),
    ip: null,
    requestId: null,
  };
  const views: Record<string, Partial<Record<keyof TipListQuery, unknown>>> = {
    'open queue by time left (default view)': { status: ['new', 'triaged', 'assigned'] },
    'new tips, P1 only': { status: ['new'], priority: ['P1'] },
    'province KH-12, open': { province: 'KH-12', status: ['new', 'triaged', 'assigned'] },
    'assigned to me': { assignee: 'me' },
    'newest first, page 3': { sort: 'received_desc', offset: 100 },
    'breached SLA': { sla: 'breached' },
    'search a word (q=guesthouse)': { q: 'guesthouse' },
    'search a name (q=harold)': { q: 'harold' },
    'search a word, newest first (q=guesthouse)': { q: 'guesthouse', sort: 'received_desc' },
    'search a reference-like number (q=123456)': { q: '123456' },
  };
  const results: Record<
    string,
    {
      p50: number;
      p95: number;
      max: number;
      nodeCpuMsPerRun: number;
      total: number;
      totalCapped: boolean;
    }
  > = {};
  for (const [name, raw] of Object.entries(views)) {
    if (args.only && !name.includes(args.only)) continue;
    const query = tipListQuerySchema.parse(raw);
    if (explainDb) await explainView(name, query);
    const times: number[] = [];
    let total = 0;
    let totalCapped = false;
    let cpuMicros = 0;
    for (let i = 0; i < RUNS + 2; i++) {
      const cpu = process.cpuUsage();
      const started = performance.now();
      const page = await listTips(deps, actor, query);
      const ms = performance.now() - started;
      const used = process.cpuUsage(cpu);
      total = page.total;
      totalCapped = page.totalCapped ?? false;
      if (i >= 2) {
        // two warm-up runs: cold caches are not the steady state
        times.push(ms);
        cpuMicros += used.user + used.system;
      }
    }
    times.sort((a, b) => a - b);
    const at = (p: number) => +times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)]!.toFixed(1);
    const cpuMs = +(cpuMicros / 1000 / RUNS).toFixed(1);
    results[name] = { p50: at(0.5), p95: at(0.95), max: at(1), nodeCpuMsPerRun: cpuMs, total, totalCapped };
    console.log(
      `${name}: p50 ${results[name]!.p50} ms, p95 ${results[name]!.p95} ms, node CPU ${cpuMs} ms/run (${total}${totalCapped ? '+' : ''} matching)`,
    );
  }
  /** One run of the view on the logging handle, then EXPLAIN (ANALYZE, BUFFERS) of each statement. */
  async function explainView(name: string, query: TipListQuery) {
    captured.length = 0;
    await listTips({ ...deps, database: { ...database, db: explainDb! as never } }, actor, query);
    for (const { text, params } of captured.splice(0)) {
      const plan = await q<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, params);
      console.log(`\n== ${name}\n${text}\n${plan.map((r) => r['QUERY PLAN']).join('\n')}`);
    }
  }
  const out = {
    benchmark: 'tips-queue',
    at: new Date().toISOString(),
    engine: database.engine,
    node: process.version,
    cpus: os.cpus().length,
    loadAverage1m: Math.round(os.loadavg()[0]! * 10) / 10,
    reused,
    tips: TOTAL,
    runsPerView: RUNS,
    what: 'listTips service as a hotline operator (scope, filters, page of 50 and total), in process',
    loadSeconds: Math.round(loadSeconds),
    indexSeconds: Math.round(indexSeconds),
    views: results,
    worstP95Ms: Math.max(...Object.values(results).map((r) => r.p95)),
  };
  // A partial run (`--only`) writes nothing; `--out <name>` names the result file (bench/results/<name>.json).
  const fileName = args.out ?? `tips-queue${database.engine === 'postgres' ? '-postgres' : ''}`;
  const file = fileURLToPath(new URL(`./results/${fileName}.json`, import.meta.url));
  if (!args.only) fs.writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
  if (!args.only) console.log(`wrote ${path.relative(process.cwd(), file)}`);
} finally {
  await database.close();
  await explainDb?.$client.end();
  fs.rmSync(scratch, { recursive: true, force: true });
}
