// The `--profile` instruments of bench/border-check.ts (not a benchmark of its own).
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import pg from 'pg';
import { ScreeningService } from '../server/src/modules/offenders/screening.service.ts';
import type { DatabaseHandle } from '../server/src/platform/db/index.ts';

/**
 * The `--profile` instruments: the event loop's delay (a busy loop stretches every round trip the
 * check makes, including those made while holding the audit lock), the time spent in `check` split
 * at its transaction, and on PostgreSQL a 20 ms sampler of the bench database's backends.
 */
export function startProfile(db: DatabaseHandle, pgDatabase: string | null, databaseUrl?: string) {
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  // Garbage-collection pauses (the index keeps a few hundred MiB live): kind 4 = major (mark-compact).
  const gcPauses: Array<{ kind: number; ms: number }> = [];
  const gcObserver = new PerformanceObserver((list) => {
    for (const e of list.getEntries())
      gcPauses.push({
        kind: (e as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind ?? 0,
        ms: e.duration,
      });
  });
  gcObserver.observe({ entryTypes: ['gc'] });
  const checkMs: number[] = [];
  const txMs: number[] = [];
  // The periodic sync re-reads what changed within its overlap window: its time shows whether it stalls.
  const syncMs: number[] = [];
  const proto = ScreeningService.prototype as unknown as Record<
    string,
    (...a: unknown[]) => Promise<unknown>
  >;
  const originalCheck = proto.check!;
  const originalSync = proto.sync!;
  proto.sync = async function (this: unknown, ...a: unknown[]) {
    const t0 = performance.now();
    try {
      return await originalSync.apply(this, a);
    } finally {
      syncMs.push(Math.round(performance.now() - t0));
    }
  };
  const originalTx = db.db.transaction.bind(db.db);
  proto.check = async function (this: unknown, ...a: unknown[]) {
    const t0 = performance.now();
    try {
      return await originalCheck.apply(this, a);
    } finally {
      checkMs.push(performance.now() - t0);
    }
  };
  (db.db as unknown as { transaction: unknown }).transaction = async (...a: unknown[]) => {
    const t0 = performance.now();
    try {
      return await (originalTx as (...x: unknown[]) => Promise<unknown>)(...a);
    } finally {
      txMs.push(performance.now() - t0);
    }
  };
  const samples: Array<Record<string, number | string | null>> = [];
  let sampling = true;
  const sampler = (async () => {
    if (!pgDatabase) return;
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    while (sampling) {
      const r = await client.query(
        `SELECT count(*) FILTER (WHERE a.state = 'idle in transaction')::int AS idle_in_tx,
                count(*) FILTER (WHERE a.wait_event_type = 'Lock')::int AS lock_wait,
                count(*) FILTER (WHERE a.state = 'active' AND a.wait_event_type IS DISTINCT FROM 'Lock')::int AS running,
                count(*)::int AS connections,
                (SELECT h.state FROM pg_locks l JOIN pg_stat_activity h ON h.pid = l.pid
                  WHERE l.locktype = 'advisory' AND l.granted LIMIT 1) AS lock_holder
         FROM pg_stat_activity a WHERE a.datname = $1 AND a.pid <> pg_backend_pid()`,
        [pgDatabase],
      );
      samples.push(r.rows[0]);
      await new Promise((res) => setTimeout(res, 20));
    }
    await client.end();
  })();
  // A round trip through the app's pool (`SELECT 1`) and a bare event-loop hop, every 25 ms: a slow
  // round trip with a quick hop points at the pool or the database, a slow hop at this process.
  const roundTripMs: number[] = [];
  const hopMs: number[] = [];
  const prober = (async () => {
    while (sampling) {
      const h0 = performance.now();
      await new Promise((res) => setImmediate(res));
      hopMs.push(performance.now() - h0);
      const t0 = performance.now();
      await db.query('SELECT 1');
      roundTripMs.push(performance.now() - t0);
      await new Promise((res) => setTimeout(res, 25));
    }
  })();
  const pct = (xs: number[], p: number) => {
    const sorted = [...xs].sort((a, b) => a - b);
    return sorted.length
      ? +sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!.toFixed(1)
      : null;
  };
  const mean = (key: string) =>
    samples.length
      ? +(samples.reduce((s, r) => s + Number(r[key] ?? 0), 0) / samples.length).toFixed(2)
      : null;
  const share = (holder: string | null) =>
    samples.length
      ? +(samples.filter((r) => r.lock_holder === holder).length / samples.length).toFixed(2)
      : null;
  return {
    async stop() {
      sampling = false;
      await sampler;
      await prober;
      loop.disable();
      gcObserver.disconnect();
      proto.check = originalCheck;
      (db.db as unknown as { transaction: unknown }).transaction = originalTx;
      return {
        eventLoopDelayMs: {
          p50: +(loop.percentile(50) / 1e6).toFixed(1),
          p99: +(loop.percentile(99) / 1e6).toFixed(1),
          max: +(loop.max / 1e6).toFixed(1),
        },
        gc: {
          pauses: gcPauses.length,
          totalMs: Math.round(gcPauses.reduce((sum, g) => sum + g.ms, 0)),
          maxMs: +Math.max(0, ...gcPauses.map((g) => g.ms)).toFixed(1),
          major: gcPauses.filter((g) => g.kind === 4).length,
          majorMaxMs: +Math.max(0, ...gcPauses.filter((g) => g.kind === 4).map((g) => g.ms)).toFixed(1),
        },
        checkMs: { p50: pct(checkMs, 50), p90: pct(checkMs, 90), p99: pct(checkMs, 99) },
        transactionMs: { count: txMs.length, p50: pct(txMs, 50), p90: pct(txMs, 90), p99: pct(txMs, 99) },
        syncMs,
        roundTripMs: { p50: pct(roundTripMs, 50), p90: pct(roundTripMs, 90), p99: pct(roundTripMs, 99) },
        eventLoopHopMs: { p50: pct(hopMs, 50), p90: pct(hopMs, 90), p99: pct(hopMs, 99) },
        ...(pgDatabase
          ? {
              backends: {
                samples: samples.length,
                meanConnections: mean('connections'),
                meanIdleInTransaction: mean('idle_in_tx'),
                meanWaitingForLock: mean('lock_wait'),
                meanRunning: mean('running'),
                auditLockHeldShare: +(1 - (share(null) ?? 1)).toFixed(2),
                auditLockHolderWaitingForNodeShare: share('idle in transaction'),
              },
            }
          : {}),
      };
    },
  };
}
