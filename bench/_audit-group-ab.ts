// `node --import tsx bench/_audit-group-ab.ts --database-url postgres://… [--rate 200] [--seconds 8] [--rounds 3] [--busy 1]`
//
// The border check's audit write alone, A/B under the same machine load: a steady `rate` of events
// (50 concurrent "desks"), each preceded by ~1 ms of synchronous work on the event loop (the matcher's
// share), written by (a) one `recordAudit` transaction per event — the old border check —, (b) the
// group writer one group at a time, (c) the group writer pipelined. Variants alternate round by round
// so a change in the machine's load hits all three alike. Prints latency percentiles of the audit write
// and the CPU time per event. Not a listed benchmark (the `_`); PostgreSQL only.
import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { AuditGroupWriter } from '../server/src/audit/audit.group.ts';
import { recordAudit } from '../server/src/audit/audit.writer.ts';
import { migrate, openPostgres } from '../server/src/platform/db/index.ts';

const { values: args } = parseArgs({
  options: {
    'database-url': { type: 'string' },
    rate: { type: 'string', default: '200' },
    seconds: { type: 'string', default: '8' },
    rounds: { type: 'string', default: '3' },
    // Synchronous work per event on the event loop, ms (the rest of a check: matcher, JSON, routing).
    busy: { type: 'string', default: '1' },
  },
});
const url = args['database-url'];
if (!url) throw new Error('--database-url is required');
const RATE = Number(args.rate);
const SECONDS = Number(args.seconds);
const ROUNDS = Number(args.rounds);
const BUSY_MS = Number(args.busy);

const dbName = `karpear_bench_auditab_${randomBytes(4).toString('hex')}`;
async function admin(statement: string) {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(statement);
  await c.end();
}
await admin(`CREATE DATABASE ${dbName}`);
const target = new URL(url);
target.pathname = `/${dbName}`;
const database = await openPostgres(target.toString(), 20);

function busy(ms: number) {
  const end = performance.now() + ms;
  while (performance.now() < end) {}
}

type Variant = 'per-check' | 'group' | 'group-pipelined';
async function runVariant(variant: Variant) {
  const writer =
    variant === 'per-check'
      ? null
      : new AuditGroupWriter(database.db, { pipeline: variant === 'group-pipelined' });
  const latencies: number[] = [];
  const interval = 1000 / RATE;
  const started = performance.now();
  const cpu = process.cpuUsage();
  const inflight: Promise<void>[] = [];
  let sent = 0;
  while (performance.now() - started < SECONDS * 1000) {
    const due = started + sent * interval;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    sent++;
    inflight.push(
      (async () => {
        const t0 = performance.now();
        busy(BUSY_MS); // the rest of the check's share of the event loop
        const event = {
          at: new Date(),
          actorId: null,
          action: 'screening.check',
          objectType: 'screening_check',
          outcome: 'success' as const,
          details: { channel: 'border', result: 'no_hit', hitIds: [] },
        };
        if (writer) await writer.record(event);
        else await database.db.transaction((tx) => recordAudit(tx, event));
        latencies.push(performance.now() - t0);
      })(),
    );
  }
  await Promise.all(inflight);
  const c = process.cpuUsage(cpu);
  const wall = performance.now() - started;
  latencies.sort((a, b) => a - b);
  const p = (q: number) =>
    +latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!.toFixed(1);
  return {
    variant,
    events: latencies.length,
    achievedRate: Math.round(latencies.length / (wall / 1000)),
    p50: p(0.5),
    p90: p(0.9),
    p99: p(0.99),
    max: +latencies.at(-1)!.toFixed(1),
    cpuMsPerEvent: +((c.user + c.system) / 1000 / latencies.length).toFixed(2),
    groups: writer?.stats.groups ?? latencies.length,
  };
}

try {
  await migrate(database);
  console.log(
    `audit-group-ab: load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  const all: Array<Awaited<ReturnType<typeof runVariant>>> = [];
  for (let round = 0; round < ROUNDS; round++) {
    for (const v of ['per-check', 'group', 'group-pipelined'] as const) {
      const r = await runVariant(v);
      all.push(r);
      console.log(JSON.stringify({ round, ...r, load1m: +os.loadavg()[0]!.toFixed(1) }));
    }
  }
} finally {
  await database.close();
  await admin(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
}
