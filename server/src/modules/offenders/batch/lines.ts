/**
 * The first stage of every screening file: bytes → text lines, with the checks that must name a line.
 *
 * - Encoding: a UTF-16 LE/BE byte-order mark switches to UTF-16; a UTF-8 BOM is dropped; anything else
 *   is read as UTF-8. A line that is not valid in its encoding is rejected with its number (the others
 *   go on), never silently "repaired" into U+FFFD — a mangled name would screen as someone else.
 * - Length: a line longer than `maxLineBytes` is rejected with its number and skipped without being
 *   held in memory (a 50 MB line costs nothing but the read).
 *
 * Lines come out in file order, each with its 1-based number: text (without the line break) or the
 * reason it was rejected.
 */
export type FileEncoding = 'utf-8' | 'utf-16le' | 'utf-16be';

export type Line = { line: number; text: string; reject?: undefined } | { line: number; reject: string };

export interface LineOptions {
  maxLineBytes: number;
}

export const DEFAULT_MAX_LINE_BYTES = 64 * 1024;

/** The encoding named by the byte-order mark (if any) and the mark's length. */
export function detectEncoding(head: Uint8Array): { encoding: FileEncoding; bomLength: number } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bomLength: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bomLength: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bomLength: 2 };
  return { encoding: 'utf-8', bomLength: 0 };
}

const NEWLINE = 0x0a;

/** Yields the lines of a byte stream in batches; reports the encoding before the first batch. */
export async function* decodeLines(
  source: AsyncIterable<Uint8Array> | Iterable<Uint8Array>,
  options: LineOptions & { onEncoding?: (encoding: FileEncoding) => void },
): AsyncGenerator<Line[]> {
  const splitter = new LineSplitter(options);
  let started = false;
  let pending: Uint8Array = new Uint8Array(0);
  for await (const raw of source) {
    let chunk: Uint8Array = raw;
    if (!started) {
      // A BOM may straddle the first chunks: wait for three bytes.
      pending = concat(pending, chunk);
      if (pending.length < 3) continue;
      chunk = pending;
      const { encoding, bomLength } = detectEncoding(chunk);
      splitter.setEncoding(encoding);
      options.onEncoding?.(encoding);
      chunk = chunk.subarray(bomLength);
      started = true;
    }
    const out = splitter.push(chunk);
    if (out.length > 0) yield out;
  }
  if (!started) {
    const { encoding, bomLength } = detectEncoding(pending);
    splitter.setEncoding(encoding);
    options.onEncoding?.(encoding);
    const out = splitter.push(pending.subarray(bomLength));
    if (out.length > 0) yield out;
  }
  const last = splitter.end();
  if (last) yield [last];
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  return Buffer.concat([a, b]);
}

class LineSplitter {
  private encoding: FileEncoding = 'utf-8';
  private unit = 1;
  /** Bytes of the current, unfinished line (only while it is under the limit). */
  private partial: Uint8Array[] = [];
  private partialBytes = 0;
  /** The current line went over the limit: drop bytes until its end. */
  private skipping = false;
  /** Number of the line being read (1-based). */
  private line = 1;
  private odd: Uint8Array | null = null;
  private decoder = new TextDecoder('utf-8', { fatal: true });

  constructor(private readonly options: LineOptions) {}

  setEncoding(encoding: FileEncoding): void {
    this.encoding = encoding;
    this.unit = encoding === 'utf-8' ? 1 : 2;
    this.decoder = new TextDecoder(encoding, { fatal: true });
  }

  /** Index of the last byte of the next newline at or after `from`, or -1. */
  private nextNewline(chunk: Uint8Array, from: number): number {
    if (this.unit === 1) return chunk.indexOf(NEWLINE, from);
    // UTF-16: chunks are kept even-aligned (see push), so a code unit is at [2k, 2k+1].
    const le = this.encoding === 'utf-16le';
    let i = from;
    for (;;) {
      const j = chunk.indexOf(NEWLINE, i);
      if (j < 0) return -1;
      if (le && j % 2 === 0 && chunk[j + 1] === 0) return j + 1;
      if (!le && j % 2 === 1 && chunk[j - 1] === 0) return j;
      i = j + 1;
    }
  }

