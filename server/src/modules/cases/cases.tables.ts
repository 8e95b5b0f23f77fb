import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { agencies, units } from '../agencies/index.ts';
import { users } from '../users/index.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

/**
 * A case (DOMAIN.md "Case"). Today the minimum a tip converts into; the cases issue adds team, offence
 * categories, timeline, plans and tasks. `reference` is unique per agency (e.g. `TCSE-2026-0001`).
 */
export const cases = pgTable(
  'cases',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    agencyId: uuid('agency_id')
      .notNull()
      .references(() => agencies.id),
    unitId: uuid('unit_id').references(() => units.id),
    reference: text('reference').notNull(),
    title: text('title').notNull(),
    status: text('status').notNull().default('open'),
    /** Offence categories (CASE_OFFENCES in contracts): online exploitation, travelling offender… */
    offences: jsonb('offences').notNull().default([]),
    summary: text('summary'),
    closedReason: text('closed_reason'),
    handling: text('handling').notNull().default('normal'),
    leadId: uuid('lead_id').references(() => users.id),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    unique('cases_agency_reference_key').on(t.agencyId, t.reference),
    index('cases_unit_idx').on(t.unitId),
    // The case list: newest activity first, and search on reference or title (ILIKE '%…%').
    index('cases_updated_idx').on(t.updatedAt, t.id),
    index('cases_reference_trgm_idx').using('gin', sql`${t.reference} gin_trgm_ops`),
    index('cases_title_trgm_idx').using('gin', sql`${t.title} gin_trgm_ops`),
    check(
      'cases_status_check',
      sql`${t.status} IN ('open','under_investigation','referred_to_prosecutor','in_court','closed')`,
    ),
    check('cases_handling_check', sql`${t.handling} IN ('normal','restricted','secret')`),
  ],
);

/** Which tips a case was made from (a case may come from several tips). */
export const caseTips = pgTable(
  'case_tips',
  {
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    tipId: uuid('tip_id').notNull(),
    linkedAt: ts('linked_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.caseId, t.tipId] }), index('case_tips_tip_idx').on(t.tipId)],
);
