import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type ParallelOptions, screenTextsParallel, type TextChunk } from '../matching/parallel.ts';
import type { Screener } from '../matching/screen.ts';
import type { TravellerRecord, WatchlistEntry } from '../matching/types.ts';
import { type CsvItem, type CsvOptions, type CsvSpec, type CsvText, readCsv, readCsvBatches } from './csv.ts';
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
  for await (const batch of readCsvBatches(source, ARRIVALS_SPEC, {
    ...options,
    onEncoding: (e) => {
      summary.encoding = e;
      options.onEncoding?.(e);
    },
  }))
    for (const item of batch) {
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

/** The module the workers read arrivals rows with (arrival-text.ts; `.js` once compiled). */
const ARRIVAL_PARSER = new URL(`./arrival-text${extname(fileURLToPath(import.meta.url))}`, import.meta.url)
  .href;

/**
 * `screenArrivals` for a watchlist file on worker threads (`screenTextsParallel`): the same rows in
 * the same order as the single-thread loop with `fileMatcher(...).match`. This thread decodes the
 * file and cuts it into records (quotes spanning lines, rejects of the reading); the workers split
 * and check each record's text and screen it, and answer per chunk, in order. Pairs are grouped per
 * row even when two rows share an id. `onMatched` sees each screened record's pairs, in input order
 * (the record there carries its id only; the benchmark counts recall with it).
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
  const chunkSize = Math.max(1, Math.floor(options.chunkSize ?? 500));
  const reject = async (r: Omit<RejectRow, 'file'>) =>
    out.rejects.write(rejectLine({ file: options.fileLabel, ...r }));
  /** Up to `chunkSize` record texts for a worker, with every item read meanwhile (kept here). */
  type Chunk = TextChunk & { items: Array<CsvItem | CsvText> };
  let header: string[] = [];
  async function* chunks(): AsyncGenerator<Chunk> {
    let chunk: Chunk = { header, lines: [], texts: [], items: [] };
    for await (const batch of readCsvBatches(source, ARRIVALS_SPEC, {
      ...options,
      texts: true,
      onHeader: (h: string[]) => {
        header = h;
      },
      onEncoding: (e) => {
        summary.encoding = e;
        options.onEncoding?.(e);
      },
    })) {
      for (const item of batch) {
        chunk.items.push(item);
        if (item.kind !== 'text') continue;
        chunk.lines.push(item.line);
        chunk.texts.push(item.text);
        if (chunk.texts.length >= chunkSize) {
          yield { ...chunk, header };
          chunk = { header, lines: [], texts: [], items: [] };
        }
      }
    }
    if (chunk.items.length > 0) yield { ...chunk, header };
  }
  for await (const [chunk, result] of screenTextsParallel(screener, chunks(), {
    workers: options.workers,
    parser: ARRIVAL_PARSER,
  })) {
    let t = 0; // position among the chunk's texts
    let m = 0; // next entry of result.matches
    for (const item of chunk.items) {
      summary.rows++;
      if (item.kind === 'reject') {
        summary.rejectedLines++;
        await reject(item);
      } else if (item.kind === 'text') {
        const outcome = result.outcomes[t]!;
        if (typeof outcome !== 'string') {
          summary.rejectedLines++;
          for (const p of outcome) await reject({ line: item.line, ...p });
        } else {
          summary.screened++;
          const found = result.matches[m]?.[0] === t ? result.matches[m++]![1] : [];
          const pairs: HitRow[] = found.map((f) => ({
            inputId: outcome,
            watchlistId: f.watchlistId,
            score: f.score,
            decision: f.decision === 'hit' ? 'hit' : 'review',
            reasons: f.reasons.map((r) => r.detail),
          }));
          if (pairs.some((p) => p.decision === 'hit')) summary.hitRows++;
          else if (pairs.length > 0) summary.reviewRows++;
          for (const p of pairs) await out.hits.write(hitLine(p));
          summary.pairs += pairs.length;
          options.onMatched?.({ id: outcome }, pairs);
        }
        t++;
      }
      if (summary.rows % every === 0) {
        if (options.signal?.aborted) throw options.signal.reason ?? new Error('aborted');
        options.onProgress?.(summary);
      }
    }
  }
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
