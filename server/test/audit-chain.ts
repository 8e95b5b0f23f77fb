import { sql } from 'drizzle-orm';
import {
  type AuditEventInput,
  canonicalAuditEvent,
  chainHashHex,
  GENESIS_HEX,
  normaliseAuditEvent,
} from '../src/audit/audit.chain.ts';
import type { Executor } from '../src/platform/db/index.ts';

/**
 * Test and benchmark helpers for the audit log: realistic synthetic events and a bulk loader that
 * computes the same hash chain as `recordAudit` but inserts thousands of rows per statement (the
 * append-only trigger allows INSERT). Never used by the application.
 */

/** A small deterministic generator (xorshift32): benchmark data, not security. */
export function seededRandom(seed: number): () => number {
  let x = seed >>> 0 || 1;
  return () => {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    return (x >>> 0) / 4_294_967_296;
  };
}

const ACTIONS = ['read', 'read', 'read', 'create', 'update', 'login', 'export', 'disclose', 'approve'];
const OBJECTS = ['victim', 'suspect', 'case', 'evidence', 'tip', 'intelligence', 'session', 'register_entry'];
const OUTCOMES = ['success', 'success', 'success', 'success', 'denied', 'failure'] as const;
const JUSTIFICATIONS = [
  'ការស៊ើបអង្កេតសំណុំរឿងលេខ 2026/114',
  'Court order 17/2026, "urgent"',
  'Line one\nline two\ttabbed \\ backslash',
];

function seededUuid(rand: () => number): string {
  const hex = Array.from({ length: 32 }, () => Math.floor(rand() * 16).toString(16)).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20)}`;
}

/**
 * `count` events in time order from `start`, mixing nulls, details, Khmer and escape-needing text.
 * Deterministic for a seed (the same events every run).
 */
export function* syntheticAuditEvents(
  count: number,
  seed = 1,
  start = Date.UTC(2026, 0, 1),
): Generator<AuditEventInput> {
  const rand = seededRandom(seed);
  const pick = <T>(list: readonly T[]) => list[Math.floor(rand() * list.length)]!;
  const actors = Array.from({ length: 200 }, () => seededUuid(rand));
  const agencies = Array.from({ length: 20 }, () => seededUuid(rand));
  let t = start;
  for (let i = 0; i < count; i++) {
    t += Math.floor(rand() * 40);
    const r = rand();
    yield {
      at: new Date(t),
      actorId: r < 0.97 ? pick(actors) : null,
      agencyId: r < 0.95 ? pick(agencies) : null,
      action: pick(ACTIONS),
      objectType: pick(OBJECTS),
      objectId: r < 0.9 ? seededUuid(rand) : null,
      outcome: pick(OUTCOMES),
      ip: `10.${Math.floor(rand() * 255)}.${Math.floor(rand() * 255)}.${Math.floor(rand() * 255)}`,
      requestId: seededUuid(rand),
      justification: r < 0.05 ? pick(JUSTIFICATIONS) : null,
      details:
        r < 0.6
          ? null
          : r < 0.9
            ? { fields: ['name', 'dob'].slice(0, 1 + (i % 2)) }
            : { count: i % 1000, z: 1, a: [true, null] },
    };
  }
}

export interface ChainHead {
  position: number;
  hash: string;
}

/**
 * Append events to the log with a correct chain, `rowsPerStatement` at a time (one JSON parameter per
 * statement: the same on both drivers). Starts from `head` (default: an empty log).
 */
export async function bulkAppendAudit(
  db: Executor,
  events: Iterable<AuditEventInput>,
  head: ChainHead = { position: 0, hash: GENESIS_HEX },
  rowsPerStatement = 5_000,
): Promise<ChainHead> {
  let { position, hash } = head;
  let rows: unknown[] = [];
  const flush = async () => {
    if (rows.length === 0) return;
    await db.execute(sql`
      INSERT INTO audit_log (position, at, actor_id, agency_id, action, object_type, object_id, outcome, ip,
                             request_id, justification, details, prev_hash, hash)
      SELECT p, at::timestamptz, a, g, ac, ot, oi, o, ip, r, j, d, decode(ph, 'hex'), decode(h, 'hex')
      FROM json_to_recordset(${JSON.stringify(rows)}::json) AS v(p bigint, at text, a uuid, g uuid, ac text,
        ot text, oi text, o text, ip text, r text, j text, d jsonb, ph text, h text)`);
    rows = [];
  };
  for (const raw of events) {
    const e = normaliseAuditEvent(raw);
    position++;
    const next = chainHashHex(hash, canonicalAuditEvent(position, e));
    rows.push({
      p: position,
      at: e.at.toISOString(),
      a: e.actorId,
      g: e.agencyId,
      ac: e.action,
      ot: e.objectType,
      oi: e.objectId,
      o: e.outcome,
      ip: e.ip,
      r: e.requestId,
      j: e.justification,
      d: e.details,
      ph: hash,
      h: next,
    });
    hash = next;
    if (rows.length >= rowsPerStatement) await flush();
  }
  await flush();
  return { position, hash };
}

/** What an attacker with database rights would do: recompute every hash from `from` on. */
export async function rechainAuditFrom(tx: Executor, from: number): Promise<void> {
  const rows = (await tx.execute(sql`
    SELECT position, at, actor_id, agency_id, action, object_type, object_id, outcome, ip, request_id,
           justification, details, encode(prev_hash, 'hex') AS prev
    FROM audit_log WHERE position >= ${from} ORDER BY position`)) as unknown as {
    rows: Array<Record<string, unknown>>;
  };
  let prev = String(rows.rows[0]!.prev);
  for (const r of rows.rows) {
    const hash = chainHashHex(
      prev,
      canonicalAuditEvent(Number(r.position), {
        at: new Date(r.at as string),
        actorId: r.actor_id as string | null,
        agencyId: r.agency_id as string | null,
        action: r.action as string,
        objectType: r.object_type as string,
        objectId: r.object_id as string | null,
        outcome: r.outcome as 'success',
        ip: r.ip as string | null,
        requestId: r.request_id as string | null,
        justification: r.justification as string | null,
        details: r.details as Record<string, unknown> | null,
      }),
    );
    await tx.execute(
      sql`UPDATE audit_log SET prev_hash = decode(${prev}, 'hex'), hash = decode(${hash}, 'hex') WHERE position = ${Number(r.position)}`,
    );
    prev = hash;
  }
}
