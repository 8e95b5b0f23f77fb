/**
 * The offenders module's public surface. Today: the pure, multi-script name matcher used for border
 * checks and batch screening (`matching/`, see docs/matching.md). The register, travel notifications
 * and screening routes arrive with issue 6.
 */
export { scorePair } from './matching/score.ts';
export { Screener, type ScreeningMatch, type ScreenOptions, screenRecords } from './matching/screen.ts';
export type {
  Decision,
  MatchOptions,
  MatchResult,
  Reason,
  Thresholds,
  TravellerRecord,
  WatchlistEntry,
} from './matching/types.ts';
