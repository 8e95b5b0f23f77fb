/**
 * Batch screening on several cores: `screenBatchParallel` builds (or takes) one `Screener`, hands a
 * snapshot of it to worker threads — the prepared entries serialised once into shared memory and
 * read by each worker, the index arrays shared as they are — and deals the records out in chunks.
 * Matches come back in input order; memory stays flat in the number of records (at most two chunks
 * per worker in flight). `screenTextsParallel` does the same for records still as CSV text: the
 * workers also split and check the rows (the batch file path; only strings cross between threads).
 * The border check keeps the single-thread `Screener.check`.
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
   * JSON (UTF-8) of the snapshot's entries, passports (as `[number, entries]` pairs) and options, in
   * shared memory: one copy for all the workers (≈ 50 MB per 100,000 entries; a string would be
   * copied into each worker and held twice while the message crosses). `JSON.parse` reads 100,000
   * prepared entries in ≈ 1 s where `v8.deserialize` takes ≈ 4 s.
   */
  serialised: Uint8Array;
  /**
   * Byte offsets of the parts of `serialised`: part 0 is `{ passports, options }`, then the entries in
   * slices of `SLICE` (a worker parses one slice at a time: the text of one slice in memory, not of
   * the whole list — two workers starting at once held ≈ 200 MB of text together).
   */
  bounds: Uint32Array;
  keys: Uint32Array;
  offsets: Uint32Array;
  ids: Uint32Array;
  order: Uint32Array;
  /** URL of the module whose `parseText(header, line, text)` reads a record's text (`screenTextsParallel`). */
  parser?: string;
}

/**
 * Records as unsplit text (one CSV record each, with its line number and the file's header): the
 * worker reads them with the `parser` module, so that reading and checking rows also runs on the
 * workers and only strings cross between threads.
 */
export interface TextChunk {
  header: readonly string[];
  lines: number[];
  texts: string[];
}

/** What a worker's `parseText` answers for one text: a record to screen, or why the row is refused. */
export type ParsedText = { ok: true; record: TravellerRecord } | { ok: false; problems: TextProblem[] };
export interface TextProblem {
  column: string | null;
  reason: string;
}

/**
 * The answer for a `TextChunk`: per text in order, the id of the record screened or the problems of
 * the refused row; and the matches, as `[text position, matches best first]` for the texts with any.
 */
export interface TextChunkResult {
  outcomes: Array<string | TextProblem[]>;
  matches: Array<[number, ScreeningMatch[]]>;
}

type Reply =
  | { ready: true }
  | { seq: number; matches: ScreeningMatch[] }
  | { seq: number; result: TextChunkResult }
  | { seq: number; error: string };

const serialisedOf = new WeakMap<Screener, WorkerInput>();
/** Entries per part of the serialised snapshot (see `WorkerInput.bounds`). */
const SLICE = 10_000;

