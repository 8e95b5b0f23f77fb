import { AppError } from '../../../platform/errors.ts';
import { DEFAULT_MAX_LINE_BYTES, decodeLines, type FileEncoding, type Line } from './lines.ts';

/**
 * Streaming CSV reader for screening files (RFC 4180: comma, `"` quoting, `""` inside quotes, CRLF or
 * LF, quoted fields may span lines). Our own small splitter rather than csv-parse: csv-parse's
 * recovery after a bad quote swallows the following lines without a word, and every line here must
 * come out either screened or rejected with its number. A quote left open is given up after
 * `maxRecordLines` lines: that line is rejected and the lines after it are read again on their own.
 *
 * The header (first non-blank line) is checked against the columns the file kind allows: an unknown,
 * repeated or missing column stops the whole file with a message naming it. Header names are matched
 * case-insensitively, spaces and dashes read as `_`.
 */
export interface CsvSpec {
  /** What the file is, for messages ("arrivals file", "watchlist"). */
  label: string;
  columns: readonly string[];
  /** At least one of these must be in the header. */
  requireOneOf: readonly string[];
  /** Each of these must be in the header. */
  required?: readonly string[];
}

export type CsvItem =
  | { kind: 'row'; line: number; values: Record<string, string> }
  | { kind: 'reject'; line: number; column: string | null; reason: string };

export interface CsvOptions {
  maxLineBytes?: number;
  /** Most physical lines one quoted record may span (default 50). */
  maxRecordLines?: number;
  onEncoding?: (encoding: FileEncoding) => void;
}

export function normaliseHeaderName(raw: string): string {
  return raw
    .trim()
    .toLowerCase()
    .replace(/[\s-]+/g, '_');
}

/** Check a header row; returns the column names in file order. Throws naming the first problem. */
export function checkHeader(spec: CsvSpec, fields: readonly string[], line: number): string[] {
  const expected = `expected columns: ${spec.columns.join(',')}`;
  if (fields.some((f) => f.includes('\u0000'))) {
    throw fileError(
      line,
      `the ${spec.label} looks like UTF-16 without a byte-order mark: save it as UTF-8 (${expected})`,
    );
  }
  const names = fields.map(normaliseHeaderName);
  const seen = new Set<string>();
  for (const [i, name] of names.entries()) {
    if (name === '') throw fileError(line, `column ${i + 1} of the header has no name (${expected})`);
    if (!spec.columns.includes(name))
      throw fileError(line, `unknown column '${clip(fields[i]!)}' in the header (${expected})`);
    if (seen.has(name)) throw fileError(line, `column '${name}' appears twice in the header`);
    seen.add(name);
  }
  if (!spec.requireOneOf.some((c) => seen.has(c))) {
    throw fileError(
      line,
      `the header has no name column: it needs ${spec.requireOneOf.join(' or ')} (${expected})`,
    );
  }
  for (const column of spec.required ?? []) {
    if (!seen.has(column))
      throw fileError(line, `the header has no '${column}' column, which is required (${expected})`);
  }
  return names;
}

function fileError(line: number, message: string): AppError {
  return new AppError('validation_failed', `line ${line}: ${message}`, [{ path: `line ${line}`, message }]);
}

const clip = (s: string): string => (s.length > 40 ? `${s.slice(0, 40)}…` : s);

/** Split one record's text into fields; a string is the reason it is not valid CSV. */
export function splitRecord(text: string): string[] | { error: string; column: number } {
  const fields: string[] = [];
  let i = 0;
  const n = text.length;
  for (;;) {
    if (text.charCodeAt(i) === 34 /* " */) {
      let value = '';
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) return { error: 'a quoted field is never closed', column: fields.length + 1 };
        value += text.slice(i, q);
        if (text.charCodeAt(q + 1) === 34) {
          value += '"';
          i = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      fields.push(value.replace(/\r\n/g, '\n'));
      if (i >= n) return fields;
      if (text.charCodeAt(i) !== 44 /* , */)
        return { error: 'text after the closing quote of a field', column: fields.length };
      i++;
    } else {
      const comma = text.indexOf(',', i);
      const end = comma < 0 ? n : comma;
      const value = text.slice(i, end);
      if (value.includes('"'))
        return {
          error: 'a quote inside an unquoted field (quote the whole field)',
          column: fields.length + 1,
        };
      fields.push(value);
      if (comma < 0) return fields;
      i = comma + 1;
    }
  }
}

function quotes(text: string): number {
  let count = 0;
  for (let i = text.indexOf('"'); i >= 0; i = text.indexOf('"', i + 1)) count++;
  return count;
}

/**
 * One data record's text (after the header) as a row or a reject: split, field count checked against
 * the header, values trimmed. Used by `readCsv`, and by the screening workers, which are handed the
 * record texts (`readCsvBatches` with `texts`) so that splitting runs beside the matcher.
 */
export function rowItem(header: readonly string[], line: number, text: string): CsvItem {
  const fields = splitRecord(text);
  if (!Array.isArray(fields)) {
    const column = header[fields.column - 1] ?? null;
    return { kind: 'reject', line, column, reason: `not valid CSV: ${fields.error}` };
  }
  if (fields.length !== header.length) {
    return {
      kind: 'reject',
      line,
      column: null,
      reason: `${fields.length} field(s) where the header has ${header.length} (a comma in a value must be quoted)`,
    };
  }
  const values: Record<string, string> = {};
  for (let i = 0; i < header.length; i++) values[header[i]!] = fields[i]!.trim();
  return { kind: 'row', line, values };
}

