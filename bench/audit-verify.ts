// `npm run bench -- audit-verify [--events 1000000] [--database-url postgres://…] [--data-dir <dir>]`
//
// `karpear audit verify` throughput (PERFORMANCE.md: ≥ 500,000 events/s) on generated events, with in
// the same run: the baseline (raw SHA-256 over exactly the bytes the verifier hashes, no database),
// the fetch-only time (the same batches, not checked), the scan-only rate (checking batches already in
// memory, no database) and the ratios. PGlite in memory by default; `--data-dir` keeps the PGlite
// database in a folder and reuses it on the next run (loading 1M events takes minutes). With
// `--database-url`, a PostgreSQL database that is empty or holds exactly this run's events (reused).
// Also records this process's CPU time and the machine's load average: on a shared machine the wall
// time says more about the neighbours than about the code.
// Writes bench/results/audit-verify[-postgres].json.
import { generateKeyPairSync, hash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  canonicalAuditEvent,
  chainHashHex,
  GENESIS_HEX,
  normaliseAuditEvent,
} from '../server/src/audit/audit.chain.ts';
import {
  formatCheckpoint,
  MemoryCheckpointSink,
  signCheckpoint,
} from '../server/src/audit/audit.checkpoints.ts';
import { type Batch, fetchRange, type ScanState, scanBody } from '../server/src/audit/audit.scan.ts';
import { verifyAuditLog } from '../server/src/audit/audit.verify.ts';
import { publicKeyId } from '../server/src/platform/crypto/index.ts';
import { type DatabaseHandle, migrate, openPglite, openPostgres } from '../server/src/platform/db/index.ts';
import { bulkAppendAudit, syntheticAuditEvents } from '../server/test/audit-chain.ts';

const { values: args } = parseArgs({
  options: {
    events: { type: 'string', default: '1000000' },
    'database-url': { type: 'string' },
    'data-dir': { type: 'string' },
  },
});
const EVENTS = Number(args.events);
const SEED = 4;
/** A checkpoint every 1,000 events: the server's default N (KARPEAR_AUDIT_CHECKPOINT_EVENTS). */
const CHECKPOINT_EVERY = 1000;
const BATCH = 10_000;
const here = path.dirname(fileURLToPath(import.meta.url));

const cpuMs = (since: NodeJS.CpuUsage) => {
  const u = process.cpuUsage(since);
  return Math.round((u.user + u.system) / 1000);
};
const perSecond = (events: number, ms: number) => Math.round((events * 1000) / ms);

// Baseline first: SHA-256 over exactly the strings the verifier hashes, regenerated (untimed) per
// chunk. It also yields the expected head and the hashes to checkpoint.
console.log(`audit-verify: baseline over ${EVENTS.toLocaleString('en')} generated events…`);
let baselineMs = 0;
let baselineCpuMs = 0;
let bytes = 0;
let prev = GENESIS_HEX;
let position = 0;
let chunk: string[] = [];
let last = '';
const checkpointHashes: Array<{ position: number; hash: string }> = [];
const hashChunk = () => {
  const start = performance.now();
  const cpu = process.cpuUsage();
  for (const input of chunk) last = hash('sha256', input, 'hex');
  baselineMs += performance.now() - start;
  baselineCpuMs += cpuMs(cpu);
  chunk = [];
};
for (const e of syntheticAuditEvents(EVENTS, SEED)) {
  const canonical = canonicalAuditEvent(++position, normaliseAuditEvent(e));
  chunk.push(prev + canonical);
  bytes += Buffer.byteLength(prev + canonical);
  prev = chainHashHex(prev, canonical);
  if (position % CHECKPOINT_EVERY === 0 || position === EVENTS)
    checkpointHashes.push({ position, hash: prev });
  if (chunk.length === BATCH) hashChunk();
}
hashChunk();
if (last !== prev) throw new Error('baseline hashed different bytes from the chain');
const expectedHead = prev;

const database: DatabaseHandle = args['database-url']
  ? await openPostgres(args['database-url'], 6)
  : await openPglite(args['data-dir'] ? path.resolve(args['data-dir']) : undefined);
