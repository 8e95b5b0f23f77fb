// `npm run bench -- link-chart [--phones 104] [--per-phone 25] [--runs 20] [--database-url postgres://…]`
//
// Issue 7 figure: link chart load time for a 5,000-node neighbourhood. Seeds (SQL, generate_series)
// a root tip sharing `--phones` phones, each phone shared by `--per-phone` other tips (one in ten held
// by another agency: hidden dead ends), each visible tip with an e-mail of its own — about 5,000 nodes
// at 2 hops — then times the graph *service* (`getGraph`, the code behind GET /api/v1/graph: the walk,
// visibility per record, one audit event) as a hotline operator: p50/p95/max over `--runs`.
// The browser render (Cytoscape) is not timed here. PGlite in a temporary folder by default.
// Writes bench/results/link-chart[-postgres].json.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { seedDemo } from '../server/src/demo/seed.ts';
import { graphQuerySchema } from '../server/src/modules/entities/entities.graph.schema.ts';
import { getGraph } from '../server/src/modules/entities/entities.graph.ts';
import { systemClock } from '../server/src/platform/clock.ts';
import { migrate, openPglite, openPostgres } from '../server/src/platform/db/index.ts';

const { values: args } = parseArgs({
  options: {
    phones: { type: 'string', default: '104' },
    'per-phone': { type: 'string', default: '25' },
    runs: { type: 'string', default: '20' },
    'database-url': { type: 'string' },
  },
});
const PHONES = Number(args.phones);
const PER = Number(args['per-phone']);
const RUNS = Number(args.runs);
if (![PHONES, PER, RUNS].every((n) => Number.isInteger(n) && n >= 1)) {
  console.error(
    'usage: npm run bench -- link-chart [--phones N] [--per-phone N] [--runs R] [--database-url URL]',
  );
  process.exit(2);
}

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'karpear-bench-graph-'));
const adminUrl = args['database-url'];
// On PostgreSQL the benchmark works in a database of its own, created here and dropped at the end, so
// the server it is pointed at keeps none of its synthetic rows.
const scratchDb = `karpear_bench_lc_${randomBytes(5).toString('hex')}`;
async function admin(statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
let url: string | undefined;
if (adminUrl) {
  await admin(`CREATE DATABASE ${scratchDb}`);
  const u = new URL(adminUrl);
  u.pathname = `/${scratchDb}`;
  url = u.toString();
}
const database = url ? await openPostgres(url, 4) : await openPglite(path.join(scratch, 'db'));
const q = <T = Record<string, unknown>>(text: string, params: unknown[] = []) =>
  database.query<T>(text, params);

try {
  await migrate(database);
  await seedDemo(database, scratch);
  const [own] = await q<{ agency_id: string; unit_id: string }>(
    `SELECT a.id AS agency_id, u.id AS unit_id FROM agencies a JOIN units u ON u.agency_id = a.id
     WHERE a.code = 'KH-NP-AHTJP' AND u.code = 'HOTLINE'`,
  );
  const [other] = await q<{ id: string }>(`SELECT id FROM agencies WHERE id <> $1 ORDER BY code LIMIT 1`, [
    own!.agency_id,
  ]);
  const [operator] = await q<{ id: string }>(
    `SELECT id FROM users WHERE email = 'operator@demo.karpear.test'`,
  );
  const started = performance.now();
  const tips = PHONES * PER;
  // Tip 0 is the root; tips 1..N share phone ((g-1) % PHONES); every tenth is another agency's.
  await q(
    `INSERT INTO tips (reference, source, agency_id, unit_id, proposed_priority, received_at, narrative)
     SELECT 'T-LC-' || g, 'phone', CASE WHEN g > 0 AND g % 10 = 0 THEN $2::uuid ELSE $1::uuid END,
            CASE WHEN g > 0 AND g % 10 = 0 THEN NULL ELSE $3::uuid END, 'P3', now(), 'Synthetic narrative'
     FROM generate_series(0, $4::int) g`,
    [own!.agency_id, other!.id, own!.unit_id, tips],
  );
  await q(
    `INSERT INTO identifiers (kind, value, record_count)
     SELECT 'phone', '+8551250' || lpad(p::text, 4, '0'), $2::int + 1 FROM generate_series(0, $1::int - 1) p
     UNION ALL
     SELECT 'email', 'syn.lc.' || g || '@mail.test.kh', 1 FROM generate_series(1, $3::int) g`,
    [PHONES, PER, tips],
  );
  await q(
    `WITH t AS (SELECT id, agency_id, unit_id, substr(reference, 6)::int AS g FROM tips WHERE reference LIKE 'T-LC-%')
     INSERT INTO identifier_links (identifier_id, record_type, record_id, role, agency_id, unit_id, source)
     SELECT i.id, 'tip', t.id, 'suspect', t.agency_id, t.unit_id, 'bench'
     FROM t JOIN identifiers i ON i.kind = 'phone' AND (
       (t.g = 0 AND i.value LIKE '+8551250%') OR (t.g > 0 AND i.value = '+8551250' || lpad(((t.g - 1) % $1::int)::text, 4, '0')))
     UNION ALL
     SELECT i.id, 'tip', t.id, 'victim', t.agency_id, t.unit_id, 'bench'
     FROM t JOIN identifiers i ON i.kind = 'email' AND i.value = 'syn.lc.' || t.g || '@mail.test.kh'
     WHERE t.g > 0`,
    [PHONES],
  );
  const loadSeconds = (performance.now() - started) / 1000;
  const [root] = await q<{ id: string }>(`SELECT id FROM tips WHERE reference = 'T-LC-0'`);
  const actor = {
    userId: operator!.id,
    agencyId: own!.agency_id,
    agencyType: 'police' as const,
    unitId: own!.unit_id,
    roles: ['hotline_operator' as const],
    sessionId: 'bench',
    stepUpAt: new Date(),
    ip: null,
    requestId: null,
  };
  const deps = { database, clock: systemClock };
  const query = graphQuerySchema.parse({ root: `tip:${root!.id}`, hops: 2, limit: 6000 });
  const times: number[] = [];
  let shape = { nodes: 0, edges: 0, hidden: 0, truncated: false, bytes: 0 };
  for (let i = 0; i < RUNS + 2; i++) {
    const t0 = performance.now();
    const graph = await getGraph(deps, actor, query);
    const body = JSON.stringify(graph); // what the route serialises
    const ms = performance.now() - t0;
    shape = {
      nodes: graph.nodes.length,
      edges: graph.edges.length,
      hidden: graph.nodes.filter((n) => !n.visible).length,
      truncated: graph.truncated,
      bytes: body.length,
    };
    if (i >= 2) times.push(ms); // two warm-up runs
  }
  times.sort((a, b) => a - b);
  const at = (p: number) => +times[Math.min(times.length - 1, Math.ceil(p * times.length) - 1)]!.toFixed(1);
  const out = {
    benchmark: 'link-chart',
    at: new Date().toISOString(),
    engine: database.engine,
    node: process.version,
    cpus: os.cpus().length,
    loadAverage1m: Math.round(os.loadavg()[0]! * 10) / 10,
    what: 'getGraph service (hops=2, limit 6000) + JSON serialisation, in process, as a hotline operator',
    seeded: { tips: tips + 1, phones: PHONES, perPhone: PER, loadSeconds: Math.round(loadSeconds) },
    graph: shape,
    runs: RUNS,
    ms: { p50: at(0.5), p95: at(0.95), max: at(1) },
    browserRender: 'not measured (see report)',
  };
  console.log(
    `link chart, ${shape.nodes} nodes / ${shape.edges} edges (${shape.hidden} hidden): p50 ${out.ms.p50} ms, p95 ${out.ms.p95} ms, max ${out.ms.max} ms`,
  );
  const file = fileURLToPath(
    new URL(`./results/link-chart${database.engine === 'postgres' ? '-postgres' : ''}.json`, import.meta.url),
  );
  fs.writeFileSync(file, `${JSON.stringify(out, null, 2)}\n`);
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
} finally {
  await database.close();
  if (adminUrl) await admin(`DROP DATABASE IF EXISTS ${scratchDb} WITH (FORCE)`);
  fs.rmSync(scratch, { recursive: true, force: true });
}
