import { sql } from 'drizzle-orm';
import type { Executor } from '../platform/db/index.ts';
import {
  type AuditEventInput,
  canonicalAuditEvent,
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