/** The worker input of a screener, serialised once per screener. */
function workerInput(screener: Screener): WorkerInput {
  let input = serialisedOf.get(screener);
  if (!input) {
    const { entries, passports, options, keys, offsets, ids, order } = screener.snapshot();
    const parts = [JSON.stringify({ passports: [...passports], options })];
    for (let i = 0; i < entries.length; i += SLICE) parts.push(JSON.stringify(entries.slice(i, i + SLICE)));
    const bounds = new Uint32Array(parts.length + 1);
    for (let k = 0; k < parts.length; k++) bounds[k + 1] = bounds[k]! + Buffer.byteLength(parts[k]!);
    const serialised = new Uint8Array(new SharedArrayBuffer(bounds[parts.length]!));
    const bytes = Buffer.from(serialised.buffer, 0, serialised.byteLength);
    for (let k = 0; k < parts.length; k++) bytes.write(parts[k]!, bounds[k]!);
    input = { serialised, bounds, keys, offsets, ids, order };
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
  private readonly waiting = new Map<number, { resolve: (m: never) => void; reject: (e: Error) => void }>();
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
        else waiter?.resolve(('result' in reply ? reply.result : reply.matches) as never);
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

  /** Send a chunk (`{ records }` or a `TextChunk`); the answer comes back with the same `seq`. */
  send<T>(seq: number, message: { records: TravellerRecord[] } | TextChunk): Promise<T> {
    if (this.failure) return Promise.reject(this.failure);
    const result = new Promise<T>((resolve, reject) => this.waiting.set(seq, { resolve, reject }));
    // Only these fields cross (a caller's chunk may carry more, kept on this thread).
    this.worker.postMessage(
      'records' in message
        ? { seq, records: message.records }
        : { seq, header: message.header, lines: message.lines, texts: message.texts },
    );
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
  const next = async (): Promise<{ records: TravellerRecord[] } | null> => {
    const records = await nextChunk(it, chunkSize);
    return records.length > 0 ? { records } : null;
  };
  for await (const [, matches] of inWorkerPool<{ records: TravellerRecord[] }, ScreeningMatch[]>(
    workerInput(screener),
    count,
    next,
  ))
    yield* matches;
}

/**
 * Deal the jobs `next` gives (until null) to `count` workers, at most two in flight per worker, and
 * yield each job with its answer in the order of the jobs.
 */
async function* inWorkerPool<Job extends { records: TravellerRecord[] } | TextChunk, Out>(
  input: WorkerInput,
  count: number,
  next: () => Promise<Job | null>,
): AsyncGenerator<[Job, Out]> {
  const code = bootstrap();
  const workers = Array.from(
    { length: count },
    () => new ScreeningWorker(new Worker(code, { eval: true, workerData: input })),
  );
  try {
    await Promise.all(workers.map((w) => w.ready));
    const pending = new Map<number, [Job, Promise<Out>]>();
    let sent = 0;
    let received = 0;
    let exhausted = false;
    for (;;) {
      while (!exhausted && pending.size < count * 2) {
        const job = await next();
        if (!job) {
          exhausted = true;
          break;
        }
        const idle = workers.reduce((a, b) => (b.inFlight < a.inFlight ? b : a));
        const result = idle.send<Out>(sent, job);
        result.catch(() => {}); // awaited in order below
        pending.set(sent++, [job, result]);
      }
      if (received === sent) break;
      const [job, result] = pending.get(received)!;
      const out = await result;
      pending.delete(received++);
      yield [job, out];
    }
  } finally {
    await Promise.all(workers.map((w) => w.stop()));
  }
}

/**
 * Screen records given as text (see `TextChunk`) on `workers` threads: each worker reads the texts
 * with `parseText` from the module at `parser`, screens the good records and answers per chunk
 * (`TextChunkResult`). Chunks come back in the order they were taken from `chunks`, each with its
 * answer. With one worker, the same runs on the calling thread (the parser imported here).
 */
export async function* screenTextsParallel<C extends TextChunk>(
  screener: Screener,
  chunks: AsyncIterable<C>,
  options: { workers?: number; parser: string },
): AsyncGenerator<[C, TextChunkResult]> {
  const count = Math.max(1, Math.floor(options.workers ?? os.availableParallelism()));
  const it = chunks[Symbol.asyncIterator]();
  try {
    if (count === 1) {
      const { parseText } = (await import(options.parser)) as { parseText: TextParser };
      for (let step = await it.next(); !step.done; step = await it.next())
        yield [step.value, screenTexts(screener, parseText, step.value)];
      return;
    }
    const next = async (): Promise<C | null> => {
      const step = await it.next();
      return step.done ? null : step.value;
    };
    yield* inWorkerPool<C, TextChunkResult>(
      { ...workerInput(screener), parser: options.parser },
      count,
      next,
    );
  } finally {
    await it.return?.();
  }
}

export type TextParser = (header: readonly string[], line: number, text: string) => ParsedText;

/** Read and screen one chunk of texts (in a worker, or on the calling thread with one worker). */
export function screenTexts(screener: Screener, parseText: TextParser, chunk: TextChunk): TextChunkResult {
  const outcomes: TextChunkResult['outcomes'] = [];
  const matches: TextChunkResult['matches'] = [];
  for (let i = 0; i < chunk.texts.length; i++) {
    const parsed = parseText(chunk.header, chunk.lines[i]!, chunk.texts[i]!);
    if (!parsed.ok) {
      outcomes.push(parsed.problems);
      continue;
    }
    outcomes.push(parsed.record.id);
    const found = screener.check(parsed.record);
    if (found.length > 0) matches.push([i, found]);
  }
  return { outcomes, matches };
}
