import { canonicalJson } from './audit.chain.ts';

/**
 * The verifier's encoder: writes one event's hash input, `hex(prev) ‖ canonical(e)` exactly as the
 * writer's JSON.stringify/toISOString would produce it (audit.chain.ts), as UTF-8 bytes straight from
 * the binary COPY fields into one reused buffer — no JavaScript string per event (see audit.scan.ts).
 */

/** One tuple: field offsets and lengths (-1: NULL) into the COPY body. */
export interface Row {
  body: Buffer;
  fields: number;
  offsets: Int32Array;
  lengths: Int32Array;
  end: number;
}
/** The reused output buffer for one event's hash input; grown (never shrunk) for a large event. */
let OUT = Buffer.allocUnsafe(64 * 1024);
let o = 0;
/** Views of OUT's first n bytes, made once per length (a new view per event was a third of the GC). */
let views = new Map<number, Buffer>();
export function outView(n: number): Buffer {
  let view = views.get(n);
  if (!view) {
    if (views.size >= 4096) views.clear();
    view = OUT.subarray(0, n);
    views.set(n, view);
  }
  return view;
}

/** ASCII codes of the two hex digits of every byte. */
const HEX_DIGITS = new Uint8Array(512);
for (let b = 0; b < 256; b++) {
  HEX_DIGITS[2 * b] = '0123456789abcdef'.charCodeAt(b >> 4);
  HEX_DIGITS[2 * b + 1] = '0123456789abcdef'.charCodeAt(b & 15);
}
const NULL_BYTES = Buffer.from('null');
const QUOTE = 0x22;
const COMMA = 0x2c;

/**
 * Write `hex(prev) ‖ canonical(e)` (audit.chain.ts) for this row into OUT; returns its length.
 * canonical = [position, at, actorId, agencyId, action, objectType, objectId, outcome, ip,
 * requestId, justification, details]. Throws on a value that cannot be what the writer stored (NULL
 * in a required field, a timestamp out of range, a uuid that is not 16 bytes, bad JSON).
 */
export function writeHashInput(row: Row, position: number, prev: Buffer): number {
  const { body, offsets: f, lengths: l } = row;
  if (l[1] !== 8 || l[4]! < 0 || l[5]! < 0 || l[7]! < 0) throw new Error('required field missing');
  // Upper bound: every text byte escaped as \u00XX (6 bytes), details at most 4 KiB more than its text.
  let textBytes = 0;
  for (let i = 4; i <= 11; i++) if (l[i]! > 0) textBytes += l[i]!;
  const bound = 512 + 6 * textBytes + 4096;
  if (bound > OUT.length) {
    OUT = Buffer.allocUnsafe(Math.max(bound, OUT.length * 2));
    views = new Map();
  }
  o = 0;
  for (let i = 0; i < 32; i++) writeHexByte(prev[i]!);
  OUT[o++] = 0x5b; // [
  writeDigits(position);
  OUT[o++] = COMMA;
  writeIso(readInt64(body, f[1]!));
  OUT[o++] = COMMA;
  writeUuid(body, f[2]!, l[2]!);
  OUT[o++] = COMMA;
  writeUuid(body, f[3]!, l[3]!);
  for (let i = 4; i <= 10; i++) {
    OUT[o++] = COMMA;
    writeText(body, f[i]!, l[i]!);
  }
  OUT[o++] = COMMA;
  writeDetails(body, f[11]!, l[11]!);
  OUT[o++] = 0x5d; // ]
  return o;
}

/** A non-negative integer in decimal (positions are checked to be ≥ 1 before). */
function writeDigits(n: number): void {
  let digits = 1;
  for (let p = 10; p <= n; p *= 10) digits++;
  for (let i = digits - 1, v = n; i >= 0; i--, v = Math.floor(v / 10)) OUT[o + i] = 0x30 + (v % 10);
  o += digits;
}

function writeHexByte(b: number): void {
  OUT[o++] = HEX_DIGITS[2 * b]!;
  OUT[o++] = HEX_DIGITS[2 * b + 1]!;
}

function writeNull(): void {
  NULL_BYTES.copy(OUT, o);
  o += 4;
}

