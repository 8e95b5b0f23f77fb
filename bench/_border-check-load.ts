// The load generator of bench/border-check.ts, in a process of its own (forked over IPC) so the
// server process is measured alone: the generator's own CPU no longer competes with the server it
// drives. Receives one job, sends back each phase's result and the CPU time this process spent, then
// exits. Not a benchmark of its own (the `_` keeps run.ts off it).
//
// Two kinds of load: `open` (bench/_open-loop-load.ts: requests at their own Poisson or even arrival
// times, latency from when each was due — the rate the target names) and `burst` (autocannon's
// `overallRate`: every connection sends its share of the second back to back at the top of each
// second — 50 desks pressing at once; reported beside it as the worst case).
import autocannon from 'autocannon';
import { type Arrivals, type OpenLoopResult, openLoopLoad } from './_open-loop-load.ts';

export interface LoadJob {
  url: string;
  headers: Record<string, string>;
  bodies: string[];
  connections: number;
  /** Phases run one after the other (warm-up, then the measured run). */
  phases: Array<{ rate: number; seconds: number; kind: 'open' | 'burst'; arrivals?: Arrivals }>;
}

/** What both kinds report, in the shape bench/border-check.ts records. */
export type LoadResult = Pick<
  OpenLoopResult,
  'sent' | 'ok' | 'non2xx' | 'errors' | 'timeouts' | 'latencyMs'
> & {
  kind: 'open' | 'burst';
  /** Open loop only: the percentiles per answer (`hit`, `no_hit`). */
  byResult?: OpenLoopResult['byResult'];
};

async function burst(job: LoadJob, rate: number, seconds: number): Promise<LoadResult> {
  let next = 0;
  const r = await autocannon({
    url: job.url,
    connections: job.connections,
    duration: seconds,
    overallRate: rate,
    method: 'POST',
    headers: job.headers,
    requests: [
      {
        method: 'POST',
        setupRequest: (req: Record<string, unknown>) => ({
          ...req,
          body: job.bodies[next++ % job.bodies.length],
        }),
      },
    ],
  } as Parameters<typeof autocannon>[0]);
  return {
    kind: 'burst',
    sent: r.requests.sent,
    ok: r['2xx'],
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
    latencyMs: {
      p50: r.latency.p50,
      p90: r.latency.p90,
      p99: r.latency.p99,
      max: r.latency.max,
      mean: r.latency.mean,
    },
  };
}

function open(r: OpenLoopResult): LoadResult {
  const { sent, ok, non2xx, errors, timeouts, latencyMs, byResult } = r;
  return { kind: 'open', sent, ok, non2xx, errors, timeouts, latencyMs, byResult };
}

process.once('message', async (job: LoadJob) => {
  const results: Array<{ result: LoadResult; cpuMs: number }> = [];
  for (const phase of job.phases) {
    const cpuBefore = process.cpuUsage();
    const result =
      phase.kind === 'burst'
        ? await burst(job, phase.rate, phase.seconds)
        : open(
            await openLoopLoad({
              url: job.url,
              headers: job.headers,
              bodies: job.bodies,
              rate: phase.rate,
              seconds: phase.seconds,
              connections: job.connections,
              arrivals: phase.arrivals ?? 'poisson',
            }),
          );
    const cpu = process.cpuUsage(cpuBefore);
    results.push({ result, cpuMs: Math.round((cpu.user + cpu.system) / 1000) });
  }
  process.send!(results, undefined, undefined, () => process.exit(0));
});
