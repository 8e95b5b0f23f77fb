/**
 * Screening: a `Screener` holds the prepared watchlist, its candidate index and a passport index;
 * `check` screens one record (border check), `screenBatch` streams records (batch screening).
 */
import { CandidateIndex, CandidateIndexBuilder } from './candidate-index.ts';
import { classifyDob, dobAdjustment } from './dob.ts';
import { significantTokens } from './normalise.ts';
import { type PreparedPerson, preparePerson } from './person.ts';
import { type NameFrequency, scorePair } from './score.ts';
import {
  type MatchOptions,
  type MatchOptionsInput,
  type MatchResult,
  type TravellerRecord,
  type WatchlistEntry,
  withDefaults,
} from './types.ts';

export interface ScreeningMatch extends MatchResult {
  inputId: string;
  watchlistId: string;
}

export type ScreenOptions = MatchOptionsInput & {
  /** Posting lists longer than this are skipped by the candidate index (default 5,000). */
  maxPosting?: number;
  /** Least number of blocking keys a candidate shares with the query (default 3). */
  minSharedKeys?: number;
};

/**
 * What a worker thread needs to rebuild a `Screener` without preparing the list again: the
 * prepared entries (structured-cloned), the index arrays (in `SharedArrayBuffer`s, not copied), the
 * year order and the passports. Made by `screener.snapshot()`, read by `Screener.fromSnapshot`.
 */
export interface ScreenerSnapshot {
  entries: PreparedPerson[];
  keys: Uint32Array;
  offsets: Uint32Array;
  ids: Uint32Array;
  order: Uint32Array;
  passports: Map<string, number[]>;
  options: ScreenOptions;
}

/** Copy a typed array into shared memory (workers then read the same bytes). */
function shared(a: Uint32Array): Uint32Array {
  if (a.buffer instanceof SharedArrayBuffer) return a;
  const out = new Uint32Array(new SharedArrayBuffer(a.byteLength));
  out.set(a);
  return out;
}

