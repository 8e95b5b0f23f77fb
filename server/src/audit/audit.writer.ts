import { sql } from 'drizzle-orm';
import { type Executor, rowSet } from '../platform/db/index.ts';
import {
  type AuditEventInput,
  canonicalAuditEvent,
  chainHashHex,
  GENESIS_HEX,
  normaliseAuditEvent,
} from './audit.chain.ts';

export {
  type AuditEventInput,
  canonicalAuditEvent,
  chainHash,
  GENESIS_HASH,
} from './audit.chain.ts';

/** One lock serialises audit writers so positions follow commit order with no gaps. */
export const AUDIT_LOCK_ID = 727_311_2027;
const GENESIS_HASH_SQL = sql.raw(`decode('${GENESIS_HEX}', 'hex')`);

/**
 * Append one event to the audit log **inside the caller's transaction**: if the business write rolls
 * back, so does the event; if this insert fails, the caller's transaction fails (fail closed).
 * The advisory lock is held until commit, so positions are gap-free and in commit order, and the
 * committed rows are always a prefix 1..n (what the checkpointer relies on). One statement
 * (`appendAuditEvents`): the lock and the chained insert together.
 */
export async function recordAudit(tx: Executor, event: AuditEventInput): Promise<number> {
  return (await appendAuditEvents(tx, [event]))[0]!;
}

/** An event's columns as the rows the inserts below read. */
function auditRowFields(e: ReturnType<typeof normaliseAuditEvent>) {
  return {
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
  };
}

/**
 * Append several events, in the order given, **inside the caller's transaction** — the same chain as
 * that many `recordAudit` calls (same canonical form, gap-free positions in commit order under the
 * same advisory lock), in three statements whatever the count: the lock, the head, one INSERT of
 * every row. The chain is computed here (the head is read under the lock, so nobody can append in
 * between); the verifier recomputes every hash anyway. Returns the positions given, in order.
 * For bulk intake (a CyberTipline import batch writes one `tips.create` per tip).
 */
export async function recordAuditMany(tx: Executor, events: readonly AuditEventInput[]): Promise<number[]> {
  if (events.length === 0) return [];
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${AUDIT_LOCK_ID})`);
  const head = (await tx.execute(sql`
    SELECT position, encode(hash, 'hex') AS hash FROM audit_log ORDER BY position DESC LIMIT 1`)) as unknown as {
    rows: Array<{ position: string | number; hash: string }>;
  };
  let position = Number(head.rows[0]?.position ?? 0);
  let prev = head.rows[0]?.hash ?? GENESIS_HEX;
  const positions: number[] = [];
  const rows = events.map((raw) => {
    const e = normaliseAuditEvent(raw);
    position += 1;
    const hash = chainHashHex(prev, canonicalAuditEvent(position, e));
    const row = { p: position, ...auditRowFields(e), ph: prev, h: hash };
    positions.push(position);
    prev = hash;
    return row;
  });
  // One text parameter (`rowSet`, the same on PGlite and `pg`); `details` travels as JSON text and
  // lands as the JSONB that `recordAudit`'s `JSON.stringify(details)::jsonb` would store.
  await tx.execute(sql`
    INSERT INTO audit_log (position, at, actor_id, agency_id, action, object_type, object_id, outcome, ip,
                           request_id, justification, details, prev_hash, hash)
    SELECT p, at::timestamptz, a, g, ac, ot, oi, o, ip, r, j, d, decode(ph, 'hex'), decode(h, 'hex')
    FROM ${rowSet('v', 'p bigint, at text, a uuid, g uuid, ac text, ot text, oi text, o text, ip text, r text, j text, d jsonb, ph text, h text', rows)}
    ORDER BY p`);
  return positions;
}

/**
 * Append events, in the order given, in ONE statement (`karpear_audit_append`, migration
 * 20261129031415): it takes the audit lock, reads the head and inserts every event chained row by row
 * in the database, with the hash expression the verifier checks — the rows `recordAudit` writes one
 * by one. Inside a transaction the lock is held until its COMMIT; sent on its own (audit.group.ts) the
 * statement is its own transaction and releases the lock inside the database, with no round trip to
 * node while held. Returns the positions, in the order given.
 */
export async function appendAuditEvents(db: Executor, events: readonly AuditEventInput[]): Promise<number[]> {
  if (events.length === 0) return [];
  const rows = events.map((raw, i) => {
    const e = normaliseAuditEvent(raw);
    // `t`: the canonical text after its position; the database puts the position in front.
    return { i: i + 1, ...auditRowFields(e), t: canonicalAuditEvent(0, e).slice(2) };
  });
  const result = (await db.execute(sql`
    SELECT karpear_audit_append AS position
    FROM karpear_audit_append(${AUDIT_LOCK_ID}, ${GENESIS_HASH_SQL}, ${JSON.stringify(rows)}::json)`)) as unknown as {
    rows: Array<{ position: string | number }>;
  };
  return result.rows.map((r) => Number(r.position)).sort((x, y) => x - y);
}
