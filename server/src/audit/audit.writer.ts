import { sql } from 'drizzle-orm';
import type { Executor } from '../platform/db/index.ts';
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
 * committed rows are always a prefix 1..n (what the checkpointer relies on).
 *
 * Two statements: the lock, then one INSERT that reads the head and computes the hash in the database
 * — SHA-256 over hex(prev) + `[position` + the canonical tail built here — so the lock is held for one
 * round trip less. The verifier recomputes every hash itself; the database is not trusted for that.
 */
export async function recordAudit(tx: Executor, event: AuditEventInput): Promise<number> {
  const e = normaliseAuditEvent(event);
  // The canonical text after its position: `,"<at>",…]`. The database puts the position in front.
  const tail = canonicalAuditEvent(0, e).slice(2);
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${AUDIT_LOCK_ID})`);
  const result = (await tx.execute(sql`
    INSERT INTO audit_log (position, at, actor_id, agency_id, action, object_type, object_id, outcome, ip,
                           request_id, justification, details, prev_hash, hash)
    SELECT h.position, ${e.at.toISOString()}::timestamptz, ${e.actorId ?? null}::uuid, ${e.agencyId ?? null}::uuid,
           ${e.action}, ${e.objectType}, ${e.objectId ?? null}, ${e.outcome}, ${e.ip ?? null},
           ${e.requestId ?? null}, ${e.justification ?? null},
           ${e.details ? JSON.stringify(e.details) : null}::jsonb, h.prev,
           sha256(convert_to(encode(h.prev, 'hex') || '[' || h.position::text || ${tail}, 'UTF8'))
    FROM (SELECT coalesce(last.position, 0) + 1 AS position, coalesce(last.hash, ${GENESIS_HASH_SQL}) AS prev
          FROM (SELECT 1) one
          LEFT JOIN LATERAL (SELECT position, hash FROM audit_log ORDER BY position DESC LIMIT 1) last ON true) h
    RETURNING position`)) as unknown as { rows: Array<{ position: string | number }> };
  return Number(result.rows[0]!.position);
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
    const row = {
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
      ph: prev,
      h: hash,
    };
    positions.push(position);
    prev = hash;
    return row;
  });
  // One JSON parameter (the same on PGlite and `pg`); `details` travels as JSON and lands as the JSONB
  // that `recordAudit`'s `JSON.stringify(details)::jsonb` would store.
  await tx.execute(sql`
    INSERT INTO audit_log (position, at, actor_id, agency_id, action, object_type, object_id, outcome, ip,
                           request_id, justification, details, prev_hash, hash)
    SELECT p, at::timestamptz, a, g, ac, ot, oi, o, ip, r, j, d, decode(ph, 'hex'), decode(h, 'hex')
    FROM json_to_recordset(${JSON.stringify(rows)}::json) AS v(p bigint, at text, a uuid, g uuid, ac text,
      ot text, oi text, o text, ip text, r text, j text, d jsonb, ph text, h text)
    ORDER BY p`);
  return positions;
}

/**
 * Take the audit lock in the caller's transaction (held until its COMMIT). For a writer that must wait
 * for the lock before deciding what to write (audit.group.ts); then `appendAuditEventsLocked`.
 */
export async function lockAuditLog(tx: Executor): Promise<void> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${AUDIT_LOCK_ID})`);
}

/**
 * `recordAuditMany` in one statement for a caller already holding the lock (`lockAuditLog`): the head
 * is read and every hash computed in the database, chained row by row by a recursive query with
 * `recordAudit`'s own expression — so the rows are those `recordAudit` would write, one by one — and
 * the lock is held for one round trip less (group commit, audit.group.ts). Returns the positions, in
 * the order given.
 */
export async function appendAuditEventsLocked(
  tx: Executor,
  events: readonly AuditEventInput[],
): Promise<number[]> {
  if (events.length === 0) return [];
  const rows = events.map((raw, i) => {
    const e = normaliseAuditEvent(raw);
    return {
      i: i + 1,
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
      // The canonical text after its position, as in recordAudit.
      t: canonicalAuditEvent(0, e).slice(2),
    };
  });
  const result = (await tx.execute(sql`
    WITH RECURSIVE v AS (
      SELECT * FROM json_to_recordset(${JSON.stringify(rows)}::json) AS v(i int, at text, a uuid, g uuid, ac text,
        ot text, oi text, o text, ip text, r text, j text, d jsonb, t text)
    ), chain (i, position, prev, hash) AS (
      SELECT 0, coalesce(last.position, 0), NULL::bytea, coalesce(last.hash, ${GENESIS_HASH_SQL})
      FROM (SELECT 1) one
      LEFT JOIN LATERAL (SELECT position, hash FROM audit_log ORDER BY position DESC LIMIT 1) last ON true
      UNION ALL
      SELECT v.i, c.position + 1, c.hash,
             sha256(convert_to(encode(c.hash, 'hex') || '[' || (c.position + 1)::text || v.t, 'UTF8'))
      FROM chain c JOIN v ON v.i = c.i + 1
    )
    INSERT INTO audit_log (position, at, actor_id, agency_id, action, object_type, object_id, outcome, ip,
                           request_id, justification, details, prev_hash, hash)
    SELECT c.position, v.at::timestamptz, v.a, v.g, v.ac, v.ot, v.oi, v.o, v.ip, v.r, v.j, v.d, c.prev, c.hash
    FROM chain c JOIN v ON v.i = c.i
    ORDER BY c.position
    RETURNING position`)) as unknown as { rows: Array<{ position: string | number }> };
  return result.rows.map((r) => Number(r.position)).sort((x, y) => x - y);
}
