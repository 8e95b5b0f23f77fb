import { z } from 'zod';

/** The audit log as the auditor screens see it (server/src/audit). Ids only: no personal data. */

export const AUDIT_OUTCOMES = ['success', 'denied', 'failure'] as const;
export const auditOutcomeSchema = z.enum(AUDIT_OUTCOMES);

/** The largest audit page, and the most events one CSV export may hold (narrow the filters beyond). */
export const MAX_AUDIT_PAGE = 100;
export const MAX_AUDIT_EXPORT_ROWS = 200_000;

/** Filters shared by the search and the CSV export. Times: `from` inclusive, `to` exclusive. */
export const auditFiltersSchema = z.object({
  actorId: z.uuid().optional(),
  objectType: z.string().trim().min(1).max(64).optional(),
  objectId: z.string().trim().min(1).max(200).optional(),
  action: z.string().trim().min(1).max(64).optional(),
  outcome: auditOutcomeSchema.optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});
export type AuditFilters = z.infer<typeof auditFiltersSchema>;

/**
 * `GET /api/v1/audit/events`: newest first, keyset-paginated. `before` is the `nextBefore` of the
 * previous page (events with a lower position). A limit above 100 is refused, never clamped.
 */
export const auditEventsQuerySchema = auditFiltersSchema.extend({
  before: z.coerce.number().int().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_AUDIT_PAGE).default(50),
});
export type AuditEventsQuery = z.infer<typeof auditEventsQuerySchema>;

export const auditEventSchema = z.object({
  position: z.number().int(),
  at: z.string(),
  actorId: z.string().nullable(),
  agencyId: z.string().nullable(),
  action: z.string(),
  objectType: z.string(),
  objectId: z.string().nullable(),
  outcome: z.string(),
  ip: z.string().nullable(),
  requestId: z.string().nullable(),
  justification: z.string().nullable(),
  details: z.record(z.string(), z.unknown()).nullable(),
  /** Hex SHA-256 of the event in the chain. */
  hash: z.string(),
});
export type AuditEvent = z.infer<typeof auditEventSchema>;

export const auditEventPageSchema = z.object({
  items: z.array(auditEventSchema),
  limit: z.number().int(),
  /** Pass as `before` for the next (older) page; null on the last page. */
  nextBefore: z.number().int().nullable(),
});
export type AuditEventPage = z.infer<typeof auditEventPageSchema>;

export const AUDIT_VERIFICATION_STATUSES = ['ok', 'empty', 'unanchored', 'tampered', 'incomplete'] as const;

/** `GET /api/v1/audit/status`: the latest verification of the chain against the signed checkpoints. */
export const auditStatusSchema = z.object({
  status: z.enum(AUDIT_VERIFICATION_STATUSES),
  message: z.string(),
  events: z.number().int(),
  checkpoints: z.number().int(),
  latestCheckpoint: z.object({ position: z.number().int(), at: z.string() }).nullable(),
  unanchoredTail: z.number().int(),
  firstBadPosition: z.number().int().nullable(),
  problem: z.string().nullable(),
  checkedAt: z.string(),
  ms: z.number().int(),
  eventsPerSecond: z.number().int(),
  /** True when this is a recent result served again rather than a fresh verification. */
  cached: z.boolean(),
});
export type AuditStatus = z.infer<typeof auditStatusSchema>;
