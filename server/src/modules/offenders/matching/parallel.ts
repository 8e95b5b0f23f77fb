/**
 * Batch screening on several cores: `screenBatchParallel` builds (or takes) one `Screener`, hands a
 * snapshot of it to worker threads — the prepared entries serialised once into shared memory and
 * read by each worker, the index arrays shared as they are — and deals the records out in chunks.
 * Matches come back in input order; memory stays flat in the number of records (at most two chunks
 * per worker in flight). The border check keeps the single-thread `Screener.check`.
 */
import { createRequire } from 'node:module';
import os from 'node:os';
import { extname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { Screener, type ScreeningMatch, type ScreenOptions } from './screen.ts';
import type { TravellerRecord, WatchlistEntry } from './types.ts';

export interface ParallelOptions {
  /** Worker threads (default: the cores available). 1 screens on the calling thread. */
  workers?: number;
  /** Records per message to a worker (default 500). */
  chunkSize?: number;
}

/** What a worker receives (see screen-worker.ts). */
export interface WorkerInput {
  /**
   * JSON of the snapshot's entries, passports (as `[number, entries]` pairs) and options: a string is
   * copied cheaply to each worker, and `JSON.parse` reads 100,000 prepared entries in ≈ 1 s where
   * `v8.deserialize` takes ≈ 4 s.
   */
  serialised: string;
  keys: Uint32Array;
  offsets: Uint32Array;
  ids: Uint32Array;
  order: Uint32Array;
}

type Reply = { ready: true } | { seq: number; matches: ScreeningMatch[] } | { seq: number; error: string };

const serialisedOf = new WeakMap<Screener, WorkerInput>();

/** The worker input of a screener, serialised once per screener. */
function workerInput(screener: Screener): WorkerInput {
  let input = serialisedOf.get(screener);
  if (!input) {
    const { entries, passports, options, keys, offsets, ids, order } = screener.snapshot();
    const serialised = JSON.stringify({ entries, passports: [...passports], options });
    input = { serialised, keys, offsets, ids, order };
    serialisedOf.set(screener, input);
  }
  return input;
}

/**
 * The code a worker starts with: when the sources run as TypeScript (through tsx, as the server
 * does), a worker does not inherit the loader, so it registers tsx before loading the worker file.
 */
function bootstrap(): string {
  const here = import.meta.url;
  const workerUrl = new URL(`./screen-worker${extname(fileURLToPath(here))}`, here).href;
  if (!here.endsWith('.ts')) return `import(${JSON.stringify(workerUrl)});`;
  // The ES module entry of tsx's API (the CommonJS resolution gives index.cjs next to it).
  const tsx =
    typeof import.meta.resolve === 'function'
      ? import.meta.resolve('tsx/esm/api')
      : pathToFileURL(
          createRequire(here)
            .resolve('tsx/esm/api')
            .replace(/\.cjs$/, '.mjs'),
        ).href;
  return `import(${JSON.stringify(tsx)}).then((tsx) => { tsx.register(); return import(${JSON.stringify(workerUrl)}); });`;
}

class ScreeningWorker {
  private readonly waiting = new Map<
    number,
    { resolve: (m: ScreeningMatch[]) => void; reject: (e: Error) => void }
  >();
  private failure: Error | undefined;
  readonly ready: Promise<void>;

  constructor(private readonly worker: Worker) {
    this.ready = new Promise<void>((resolve, reject) => {
      worker.on('message', (reply: Reply) => {
        if ('ready' in reply) return resolve();
        const waiter = this.waiting.get(reply.seq);
        this.waiting.delete(reply.seq);
        if ('error' in reply)
          waiter?.reject(new Error(`screening worker failed on chunk ${reply.seq}: ${reply.error}`));
        else waiter?.resolve(reply.matches);
      });
      const fail = (e: Error): void => {
        this.failure = e;
        reject(e);
        for (const w of this.waiting.values()) w.reject(e);
        this.waiting.clear();
      };
      worker.on('error', fail);
      worker.on('exit', (code) => fail(new Error(`screening worker exited (code ${code})`)));
    });
    this.ready.catch(() => {}); // awaited by the caller; no unhandled rejection meanwhile
  }

  get inFlight(): number {
    return this.waiting.size;
  }

  screen(seq: number, records: TravellerRecord[]): Promise<ScreeningMatch[]> {
    if (this.failure) return Promise.reject(this.failure);
    const result = new Promise<ScreeningMatch[]>((resolve, reject) =>
      this.waiting.set(seq, { resolve, reject }),
    );
    this.worker.postMessage({ seq, records });
    return result;
  }

  stop(): Promise<number> {
    this.worker.removeAllListeners('exit');
    return this.worker.terminate();
  }
}

/** Next chunk of up to `size` records from a sync or async iterator (empty at the end). */
async function nextChunk(
  it: Iterator<TravellerRecord> | AsyncIterator<TravellerRecord>,
  size: number,
): Promise<TravellerRecord[]> {
  const chunk: TravellerRecord[] = [];
  while (chunk.length < size) {
    const step = await it.next();
    if (step.done) break;
    chunk.push(step.value);
  }
  return chunk;
}

/**
 * Screen a stream of records on worker threads, yielding every pair at or above the review
 * threshold, record by record, in input order — the same matches as `screenBatch`.
 */
export async function* screenBatchParallel(
  entries: Iterable<WatchlistEntry> | Screener,
  records: Iterable<TravellerRecord> | AsyncIterable<TravellerRecord>,
  options: ScreenOptions & ParallelOptions = {},
): AsyncGenerator<ScreeningMatch> {
  const screener = entries instanceof Screener ? entries : Screener.build(entries, options);
  const count = Math.max(1, Math.floor(options.workers ?? os.availableParallelism()));
  const chunkSize = Math.max(1, Math.floor(options.chunkSize ?? 500));
  const it =
    Symbol.asyncIterator in records
      ? (records as AsyncIterable<TravellerRecord>)[Symbol.asyncIterator]()
      : (records as Iterable<TravellerRecord>)[Symbol.iterator]();
  try {
    if (count === 1) {
      for (let c = await nextChunk(it, chunkSize); c.length > 0; c = await nextChunk(it, chunkSize))
        for (const record of c) yield* screener.check(record);
    } else yield* onWorkers(screener, it, count, chunkSize);
  } finally {
    await it.return?.(); // a caller that stops early also closes its source (a file stream)
  }
}

async function* onWorkers(
  screener: Screener,
  it: Iterator<TravellerRecord> | AsyncIterator<TravellerRecord>,
  count: number,
  chunkSize: number,
): AsyncGenerator<ScreeningMatch> {
  const input = workerInput(screener);
  const code = bootstrap();
  const workers = Array.from(
    { length: count },
    () => new ScreeningWorker(new Worker(code, { eval: true, workerData: input })),
  );
  try {
    await Promise.all(workers.map((w) => w.ready));
    const pending = new Map<number, Promise<ScreeningMatch[]>>();
    let sent = 0;
    let received = 0;
    let exhausted = false;
    for (;;) {
      while (!exhausted && pending.size < count * 2) {
        const chunk = await nextChunk(it, chunkSize);
        if (chunk.length === 0) {
          exhausted = true;
          break;
        }
        const idle = workers.reduce((a, b) => (b.inFlight < a.inFlight ? b : a));
        const result = idle.screen(sent, chunk);
        result.catch(() => {}); // awaited in order below
        pending.set(sent++, result);
      }
      if (received === sent) break;
      const matches = await pending.get(received)!;
      pending.delete(received++);
      yield* matches;
    }
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
  }
}
