import { hash } from 'node:crypto';
import type { Executor } from '../platform/db/index.ts';
import type { Checkpoint } from './audit.checkpoints.ts';
import { copyBinary } from './audit.copy.ts';
import { hex, outView, type Row, readInt64, writeHashInput } from './audit.scan-encode.ts';

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
    length = writeHashInput(row, position, PREV);
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
