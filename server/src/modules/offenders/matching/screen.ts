/**
 * Screening: a `Screener` holds the prepared watchlist, its candidate index and a passport index;
 * `check` screens one record (border check), `screenBatch` streams records (batch screening).
 */
import { type CandidateIndex, CandidateIndexBuilder } from './candidate-index.ts';
import { classifyDob, dobAdjustment } from './dob.ts';
import { type PreparedPerson, preparePerson } from './person.ts';
import { scorePair } from './score.ts';
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

export class Screener {
  readonly options: MatchOptions;
  private readonly maxPosting: number;
  private readonly minSharedKeys: number;
  /** Dates of birth of the entries in typed arrays (0 = unknown), to filter candidates cheaply. */
  private readonly dobs: Uint16Array;

  private constructor(
    readonly entries: readonly PreparedPerson[],
    private readonly index: CandidateIndex,
    private readonly passports: Map<string, number[]>,
    options: ScreenOptions,
  ) {
    this.options = withDefaults(options);
    this.dobs = new Uint16Array(entries.length * 3);
    entries.forEach((e, i) => {
      this.dobs[i * 3] = e.dob?.year ?? 0;
      this.dobs[i * 3 + 1] = e.dob?.month ?? 0;
      this.dobs[i * 3 + 2] = e.dob?.day ?? 0;
    });
    this.maxPosting = options.maxPosting ?? 5_000;
    this.minSharedKeys = options.minSharedKeys ?? 3;
  }

  /** Prepare and index a watchlist. Entries without any name are still found by passport. */
  static build(entries: Iterable<WatchlistEntry>, options: ScreenOptions = {}): Screener {
    const prepared: PreparedPerson[] = [];
    const builder = new CandidateIndexBuilder();
    const passports = new Map<string, number[]>();
    for (const entry of entries) {
      const p = preparePerson(entry, 'entry');
      const id = prepared.length;
      prepared.push(p);
      builder.add(id, p.keys);
      if (p.passport) {
        const list = passports.get(p.passport.number);
        if (list) list.push(id);
        else passports.set(p.passport.number, [id]);
      }
      p.keys = []; // not needed after indexing
    }
    return new Screener(prepared, builder.build(), passports, options);
  }

  /** Entry numbers to score for a prepared record: passport matches first, then the index. */
  candidates(record: PreparedPerson): number[] {
    const fromIndex = this.index.query(record.keys, {
      cap: this.options.maxCandidates,
      maxPosting: this.maxPosting,
      minCount: this.minSharedKeys,
    });
    const byPassport = record.passport ? this.passports.get(record.passport.number) : undefined;
    if (!byPassport) return fromIndex;
    return [...new Set([...byPassport, ...fromIndex])];
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
      const result = scorePair(record, entry, this.options);
      if (result && result.decision !== 'no_hit')
        out.push({ inputId: record.id, watchlistId: entry.id, ...result });
    }
    return out.sort((a, b) => b.score - a.score);
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
