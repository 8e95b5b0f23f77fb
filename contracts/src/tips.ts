import { z } from 'zod';
import { pageQuerySchema, pageSchema } from './pagination.ts';
import { provinceCodeSchema } from './provinces.ts';

/**
 * Hotline tips (issue 5): what the API and the web app agree on. The server owns the rules (triage,
 * SLA, workflow); these are the shapes and the closed vocabularies.
 */

export const TIP_SOURCES = [
  'public_portal',
  'phone',
  'walk_in',
  'ngo',
  'partner',
  'cybertipline',
  'foreign_hotline',
] as const;
export const tipSourceSchema = z.enum(TIP_SOURCES);
export type TipSource = z.infer<typeof tipSourceSchema>;
/** Sources an operator may record by hand (the portal and imports have their own doors). */
export const OPERATOR_TIP_SOURCES = ['phone', 'walk_in', 'ngo', 'partner', 'foreign_hotline'] as const;

export const TIP_STATUSES = [
  'new',
  'triaged',
  'assigned',
  'actioned',
  'referred',
  'closed_no_action',
  'converted_to_case',
] as const;
export const tipStatusSchema = z.enum(TIP_STATUSES);
export type TipStatus = z.infer<typeof tipStatusSchema>;
/** Statuses after which a tip no longer runs against its SLA. */
export const TIP_CLOSED_STATUSES: readonly TipStatus[] = [
  'actioned',
  'referred',
  'closed_no_action',
  'converted_to_case',
];

/** P1 child in imminent danger … P4 information only. */
export const TIP_PRIORITIES = ['P1', 'P2', 'P3', 'P4'] as const;
export const tipPrioritySchema = z.enum(TIP_PRIORITIES);
export type TipPriority = z.infer<typeof tipPrioritySchema>;

/** SLA state as the queue shows it: closed tips have none. */
export const SLA_STATES = ['ok', 'due_soon', 'breached', 'none'] as const;
export const slaStateSchema = z.enum(SLA_STATES);
export type SlaState = z.infer<typeof slaStateSchema>;

/** The triage rule that proposed a priority, with its reason key for the screen. */
export const TRIAGE_RULES = [
  'escalation_flag',
  'child_under_13',
  'child_age_known',
  'imminent_danger',
  'suspect_travelling',
  'register_hit',
  'repeat_identifier',
  'default',
] as const;
export const triageRuleSchema = z.enum(TRIAGE_RULES);
export type TriageRule = z.infer<typeof triageRuleSchema>;

export const triageReasonSchema = z.object({
  rule: triageRuleSchema,
  priority: tipPrioritySchema,
  /** Ids or counts only (e.g. how many other tips share an identifier). */
  detail: z.record(z.string(), z.union([z.string(), z.number(), z.boolean()])).optional(),
});
export type TriageReason = z.infer<typeof triageReasonSchema>;

export const IDENTIFIER_KINDS = [
  'email',
  'phone',
  'ip',
  'username',
  'url',
  'device',
  'passport',
  'name',
  'file_hash',
] as const;
export const identifierKindSchema = z.enum(IDENTIFIER_KINDS);
/** Kinds a linked identifier may have (the `identifiers` table): the above plus ESP accounts and later kinds. */
export const linkedIdentifierKindSchema = z.enum([...IDENTIFIER_KINDS, 'account', 'vehicle', 'place']);

const shortText = (max: number) => z.string().trim().min(1).max(max);

/** An online identifier as typed by an operator or reporter (normalised by the server). */
export const identifierInputSchema = z.object({
  kind: z.enum(['email', 'phone', 'ip', 'username', 'url', 'device', 'passport']),
  value: shortText(500),
  /** For usernames: the platform (facebook, telegram…). For passports: the issuing country. */
  qualifier: shortText(100).optional(),
});
export type IdentifierInput = z.infer<typeof identifierInputSchema>;

export const suspectSchema = z.object({
  /** ISO 3166-1 alpha-2 codes or free names (normalised by the server). */
  nationalities: z.array(shortText(60)).max(5).default([]),
  languages: z.array(shortText(60)).max(10).default([]),
  names: z.array(shortText(200)).max(10).default([]),
  description: z.string().trim().max(4000).optional(),
  travelling: z.boolean().optional(),
});
export type Suspect = z.infer<typeof suspectSchema>;

/** Operator intake (phone, walk-in, NGO, partner, foreign hotline). */
export const createTipBodySchema = z.object({
  source: z.enum(OPERATOR_TIP_SOURCES),
  /** When the tip reached us (defaults to now). */
  receivedAt: z.iso.datetime().optional(),
  narrative: z.string().trim().min(1).max(20_000),
  province: provinceCodeSchema.optional(),
  place: z.string().trim().max(500).optional(),
  /** When it happened, as precise as known: `YYYY`, `YYYY-MM`, `YYYY-MM-DD` or a date-time. */
  occurredAt: z.string().trim().max(40).optional(),
  childAgeMin: z.number().int().min(0).max(17).optional(),
  childAgeMax: z.number().int().min(0).max(17).optional(),
  imminentDanger: z.boolean().default(false),
  suspect: suspectSchema.optional(),
  identifiers: z.array(identifierInputSchema).max(100).default([]),
  /** Reporter contact: confidential, stored encrypted, shown only to the tip's handlers. */
  reporterContact: z.string().trim().max(1000).optional(),
  /** The partner organisation's own reference. */
  externalRef: z.string().trim().max(200).optional(),
});
export type CreateTipBody = z.infer<typeof createTipBodySchema>;