/** A data record's text, not yet split (see `readCsvBatches`). */
export interface CsvText {
  kind: 'text';
  line: number;
  text: string;
}

/**
 * Read a CSV byte stream: the header is checked (throws `validation_failed` naming the line and
 * column), then every later line comes out as a row or a reject, in file order.
 */
export async function* readCsv(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  spec: CsvSpec,
  options: CsvOptions = {},
): AsyncGenerator<CsvItem> {
  for await (const batch of readCsvBatches(source, spec, options)) yield* batch;
}

/**
 * `readCsv` in batches (one per decoded chunk of the file: an item costs no promise of its own).
 * With `texts`, data records come out unsplit as `CsvText` with the header (`onHeader`): the caller
 * turns each into a row with `rowItem` — on a worker thread. Rejects of the reading itself (encoding,
 * line length, quotes never closed) come out as rejects either way, in file order.
 */
export function readCsvBatches(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  spec: CsvSpec,
  options: CsvOptions,
): AsyncGenerator<CsvItem[]>;
export function readCsvBatches(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  spec: CsvSpec,
  options: CsvOptions & { texts: true; onHeader: (header: string[]) => void },
): AsyncGenerator<Array<CsvItem | CsvText>>;
export async function* readCsvBatches(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  spec: CsvSpec,
  options: CsvOptions & { texts?: boolean; onHeader?: (header: string[]) => void },
): AsyncGenerator<Array<CsvItem | CsvText>> {
  const maxRecordLines = options.maxRecordLines ?? 50;
  const texts = options.texts === true;
  let header: string[] | null = null;
  /** Lines of a record whose quote is still open. */
  let pending: Array<{ line: number; text: string }> = [];
  type Item = CsvItem | CsvText;

  // Returns the items for one complete record's text.
  const record = (line: number, text: string): Item[] => {
    if (text.trim() === '') return [];
    if (!header) {
      const fields = splitRecord(text);
      if (!Array.isArray(fields)) throw fileError(line, `the header is not valid CSV: ${fields.error}`);
      header = checkHeader(spec, fields, line);
      options.onHeader?.(header);
      return [];
    }
    return [texts ? { kind: 'text', line, text } : rowItem(header, line, text)];
  };

  // Feed one physical line; returns the items it completes.
  const feed = (l: Line): Item[] => {
    if (l.reject !== undefined) {
      if (!header) throw fileError(l.line, `the header line cannot be read: ${l.reject}`);
      // A rejected line inside an open quote breaks that record too.
      const broken = flushBroken(`a line inside this record was rejected (line ${l.line})`);
      return [...broken, { kind: 'reject', line: l.line, column: null, reason: l.reject }];
    }
    if (pending.length > 0) {
      pending.push({ line: l.line, text: l.text });
      const joined = pending.map((p) => p.text).join('\n');
      if (quotes(joined) % 2 === 0) {
        const start = pending[0]!.line;
        pending = [];
        return record(start, joined);
      }
      if (pending.length >= maxRecordLines) return giveUp();
      return [];
    }
    if (quotes(l.text) % 2 === 1) {
      pending = [{ line: l.line, text: l.text }];
      return [];
    }
    return record(l.line, l.text);
  };

  // A quote opened on the first pending line never closed: reject it, read the rest again alone.
  const giveUp = (atEnd = false): Item[] => {
    const [first, ...rest] = pending;
    pending = [];
    if (!header) throw fileError(first!.line, 'the header has a quote that is never closed');
    const out: Item[] = [
      {
        kind: 'reject',
        line: first!.line,
        column: null,
        reason: atEnd
          ? 'a quote opened on this line is never closed'
          : `a quote opened on this line is not closed within ${maxRecordLines} lines`,
      },
    ];
    for (const r of rest) out.push(...feed(r));
    return out;
  };

  const flushBroken = (reason: string): CsvItem[] => {
    const out: CsvItem[] = pending.map((p) => ({
      kind: 'reject' as const,
      line: p.line,
      column: null,
      reason,
    }));
    pending = [];
    return out;
  };

  for await (const lines of decodeLines(source, {
    maxLineBytes: options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES,
    onEncoding: options.onEncoding,
  })) {
    const batch: Item[] = [];
    for (const l of lines) {
      // The common case (a whole record on its line) without the arrays of `feed`.
      if (pending.length === 0 && header && l.reject === undefined && !l.text.includes('"')) {
        if (l.text.trim() !== '')
          batch.push(texts ? { kind: 'text', line: l.line, text: l.text } : rowItem(header, l.line, l.text));
      } else for (const item of feed(l)) batch.push(item);
    }
    if (batch.length > 0) yield batch;
  }
  while (pending.length > 0) {
    // End of file inside a quote: the same give-up, until nothing is left open.
    yield giveUp(true);
  }
  if (!header)
    throw fileError(1, `the ${spec.label} is empty: expected a header line (${spec.columns.join(',')})`);
}
