/**
 * One arrivals record's text → a record to screen, or the problems of the row. Loaded by the screening
 * worker threads (`screenTextsParallel` in ../matching/parallel.ts, `parser` option), so that
 * splitting and checking the rows runs beside the matcher; the single-thread loop does the same steps
 * (csv.ts `rowItem`, subject.ts `checkArrival`), and both write the same rejects.
 */
import type { ParsedText } from '../matching/parallel.ts';
import { rowItem } from './csv.ts';
import { checkArrival } from './subject.ts';

export function parseText(header: readonly string[], line: number, text: string): ParsedText {
  const item = rowItem(header, line, text);
  if (item.kind === 'reject') return { ok: false, problems: [{ column: item.column, reason: item.reason }] };
  return checkArrival(item.values, line);
}
