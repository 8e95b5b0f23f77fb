import { hash } from 'node:crypto';

/**
 * The hash chain's definition, shared by the writer and the verifier.
 *
 *   canonical(e) = JSON array [position, at (ISO 8601, ms, UTC), actorId, agencyId, action, objectType,
 *                  objectId, outcome, ip, requestId, justification, details], absent values as null,
 *                  `details` with object keys sorted (UTF-16 order) at every depth, no whitespace.
 *   hash(e)      = SHA-256( UTF-8( hex(prev_hash) ‖ canonical(e) ) ),  prev_hash of position 1 = 32 zero bytes.
 *
 * The previous hash enters as its 64 hex digits so the whole input is one string: the verifier hashes
 * it in one native call, which is what makes verification fast (≈2× fewer allocations than bytes).
 */
export const GENESIS_HASH = Buffer.alloc(32);
export const GENESIS_HEX = GENESIS_HASH.toString('hex');

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

/** JSON with object keys sorted at every depth and no whitespace: one text per value. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  let out = '{';
  for (let i = 0; i < keys.length; i++) {
    const k = keys[i]!;
    out += `${i === 0 ? '' : ','}${JSON.stringify(k)}:${canonicalJson(record[k])}`;
  }
  return `${out}}`;
}

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Lone surrogates become U+FFFD, as the database drivers would store them: hashed = stored. */
function wellFormed<T extends string | null | undefined>(s: T): T | string {
  return typeof s === 'string' ? s.replace(LONE_SURROGATE, '\ufffd') : s;
}

/**
 * The event exactly as it will be stored: strings made well-formed, details passed through JSON (so
 * a Date becomes its ISO string and `undefined` disappears, as in the JSONB column).
 */
export function normaliseAuditEvent(e: AuditEventInput): AuditEventInput {
  const details =
    e.details == null
      ? null
      : (JSON.parse(wellFormed(JSON.stringify(e.details)) as string) as Record<string, unknown>);
  return {
    at: e.at,
    actorId: e.actorId ?? null,
    agencyId: e.agencyId ?? null,
    action: wellFormed(e.action),
    objectType: wellFormed(e.objectType),
    objectId: wellFormed(e.objectId ?? null),
    outcome: e.outcome,
    ip: wellFormed(e.ip ?? null),
    requestId: wellFormed(e.requestId ?? null),
    justification: wellFormed(e.justification ?? null),
    details,
  };
}

/** The canonical text of an event (see the file comment). Pass a normalised event. */
export function canonicalAuditEvent(position: number, e: AuditEventInput): string {
  return `${JSON.stringify([
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
  ]).slice(0, -1)},${e.details ? canonicalJson(e.details) : 'null'}]`;
}

/** hash(e) given the previous event's hash; hex in, hex out (the verifier's hot path). */
export function chainHashHex(prevHex: string, canonical: string): string {
  return hash('sha256', prevHex + canonical, 'hex');
}

export function chainHash(prevHash: Buffer, canonical: string): Buffer {
  return Buffer.from(chainHashHex(prevHash.toString('hex'), canonical), 'hex');
}