/** First position in the sorted `years` holding a year ≥ `year`. */
function firstAtLeast(years: Uint16Array, year: number): number {
  let lo = 0;
  let hi = years.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (years[mid]! < year) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Entries holding each name word (once per entry, whichever of its names has it). Counted from the
 * prepared entries, so a worker's copy (`fromSnapshot`) counts the same as the built one.
 */
function wordFrequency(entries: readonly PreparedPerson[]): NameFrequency {
  const counts = new Map<string, number>();
  const seen = new Set<string>();
  for (const e of entries) {
    seen.clear();
    for (const n of e.names)
      for (const t of significantTokens(n)) if (t.kind !== 'initial') seen.add(t.latin);
    for (const latin of seen) counts.set(latin, (counts.get(latin) ?? 0) + 1);
  }
  return { size: Math.max(1, entries.length), entriesWith: (latin) => counts.get(latin) ?? 0 };
}

export class Screener {
  readonly options: MatchOptions;
  private readonly maxPosting: number;
  private readonly minSharedKeys: number;
  /** Dates of birth of the entries in typed arrays (0 = unknown), to filter candidates cheaply. */
  private readonly dobs: Uint16Array;
  /**
   * The index numbers entries by year of birth (unknown first): `order[n]` is the entry behind
   * index number n and `years[n]` its year (ascending). A record with a year then only looks at the
   * index numbers of years y − 1 … y + 1 and of unknown years: every other entry would be dropped
   * for a conflicting date anyway (see `collect`), so it costs nothing and takes no candidate slot.
   */
  private readonly years: Uint16Array;
  /** Whether the thresholds make a date-of-birth conflict fatal (then the year filter is safe). */
  private readonly yearFilter: boolean;
  private snapshotCache: ScreenerSnapshot | undefined;
  /** How many entries hold each name word (by Latin spelling): see `NameFrequency` in score.ts. */
  private readonly frequency: NameFrequency;

  private constructor(
    readonly entries: readonly PreparedPerson[],
    private readonly index: CandidateIndex,
    private readonly passports: Map<string, number[]>,
    private readonly order: Uint32Array,
    private readonly rawOptions: ScreenOptions,
  ) {
    const options = rawOptions;
    this.options = withDefaults(options);
    this.frequency = wordFrequency(entries);
    this.dobs = new Uint16Array(entries.length * 3);
    entries.forEach((e, i) => {
      this.dobs[i * 3] = e.dob?.year ?? 0;
      this.dobs[i * 3 + 1] = e.dob?.month ?? 0;
      this.dobs[i * 3 + 2] = e.dob?.day ?? 0;
    });
    this.years = new Uint16Array(order.length);
    for (let n = 0; n < order.length; n++) this.years[n] = this.dobs[order[n]! * 3]!;
    this.maxPosting = options.maxPosting ?? 5_000;
    this.minSharedKeys = options.minSharedKeys ?? 3;
    // Entries ≥ 2 years apart are 'conflict' or 'partial_year_off_by_one' (dob.ts); skipping them
    // loses nothing only when both adjustments fall below the floor of `collect`.
    const floor = this.options.thresholds.review - 1.02;
    this.yearFilter = dobAdjustment('conflict') < floor && dobAdjustment('partial_year_off_by_one') < floor;
  }

  /** Prepare and index a watchlist. Entries without any name are still found by passport. */
  static build(entries: Iterable<WatchlistEntry>, options: ScreenOptions = {}): Screener {
    const prepared: PreparedPerson[] = [];
    const passports = new Map<string, number[]>();
    for (const entry of entries) {
      const p = preparePerson(entry, 'entry');
      const id = prepared.length;
      prepared.push(p);
      if (p.passport) {
        const list = passports.get(p.passport.number);
        if (list) list.push(id);
        else passports.set(p.passport.number, [id]);
      }
    }
    // Index numbers by year of birth (stable), see `years`.
    const order = Uint32Array.from(prepared.keys());
    const yearOf = (i: number): number => prepared[i]!.dob?.year ?? 0;
    order.sort((a, b) => yearOf(a) - yearOf(b) || a - b);
    const builder = new CandidateIndexBuilder();
    for (let n = 0; n < order.length; n++) {
      const p = prepared[order[n]!]!;
      builder.add(n, p.keys);
      p.keys = []; // not needed after indexing
    }
    return new Screener(prepared, builder.build(), passports, order, options);
  }

  /**
   * Everything a worker thread needs to screen against this list (see `ScreenerSnapshot`); made
   * once, the index arrays moved to shared memory.
   */
  snapshot(): ScreenerSnapshot {
    if (!this.snapshotCache) {
      const { keys, offsets, ids } = this.index.arrays();
      this.snapshotCache = {
        entries: this.entries as PreparedPerson[],
        keys: shared(keys),
        offsets: shared(offsets),
        ids: shared(ids),
        order: shared(this.order),
        passports: this.passports,
        options: this.rawOptions,
      };
    }
    return this.snapshotCache;
  }

  /** A `Screener` from a snapshot (in a worker thread): no preparation, no index build. */
  static fromSnapshot(s: ScreenerSnapshot): Screener {
    const index = new CandidateIndex(s.keys, s.offsets, s.ids, s.entries.length);
    return new Screener(s.entries, index, s.passports, s.order, s.options);
  }

  /** Entry numbers to score for a prepared record: passport matches first, then the index. */
  candidates(record: PreparedPerson): number[] {
    const internal = this.index.query(
      record.keys,
      {
        cap: this.options.maxCandidates,
        maxPosting: this.maxPosting,
        minCount: this.minSharedKeys,
      },
      this.rangesFor(record.dob?.year ?? 0),
    );
    const fromIndex = internal.map((n) => this.order[n]!);
    const byPassport = record.passport ? this.passports.get(record.passport.number) : undefined;
    if (!byPassport) return fromIndex;
    return [...new Set([...byPassport, ...fromIndex])];
  }

  /** Index numbers worth looking at for a year of birth: unknown years, and year − 1 … year + 1. */
  private rangesFor(year: number): number[] | undefined {
    if (!this.yearFilter || year === 0) return undefined;
    const unknown = firstAtLeast(this.years, 1);
    const from = firstAtLeast(this.years, year - 1);
    const to = firstAtLeast(this.years, year + 2);
    return unknown > 0 ? [0, unknown, from, to] : [from, to];
  }

  /** Screen one record: matches at or above the review threshold, best first. */
  check(record: TravellerRecord): ScreeningMatch[] {
    const prepared = preparePerson(record);
    return this.collect(prepared, this.candidates(prepared));
  }

  /** The same scorer over every entry (brute force), for benchmarks and tests. */
  checkAll(record: TravellerRecord): ScreeningMatch[] {
    const prepared = preparePerson(record);
    return this.collect(
      prepared,
      this.entries.map((_, i) => i),
    );
  }

  private collect(record: PreparedPerson, ids: readonly number[]): ScreeningMatch[] {
    const out: ScreeningMatch[] = [];
    const { year = 0, month = 0, day = 0 } = record.dob ?? {};
    // Even a perfect name cannot lift a conflicting date of birth above review: skip such entries
    // without touching them, unless the passport number is the same.
    const floor = this.options.thresholds.review - 1.02;
    const samePassport = record.passport ? this.passports.get(record.passport.number) : undefined;
    for (const id of ids) {
      const d = id * 3;
      const how = classifyDob(year, month, day, this.dobs[d]!, this.dobs[d + 1]!, this.dobs[d + 2]!);
      if (dobAdjustment(how) < floor && !samePassport?.includes(id)) continue;
      const entry = this.entries[id]!;
      const result = scorePair(record, entry, this.options, this.frequency);
      if (result && result.decision !== 'no_hit')
        out.push({ inputId: record.id, watchlistId: entry.id, ...result });
    }
    // Equal scores in list order, whatever order the index proposed them in.
    return out.sort((a, b) => b.score - a.score || (a.watchlistId < b.watchlistId ? -1 : 1));
  }

  stats(): { entries: number; indexKeys: number; postings: number; indexBytes: number } {
    const s = this.index.stats();
    return { entries: this.entries.length, indexKeys: s.keys, postings: s.postings, indexBytes: s.bytes };
  }
}

/**
 * Screen a stream of records against a watchlist (entries or a built `Screener`), yielding every pair
 * at or above the review threshold, record by record, in input order. Memory stays flat in the
 * number of records.
 */
export async function* screenBatch(
  entries: Iterable<WatchlistEntry> | Screener,
  records: Iterable<TravellerRecord> | AsyncIterable<TravellerRecord>,
  options: ScreenOptions = {},
): AsyncGenerator<ScreeningMatch> {
  const screener = entries instanceof Screener ? entries : Screener.build(entries, options);
  for await (const record of records) yield* screener.check(record);
}

/** Synchronous variant of `screenBatch` for in-memory lists. */
export function* screenRecords(
  screener: Screener,
  records: Iterable<TravellerRecord>,
): Generator<ScreeningMatch> {
  for (const record of records) yield* screener.check(record);
}

// Batch screening on worker threads (parallel.ts imports this file; used only at call time).
export { type ParallelOptions, screenBatchParallel } from './parallel.ts';
