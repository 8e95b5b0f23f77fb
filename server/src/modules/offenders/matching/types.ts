/** Types of the pure screening matcher (issue 6 item 3). No database, no I/O. */

/** A traveller / guest record as parsed from the input CSV (every column optional but a name). */
export interface TravellerRecord {
  id: string;
  full_name?: string;
  given_name?: string;
  family_name?: string;
  /** `YYYY-MM-DD`, `YYYY-MM`, `YYYY` (also `DD/MM/YYYY` is accepted). */
  dob?: string;
  gender?: string;
  /** ISO alpha-2, alpha-3 or English country name. */
  nationality?: string;
  passport_country?: string;
  passport_number?: string;
}

/** A watchlist (register) entry as parsed from the watchlist CSV or read from the register. */
export interface WatchlistEntry extends TravellerRecord {
  /** Other names, `|`-separated in the CSV; here already split or still joined. */
  aliases?: string | readonly string[];
}

export type Decision = 'hit' | 'review' | 'no_hit';
export type ReasonField = 'name' | 'dob' | 'nationality' | 'gender' | 'passport';

export interface Reason {
  field: ReasonField;
  /** Short machine-readable kind, e.g. `exact`, `token_swap`, `day_month_swapped`, `conflict`. */
  how: string;
  /** Human-readable sentence for the officer. */
  detail: string;
}

export interface MatchResult {
  /** 0..1 */
  score: number;
  decision: Decision;
  reasons: Reason[];
}

export interface Thresholds {
  /** Score at or above which a pair is a `hit`. */
  hit: number;
  /** Score at or above which a pair is a `review` (below `hit`). */
  review: number;
}

export interface MatchOptions {
  thresholds: Thresholds;
  /** Most candidates scored per query (the candidate index never returns more). */
  maxCandidates: number;
  /** Name similarity below which a candidate is dropped without scoring the other fields. */
  minNameScore: number;
}

export const DEFAULT_OPTIONS: MatchOptions = {
  thresholds: { hit: 0.9, review: 0.8 },
  maxCandidates: 200,
  minNameScore: 0.75,
};

/** Options as a caller gives them: any field may be left out, thresholds one by one. */
export type MatchOptionsInput = Partial<Omit<MatchOptions, 'thresholds'>> & {
  thresholds?: Partial<Thresholds>;
};

export function withDefaults(options: MatchOptionsInput = {}): MatchOptions {
  return {
    maxCandidates: options.maxCandidates ?? DEFAULT_OPTIONS.maxCandidates,
    minNameScore: options.minNameScore ?? DEFAULT_OPTIONS.minNameScore,
    thresholds: { ...DEFAULT_OPTIONS.thresholds, ...options.thresholds },
  };
}
