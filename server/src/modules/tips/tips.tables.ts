import { sql } from 'drizzle-orm';
import {
  boolean,
  check,
  index,
  integer,
  jsonb,
  pgSequence,
  pgTable,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { bytea } from '../../platform/crypto/crypto.tables.ts';
import { agencies, units } from '../agencies/index.ts';
import { users } from '../users/index.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

/** Numbers tip references (`T-2026-000042`): one sequence, the year is the receipt year. */
export const tipReferenceSeq = pgSequence('tip_reference_seq', { startWith: 1 });

/**
 * A hotline tip (DOMAIN.md "Tip"). `agency_id` is the holding agency (the portal and imports go to
 * the configured intake agency); `unit_id`/`assignee_id` are the assignment. `proposed_priority` and
 * `triage_reasons` come from the rules, `priority` is the operator's confirmation. `sla_due_at` follows
 * the confirmed (else proposed) priority and is cleared when the tip closes.
 *
 * Confidential: `reporter_contact` is field-encrypted (subject = the tip). The public reporter is known
 * only by `receipt_locator` (a lookup prefix of the receipt code) and `receipt_hash` (argon2id of the
 * whole code). `source_key` makes a re-import of the same CyberTipline report a no-op.
 */
export const tips = pgTable(
  'tips',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    reference: text('reference').notNull().unique(),
    source: text('source').notNull(),
    agencyId: uuid('agency_id')
      .notNull()
      .references(() => agencies.id),
    unitId: uuid('unit_id').references(() => units.id),
    assigneeId: uuid('assignee_id').references(() => users.id),
    status: text('status').notNull().default('new'),
    priority: text('priority'),
    proposedPriority: text('proposed_priority').notNull(),
    triageReasons: jsonb('triage_reasons').notNull().default([]),
    receivedAt: ts('received_at').notNull(),
    slaDueAt: ts('sla_due_at'),
    /** Set when the SLA job escalated the breach (once per tip and priority). */
    slaEscalatedAt: ts('sla_escalated_at'),
    narrative: text('narrative').notNull(),
    province: text('province'),
    place: text('place'),
    occurredAt: text('occurred_at'),
    childAgeMin: integer('child_age_min'),
    childAgeMax: integer('child_age_max'),
    imminentDanger: boolean('imminent_danger').notNull().default(false),
    escalationFlag: boolean('escalation_flag').notNull().default(false),
    suspect: jsonb('suspect'),
    /** Suspect names folded (lower-case, accents removed), space-joined: fuzzy search. */
    suspectNames: text('suspect_names'),
    reporterContact: bytea('reporter_contact'),
    receiptLocator: text('receipt_locator').unique(),
    receiptHash: text('receipt_hash'),
    externalRef: text('external_ref'),
    sourceKey: text('source_key').unique(),
    /** The parsed CyberTipline report (ids and identifiers; no narrative content of files). */
    sourceDocument: jsonb('source_document'),
    handling: text('handling').notNull().default('normal'),
    caseId: uuid('case_id'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('tips_queue_idx').on(t.status, t.slaDueAt),
    index('tips_received_idx').on(t.receivedAt),
    index('tips_priority_idx').on(t.priority, t.slaDueAt),
    index('tips_unit_idx').on(t.unitId, t.status),
    index('tips_assignee_idx').on(t.assigneeId, t.status),
    index('tips_province_idx').on(t.province, t.status),
    index('tips_agency_idx').on(t.agencyId, t.status),
    index('tips_narrative_fts_idx').using('gin', sql`to_tsvector('simple', ${t.narrative})`),
    index('tips_suspect_names_trgm_idx').using('gin', sql`${t.suspectNames} gin_trgm_ops`),
    check(
      'tips_source_check',
      sql`${t.source} IN ('public_portal','phone','walk_in','ngo','partner','cybertipline','foreign_hotline')`,
    ),
    check(
      'tips_status_check',
      sql`${t.status} IN ('new','triaged','assigned','actioned','referred','closed_no_action','converted_to_case')`,
    ),
    check('tips_priority_check', sql`${t.priority} IS NULL OR ${t.priority} IN ('P1','P2','P3','P4')`),
    check('tips_proposed_priority_check', sql`${t.proposedPriority} IN ('P1','P2','P3','P4')`),
    check('tips_handling_check', sql`${t.handling} IN ('normal','restricted','secret')`),
    check(
      'tips_child_age_check',
      sql`(${t.childAgeMin} IS NULL OR ${t.childAgeMin} BETWEEN 0 AND 17) AND (${t.childAgeMax} IS NULL OR ${t.childAgeMax} BETWEEN 0 AND 17) AND (${t.childAgeMin} IS NULL OR ${t.childAgeMax} IS NULL OR ${t.childAgeMin} <= ${t.childAgeMax})`,
    ),
  ],
);

/**
 * The tip's timeline: created, imported, triaged, assigned, status changes, messages, notes, SLA
 * breaches, entity links, legal authority recorded — each with who, when and why. Append-only.
 */
export const tipEvents = pgTable(
  'tip_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tipId: uuid('tip_id')
      .notNull()
      .references(() => tips.id),
    at: ts('at').notNull(),
    actorId: uuid('actor_id').references(() => users.id),
    kind: text('kind').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    reason: text('reason'),
    details: jsonb('details'),
  },
  (t) => [index('tip_events_tip_idx').on(t.tipId, t.at)],
);

