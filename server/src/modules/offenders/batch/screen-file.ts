import { type ParallelOptions, screenBatchParallel } from '../matching/parallel.ts';
import type { Screener } from '../matching/screen.ts';
import type { TravellerRecord, WatchlistEntry } from '../matching/types.ts';
import { type CsvOptions, type CsvSpec, readCsv } from './csv.ts';
import {
  csvRow,
  HITS_HEADER,
  type HitRow,
  hitLine,
  REJECTS_HEADER,
  type RejectRow,
  rejectLine,
  type TextSink,
} from './csv-out.ts';
import type { FileEncoding } from './lines.ts';
import { ARRIVALS_SPEC, checkArrival, checkPerson, WATCHLIST_SPEC } from './subject.ts';

/**
 * The batch loop shared by the command line and the upload job: read the arrivals CSV, check every
 * row, screen the good ones, write one hits row per pair at or above the review threshold and one
 * rejects row per problem. Nothing is skipped silently: every data line is counted as screened or
 * rejected. The caller writes the files' headers first (`startOutputs`): the watchlist's rejects may
 * come before the arrivals'.
 */
export interface BatchSummary {
  encoding: FileEncoding | null;
  /** Data lines read (header and blank lines not counted). */
  rows: number;
  screened: number;
  /** Lines that were not screened (one line may have several problems in the rejects file). */
  rejectedLines: number;
  /** Rows with at least one pair at hit level, and with review only. */
  hitRows: number;
  reviewRows: number;
  /** Pairs written to the hits file. */
  pairs: number;
}

/** What screening one record answers: pairs at or above the review threshold, best first. */
export type Matcher = (record: TravellerRecord, line: number) => HitRow[] | Promise<HitRow[]>;

export interface BatchOptions extends CsvOptions {
  /** Name of the input in the rejects file. */
  fileLabel: string;
  /** Called every `progressEvery` rows (default 1,000) and at the end. */
  onProgress?: (summary: BatchSummary) => void;
  progressEvery?: number;
  signal?: AbortSignal;
}

export async function startOutputs(out: { hits: TextSink; rejects: TextSink }): Promise<void> {
  await out.hits.write(csvRow(HITS_HEADER));
  await out.rejects.write(csvRow(REJECTS_HEADER));
}

export async function screenArrivals(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  match: Matcher,
  out: { hits: TextSink; rejects: TextSink },
  options: BatchOptions,
): Promise<BatchSummary> {
  const summary: BatchSummary = {
    encoding: null,
    rows: 0,
    screened: 0,
    rejectedLines: 0,
    hitRows: 0,
    reviewRows: 0,
    pairs: 0,
  };
  const every = options.progressEvery ?? 1000;
  const reject = async (r: Omit<RejectRow, 'file'>) =>
    out.rejects.write(rejectLine({ file: options.fileLabel, ...r }));
  for await (const item of readCsv(source, ARRIVALS_SPEC, {
    ...options,
    onEncoding: (e) => {
      summary.encoding = e;
      options.onEncoding?.(e);
    },
  })) {
    summary.rows++;
    if (item.kind === 'reject') {
      summary.rejectedLines++;
      await reject(item);
    } else {
      const checked = checkArrival(item.values, item.line);
      if (!checked.ok) {
        summary.rejectedLines++;
        for (const p of checked.problems) await reject({ line: item.line, ...p });
      } else {
        summary.screened++;
        const pairs = await match(checked.record, item.line);
        if (pairs.some((p) => p.decision === 'hit')) summary.hitRows++;
        else if (pairs.length > 0) summary.reviewRows++;
        for (const p of pairs) await out.hits.write(hitLine(p));
        summary.pairs += pairs.length;
      }
    }
    if (summary.rows % every === 0) {
      if (options.signal?.aborted) throw options.signal.reason ?? new Error('aborted');
      options.onProgress?.(summary);
    }
  }
  options.onProgress?.(summary);
  return summary;
}

/**
 * `screenArrivals` for a watchlist file on worker threads (`screenBatchParallel`): the same rows in
 * the same order as the single-thread loop with `fileMatcher(...).match`. Rows are read, checked and
 * rejected here on the calling thread; only the good records go to the workers, each tagged with its
 * position so that the matches (which come back in input order) are grouped per record even when
 * two input rows share an id. `onMatched` sees each record's pairs (the benchmark counts recall).
 */
