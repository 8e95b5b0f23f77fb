/**
 * A worker thread of `screenBatchParallel` (parallel.ts): rebuilds the `Screener` from the shared
 * snapshot, then screens each chunk of records it is sent and answers with the matches.
 */
import { parentPort, workerData } from 'node:worker_threads';
import type { WorkerInput } from './parallel.ts';
import { Screener, type ScreenerSnapshot } from './screen.ts';
import type { TravellerRecord } from './types.ts';

const input = workerData as WorkerInput;
const port = parentPort!;
const parsed = JSON.parse(input.serialised) as Pick<ScreenerSnapshot, 'entries' | 'options'> & {
  passports: Array<[string, number[]]>;
};
const screener = Screener.fromSnapshot({
  ...parsed,
  passports: new Map(parsed.passports),
  keys: input.keys,
  offsets: input.offsets,
  ids: input.ids,
  order: input.order,
});
input.serialised = ''; // the parsed entries are what stays: free the text (≈ 50 MB per 100,000)

port.on('message', ({ seq, records }: { seq: number; records: TravellerRecord[] }) => {
  try {
    const matches = [];
    for (const record of records) for (const m of screener.check(record)) matches.push(m);
    port.postMessage({ seq, matches });
  } catch (e) {
    port.postMessage({ seq, error: e instanceof Error ? e.message : String(e) });
  }
});
port.postMessage({ ready: true });
