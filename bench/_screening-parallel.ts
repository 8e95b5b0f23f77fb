/**
 * Throughput of the batch on several cores: each worker thread builds its own `Screener` from the
 * same seeded watchlist (no shared state), takes every k-th traveller, and screens them when all are
 * ready; the wall time from the common start to the last worker's end gives records/s. Used by
 * bench/screening-quality.ts `--workers N`.
 */
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { Screener, type ScreenOptions } from '../server/src/modules/offenders/matching/screen.ts';
import type { TravellerRecord } from '../server/src/modules/offenders/matching/types.ts';
import { generateTravellers, generateWatchlist } from './generators/travellers.ts';

interface Job {
  entries: number;
  travellers: number;
  hits: number;
  seed: number;
  worker: number;
  workers: number;
  options: ScreenOptions;
}

export interface ParallelResult {
  workers: number;
  records: number;
  pairsOut: number;
  wallMs: number;
  recordsPerSecondWall: number;
  peakRssMiB: number;
}

/** Run the screening of `travellers` records on `workers` threads. */
export async function screenInParallel(job: Omit<Job, 'worker'>): Promise<ParallelResult> {
  // Workers do not inherit the tsx loader: register it in each thread, then load this file.
  const bootstrap = `import(${JSON.stringify(import.meta.resolve('tsx/esm/api'))}).then((tsx) => { tsx.register(); return import(${JSON.stringify(import.meta.url)}); });`;
  const threads = Array.from(
    { length: job.workers },
    (_, worker) => new Worker(bootstrap, { eval: true, workerData: { ...job, worker } }),
  );
  const ready = threads.map((t) => new Promise<void>((resolve) => t.once('message', () => resolve())));
  await Promise.all(ready);
  const start = performance.now();
  const done = threads.map(
    (t) =>
      new Promise<{ records: number; pairs: number }>((resolve, reject) => {
        t.once('message', resolve);
        t.once('error', reject);
      }),
  );
  for (const t of threads) t.postMessage('start');
  const results = await Promise.all(done);
  const wallMs = performance.now() - start;
  await Promise.all(threads.map((t) => t.terminate()));
  const records = results.reduce((s, r) => s + r.records, 0);
  return {
    workers: job.workers,
    records,
    pairsOut: results.reduce((s, r) => s + r.pairs, 0),
    wallMs: Math.round(wallMs),
    recordsPerSecondWall: Math.round(records / (wallMs / 1000)),
    peakRssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
  };
}

if (!isMainThread && parentPort) {
  const job = workerData as Job;
  const port = parentPort;
  const watchlist = generateWatchlist(job.entries, job.seed);
  const screener = Screener.build(
    watchlist.map((w) => w.entry),
    job.options,
  );
  const mine: TravellerRecord[] = [];
  let i = 0;
  for (const { record } of generateTravellers(watchlist, job.travellers, job.hits, job.seed + 1)) {
    if (i++ % job.workers === job.worker) mine.push(record);
  }
  port.once('message', () => {
    let pairs = 0;
    for (const r of mine) pairs += screener.check(r).length;
    port.postMessage({ records: mine.length, pairs });
  });
  port.postMessage('ready');
}
