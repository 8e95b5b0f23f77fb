// Parts of bench/screening.ts: reading the arrivals file under a time budget, and the brute-force baseline.
import { createReadStream } from 'node:fs';
import { Screener } from '../server/src/modules/offenders/matching/screen.ts';
import type { TravellerRecord } from '../server/src/modules/offenders/matching/types.ts';
import { type GeneratedEntry, generateTravellers } from './generators/travellers.ts';

/** Readers of the arrivals file at `path` (`bytes` long) for the single-thread and parallel runs. */
export function arrivalsReader(path: string, bytes: number, budgetMs: number, log: (s: string) => void) {
  /** The file in 256 KiB chunks, stopped once `budgetMs` has passed since `start` (`stopped()`). */
  function arrivalsCsv(start: number, onProgress: (bytes: number) => void) {
    let stopped = false;
    async function* chunks(): AsyncGenerator<Uint8Array> {
      let read = 0;
      for await (const chunk of createReadStream(path, { highWaterMark: 256 * 1024 })) {
        read += (chunk as Buffer).length;
        yield chunk as Buffer;
        onProgress(read);
        if (performance.now() - start > budgetMs) {
          stopped = read < bytes;
          return;
        }
      }
    }
    return { chunks: chunks(), stopped: () => stopped };
  }
  /** Progress line every 10% of the file. */
  function progressLog(start: number): (read: number) => void {
    let next = 0.1;
    return (read) => {
      if (read / bytes < next) return;
      next += 0.1;
      const s = (performance.now() - start) / 1000;
      log(`  ${Math.round((read / bytes) * 100)}% of the file in ${s.toFixed(1)} s`);
    };
  }
  return { arrivalsCsv, progressLog };
}

/**
 * The baseline: every query scored against every entry of a `sampleSize` sample (500 generated
 * travellers, seed `seed`), its CPU per record scaled to the whole list — records per CPU-second.
 */
export function bruteForceRecordsPerCpuSecond(
  watchlist: readonly GeneratedEntry[],
  sampleSize: number,
  seed: number,
): number {
  const size = Math.min(sampleSize, watchlist.length);
  const small = Screener.build(watchlist.slice(0, size).map((w) => w.entry));
  const queries: TravellerRecord[] = [];
  for (const { record } of generateTravellers([...watchlist], 500, 10, seed)) queries.push(record);
  const b0 = process.cpuUsage();
  for (const q of queries) small.checkAll(q);
  const b1 = process.cpuUsage(b0);
  const perRecordMs = ((b1.user + b1.system) / 1000 / queries.length) * (watchlist.length / size);
  return Math.round(1000 / perRecordMs);
}
