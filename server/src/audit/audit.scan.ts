import { hash } from 'node:crypto';
import { type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../platform/db/index.ts';
import { canonicalJson } from './audit.chain.ts';
import type { Checkpoint } from './audit.checkpoints.ts';

/**
 * The verifier's hot loop: stream the log in position order and recompute every hash.
 *
 * Rows travel as ONE text value per batch (`array_to_string(ARRAY(…))`), one line per event: the first eleven fields
 * of the canonical array as JSON literals joined by commas (`to_json`: no raw tab or newline can
 * occur), then a tab, `details` (JSONB text), the stored prev_hash and hash in hex. Per event the
 * verifier needs no row objects, no Date, no Buffer: when the fields hold no escape they already are
 * JavaScript's canonical JSON; otherwise they are re-encoded with JSON.parse/stringify, so the bytes
 * hashed are always this process's own encoding, whatever the database printed. `details` is parsed
 * and canonicalised; `prevHex + canonical` is hashed in one native call. The database is a transport.
 */
const ROW_TEXT = sql.raw(`concat_ws(E'\t',
  concat_ws(',',
    position::text,
    '"' || to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') || '"',
    coalesce('"' || actor_id::text || '"', 'null'),
    coalesce('"' || agency_id::text || '"', 'null'),
    coalesce(to_json(action)::text, 'null'),
    coalesce(to_json(object_type)::text, 'null'),
    coalesce(to_json(object_id)::text, 'null'),
    coalesce(to_json(outcome)::text, 'null'),
    coalesce(to_json(ip)::text, 'null'),
    coalesce(to_json(request_id)::text, 'null'),
    coalesce(to_json(justification)::text, 'null')),
  coalesce(details::text, 'null'),
  coalesce(encode(prev_hash, 'hex'), ''),
  coalesce(encode(hash, 'hex'), ''))`);

export interface Batch {
  n: number;
  last: number | null;
  body: string;
}

/** Up to `limit` events after `after` (null: from the very first, whatever its position). */
export async function fetchBatch(db: Executor, after: number | null, limit: number): Promise<Batch> {
  return fetchWhere(db, after === null ? sql`` : sql`WHERE position > ${after}`, limit);
}

/** The events with a position in (`after`, `upTo`] (`after` null: everything up to `upTo`). */
export async function fetchRange(
  db: Executor,
  after: number | null,
  upTo: number,
  limit: number,
): Promise<Batch> {
  const lower = after === null ? sql`` : sql`position > ${after} AND`;
  return fetchWhere(db, sql`WHERE ${lower} position <= ${upTo}`, limit);
}

async function fetchWhere(db: Executor, where: SQL, limit: number): Promise<Batch> {
  // ARRAY(subquery ORDER BY …) keeps the subquery's order without a second sort (string_agg's ORDER BY
  // would sort again: ~30% of the query).
  const result = (await db.execute(sql`
    SELECT array_to_string(ARRAY(SELECT ${ROW_TEXT} FROM audit_log ${where} ORDER BY position LIMIT ${limit}), E'\n')
      AS body`)) as unknown as { rows: Array<{ body: string | null }> };
  const body = result.rows[0]?.body ?? '';
  if (body === '') return { n: 0, last: null, body };
  let n = 1;
  for (let i = body.indexOf('\n'); i !== -1; i = body.indexOf('\n', i + 1)) n++;
  const lastLine = body.slice(body.lastIndexOf('\n') + 1);
  return { n, last: Number(lastLine.slice(0, lastLine.indexOf(','))), body };
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

/** Check one batch; returns the first problem, leaving `state` at the last good event. */
export function scanBody(body: string, state: ScanState): ChainProblem | null {
  if (body.length === 0) return null;
  let start = 0;
  for (;;) {
    const nl = body.indexOf('\n', start);
    const line = nl === -1 ? body.slice(start) : body.slice(start, nl);
    const problem = scanLine(line, state);
    if (problem) return problem;
    if (nl === -1) return null;
    start = nl + 1;
  }
}

function scanLine(line: string, state: ScanState): ChainProblem | null {
  const expected = state.expected;
  const firstComma = line.indexOf(',');
  if (firstComma === -1)
    return { kind: 'malformed_row', position: expected, detail: 'the row is unreadable' };
  const position = line.slice(0, firstComma);
  if (position !== String(expected)) {
    const found = Number(position);
    return {
      kind: 'gap',
      position: expected,
      detail:
        found > expected
          ? `event ${expected} is missing (the log jumps to ${position})`
          : `an event numbered ${position} stands where ${expected} was expected`,
    };
  }
  const len = line.length;
  if (len < 140 || line.charCodeAt(len - 65) !== 9 || line.charCodeAt(len - 130) !== 9) {
    return {
      kind: 'malformed_row',
      position: expected,
      detail: 'the stored hash or previous hash is not 32 bytes',
    };
  }
  const hashHex = line.slice(len - 64);
  const storedPrev = line.slice(len - 129, len - 65);
  const detailsEnd = len - 130;
  const detailsStart = line.lastIndexOf('\t', detailsEnd - 1) + 1;
  const prefix = line.slice(0, detailsStart - 1);
  let fields: string;
  let details: string;
  try {
    fields = prefix.indexOf('\\') === -1 ? prefix : reencode(prefix);
    details = canonicalDetails(line.slice(detailsStart, detailsEnd));
  } catch {
    return { kind: 'malformed_row', position: expected, detail: 'a field is not valid JSON text' };
  }
  if (storedPrev !== state.prevHex) {
    return {
      kind: 'prev_mismatch',
      position: expected,
      detail: `its previous-hash does not match the hash of event ${expected - 1}`,
    };
  }
  const computed = hash('sha256', `${state.prevHex}[${fields},${details}]`, 'hex');
  if (computed !== hashHex) {
    return {
      kind: 'hash_mismatch',
      position: expected,
      detail: 'its content does not match its hash (changed, replaced or moved after it was written)',
    };
  }
  const cps = state.checkpoints;
  while (state.nextCheckpoint < cps.length && cps[state.nextCheckpoint]!.position === expected) {
    const cp = cps[state.nextCheckpoint]!;
    if (cp.hash !== hashHex) {
      return {
        kind: 'checkpoint_mismatch',
        position: expected,
        detail: `its hash differs from the checkpoint signed at ${cp.at}: history up to here was rewritten`,
      };
    }
    state.nextCheckpoint++;
  }
  state.prevHex = hashHex;
  state.expected = expected + 1;
  state.events++;
  return null;
}

/** Slow path for a row whose text holds escapes: re-encode the fields the JavaScript way. */
function reencode(prefix: string): string {
  const values = JSON.parse(`[${prefix}]`) as unknown[];
  if (values.length !== 11) throw new Error('not the eleven fields');
  return JSON.stringify(values).slice(1, -1);
}

/**
 * Canonical text of a `details` value, remembered for repeated texts (events of one kind tend to carry
 * the same details). Bounded: emptied when it reaches 4,096 entries.
 */
const detailsMemo = new Map<string, string>();
function canonicalDetails(text: string): string {
  if (text === 'null') return 'null';
  let canonical = detailsMemo.get(text);
  if (canonical === undefined) {
    canonical = canonicalJson(JSON.parse(text));
    if (detailsMemo.size >= 4096) detailsMemo.clear();
    detailsMemo.set(text, canonical);
  }
  return canonical;
}
