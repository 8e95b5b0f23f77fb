// `npm run bench -- tips [--reports 20000] [--database-url postgres://…] [--no-postgres] [--no-double]
//                        [--batch-size 200] [--per-tip] [--worker | --no-worker]`
//
// PERFORMANCE.md §2: CyberTipline import throughput with extraction, normalisation, linking and audit,
// against the parse-only baseline of the same generated reports in the same run; the largest cluster
// share on the generated set; peak memory at N and 2N reports (flat = the import streams).
//
// Each import runs in its own child process (so its peak RSS is its own) on a fresh database: PGlite
// in a temporary folder, and PostgreSQL when `--database-url`, DATABASE_URL or the dev server URL in
// /tmp/karpear-dev-pg-url answers (a scratch database is created there and dropped afterwards).
// Reports come from bench/generators/cybertip.ts (seeded, 30% JSON, identifier reuse with heavy
// hitters, stop-listed placeholders). Writes bench/results/tips.json (and tips-postgres.json).
// `--per-tip` measures the path before batched intake (one `insertTip` per report, batches of 50
// unless `--batch-size` says otherwise) into tips-per-tip.json / tips-per-tip-postgres.json.
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { generateReports, measureParseThroughput } from './generators/cybertip.ts';

const { values: args } = parseArgs({
  options: {
    reports: { type: 'string', default: '20000' },
    'database-url': { type: 'string' },
    'no-postgres': { type: 'boolean', default: false },
    'no-double': { type: 'boolean', default: false },
    child: { type: 'boolean', default: false },
    'batch-size': { type: 'string' },
    'per-tip': { type: 'boolean', default: false },
    /** Parse on the import's thread (the path before the parse worker). */
    'no-worker': { type: 'boolean', default: false },
    /** Parse on a worker thread whatever the number of reports. */
    worker: { type: 'boolean', default: false },
  },
});
const N = Number(args.reports);
if (!Number.isInteger(N) || N < 1) {
  console.error(
    'usage: npm run bench -- tips [--reports N] [--database-url URL] [--no-postgres] [--no-double]',
  );
  process.exit(2);
}
const here = path.dirname(fileURLToPath(import.meta.url));
const intake = args['per-tip'] ? 'per-tip' : 'batched';
const batchSize = Number(args['batch-size'] ?? (args['per-tip'] ? 50 : 200));
const resultName = (engine: string) =>
  `tips${args['per-tip'] ? '-per-tip' : ''}${engine === 'postgres' ? '-postgres' : ''}.json`;

interface ChildResult {
  engine: string;
  reports: number;
  seconds: number;
  cpuSeconds: number;
  perSecond: number;
  perCpuSecond: number;
  imported: number;
  duplicates: number;
  rejected: number;
  tips: number;
  auditEvents: number;
  identifierLinks: number;
  stopListedIdentifiers: number;
  largestCluster: number;
  largestClusterShare: number;
  topClusters: number[];
  peakRssMiB: number;
}

if (args.child) await child();
else await main();

