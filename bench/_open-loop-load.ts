// An open-loop load generator for the border-check benchmark (not a benchmark of its own).
//
// Why not autocannon's `overallRate`: it gives each connection `rate / connections` requests per
// second and lets each send its share back to back at the top of every second, so "200 requests/s"
// over 50 connections is a burst of 200 requests at full concurrency, then silence until the next
// second (seen in PostgreSQL's statement log: every second, 300–650 ms with no statement at all).
// That measures 50 desks pressing the button in the same instant, not a rate. Here requests are sent
// at their own arrival times — Poisson (independent officers at independent desks) or evenly spaced
// — whether or not earlier ones have been answered (open loop), and each latency is measured from the
// time the request was due, so a request held back by a busy connection counts its wait too (no
// coordinated omission).
import http from 'node:http';
import { mulberry32 } from './generators/random.ts';

export type Arrivals = 'poisson' | 'uniform';

export interface OpenLoopJob {
  url: string;
  headers: Record<string, string>;
  bodies: string[];
  /** Requests per second, on average. */
  rate: number;
  seconds: number;
  /** Most requests in flight at once (keep-alive sockets); later ones wait for a free one. */
  connections: number;
  arrivals: Arrivals;
  /** A request not answered within this many ms counts as a time-out. */
  timeoutMs?: number;
  /** Seed of the arrival times, so two runs offer the same load. */
  seed?: number;
}

export interface OpenLoopResult {
  sent: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  latencyMs: { p50: number; p90: number; p99: number; max: number; mean: number };
  /** Requests per second actually sent over the run (the offered load). */
  offeredRate: number;
  /** The same percentiles per answer: the JSON body's `result` (`hit`, `no_hit`), or `other`. */
  byResult: Record<string, { count: number; p50: number; p90: number; p99: number; max: number }>;
}

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return 0;
  const i = Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1);
  return +sorted[Math.max(0, i)]!.toFixed(1);
}

export async function openLoopLoad(job: OpenLoopJob): Promise<OpenLoopResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: job.connections });
  const url = new URL(job.url);
  const next = mulberry32(job.seed ?? 1); // the same seed, the same arrival times
  const gapMs = 1000 / job.rate;
  const timeoutMs = job.timeoutMs ?? 10_000;
  const latencies: number[] = [];
  const byResult = new Map<string, number[]>();
  const result = { sent: 0, ok: 0, non2xx: 0, errors: 0, timeouts: 0 };
  const pending = new Set<Promise<void>>();

  const send = (dueAt: number, body: string) => {
    result.sent++;
    const done = new Promise<void>((resolve) => {
      let timedOut = false;
      const req = http.request(
        {
          agent,
          host: url.hostname,
          port: url.port,
          path: url.pathname,
          method: 'POST',
          headers: { ...job.headers, 'content-length': Buffer.byteLength(body) },
          timeout: timeoutMs,
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const ms = performance.now() - dueAt;
            latencies.push(ms);
            let answer = 'other';
            try {
              answer = String(JSON.parse(Buffer.concat(chunks).toString('utf8')).result ?? 'other');
            } catch {}
            if (!byResult.has(answer)) byResult.set(answer, []);
            byResult.get(answer)!.push(ms);
            if (res.statusCode! >= 200 && res.statusCode! < 300) result.ok++;
            else result.non2xx++;
            resolve();
          });
        },
      );
      req.on('timeout', () => {
        timedOut = true;
        result.timeouts++;
        req.destroy();
      });
      // A destroyed (timed-out) request also ends here; it was counted as a time-out.
      req.on('error', () => {
        if (!timedOut) result.errors++;
        resolve();
      });
      req.end(body);
    });
    pending.add(done);
    void done.then(() => pending.delete(done));
  };

  const started = performance.now();
  const endAt = started + job.seconds * 1000;
  let dueAt = started;
  let i = 0;
  await new Promise<void>((resolve) => {
    const tick = () => {
      const now = performance.now();
      // Every request already due goes now (a late timer sends its backlog at once, each still
      // timed from when it was due).
      while (dueAt <= now && dueAt < endAt) {
        send(dueAt, job.bodies[i++ % job.bodies.length]!);
        dueAt += job.arrivals === 'uniform' ? gapMs : -Math.log(1 - next()) * gapMs;
      }
      if (dueAt >= endAt) resolve();
      else setTimeout(tick, Math.max(0, dueAt - performance.now()));
    };
    tick();
  });
  await Promise.all(pending);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const mean = latencies.reduce((s, x) => s + x, 0) / Math.max(1, latencies.length);
  return {
    ...result,
    latencyMs: {
      p50: percentile(latencies, 50),
      p90: percentile(latencies, 90),
      p99: percentile(latencies, 99),
      max: percentile(latencies, 100),
      mean: +mean.toFixed(1),
    },
    offeredRate: Math.round(result.sent / job.seconds),
    byResult: Object.fromEntries(
      [...byResult].map(([k, v]) => {
        v.sort((a, b) => a - b);
        const q = (p: number) => percentile(v, p);
        return [k, { count: v.length, p50: q(50), p90: q(90), p99: q(99), max: q(100) }];
      }),
    ),
  };
}
