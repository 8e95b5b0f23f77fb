// The load generator of bench/border-check.ts, in a process of its own (forked over IPC) so the
// server process is measured alone: autocannon's own CPU (request building, histograms) no longer
// competes with the server it drives. Receives one job, sends back the autocannon result and the
// CPU time this process spent, then exits. Not a benchmark of its own (the `_` keeps run.ts off it).
import autocannon from 'autocannon';

export interface LoadJob {
  url: string;
  headers: Record<string, string>;
  bodies: string[];
  connections: number;
  /** Phases run one after the other (warm-up, then the measured run). */
  phases: Array<{ rate: number; seconds: number }>;
}

process.once('message', async (job: LoadJob) => {
  let next = 0;
  const results = [];
  for (const phase of job.phases) {
    const cpuBefore = process.cpuUsage();
    const r = await autocannon({
      url: job.url,
      connections: job.connections,
      duration: phase.seconds,
      overallRate: phase.rate,
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
    const cpu = process.cpuUsage(cpuBefore);
    results.push({ result: r, cpuMs: Math.round((cpu.user + cpu.system) / 1000) });
  }
  process.send!(results, undefined, undefined, () => process.exit(0));
});
