import { createHash } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Executor } from '../platform/db/index.ts';

/** What every audited operation records. Ids only: never names, narratives or identity fields. */
export interface AuditEventInput {
  at: Date;
  actorId?: string | null;
  agencyId?: string | null;
  action: string;
  objectType: string;
  objectId?: string | null;
  outcome: 'success' | 'denied' | 'failure';
  ip?: string | null;
  requestId?: string | null;
  justification?: string | null;
  details?: Record<string, unknown> | null;
}

/** One lock serialises audit writers so positions follow commit order with no gaps. */
const AUDIT_LOCK_ID = 727_311_2027;
export const GENESIS_HASH = Buffer.alloc(32);

/** The canonical byte form of an event that its hash covers (stable key order, ISO time in ms). */
export function canonicalAuditEvent(position: number, e: AuditEventInput): string {
  return JSON.stringify([
    position,
    e.at.toISOString(),
    e.actorId ?? null,
    e.agencyId ?? null,
    e.action,
    e.objectType,
    e.objectId ?? null,
    e.outcome,
    e.ip ?? null,
    e.requestId ?? null,
    e.justification ?? null,
    e.details ? sortKeys(e.details) : null,
  ]);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.keys(value as object)
        .sort()
        .map((k) => [k, sortKeys((value as Record<string, unknown>)[k])]),
    );
  }
  return value;
}

export function chainHash(prevHash: Buffer, canonical: string): Buffer {
  return createHash('sha256').update(prevHash).update(canonical, 'utf8').digest();
}

/**
 * Append one event to the audit log **inside the caller's transaction**: if the business write rolls
 * back, so does the event; if this insert fails, the caller's transaction fails (fail closed).
 * The advisory lock is held until commit, so positions are gap-free and in commit order.
 */
export async function recordAudit(tx: Executor, event: AuditEventInput): Promise<number> {
  await tx.execute(sql`SELECT pg_advisory_xact_lock(${AUDIT_LOCK_ID})`);
  const last = (await tx.execute(
    sql`SELECT position, hash FROM audit_log ORDER BY position DESC LIMIT 1`,
  )) as unknown as { rows: Array<{ position: string | number; hash: Buffer | Uint8Array }> };
  const head = last.rows[0];
  const position = head ? Number(head.position) + 1 : 1;
  const prevHash = head ? Buffer.from(head.hash) : GENESIS_HASH;
  const hash = chainHash(prevHash, canonicalAuditEvent(position, event));
  await tx.execute(sql`
    INSERT INTO audit_log (position, at, actor_id, agency_id, action, object_type, object_id, outcome, ip,
                           request_id, justification, details, prev_hash, hash)
    VALUES (${position}, ${event.at.toISOString()}::timestamptz, ${event.actorId ?? null}, ${event.agencyId ?? null},
            ${event.action}, ${event.objectType}, ${event.objectId ?? null}, ${event.outcome}, ${event.ip ?? null},
            ${event.requestId ?? null}, ${event.justification ?? null},
            ${event.details ? JSON.stringify(event.details) : null}::jsonb, ${prevHash}, ${hash})`);
  return position;
}
