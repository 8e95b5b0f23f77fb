import { hash } from 'node:crypto';
import type { Executor } from '../platform/db/index.ts';
import { canonicalJson } from './audit.chain.ts';
import type { Checkpoint } from './audit.checkpoints.ts';
import { copyBinary } from './audit.copy.ts';

/**
 * The verifier's hot loop: stream the log in position order and recompute every hash.
 *
 * Rows travel as raw columns in PostgreSQL's binary COPY format (`audit.copy.ts`): integers, the
 * timestamp as microseconds, uuids and hashes as bytes, text as UTF-8. The database formats nothing
 * (text formatting — to_char, to_json, hex — was most of its time); this process builds each event's
 * canonical text itself, byte for byte as the writer's JSON.stringify/toISOString would (ISO time from
 * a per-second cache, details parsed and canonicalised once per distinct text), so the bytes hashed are
 * always this process's own encoding. The database is a transport.
 */
const COLUMNS = `position, at, actor_id, agency_id, action, object_type, object_id, outcome, ip, request_id,
  justification, details, prev_hash, hash`;
const FIELDS = 14;
const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

export interface Batch {
  /** Events in the batch. */
  n: number;
  /** Position of its last event (null when empty). */
  last: number | null;
  /** Binary COPY output; `start` is the offset of the first tuple. */
  body: Buffer;
  start: number;
}

/** Up to `limit` events after `after` (null: from the very first, whatever its position). */
export async function fetchBatch(db: Executor, after: number | null, limit: number): Promise<Batch> {
  return fetchWhere(db, after === null ? '' : `WHERE position > ${int(after)}`, limit);
}

/** The events with a position in (`after`, `upTo`] (`after` null: everything up to `upTo`). */
export async function fetchRange(
  db: Executor,
  after: number | null,
  upTo: number,
  limit: number,
): Promise<Batch> {
  const lower = after === null ? '' : `position > ${int(after)} AND`;
  return fetchWhere(db, `WHERE ${lower} position <= ${int(upTo)}`, limit);
}

/** COPY takes no bind parameters: only checked integers are put into its text. */
function int(n: number): string {
  if (!Number.isSafeInteger(n)) throw new Error(`audit scan: ${n} is not an integer position`);
  return String(n);
}

async function fetchWhere(db: Executor, where: string, limit: number): Promise<Batch> {
  const body = await copyBinary(
    db,
    `SELECT ${COLUMNS} FROM audit_log ${where} ORDER BY position LIMIT ${int(limit)}`,
  );
  return indexBatch(body);
}

/** Check the COPY header and count the tuples (lengths only: cheap next to hashing). */
export function indexBatch(body: Buffer): Batch {
  if (body.length < 21 || !body.subarray(0, 11).equals(SIGNATURE)) {
    throw new Error('audit scan: the database did not answer in binary COPY format');
  }
  const start = 19 + body.readUInt32BE(15);
  let n = 0;
  let last: number | null = null;
  let at = start;
  for (;;) {
    const fields = body.readInt16BE(at);
    at += 2;
    if (fields === -1) break;
    const first = at;
    for (let f = 0; f < fields; f++) {
      const len = body.readInt32BE(at);
      at += 4 + Math.max(len, 0);
    }
    n++;
    last = body.readInt32BE(first) === 8 ? readInt64(body, first + 4) : null;
  }
  return { n, last, body, start };
}

export type ChainProblemKind =
  | 'gap'
  | 'malformed_row'
  | 'prev_mismatch'
  | 'hash_mismatch'
  | 'checkpoint_mismatch';

export interface ChainProblem {
  kind: ChainProblemKind;
  position: number;
  detail: string;
}

/** Where the scan stands: the next expected position and the hash it must link to. */
export interface ScanState {
  expected: number;
  prevHex: string;
  events: number;
  /** Checkpoints (sorted by position) and the index of the next one to meet. */
  checkpoints: readonly Checkpoint[];
  nextCheckpoint: number;
}

/**
 * Check one batch; returns the first problem, leaving `state` at the last good event.
 *
 * Per event no JavaScript string is made: the hash input `hex(prev) ‖ canonical` is written as UTF-8
 * bytes straight from the COPY bytes into one reused buffer (text copied as is unless it holds a byte
 * JSON must escape; uuids, hashes and digits through small tables) and hashed there. Building strings
 * field by field and a Buffer digest per event cost ≈ 2× more CPU than this (measured in one process,
 * same rows; see bench/results/audit-verify*.json for the end-to-end figures).
 */
