// `npm run bench -- audit-verify [--events 1000000] [--database-url postgres://…]`
//
// `karpear audit verify` throughput (PERFORMANCE.md: ≥ 500,000 events/s) on generated events, with in
// the same run: the baseline (raw SHA-256 over exactly the bytes the verifier hashes, no database),
// the fetch-only time (the same batches, not checked) and the ratio. PGlite in memory by default.
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
import { writeCheckpoint } from '../server/src/audit/audit.checkpointer.ts';
import { FileCheckpointSink } from '../server/src/audit/audit.checkpoints.ts';
import { fetchRange } from '../server/src/audit/audit.scan.ts';
import { verifyAuditLog } from '../server/src/audit/audit.verify.ts';
import { systemClock } from '../server/src/platform/clock.ts';
import { publicKeyId } from '../server/src/platform/crypto/index.ts';
import { type DatabaseHandle, migrate, openPglite, openPostgres } from '../server/src/platform/db/index.ts';
import { bulkAppendAudit, syntheticAuditEvents } from '../server/test/audit-chain.ts';

const { values: args } = parseArgs({
  options: { events: { type: 'string', default: '1000000' }, 'database-url': { type: 'string' } },
});
const EVENTS = Number(args.events);
const SEED = 4;
const here = path.dirname(fileURLToPath(import.meta.url));
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'karpear-bench-audit-'));

const database: DatabaseHandle = args['database-url']
  ? await openPostgres(args['database-url'], 2)
  : await openPglite();
const engine = database.engine;
try {
  await migrate(database);
  const existing = await database.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log');
  if (existing[0]!.n !== 0) throw new Error('audit-verify needs an empty audit_log (use a fresh database)');

  console.log(`audit-verify: ${engine}, generating ${EVENTS.toLocaleString('en')} events…`);
  let t = performance.now();
  await bulkAppendAudit(database.db, syntheticAuditEvents(EVENTS, SEED));
  const loadMs = performance.now() - t;
  if (engine === 'postgres') await database.query('VACUUM ANALYZE audit_log');

  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const sink = new FileCheckpointSink(path.join(dir, 'checkpoints.jsonl'));
  const signer = { signingKey: privateKey, verifyKey: publicKey, keyId: publicKeyId(publicKey) };
  await writeCheckpoint(database.db, sink, signer, systemClock);

  // Fetch only: the database's share (the same position-range batches, one at a time, not checked).
  t = performance.now();
  for (let from = 0; ; from += 10_000) {
    const batch = await fetchRange(database.db, from === 0 ? null : from, from + 10_000, 10_000);
    if (batch.n < 10_000) break;
  }
  const fetchMs = performance.now() - t;

  const concurrency = engine === 'postgres' ? 4 : 1;
  const result = await verifyAuditLog(database.db, sink, publicKey, { concurrency });
  if (result.status !== 'ok') throw new Error(`verify did not pass: ${result.message}`);

  // Baseline: SHA-256 over exactly the strings the verifier hashes, regenerated (untimed) per chunk.
  let baselineMs = 0;
  let bytes = 0;
  let prev = GENESIS_HEX;
  let position = 0;
  let chunk: string[] = [];
  let last = '';
  const hashChunk = () => {
    const start = performance.now();
    for (const input of chunk) last = hash('sha256', input, 'hex');
    baselineMs += performance.now() - start;
    chunk = [];
  };
  for (const e of syntheticAuditEvents(EVENTS, SEED)) {
    const canonical = canonicalAuditEvent(++position, normaliseAuditEvent(e));
    chunk.push(prev + canonical);
    bytes += Buffer.byteLength(prev + canonical);
    prev = chainHashHex(prev, canonical);
    if (chunk.length === 10_000) hashChunk();
  }
  hashChunk();
  if (last !== prev) throw new Error('baseline hashed different bytes from the chain');

  const baselinePerSecond = Math.round((EVENTS * 1000) / baselineMs);
  const report = {
    benchmark: 'audit-verify',
    at: new Date().toISOString(),
    engine,
    node: process.version,
    cpus: os.cpus().length,
    cpu: os.cpus()[0]?.model,
    events: EVENTS,
    loadSeconds: +(loadMs / 1000).toFixed(1),
    verify: { ms: result.ms, eventsPerSecond: result.eventsPerSecond, status: result.status, concurrency },
    fetchOnly: { ms: Math.round(fetchMs), eventsPerSecond: Math.round((EVENTS * 1000) / fetchMs) },
    baseline: {
      what: 'SHA-256 (node:crypto one-shot hash) over the same hex(prev)+canonical strings, no database',
      ms: Math.round(baselineMs),
      eventsPerSecond: baselinePerSecond,
      averageInputBytes: Math.round(bytes / EVENTS),
    },
    ratioToBaseline: +(result.eventsPerSecond / baselinePerSecond).toFixed(3),
    target: { eventsPerSecond: 500_000, met: result.eventsPerSecond >= 500_000 },
  };
  console.log(JSON.stringify(report, null, 2));
  const out = path.join(here, 'results', `audit-verify${engine === 'postgres' ? '-postgres' : ''}.json`);
  fs.writeFileSync(out, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`wrote ${path.relative(process.cwd(), out)}`);
} finally {
  await database.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
