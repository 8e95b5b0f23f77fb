// `npm run bench -- case-page [--cases 100000] [--samples 200] [--postgres] [--database-url URL]
//  [--reuse NAME] [--out NAME]`
//
// Issue 7: the case page at scale. Seeds the demo organisations, then N cases with SQL
// (generate_series: half in the TCSE unit, the rest spread over the agency's other units; a lead and
// a member per case, 4 timeline events, 2 tasks, a plan every 4th case), and times:
//   - the case detail service (`getCase`: load, team, timeline, notes, tips, plan, tasks, abilities,
//     one audit event) for random TCSE cases as the demo investigator (team/unit rules apply);
//   - the case list (`listCases`): first page unfiltered, with a status filter, and a q search.
// p50/p95/max in ms. PGlite in a temporary folder by default; `--postgres` uses a scratch database on
// the dev server (/tmp/karpear-dev-pg-url) or `--database-url`. Writes bench/results/case-page.json
// (or case-page-postgres.json). `--reuse NAME` (PostgreSQL): the scratch database is NAME, kept after
// the run, and seeded only when it does not hold the N bench cases yet (seeding 100,000 takes minutes).
// CPU time of this process (process.cpuUsage) is reported beside wall time: the machine is shared.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import pg from 'pg';

const { values: args } = parseArgs({
  options: {
    cases: { type: 'string', default: '100000' },
    samples: { type: 'string', default: '200' },
    postgres: { type: 'boolean', default: false },
    'database-url': { type: 'string' },
    reuse: { type: 'string' },
    out: { type: 'string' },
  },
});
if (args.reuse !== undefined && !/^[a-z_][a-z0-9_]*$/.test(args.reuse)) {
  console.error('--reuse takes a database name of lower-case letters, digits and _');
  process.exit(2);
}
const N = Number(args.cases);
const SAMPLES = Number(args.samples);
if (!Number.isInteger(N) || N < 1 || !Number.isInteger(SAMPLES) || SAMPLES < 1) {
  console.error(
    'usage: npm run bench -- case-page [--cases N] [--samples S] [--postgres] [--database-url URL]',
  );
  process.exit(2);
}
const here = path.dirname(fileURLToPath(import.meta.url));

const { seedDemo } = await import('../server/src/demo/seed.ts');
const { getCase, listCases } = await import('../server/src/modules/cases/cases.service.ts');
const { systemClock } = await import('../server/src/platform/clock.ts');
const { migrate, openPglite, openPostgres } = await import('../server/src/platform/db/index.ts');

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'karpear-bench-cases-'));
const pgScratch = args.postgres || args['database-url'] || args.reuse ? await scratchPostgres() : undefined;
const engine = pgScratch ? 'postgres' : 'pglite';
const database = pgScratch
  ? await openPostgres(pgScratch.url, 4)
  : await openPglite(path.join(scratch, 'db'));