/** `"8-4-4-4-12"` lower-case hex, as PostgreSQL and the writer print a uuid. */
function writeUuid(body: Buffer, at: number, len: number): void {
  if (len < 0) {
    writeNull();
    return;
  }
  if (len !== 16) throw new Error('not a uuid');
  OUT[o++] = QUOTE;
  for (let i = 0; i < 16; i++) {
    if (i === 4 || i === 6 || i === 8 || i === 10) OUT[o++] = 0x2d; // -
    writeHexByte(body[at + i]!);
  }
  OUT[o++] = QUOTE;
}

/**
 * A text value as JSON: its UTF-8 bytes between quotes when none needs escaping (JSON.stringify
 * escapes only `"`, `\` and controls below U+0020; PostgreSQL text holds no lone surrogate), else
 * JSON.stringify itself.
 */
function writeText(body: Buffer, at: number, len: number): void {
  if (len < 0) {
    writeNull();
    return;
  }
  const start = o;
  OUT[o++] = QUOTE;
  const end = at + len;
  for (let i = at; i < end; i++) {
    const b = body[i]!;
    if (b < 0x20 || b === QUOTE || b === 0x5c) {
      o = start;
      o += OUT.write(JSON.stringify(utf8(body, at, end)), o, 'utf8');
      return;
    }
    OUT[o++] = b;
  }
  OUT[o++] = QUOTE;
}

/** PostgreSQL's epoch (2000-01-01) in Unix milliseconds. */
const PG_EPOCH_MS = 946_684_800_000;
let isoSecond = Number.NaN;
let isoPrefix = Buffer.alloc(0);
/**
 * `"YYYY-MM-DDTHH:MM:SS.mmmZ"` (Date#toISOString, as the writer hashed it) from microseconds since
 * 2000-01-01. Events come in time order, so the text up to the second is reused from the last call.
 */
function writeIso(micros: number): void {
  const ms = Math.floor(micros / 1000) + PG_EPOCH_MS;
  const second = Math.floor(ms / 1000);
  if (second !== isoSecond) {
    const iso = new Date(second * 1000).toISOString(); // throws when out of range
    isoPrefix = Buffer.from(`"${iso.slice(0, -4)}`, 'latin1'); // without "000Z" (years past 9999: longer)
    isoSecond = second;
  }
  isoPrefix.copy(OUT, o);
  o += isoPrefix.length;
  const milli = ms - second * 1000;
  OUT[o++] = 0x30 + Math.floor(milli / 100);
  OUT[o++] = 0x30 + (Math.floor(milli / 10) % 10);
  OUT[o++] = 0x30 + (milli % 10);
  OUT[o++] = 0x5a; // Z
  OUT[o++] = QUOTE;
}

/** jsonb in binary: a version byte (1), then the JSON text, canonicalised. */
function writeDetails(body: Buffer, at: number, len: number): void {
  if (len < 0) {
    writeNull();
    return;
  }
  if (len < 1 || body[at] !== 1) throw new Error('unknown jsonb format');
  const canonical = canonicalDetails(utf8(body, at + 1, at + len));
  if (o + canonical.length > OUT.length) throw new Error('details too large');
  canonical.copy(OUT, o);
  o += canonical.length;
}

/** A signed 64-bit big-endian integer (positions, microseconds) as a Number. */
export function readInt64(body: Buffer, at: number): number {
  return body.readInt32BE(at) * 4_294_967_296 + body.readUInt32BE(at + 4);
}

/**
 * Buffer's native slicers, without `toString`'s argument handling: they exist on every Buffer but are
 * missing from @types/node.
 */
interface Slicers {
  utf8Slice(start: number, end: number): string;
  hexSlice(start: number, end: number): string;
}
const utf8 = (body: Buffer, start: number, end: number) => (body as unknown as Slicers).utf8Slice(start, end);
export const hex = (body: Buffer, start: number, end: number) =>
  (body as unknown as Slicers).hexSlice(start, end);

/**
 * Canonical UTF-8 of a `details` value, remembered for repeated texts (events of one kind tend to
 * carry the same details). Bounded: emptied when it reaches 4,096 entries.
 */
const detailsMemo = new Map<string, Buffer>();
function canonicalDetails(text: string): Buffer {
  let canonical = detailsMemo.get(text);
  if (canonical === undefined) {
    canonical = Buffer.from(text === 'null' ? 'null' : canonicalJson(JSON.parse(text)), 'utf8');
    if (detailsMemo.size >= 4096) detailsMemo.clear();
    detailsMemo.set(text, canonical);
  }
  return canonical;
}