export const tipListQuerySchema = pageQuerySchema.extend({
  status: z
    .array(tipStatusSchema)
    .or(tipStatusSchema.transform((s) => [s]))
    .optional(),
  priority: z
    .array(tipPrioritySchema)
    .or(tipPrioritySchema.transform((p) => [p]))
    .optional(),
  province: provinceCodeSchema.optional(),
  source: tipSourceSchema.optional(),
  /** A user id, or `me`, or `none` for unassigned. */
  assignee: z.union([z.uuid(), z.literal('me'), z.literal('none')]).optional(),
  unit: z.uuid().optional(),
  sla: slaStateSchema.optional(),
  /** Full-text over the narrative and fuzzy over suspect names and identifiers. */
  q: z.string().trim().min(1).max(200).optional(),
  sort: z.enum(['time_left', 'received_desc', 'received_asc', 'priority']).default('time_left'),
});
export type TipListQuery = z.infer<typeof tipListQuerySchema>;

export const tipSummarySchema = z.object({
  id: z.uuid(),
  reference: z.string(),
  source: tipSourceSchema,
  status: tipStatusSchema,
  priority: tipPrioritySchema.nullable(),
  proposedPriority: tipPrioritySchema,
  receivedAt: z.string(),
  slaDueAt: z.string().nullable(),
  slaState: slaStateSchema,
  province: provinceCodeSchema.nullable(),
  unitId: z.uuid().nullable(),
  assigneeId: z.uuid().nullable(),
  /** First 200 characters of the narrative. */
  excerpt: z.string(),
  lockedFiles: z.number().int(),
});
export type TipSummary = z.infer<typeof tipSummarySchema>;

export const tipPageSchema = pageSchema(tipSummarySchema).extend({
  /** True when more tips match than `total` says: the server counts up to 10,000 ("10,000+"). */
  totalCapped: z.boolean().optional(),
});

export const tipEventSchema = z.object({
  id: z.uuid(),
  at: z.string(),
  actorId: z.uuid().nullable(),
  kind: z.string(),
  fromStatus: tipStatusSchema.nullable(),
  toStatus: tipStatusSchema.nullable(),
  reason: z.string().nullable(),
  details: z.record(z.string(), z.unknown()).nullable(),
});

export const tipEntitySchema = z.object({
  identifierId: z.uuid(),
  kind: linkedIdentifierKindSchema,
  value: z.string(),
  role: z.string(),
  stopListed: z.string().nullable(),
  /** How many other tips share it (0 for stop-listed identifiers: they never link). */
  otherTips: z.number().int(),
});

/** A related tip or case: its content if the viewer may read it, else only who holds it. */
export const relatedRecordSchema = z.object({
  recordType: z.enum(['tip', 'case', 'register_entry', 'referral']),
  /** Present only when the viewer may read the record. */
  id: z.uuid().nullable(),
  reference: z.string().nullable(),
  status: z.string().nullable(),
  /** Who holds it: always given (deconfliction: contact them). */
  holder: z.object({ agencyCode: z.string(), unitCode: z.string().nullable() }),
  sharedIdentifiers: z.array(z.object({ kind: linkedIdentifierKindSchema, value: z.string().nullable() })),
  visible: z.boolean(),
});

export const tipMessageSchema = z.object({
  id: z.uuid(),
  at: z.string(),
  direction: z.enum(['to_reporter', 'from_reporter']),
  authorId: z.uuid().nullable(),
  body: z.string(),
});

export const tipFileSchema = z.object({
  id: z.uuid(),
  fileName: z.string().nullable(),
  hash: z.string().nullable(),
  hashKind: z.string().nullable(),
  viewedByPlatform: z.boolean().nullable(),
  locked: z.boolean(),
  legalAuthority: z.string().nullable(),
});

export const tipDetailSchema = tipSummarySchema.extend({
  narrative: z.string(),
  place: z.string().nullable(),
  occurredAt: z.string().nullable(),
  childAgeMin: z.number().int().nullable(),
  childAgeMax: z.number().int().nullable(),
  imminentDanger: z.boolean(),
  suspect: suspectSchema.nullable(),
  triageReasons: z.array(triageReasonSchema),
  externalRef: z.string().nullable(),
  caseId: z.uuid().nullable(),
  /** Present only for readers allowed to see the reporter's contact (the read is audited). */
  reporterContact: z.string().nullable(),
  hasReporterContact: z.boolean(),
  hasReceipt: z.boolean(),
  version: z.number().int(),
  events: z.array(tipEventSchema),
  entities: z.array(tipEntitySchema),
  related: z.array(relatedRecordSchema),
  messages: z.array(tipMessageSchema),
  files: z.array(tipFileSchema),
  /** Actions the viewer may take on this tip (`tips.triage`, `tips.assign`…). */
  abilities: z.array(z.string()),
});
export type TipDetail = z.infer<typeof tipDetailSchema>;