/** One import of N generated reports into a fresh database; prints a ChildResult as JSON. */
async function child(): Promise<void> {
  const { seedDemo } = await import('../server/src/demo/seed.ts');
  const { clusterSizesOf } = await import('../server/src/modules/entities/index.ts');
  const { importCyberTipFiles } = await import('../server/src/modules/tips/index.ts');
  const { filesFromPaths } = await import('../server/src/modules/tips/import/files.ts');
  const { systemClock } = await import('../server/src/platform/clock.ts');
  const { loadConfig } = await import('../server/src/platform/config.ts');
  const { createFieldCipher, ephemeralKeyring } = await import('../server/src/platform/crypto/index.ts');
  const { migrate, openPglite, openPostgres } = await import('../server/src/platform/db/index.ts');

  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'karpear-bench-tips-'));
  const url = args['database-url'];
  const database = url ? await openPostgres(url, 4) : await openPglite(path.join(scratch, 'db'));
  try {
    await migrate(database);
    await seedDemo(database, scratch);
    const config = loadConfig({ mode: 'test', logLevel: 'silent', dataDir: scratch }, {});
    const keyring = ephemeralKeyring();
    const deps = { database, clock: systemClock, config, fields: createFieldCipher(keyring.keks) };

    // Reports are generated into files first (not timed) and imported from disk as the CLI does: the
    // generator's CPU is not the import's, and memory holds what the import holds, not N texts.
    const folder = path.join(scratch, 'reports');
    fs.mkdirSync(folder);
    let n = 0;
    for (const g of generateReports(N, 1)) {
      fs.writeFileSync(path.join(folder, `${String(n++).padStart(7, '0')}-${g.fileName}`), g.text);
    }
    const files = filesFromPaths([folder]);
    const cpu = process.cpuUsage();
    const started = performance.now();
    const summary = await importCyberTipFiles(deps, null, files, undefined, {
      batchSize,
      intake,
      // Default: the import decides (a worker from PARSE_WORKER_MIN_FILES reports).
      ...(args['no-worker'] ? { parseWorker: false } : args.worker ? { parseWorker: true } : {}),
    });
    const seconds = (performance.now() - started) / 1000;
    const used = process.cpuUsage(cpu);
    const count = async (sql: string) =>
      Number((await database.query<{ n: number }>(`SELECT count(*)::int AS n FROM ${sql}`))[0]!.n);
    const clusters = await clusterSizesOf(database.db, 'tip');
    const tips = await count('tips');
    const result: ChildResult = {
      engine: database.engine,
      reports: N,
      seconds: +seconds.toFixed(2),
      cpuSeconds: +((used.user + used.system) / 1e6).toFixed(2),
      perSecond: Math.round(N / seconds),
      perCpuSecond: Math.round(N / ((used.user + used.system) / 1e6)),
      imported: summary.imported,
      duplicates: summary.duplicates,
      rejected: summary.rejected,
      tips,
      auditEvents: await count('audit_log'),
      identifierLinks: await count('identifier_links'),
      stopListedIdentifiers: await count('identifiers WHERE stop_listed IS NOT NULL'),
      largestCluster: clusters.largest,
      largestClusterShare: +(clusters.largest / Math.max(tips, 1)).toFixed(5),
      topClusters: clusters.top,
      peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    };
    process.stdout.write(`\n@@RESULT ${JSON.stringify(result)}\n`);
  } finally {
    await database.close();
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

function runChild(reports: number, databaseUrl?: string): ChildResult {
  const argv = ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', '--reports', String(reports)];
  if (databaseUrl) argv.push('--database-url', databaseUrl);
  argv.push('--batch-size', String(batchSize));
  if (args['per-tip']) argv.push('--per-tip');
  if (args['no-worker']) argv.push('--no-worker');
  if (args.worker) argv.push('--worker');
  const r = spawnSync(process.execPath, argv, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const line = r.stdout.split('\n').find((l) => l.startsWith('@@RESULT '));
  if (r.status !== 0 || !line) {
    throw new Error(`bench child failed (exit ${r.status}): ${r.stderr.slice(-2000)}`);
  }
  return JSON.parse(line.slice('@@RESULT '.length)) as ChildResult;
}

/** A scratch database on the PostgreSQL server, or undefined when none answers. */
async function scratchPostgres(): Promise<{ url: string; drop: () => Promise<void> } | undefined> {
  if (args['no-postgres']) return undefined;
  let admin = args['database-url'] ?? process.env.DATABASE_URL;
  if (!admin) {
    try {
      admin = fs.readFileSync('/tmp/karpear-dev-pg-url', 'utf8').trim();
    } catch {
      return undefined;
    }
  }
  const name = `karpear_bench_${randomBytes(4).toString('hex')}`;
  try {
    const c = new pg.Client({ connectionString: admin, connectionTimeoutMillis: 3000 });
    await c.connect();
    await c.query(`CREATE DATABASE ${name}`);
    await c.end();
  } catch (err) {
    console.log(`PostgreSQL not used (${(err as Error).message.split('\n')[0]})`);
    return undefined;
  }
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: admin });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

async function main(): Promise<void> {
  console.log(
    `tips: ${N} generated CyberTipline reports (30% JSON), seed 1, ${intake} intake, batches of ${batchSize}`,
  );
  // The same reports the imports read (same seed), parsed only: texts made first, not timed.
  const parse = measureParseThroughput(N, 1);
  console.log(`parse-only: ${parse.perSecond} reports/s (${parse.perCpuSecond} per CPU-second)`);
  const sample = generateReports(Math.min(N, 2000), 1);
  let bytes = 0;
  let json = 0;
  for (const g of sample) {
    bytes += g.text.length;
    if (g.format === 'json') json++;
  }

  const pglite = runChild(N);
  console.log(
    `PGlite import: ${pglite.perSecond} reports/s (${pglite.perCpuSecond}/CPU-s), ` +
      `largest cluster ${pglite.largestCluster} tips = ${(pglite.largestClusterShare * 100).toFixed(2)}%, ` +
      `peak RSS ${pglite.peakRssMiB} MiB`,
  );
  const doubled = args['no-double'] ? undefined : runChild(2 * N);
  if (doubled) {
    console.log(`PGlite import at 2N: ${doubled.perSecond} reports/s, peak RSS ${doubled.peakRssMiB} MiB`);
  }

  const common = {
    benchmark: 'tips',
    at: new Date().toISOString(),
    node: process.version,
    cpus: os.cpus().length,
    loadAverage1m: Math.round(os.loadavg()[0]! * 10) / 10,
    reports: N,
    generator: {
      seed: 1,
      jsonShare: +(json / Math.min(N, 2000)).toFixed(2),
      meanReportBytes: Math.round(bytes / Math.min(N, 2000)),
    },
    batchSize,
    intake,
    parseWorker: args['no-worker'] ? false : args.worker ? true : 'auto',
    parseOnly: parse,
  };
  const out = {
    ...common,
    engine: 'pglite',
    import: pglite,
    importRatioToParse: +(pglite.perSecond / parse.perSecond).toFixed(3),
    memory: doubled
      ? {
          peakRssMiBAtN: pglite.peakRssMiB,
          peakRssMiBAt2N: doubled.peakRssMiB,
          ratio: +(doubled.peakRssMiB / pglite.peakRssMiB).toFixed(2),
          at2N: doubled,
        }
      : null,
    targets: {
      reportsPerSecondAtLeast: 1000,
      largestClusterShareBelow: 0.01,
      met: {
        throughput: pglite.perSecond >= 1000,
        cluster: pglite.largestClusterShare < 0.01,
        memoryFlat: doubled ? doubled.peakRssMiB / pglite.peakRssMiB < 1.25 : null,
      },
    },
  };
  write(resultName('pglite'), out);

  const scratch = await scratchPostgres();
  if (scratch) {
    try {
      const postgres = runChild(N, scratch.url);
      console.log(`PostgreSQL import: ${postgres.perSecond} reports/s (${postgres.perCpuSecond}/CPU-s)`);
      write(resultName('postgres'), {
        ...common,
        engine: 'postgres',
        import: postgres,
        importRatioToParse: +(postgres.perSecond / parse.perSecond).toFixed(3),
      });
    } finally {
      await scratch.drop();
    }
  }
}

function write(name: string, value: unknown): void {
  const file = path.join(here, 'results', name);
  fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
  console.log(`wrote ${path.relative(process.cwd(), file)}`);
}
