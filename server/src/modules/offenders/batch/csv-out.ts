/**
 * CSV output of screening: the hits file and the rejects file. Every value is quoted when it needs
 * to be, and a value a spreadsheet would run as a formula (`=`, `+`, `-`, `@`, tab, carriage return
 * first) gets a leading `'` (SECURITY.md 19).
 */
export const HITS_HEADER = ['input_id', 'watchlist_id', 'score', 'decision', 'reasons'] as const;
export const REJECTS_HEADER = ['file', 'line', 'column', 'reason'] as const;

export function csvValue(raw: string | number): string {
  let s = String(raw);
  if (typeof raw === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function csvRow(values: ReadonlyArray<string | number>): string {
  return `${values.map(csvValue).join(',')}\n`;
}

export interface HitRow {
  inputId: string;
  watchlistId: string;
  score: number;
  decision: 'hit' | 'review';
  /** Already readable sentences; joined with `; `. */
  reasons: readonly string[];
}

export interface RejectRow {
  file: string;
  line: number;
  column: string | null;
  reason: string;
}

export const hitLine = (h: HitRow): string =>
  csvRow([h.inputId, h.watchlistId, h.score.toFixed(3), h.decision, h.reasons.join('; ')]);

export const rejectLine = (r: RejectRow): string => csvRow([r.file, r.line, r.column ?? '', r.reason]);

/** Somewhere text goes: a file stream (with back-pressure) or memory. */
export interface TextSink {
  write(text: string): void | Promise<void>;
}

/** Collects text in memory (uploads: the result is sealed and stored whole). */
export class MemorySink implements TextSink {
  private parts: string[] = [];
  write(text: string): void {
    this.parts.push(text);
  }
  text(): string {
    return this.parts.join('');
  }
}

/** A sink over a Node writable stream that waits for `drain` when its buffer is full. */
export function streamSink(stream: NodeJS.WritableStream): TextSink & { close(): Promise<void> } {
  return {
    write(text: string) {
      if (stream.write(text)) return;
      return new Promise<void>((resolve) => stream.once('drain', () => resolve()));
    },
    close() {
      return new Promise<void>((resolve, reject) => {
        stream.once('error', reject);
        stream.end(() => resolve());
      });
    },
  };
}