/** POST /tips answers only the new tip's id and reference (NGO and partner callers cannot read it back). */
export const createdTipSchema = z.object({ id: z.uuid(), reference: z.string() });

/** GET /tips/{id}/reporter-contact (audited as a disclosure). */
export const reporterContactSchema = z.object({ reporterContact: z.string().nullable() });

/** POST /tips/{id}/convert answers the new case. */
export const convertedTipSchema = z.object({ caseId: z.uuid(), reference: z.string() });

/** What a change to one tip answers (the screen reloads the detail: that read is the audited one). */
export const tipChangeSchema = z.object({
  id: z.uuid(),
  reference: z.string(),
  status: tipStatusSchema,
  priority: tipPrioritySchema.nullable(),
  unitId: z.uuid().nullable(),
  assigneeId: z.uuid().nullable(),
  version: z.number().int(),
});
export type TipChange = z.infer<typeof tipChangeSchema>;

/** POST /tips/assign (bulk) answers how many tips were assigned (all or nothing). */
export const bulkAssignResultSchema = z.object({ assigned: z.number().int() });

export const triageTipBodySchema = z.object({
  priority: tipPrioritySchema,
  /** Required when the confirmed priority differs from the proposed one. */
  reason: z.string().trim().max(2000).optional(),
  version: z.number().int(),
});

export const assignTipBodySchema = z.object({
  unitId: z.uuid(),
  assigneeId: z.uuid().nullable().optional(),
  reason: z.string().trim().max(2000).optional(),
});

export const bulkAssignBodySchema = assignTipBodySchema.extend({
  tipIds: z.array(z.uuid()).min(1).max(100),
});

export const tipStatusBodySchema = z.object({
  status: z.enum(['actioned', 'referred', 'closed_no_action']),
  reason: z.string().trim().min(1).max(2000),
  version: z.number().int(),
});

export const convertTipBodySchema = z.object({
  title: z.string().trim().min(1).max(300),
  reason: z.string().trim().max(2000).optional(),
});

export const tipMessageBodySchema = z.object({ body: z.string().trim().min(1).max(4000) });

export const legalAuthorityBodySchema = z.object({
  authority: z.string().trim().min(3).max(500),
});

/** CyberTipline import results, per file and per report. */
export const importFileResultSchema = z.object({
  file: z.string(),
  outcome: z.enum(['imported', 'duplicate', 'rejected']),
  reports: z.number().int(),
  imported: z.number().int(),
  duplicates: z.number().int(),
  rejected: z.number().int(),
  errors: z.array(z.object({ path: z.string(), reason: z.string() })),
  tipIds: z.array(z.uuid()),
});
export type ImportFileResult = z.infer<typeof importFileResultSchema>;

export const tipImportSchema = z.object({
  id: z.uuid(),
  status: z.enum(['queued', 'running', 'done', 'failed']),
  createdAt: z.string(),
  finishedAt: z.string().nullable(),
  files: z.number().int(),
  processed: z.number().int(),
  imported: z.number().int(),
  duplicates: z.number().int(),
  rejected: z.number().int(),
  results: z.array(importFileResultSchema),
});
export type TipImport = z.infer<typeof tipImportSchema>;
export const tipImportPageSchema = pageSchema(tipImportSchema);

/** In-app alerts (SLA breach, assignment, register hit, deconfliction…). */
export const ALERT_KINDS = [
  'sla_breach',
  'tip_assigned',
  'reporter_message',
  'register_hit',
  'travel_notification',
  'watch_hit',
  'deconfliction',
  'overdue_task',
] as const;
export const alertKindSchema = z.enum(ALERT_KINDS);
export type AlertKind = z.infer<typeof alertKindSchema>;

export const alertSchema = z.object({
  id: z.uuid(),
  kind: alertKindSchema,
  recordType: z.string(),
  recordId: z.uuid().nullable(),
  /** Reference of the record (tip/case number), never its content. */
  reference: z.string().nullable(),
  params: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])),
  createdAt: z.string(),
  acknowledgedAt: z.string().nullable(),
});
export type Alert = z.infer<typeof alertSchema>;
export const alertPageSchema = pageSchema(alertSchema);
export type AlertPage = z.infer<typeof alertPageSchema>;

/** GET /alerts: `unacknowledged=true` keeps only the alerts nobody acknowledged yet. */
export const alertListQuerySchema = pageQuerySchema.extend({
  unacknowledged: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});
export type AlertListQuery = z.infer<typeof alertListQuerySchema>;

/** GET /alerts/count: what the bell shows (the web polls it every minute). */
export const alertCountSchema = z.object({ unacknowledged: z.number().int().min(0) });
export type AlertCount = z.infer<typeof alertCountSchema>;
