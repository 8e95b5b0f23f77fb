/**
 * Batch screening (issue 6 item 5): arrivals CSV → hits CSV + rejects CSV, against a watchlist file
 * (no database) or the active register and watches (hits stored and alerted). See README.md here.
 */
export {
  type BatchActor,
  fileMatcher,
  type RegisterBatchResult,
  screenAgainstRegister,
  screenedOf,
  screeningThresholds,
} from './batch.service.ts';
export { type CsvItem, type CsvSpec, checkHeader, readCsv, splitRecord } from './csv.ts';
export {
  csvRow,
  csvValue,
  HITS_HEADER,
  type HitRow,
  MemorySink,
  REJECTS_HEADER,
  type RejectRow,
  rejectLine,
  streamSink,
  type TextSink,
} from './csv-out.ts';
export { DEFAULT_MAX_LINE_BYTES, decodeLines, detectEncoding, type FileEncoding } from './lines.ts';
export {
  type ListMatch,
  loadRegisterList,
  matchRegister,
  type RegisterList,
  safeReasons,
  storeRegisterHit,
} from './register-list.ts';
export {
  type BatchOptions,
  type BatchSummary,
  type Matcher,
  readWatchlistCsv,
  screenArrivals,
  screenArrivalsParallel,
  startOutputs,
} from './screen-file.ts';
export { ARRIVALS_SPEC, checkPerson, type FieldProblem, WATCHLIST_SPEC } from './subject.ts';