try {
  await migrate(database);
  await seedDemo(database, scratch);
  const [agency] = await database.query<{ id: string }>("SELECT id FROM agencies WHERE code = 'KH-NP-AHTJP'");
  const [inv] = await database.query<{ id: string; unit_id: string; roles: string[] }>(
    "SELECT id, unit_id, roles FROM users WHERE email = 'investigator@demo.karpear.test'",
  );
  const [sup] = await database.query<{ id: string; unit_id: string; roles: string[] }>(
    "SELECT id, unit_id, roles FROM users WHERE email = 'supervisor@demo.karpear.test'",
  );
  const unitRows = await database.query<{ id: string }>(
    'SELECT id FROM units WHERE agency_id = $1 ORDER BY code',
    [agency!.id],
  );
  const others = unitRows.map((u) => u.id).filter((id) => id !== inv!.unit_id);
  const t0 = performance.now();
  const [present] = await database.query<{ n: number }>(
    "SELECT count(*)::int AS n FROM cases WHERE reference LIKE 'BENCH-%'",
  );
  const reused = Number(present!.n) === N;
  if (!reused && Number(present!.n) > 0) {
    console.error(`the database holds ${present!.n} bench cases, not ${N}: use another --reuse name`);
    process.exit(2);
  }
  if (reused) console.log(`reusing ${N} bench cases`);
  else await seed(agency!.id, inv!.unit_id, others, inv!.id, sup!.id);
  const seedSeconds = (performance.now() - t0) / 1000;
  const [counts] = await database.query<Record<string, string>>(
    `SELECT (SELECT count(*) FROM cases) AS cases, (SELECT count(*) FROM case_members) AS members,
            (SELECT count(*) FROM case_events) AS events, (SELECT count(*) FROM tasks) AS tasks,
            (SELECT count(*) FROM investigation_plans) AS plans`,
  );
  console.log(`seeded in ${seedSeconds.toFixed(1)} s: ${JSON.stringify(counts)}`);

  const actorOf = (u: { id: string; unit_id: string; roles: string[] }) => ({
    userId: u.id,
    agencyId: agency!.id,
    agencyType: 'police' as const,
    unitId: u.unit_id,
    roles: u.roles as never,
    sessionId: 'bench',
    stepUpAt: new Date(),
    ip: null,
    requestId: null,
  });
  const deps = { database, clock: systemClock };
  const investigator = actorOf(inv!);
  const supervisor = actorOf(sup!);
  const ids = (
    await database.query<{ id: string }>(
      `SELECT id FROM cases WHERE unit_id = $1 ORDER BY random() LIMIT ${SAMPLES}`,
      [inv!.unit_id],
    )
  ).map((r) => r.id);
  // Warm-up: plans and caches.
  for (const id of ids.slice(0, 10)) await getCase(deps, investigator, id);
  const detail = await time(ids, (id) => getCase(deps, investigator, id));
  console.log(`case detail (investigator): ${fmt(detail)}`);
  const detailSup = await time(ids.slice(0, Math.min(100, ids.length)), (id) =>
    getCase(deps, supervisor, id),
  );
  console.log(`case detail (supervisor): ${fmt(detailSup)}`);
  const page = { limit: 50, offset: 0 };
  const runs = Array.from({ length: 30 }, (_, i) => i);
  const listAll = await time(runs, () => listCases(deps, investigator, page));
  const listStatus = await time(runs, () =>
    listCases(deps, investigator, { ...page, status: 'under_investigation' }),
  );
  const listQ = await time(runs, (i) =>
    listCases(deps, supervisor, { ...page, q: `BENCH-2026-${String(1000 + i * 7).padStart(6, '0')}` }),
  );
  console.log(`list first page (investigator): ${fmt(listAll)}`);
  console.log(`list status filter: ${fmt(listStatus)}`);
  // The investigator and the supervisor are on the team of every bench case (a stress case: the
  // team rule hashes 100,000 memberships for every count). The analyst reads the whole agency by
  // the own-agency rule alone, as a supervisor on a normal number of teams would.
  const [ana] = await database.query<{ id: string; unit_id: string; roles: string[] }>(
    "SELECT id, unit_id, roles FROM users WHERE email = 'analyst@demo.karpear.test'",
  );
  const listAgency = await time(runs, () => listCases(deps, actorOf(ana!), page));
  console.log(`list q on reference (supervisor): ${fmt(listQ)}`);
  console.log(`list first page (analyst: whole agency, no team rule): ${fmt(listAgency)}`);

  const result = {
    benchmark: 'case-page',
    at: new Date().toISOString(),
    engine,
    node: process.version,
    cpus: os.cpus().length,
    cases: Number(counts!.cases),
    members: Number(counts!.members),
    events: Number(counts!.events),
    tasks: Number(counts!.tasks),
    plans: Number(counts!.plans),
    seedSeconds: Math.round(seedSeconds * 10) / 10,
    reused,
    loadAverage1m: Math.round(os.loadavg()[0]! * 10) / 10,
    detailInvestigatorMs: detail,
    detailSupervisorMs: detailSup,
    listFirstPageMs: listAll,
    listStatusFilterMs: listStatus,
    listReferenceSearchMs: listQ,
    listAgencyAnalystMs: listAgency,
    note: 'service-level (no HTTP); each detail read writes its audit event; machine shared with other work',
  };
  const out = path.join(
    here,
    'results',
    args.out ? `${args.out}.json` : engine === 'postgres' ? 'case-page-postgres.json' : 'case-page.json',
  );
  fs.writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
  console.log(`wrote ${path.relative(process.cwd(), out)}`);
} finally {
  await database.close();
  await pgScratch?.drop();
  fs.rmSync(scratch, { recursive: true, force: true });
}

/** All rows by set-based SQL: a few statements, whatever N. */
async function seed(agencyId: string, unitId: string, otherUnits: string[], invId: string, supId: string) {
  // One transaction without the server's statement timeout (PostgreSQL): bulk inserts with FK checks.
  await database.db.transaction(async (tx) => {
    await tx.execute(sql.raw('SET LOCAL statement_timeout = 0'));
    await seedRows(
      { query: (text: string) => tx.execute(sql.raw(text)) },
      agencyId,
      unitId,
      otherUnits,
      invId,
      supId,
    );
  });
  await database.query('ANALYZE');
}

