import { bigint, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { bytea } from '../platform/crypto/crypto.tables.ts';

/**
 * The tamper-evident audit log. `position` is assigned by one serialised writer (no gaps, commit
 * order); `hash` = SHA-256 over the canonical event and `prev_hash`. Ids only — no personal data.
 * UPDATE and DELETE are refused by a trigger; signed checkpoints of (position, hash) live outside the
 * database, so truncation and rewriting are detected by `karpear audit verify`.
 */
export const auditLog = pgTable(
  'audit_log',
  {
    position: bigint('position', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true, precision: 3 }).notNull(),
    actorId: uuid('actor_id'),
    agencyId: uuid('agency_id'),
    /** create, read, update, delete, disclose, export, login, logout, approve, … */
    action: text('action').notNull(),
    objectType: text('object_type').notNull(),
    objectId: text('object_id'),
    /** 'success' | 'denied' | 'failure' */
    outcome: text('outcome').notNull(),
    ip: text('ip'),
    requestId: text('request_id'),
    justification: text('justification'),
    /** Extra ids or counts (never personal data): e.g. { "fields": ["name"] }. */
    details: jsonb('details'),
    prevHash: bytea('prev_hash').notNull(),
    hash: bytea('hash').notNull(),
  },
  (t) => [
    index('audit_log_actor_idx').on(t.actorId, t.at),
    index('audit_log_object_idx').on(t.objectType, t.objectId),
    index('audit_log_at_idx').on(t.at),
  ],
);