export async function screenArrivalsParallel(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  screener: Screener,
  out: { hits: TextSink; rejects: TextSink },
  options: BatchOptions &
    ParallelOptions & { onMatched?: (record: TravellerRecord, pairs: HitRow[]) => void },
): Promise<BatchSummary> {
  const summary: BatchSummary = {
    encoding: null,
    rows: 0,
    screened: 0,
    rejectedLines: 0,
    hitRows: 0,
    reviewRows: 0,
    pairs: 0,
  };
  const every = options.progressEvery ?? 1000;
  const reject = async (r: Omit<RejectRow, 'file'>) =>
    out.rejects.write(rejectLine({ file: options.fileLabel, ...r }));
  // Records sent and not yet answered, by position (the id the workers see). A record without
  // pairs is dropped when a later record's pairs arrive, or at the end.
  const inFlight = new Map<number, TravellerRecord>();
  let seq = 0;
  async function* good(): AsyncGenerator<TravellerRecord> {
    for await (const item of readCsv(source, ARRIVALS_SPEC, {
      ...options,
      onEncoding: (e) => {
        summary.encoding = e;
        options.onEncoding?.(e);
      },
    })) {
      summary.rows++;
      if (item.kind === 'reject') {
        summary.rejectedLines++;
        await reject(item);
      } else {
        const checked = checkArrival(item.values, item.line);
        if (!checked.ok) {
          summary.rejectedLines++;
          for (const p of checked.problems) await reject({ line: item.line, ...p });
        } else {
          summary.screened++;
          inFlight.set(seq, checked.record);
          yield { ...checked.record, id: String(seq++) };
        }
      }
      if (summary.rows % every === 0) {
        if (options.signal?.aborted) throw options.signal.reason ?? new Error('aborted');
        options.onProgress?.(summary);
      }
    }
  }
  let current = -1;
  let pairs: HitRow[] = [];
  let oldest = 0;
  const flush = async (): Promise<void> => {
    if (current < 0) return;
    const record = inFlight.get(current)!;
    for (; oldest <= current; oldest++) {
      const skipped = inFlight.get(oldest);
      inFlight.delete(oldest);
      if (skipped && oldest < current) options.onMatched?.(skipped, []);
    }
    if (pairs.some((p) => p.decision === 'hit')) summary.hitRows++;
    else if (pairs.length > 0) summary.reviewRows++;
    for (const p of pairs) await out.hits.write(hitLine(p));
    summary.pairs += pairs.length;
    options.onMatched?.(record, pairs);
    pairs = [];
  };
  for await (const m of screenBatchParallel(screener, good(), options)) {
    const position = Number(m.inputId);
    if (position !== current) {
      await flush();
      current = position;
    }
    pairs.push({
      inputId: inFlight.get(position)!.id,
      watchlistId: m.watchlistId,
      score: m.score,
      decision: m.decision === 'hit' ? 'hit' : 'review',
      reasons: m.reasons.map((r) => r.detail),
    });
  }
  await flush();
  if (options.onMatched) for (; oldest < seq; oldest++) options.onMatched(inFlight.get(oldest)!, []);
  inFlight.clear();
  options.onProgress?.(summary);
  return summary;
}

/**
 * A watchlist CSV → entries; rows with problems go to the rejects sink (and are not on the list). A
 * watchlist with rejected rows is still used: the rejects file says which entries are missing.
 */
export async function readWatchlistCsv(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  rejects: TextSink,
  options: CsvOptions & { fileLabel: string; spec?: CsvSpec },
): Promise<{ entries: WatchlistEntry[]; rejectedLines: number }> {
  const entries: WatchlistEntry[] = [];
  let rejectedLines = 0;
  for await (const item of readCsv(source, options.spec ?? WATCHLIST_SPEC, options)) {
    if (item.kind === 'reject') {
      rejectedLines++;
      await rejects.write(rejectLine({ file: options.fileLabel, ...item }));
      continue;
    }
    const checked = checkPerson(item.values, `line-${item.line}`);
    if (!checked.ok) {
      rejectedLines++;
      for (const p of checked.problems)
        await rejects.write(rejectLine({ file: options.fileLabel, line: item.line, ...p }));
      continue;
    }
    entries.push(checked.record);
  }
  return { entries, rejectedLines };
}