  push(input: Uint8Array): Line[] {
    let chunk = input;
    if (this.unit === 2) {
      // Hold back an odd trailing byte so that every chunk starts on a code unit.
      if (this.odd) chunk = Buffer.concat([this.odd, chunk]);
      this.odd = chunk.length % 2 === 1 ? Uint8Array.from(chunk.subarray(chunk.length - 1)) : null;
      if (this.odd) chunk = chunk.subarray(0, chunk.length - 1);
    }
    const out: Line[] = [];
    let from = 0;
    if (this.unit === 1) {
      // Finish the line begun in the previous chunk, then decode the whole lines at once.
      if (this.partialBytes > 0 || this.skipping) {
        const end = chunk.indexOf(NEWLINE);
        if (end < 0) {
          this.append(chunk);
          return out;
        }
        this.append(chunk.subarray(0, end + 1));
        out.push(this.finishLine());
        from = end + 1;
      }
      from = this.wholeLinesUtf8(chunk, from, out);
    }
    this.splitLines(chunk, from, out);
    return out;
  }

  /** Line by line from `from` to the end of the chunk (the general case). */
  private splitLines(chunk: Uint8Array, start: number, out: Line[], stop = chunk.length): void {
    let from = start;
    while (from < stop) {
      const end = this.nextNewline(chunk, from);
      if (end < 0 || end >= stop) {
        this.append(chunk.subarray(from, stop));
        break;
      }
      this.append(chunk.subarray(from, end + 1));
      out.push(this.finishLine());
      from = end + 1;
    }
  }

  /**
   * UTF-8: the complete lines of `chunk` from `from` decoded in one call and split on line breaks
   * (one decoder call per chunk instead of a copy and a call per line: the batch reads a million
   * lines). When a line there is too long, is not valid UTF-8 or holds a byte-order mark, the range
   * goes line by line instead, so every line still gets its own verdict. Returns where it stopped.
   */
  private wholeLinesUtf8(chunk: Uint8Array, from: number, out: Line[]): number {
    const last = chunk.lastIndexOf(NEWLINE);
    if (last < from) return from;
    let ok = true;
    for (let start = from; start <= last; ) {
      const end = chunk.indexOf(NEWLINE, start);
      if (end - start + 1 > this.options.maxLineBytes) {
        ok = false;
        break;
      }
      start = end + 1;
    }
    let text = '';
    if (ok) {
      try {
        text = this.decoder.decode(chunk.subarray(from, last + 1));
        // The decoder drops a leading byte-order mark, and the line-by-line path does so per line.
        ok = !text.includes('\uFEFF') && !(chunk[from] === 0xef && chunk[from + 1] === 0xbb);
      } catch {
        ok = false;
      }
    }
    if (!ok) {
      this.splitLines(chunk, from, out, last + 1);
      return last + 1;
    }
    let start = 0;
    for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
      const stop = end > start && text.charCodeAt(end - 1) === 13 ? end - 1 : end;
      out.push({ line: this.line++, text: text.slice(start, stop) });
      start = end + 1;
    }
    return last + 1;
  }

  end(): Line | null {
    if (this.odd) {
      this.append(this.odd); // a dangling half code unit: the last line will not decode
      this.odd = null;
    }
    if (this.partialBytes === 0 && !this.skipping) return null;
    return this.finishLine();
  }

  private append(bytes: Uint8Array): void {
    if (this.skipping || bytes.length === 0) return;
    if (this.partialBytes + bytes.length > this.options.maxLineBytes) {
      this.skipping = true;
      this.partial = [];
      this.partialBytes = 0;
      return;
    }
    // Copy: the caller's buffer may be reused by the stream.
    this.partial.push(Uint8Array.from(bytes));
    this.partialBytes += bytes.length;
  }

  private finishLine(): Line {
    const line = this.line++;
    if (this.skipping) {
      this.skipping = false;
      return { line, reject: `line longer than ${formatBytes(this.options.maxLineBytes)}: skipped` };
    }
    const bytes = Buffer.concat(this.partial);
    this.partial = [];
    this.partialBytes = 0;
    try {
      const text = this.decoder.decode(bytes);
      return { line, text: text.endsWith('\r\n') ? text.slice(0, -2) : text.replace(/\n$/, '') };
    } catch {
      const name = this.encoding === 'utf-8' ? 'UTF-8' : 'UTF-16';
      return {
        line,
        reject: `not valid ${name} text (save the file as UTF-8, or UTF-16 with a byte-order mark)`,
      };
    }
  }
}

function formatBytes(n: number): string {
  if (n >= 1024 * 1024) return `${Math.round(n / 1024 / 1024)} MiB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KiB`;
  return `${n} bytes`;
}