async function seedRows(
  database: { query(text: string): Promise<unknown> },
  agencyId: string,
  unitId: string,
  otherUnits: string[],
  invId: string,
  supId: string,
) {
  const units = `ARRAY[${otherUnits.map((u) => `'${u}'::uuid`).join(',') || `'${unitId}'::uuid`}]`;
  await database.query(`
    INSERT INTO cases (agency_id, unit_id, reference, title, status, offences, handling, lead_id, created_by,
                       created_at, updated_at)
    SELECT '${agencyId}', CASE WHEN g % 2 = 0 THEN '${unitId}'::uuid ELSE (${units})[1 + (g / 2) % array_length(${units}, 1)] END,
           'BENCH-2026-' || lpad(g::text, 6, '0'), 'Synthetic bench case ' || g,
           (ARRAY['open','under_investigation','referred_to_prosecutor','in_court','closed'])[1 + g % 5],
           '["online_exploitation"]'::jsonb, 'normal', '${invId}', '${invId}',
           now() - (g % 700) * interval '1 day', now() - (g % 300) * interval '1 hour'
    FROM generate_series(1, ${N}) g`);
  await database.query(`
    INSERT INTO case_members (case_id, user_id, case_role, added_at)
    SELECT id, '${invId}'::uuid, 'lead', created_at FROM cases WHERE reference LIKE 'BENCH-%'
    UNION ALL
    SELECT id, '${supId}'::uuid, 'member', created_at FROM cases WHERE reference LIKE 'BENCH-%'`);
  await database.query(`
    INSERT INTO case_events (case_id, at, actor_id, kind, from_status, to_status, details)
    SELECT c.id, c.created_at + k * interval '1 hour', '${invId}',
           (ARRAY['created','note_added','task_created','status_changed'])[k + 1], NULL, NULL, '{}'::jsonb
    FROM cases c CROSS JOIN generate_series(0, 3) k WHERE c.reference LIKE 'BENCH-%'`);
  await database.query(`
    INSERT INTO tasks (case_id, title, owner_id, due_at, status, created_at)
    SELECT c.id, 'Synthetic task ' || k, '${invId}', c.created_at + (k + 7) * interval '1 day',
           CASE WHEN k = 0 THEN 'done' ELSE 'open' END, c.created_at
    FROM cases c CROSS JOIN generate_series(0, 1) k WHERE c.reference LIKE 'BENCH-%'`);
  await database.query(`
    INSERT INTO investigation_plans (case_id, version, status, content, created_by, created_at, updated_at)
    SELECT id, 1, 'approved', '{"objectives":["Synthetic objective"]}'::jsonb, '${invId}', created_at, created_at
    FROM cases WHERE reference LIKE 'BENCH-%' AND right(reference, 1) IN ('0','4','8')`);
}

interface Timing {
  n: number;
  p50: number;
  p95: number;
  max: number;
  /** This process's CPU time per call (user + system), beside the wall-clock figures. */
  nodeCpuMs: number;
}

async function time<T>(items: T[], fn: (item: T) => Promise<unknown>): Promise<Timing> {
  const ms: number[] = [];
  const cpu = process.cpuUsage();
  for (const item of items) {
    const s = performance.now();
    await fn(item);
    ms.push(performance.now() - s);
  }
  ms.sort((a, b) => a - b);
  const at = (q: number) => Math.round(ms[Math.min(ms.length - 1, Math.floor(q * ms.length))]! * 10) / 10;
  const used = process.cpuUsage(cpu);
  const nodeCpuMs = Math.round((used.user + used.system) / 100 / ms.length) / 10;
  return {
    n: ms.length,
    p50: at(0.5),
    p95: at(0.95),
    max: Math.round(ms[ms.length - 1]! * 10) / 10,
    nodeCpuMs,
  };
}

function fmt(t: Timing): string {
  return `p50 ${t.p50} ms, p95 ${t.p95} ms, max ${t.max} ms, node CPU ${t.nodeCpuMs} ms/call (n=${t.n})`;
}

async function scratchPostgres(): Promise<{ url: string; drop: () => Promise<void> } | undefined> {
  let admin = args['database-url'];
  if (!admin) {
    try {
      admin = fs.readFileSync('/tmp/karpear-dev-pg-url', 'utf8').trim();
    } catch {
      console.log('PostgreSQL not used (no /tmp/karpear-dev-pg-url)');
      return undefined;
    }
  }
  const name = args.reuse ?? `karpear_bench_${randomBytes(4).toString('hex')}`;
  const c = new pg.Client({ connectionString: admin, connectionTimeoutMillis: 3000 });
  await c.connect();
  const exists = await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
  if (exists.rowCount === 0) await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      if (args.reuse) return; // kept for the next run
      const d = new pg.Client({ connectionString: admin });
      await d.connect();
      await d.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await d.end();
    },
  };
}
