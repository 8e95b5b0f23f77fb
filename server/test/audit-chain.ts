import { sql } from 'drizzle-orm';
import {
  type AuditEventInput,
  canonicalAuditEvent,
  chainHashHex,
  GENESIS_HEX,
} from '../src/audit/audit.chain.ts';
import { recordAuditMany } from '../src/audit/audit.writer.ts';
import type { Executor } from '../src/platform/db/index.ts';

/**
 * Test and benchmark helpers for the audit log: realistic synthetic events, a bulk loader (the writer's
 * `recordAuditMany`, thousands of rows per statement) and the re-chaining an attacker would do. Never
 * used by the application.
 */

/** A small deterministic generator (xorshift32): benchmark data, not security. */
/**
 * An event that tests the canonical form's edges: Khmer, quotes, a newline, a control character and a
 * lone surrogate in the text; a Date, an undefined member and 1e21 in the details.
 */
export const AWKWARD_AUDIT_EVENT: AuditEventInput = {
  at: new Date('2026-11-28T08:00:00.5Z'),
  action: 'read',
  objectType: 'victim',
  outcome: 'success',
  justification: 'ចៅក្រម "A"\n\u0007 \ud800',
  details: { z: new Date(0), a: [1, { y: 2, b: undefined }], n: 1e21 } as Record<string, unknown>,
};

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
 * Append events to the log with a correct chain, `rowsPerStatement` at a time, through the writer's own
 * `recordAuditMany` (one INSERT per chunk, the chain continued from the log's head). The hash chain is
 * not re-implemented here: the independent cross-check of the hash is audit.chain.test.ts (its own
 * SHA-256 over a hand-written canonical text), and the verifier recomputes every hash of what this wrote.
 * Returns the new head.
 */
export async function bulkAppendAudit(
  db: Executor,
  events: Iterable<AuditEventInput>,
  rowsPerStatement = 5_000,
): Promise<ChainHead> {
  let chunk: AuditEventInput[] = [];
  for (const event of events) {
    chunk.push(event);
    if (chunk.length >= rowsPerStatement) {
      await recordAuditMany(db, chunk);
      chunk = [];
    }
  }
  await recordAuditMany(db, chunk);
  const head = (await db.execute(sql`
    SELECT position, encode(hash, 'hex') AS hash FROM audit_log ORDER BY position DESC LIMIT 1`)) as unknown as {
    rows: Array<{ position: string | number; hash: string }>;
  };
  const last = head.rows[0];
  return last ? { position: Number(last.position), hash: last.hash } : { position: 0, hash: GENESIS_HEX };
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