/** Messages between operators and the anonymous reporter (read through the receipt code). */
export const tipMessages = pgTable(
  'tip_messages',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tipId: uuid('tip_id')
      .notNull()
      .references(() => tips.id),
    at: ts('at').notNull(),
    direction: text('direction').notNull(),
    authorId: uuid('author_id').references(() => users.id),
    body: text('body').notNull(),
  },
  (t) => [
    index('tip_messages_tip_idx').on(t.tipId, t.at),
    check('tip_messages_direction_check', sql`${t.direction} IN ('to_reporter','from_reporter')`),
  ],
);

/**
 * Files a report mentions — metadata only, never content. A file the platform did not view
 * (`viewed_by_platform` false or unknown) is `locked` until a legal authority is recorded.
 */
export const tipFiles = pgTable(
  'tip_files',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tipId: uuid('tip_id')
      .notNull()
      .references(() => tips.id),
    fileName: text('file_name'),
    hash: text('hash'),
    hashKind: text('hash_kind'),
    viewedByPlatform: boolean('viewed_by_platform'),
    locked: boolean('locked').notNull(),
    legalAuthority: text('legal_authority'),
    legalAuthorityBy: uuid('legal_authority_by').references(() => users.id),
    legalAuthorityAt: ts('legal_authority_at'),
  },
  (t) => [index('tip_files_tip_idx').on(t.tipId)],
);

/** One CyberTipline upload (screen or API): progress and the per-file results. */
export const tipImports = pgTable(
  'tip_imports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    agencyId: uuid('agency_id')
      .notNull()
      .references(() => agencies.id),
    createdBy: uuid('created_by').references(() => users.id),
    status: text('status').notNull().default('queued'),
    createdAt: ts('created_at').notNull().defaultNow(),
    finishedAt: ts('finished_at'),
    files: integer('files').notNull().default(0),
    processed: integer('processed').notNull().default(0),
    imported: integer('imported').notNull().default(0),
    duplicates: integer('duplicates').notNull().default(0),
    rejected: integer('rejected').notNull().default(0),
    results: jsonb('results').notNull().default([]),
  },
  (t) => [
    index('tip_imports_agency_idx').on(t.agencyId, t.createdAt),
    check('tip_imports_status_check', sql`${t.status} IN ('queued','running','done','failed')`),
  ],
);

/** Files waiting for an upload import job: the bytes, kept only until the job has read them. */
export const tipImportFiles = pgTable(
  'tip_import_files',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    importId: uuid('import_id')
      .notNull()
      .references(() => tipImports.id),
    name: text('name').notNull(),
    content: bytea('content').notNull(),
  },
  (t) => [index('tip_import_files_import_idx').on(t.importId)],
);