const engine = database.engine;
try {
  await migrate(database);
  const [existing] = await database.query<{ n: number; head: string | null }>(
    `SELECT count(*)::int AS n, encode((SELECT hash FROM audit_log ORDER BY position DESC LIMIT 1), 'hex') AS head FROM audit_log`,
  );
  let loadSeconds: number | null = null;
  if (existing!.n === 0) {
    console.log(`audit-verify: ${engine}, loading ${EVENTS.toLocaleString('en')} events…`);
    const t = performance.now();
    await bulkAppendAudit(database.db, syntheticAuditEvents(EVENTS, SEED));
    loadSeconds = +((performance.now() - t) / 1000).toFixed(1);
    if (engine === 'postgres') await database.query('VACUUM ANALYZE audit_log');
    else if (args['data-dir']) await database.query('CHECKPOINT');
  } else if (existing!.n !== EVENTS || existing!.head !== expectedHead) {
    throw new Error(
      `audit-verify needs an empty audit_log or exactly this run's ${EVENTS} events (found ${existing!.n}): use a fresh database or --data-dir`,
    );
  } else {
    console.log(`audit-verify: ${engine}, reusing the ${EVENTS.toLocaleString('en')} events already loaded`);
  }

  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const keyId = publicKeyId(publicKey);
  const sink = new MemoryCheckpointSink();
  const at = new Date().toISOString();
  for (const c of checkpointHashes)
    sink.lines.push(formatCheckpoint(signCheckpoint({ ...c, at, keyId }, privateKey)));

  const loadBefore = os.loadavg()[0]!;
  // Fetch only: the database's share and the transport (the same position-range batches, one at a
  // time, not checked).
  let t = performance.now();
  let cpu = process.cpuUsage();
  for (let from = 0; ; from += BATCH) {
    const batch = await fetchRange(database.db, from === 0 ? null : from, from + BATCH, BATCH);
    if (batch.n < BATCH) break;
  }
  const fetchMs = performance.now() - t;
  const fetchCpuMs = cpuMs(cpu);

  // Scan only: checking batches already in memory (the first 100,000 events), no database.
  const sample: Batch[] = [];
  for (let from = 0; from < Math.min(EVENTS, 100_000); from += BATCH)
    sample.push(await fetchRange(database.db, from === 0 ? null : from, from + BATCH, BATCH));
  const state: ScanState = {
    expected: 1,
    prevHex: GENESIS_HEX,
    events: 0,
    checkpoints: [],
    nextCheckpoint: 0,
  };
  t = performance.now();
  cpu = process.cpuUsage();
  for (const b of sample) if (scanBody(b, state)) throw new Error('scan-only found a problem');
  const scanMs = performance.now() - t;
  const scanCpuMs = cpuMs(cpu);

  const concurrency = engine === 'postgres' ? 4 : 1;
  cpu = process.cpuUsage();
  const result = await verifyAuditLog(database.db, sink, publicKey, { concurrency, batchSize: BATCH });
  const verifyCpuMs = cpuMs(cpu);
  if (result.status !== 'ok' || result.events !== EVENTS)
    throw new Error(`verify did not pass: ${result.message}`);
  const loadAfter = os.loadavg()[0]!;

  const baselinePerSecond = perSecond(EVENTS, baselineMs);
  const report = {
    benchmark: 'audit-verify',
    at: new Date().toISOString(),
    engine,
    node: process.version,
    cpus: os.cpus().length,
    cpu: os.cpus()[0]?.model,
    loadAverage1m: { before: +loadBefore.toFixed(1), after: +loadAfter.toFixed(1) },
    events: EVENTS,
    checkpoints: checkpointHashes.length,
    loadSeconds,
    transport: 'binary COPY of raw columns (PGlite: /dev/blob; PostgreSQL: COPY TO STDOUT)',
    verify: {
      ms: result.ms,
      eventsPerSecond: result.eventsPerSecond,
      cpuMsThisProcess: verifyCpuMs,
      eventsPerCpuSecondThisProcess: perSecond(EVENTS, verifyCpuMs),
      status: result.status,
      concurrency,
      batchSize: BATCH,
    },
    fetchOnly: {
      ms: Math.round(fetchMs),
      eventsPerSecond: perSecond(EVENTS, fetchMs),
      cpuMsThisProcess: fetchCpuMs,
      eventsPerCpuSecondThisProcess: perSecond(EVENTS, fetchCpuMs),
    },
    scanOnly: {
      what: 'checking 100,000 events already fetched (parse, canonical text, SHA-256, links), no database',
      events: state.events,
      ms: Math.round(scanMs),
      eventsPerSecond: perSecond(state.events, scanMs),
      cpuMs: scanCpuMs,
      eventsPerCpuSecond: perSecond(state.events, scanCpuMs),
    },
    baseline: {
      what: 'SHA-256 (node:crypto one-shot hash) over the same hex(prev)+canonical strings, no database',
      ms: Math.round(baselineMs),
      eventsPerSecond: baselinePerSecond,
      cpuMs: baselineCpuMs,
      eventsPerCpuSecond: perSecond(EVENTS, baselineCpuMs),
      averageInputBytes: Math.round(bytes / EVENTS),
    },
    ratioToBaseline: +(result.eventsPerSecond / baselinePerSecond).toFixed(3),
    scanOnlyRatioToBaseline: +(perSecond(state.events, scanMs) / baselinePerSecond).toFixed(3),
    target: { eventsPerSecond: 500_000, met: result.eventsPerSecond >= 500_000 },
  };
  console.log(JSON.stringify(report, null, 2));
  console.log(
    `verify: ${EVENTS.toLocaleString('en')} events in ${result.ms} ms = ${result.eventsPerSecond.toLocaleString('en')} events/s; ` +
      `baseline (hash only) ${baselinePerSecond.toLocaleString('en')} events/s; ratio ${report.ratioToBaseline}; ` +
      `fetch only ${report.fetchOnly.eventsPerSecond.toLocaleString('en')}/s; scan only ${report.scanOnly.eventsPerSecond.toLocaleString('en')}/s; ` +
      `target 500,000/s ${report.target.met ? 'met' : 'NOT met'} (load average ${report.loadAverage1m.before}→${report.loadAverage1m.after} on ${report.cpus} CPUs)`,
  );
  const out = path.join(here, 'results', `audit-verify${engine === 'postgres' ? '-postgres' : ''}.json`);
  fs.writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`wrote ${path.relative(process.cwd(), out)}`);
} finally {
  await database.close();
}