export function scanBody(batch: Batch, state: ScanState): ChainProblem | null {
  const body = batch.body;
  PREV.write(state.prevHex, 0, 'hex');
  let at = batch.start;
  let problem: ChainProblem | null = null;
  const before = state.events;
  for (let i = 0; i < batch.n; i++) {
    const fields = body.readInt16BE(at);
    const row = readRow(body, at + 2, fields);
    at = row.end;
    problem = checkRow(row, state);
    if (problem) break;
  }
  if (state.events !== before) state.prevHex = hex(PREV, 0, 32);
  return problem;
}

/** One tuple: field offsets and lengths (-1: NULL) into the COPY body. */
interface Row {
  body: Buffer;
  fields: number;
  offsets: Int32Array;
  lengths: Int32Array;
  end: number;
}
const OFFSETS = new Int32Array(FIELDS);
const LENGTHS = new Int32Array(FIELDS);
const ROW: Row = { body: Buffer.alloc(0), fields: 0, offsets: OFFSETS, lengths: LENGTHS, end: 0 };
/** The hash of the last good event (the next one's expected previous hash), as bytes. */
const PREV = Buffer.alloc(32);

function readRow(body: Buffer, from: number, fields: number): Row {
  let at = from;
  if (at + 4 * fields > body.length) throw new Error('audit scan: COPY output cut short');
  for (let f = 0; f < fields; f++) {
    // Inline big-endian int32 (readInt32BE's call and checks were visible in profiles).
    const len = (body[at]! << 24) | (body[at + 1]! << 16) | (body[at + 2]! << 8) | body[at + 3]!;
    at += 4;
    if (f < FIELDS) {
      OFFSETS[f] = at;
      LENGTHS[f] = len;
    }
    if (len > 0) at += len;
  }
  ROW.body = body;
  ROW.fields = fields;
  ROW.end = at;
  return ROW;
}

function checkRow(row: Row, state: ScanState): ChainProblem | null {
  const expected = state.expected;
  const { body, offsets, lengths } = row;
  if (row.fields !== FIELDS || lengths[0] !== 8)
    return { kind: 'malformed_row', position: expected, detail: 'the row is unreadable' };
  const position = readInt64(body, offsets[0]!);
  if (position !== expected) {
    return {
      kind: 'gap',
      position: expected,
      detail:
        position > expected
          ? `event ${expected} is missing (the log jumps to ${position})`
          : `an event numbered ${position} stands where ${expected} was expected`,
    };
  }
  if (lengths[12] !== 32 || lengths[13] !== 32) {
    return {
      kind: 'malformed_row',
      position: expected,
      detail: 'the stored hash or previous hash is not 32 bytes',
    };
  }
  let length: number;
  try {
    length = writeHashInput(row, position);
  } catch {
    return { kind: 'malformed_row', position: expected, detail: 'a field is not valid JSON text' };
  }
  if (!sameBytes(body, offsets[12]!, PREV, 0)) {
    return {
      kind: 'prev_mismatch',
      position: expected,
      detail: `its previous-hash does not match the hash of event ${expected - 1}`,
    };
  }
  // Hex out, not a Buffer: a Buffer made by the native side per event cost more than the hash.
  const digestHex = hash('sha256', outView(length), 'hex');
  if (digestHex !== hex(body, offsets[13]!, offsets[13]! + 32)) {
    return {
      kind: 'hash_mismatch',
      position: expected,
      detail: 'its content does not match its hash (changed, replaced or moved after it was written)',
    };
  }
  const cps = state.checkpoints;
  while (state.nextCheckpoint < cps.length && cps[state.nextCheckpoint]!.position === expected) {
    const cp = cps[state.nextCheckpoint]!;
    if (cp.hash !== digestHex) {
      return {
        kind: 'checkpoint_mismatch',
        position: expected,
        detail: `its hash differs from the checkpoint signed at ${cp.at}: history up to here was rewritten`,
      };
    }
    state.nextCheckpoint++;
  }
  for (let i = 0, h = offsets[13]!; i < 32; i++) PREV[i] = body[h + i]!;
  state.expected = expected + 1;
  state.events++;
  return null;
}

function sameBytes(a: Buffer, aAt: number, b: Buffer, bAt: number): boolean {
  for (let i = 0; i < 32; i++) if (a[aAt + i] !== b[bAt + i]) return false;
  return true;
}

/** The reused output buffer for one event's hash input; grown (never shrunk) for a large event. */
let OUT = Buffer.allocUnsafe(64 * 1024);
let o = 0;
/** Views of OUT's first n bytes, made once per length (a new view per event was a third of the GC). */
let views = new Map<number, Buffer>();
function outView(n: number): Buffer {
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
function writeHashInput(row: Row, position: number): number {
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
  for (let i = 0; i < 32; i++) writeHexByte(PREV[i]!);
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
function readInt64(body: Buffer, at: number): number {
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
const hex = (body: Buffer, start: number, end: number) => (body as unknown as Slicers).hexSlice(start, end);

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
