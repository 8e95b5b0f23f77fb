import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  check,
  date,
  index,
  integer,
  jsonb,
  pgTable,
  real,
  text,
  timestamp,
  uuid,
} from 'drizzle-orm/pg-core';
import { agencies, units } from '../agencies/index.ts';
import { users } from '../users/index.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

/**
 * An offender register entry (issue 6). Active only after a second authorised person approves it
 * (`approval_id`, four eyes); `expired`/`removed` entries never match. `dob` keeps its precision as
 * written: `YYYY-MM-DD`, `YYYY-MM` or `YYYY`. `instructions` is what a border or guest-screening hit
 * tells the officer (e.g. "refer to the duty officer of unit X") — never case content.
 */
export const registerEntries = pgTable(
  'register_entries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    reference: text('reference').notNull().unique(),
    agencyId: uuid('agency_id')
      .notNull()
      .references(() => agencies.id),
    unitId: uuid('unit_id').references(() => units.id),
    status: text('status').notNull().default('proposed'),
    basis: text('basis').notNull(),
    dob: text('dob'),
    gender: text('gender'),
    nationalities: jsonb('nationalities').notNull().default([]),
    offences: jsonb('offences').notNull().default([]),
    legalBasis: text('legal_basis').notNull(),
    sourceDocument: text('source_document'),
    photoRef: text('photo_ref'),
    riskLevel: text('risk_level').notNull(),
    reviewDate: date('review_date'),
    expiresAt: ts('expires_at'),
    instructions: text('instructions').notNull(),
    approvalId: uuid('approval_id'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    activatedAt: ts('activated_at'),
    removedReason: text('removed_reason'),
    version: integer('version').notNull().default(1),
    /**
     * The (64-bit) id of the transaction that last wrote the row, set by a trigger (migration
     * 20261129041015): the screening index's sync reads the entries written since its last read
     * through this index instead of scanning every row's `xmin`.
     */
    writtenXid: bigint('written_xid', { mode: 'number' }),
  },
  (t) => [
    index('register_entries_status_idx').on(t.status),
    index('register_entries_written_xid_idx').on(t.writtenXid),
    check('register_entries_status_check', sql`${t.status} IN ('proposed','active','expired','removed')`),
    check(
      'register_entries_basis_check',
      sql`${t.basis} IN ('convicted_kh','foreign_notification','deported','green_notice')`,
    ),
    check('register_entries_risk_check', sql`${t.riskLevel} IN ('low','medium','high')`),
    check('register_entries_dob_check', sql`${t.dob} IS NULL OR ${t.dob} ~ '^\\d{4}(-\\d{2}(-\\d{2})?)?$'`),
  ],
);

/** The names of an entry, any script; one is primary. */
export const registerNames = pgTable(
  'register_names',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    entryId: uuid('entry_id')
      .notNull()
      .references(() => registerEntries.id),
    name: text('name').notNull(),
    isPrimary: boolean('is_primary').notNull().default(false),
  },
  (t) => [index('register_names_entry_idx').on(t.entryId)],
);

/** Passports of an entry: issuing country (alpha-2) and the number as normalised by the matcher. */
export const registerPassports = pgTable(
  'register_passports',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    entryId: uuid('entry_id')
      .notNull()
      .references(() => registerEntries.id),
    country: text('country'),
    number: text('number').notNull(),
  },
  (t) => [
    index('register_passports_entry_idx').on(t.entryId),
    index('register_passports_number_idx').on(t.number),
  ],
);

/**
 * An inbound travel notification from a foreign partner. While `watch_until` has not passed it is a
 * watch: a screening hit on its traveller raises another alert for `unit_id`.
 */
export const travelNotifications = pgTable(
  'travel_notifications',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    reference: text('reference').notNull().unique(),
    agencyId: uuid('agency_id')
      .notNull()
      .references(() => agencies.id),
    unitId: uuid('unit_id').references(() => units.id),
    partner: text('partner').notNull(),
    partnerRef: text('partner_ref'),
    receivedAt: ts('received_at').notNull(),
    names: jsonb('names').notNull().default([]),
    dob: text('dob'),
    gender: text('gender'),
    nationality: text('nationality'),
    passportCountry: text('passport_country'),
    passportNumber: text('passport_number'),
    travelDate: date('travel_date'),
    flight: text('flight'),
    borderPost: text('border_post'),
    stayPlace: text('stay_place'),
    stayProvince: text('stay_province'),
    registerEntryId: uuid('register_entry_id').references(() => registerEntries.id),
    watchUntil: ts('watch_until').notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('travel_notifications_watch_idx').on(t.watchUntil)],
);

/**
 * A screening hit (border desk, batch file, guest registration) kept for the unit: which list record
 * matched, the score and reasons, and the screened person's details as given (the hit is the unit's
 * work item; no-hit checks keep nothing but their audit event).
 */
export const screeningHits = pgTable(
  'screening_hits',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    channel: text('channel').notNull(),
    at: ts('at').notNull(),
    actorId: uuid('actor_id').references(() => users.id),
    agencyId: uuid('agency_id')
      .notNull()
      .references(() => agencies.id),
    registerEntryId: uuid('register_entry_id').references(() => registerEntries.id),
    travelNotificationId: uuid('travel_notification_id').references(() => travelNotifications.id),
    decision: text('decision').notNull(),
    score: real('score').notNull(),
    reasons: jsonb('reasons').notNull().default([]),
    screened: jsonb('screened').notNull(),
    establishmentId: uuid('establishment_id'),
    guestImportId: uuid('guest_import_id'),
  },
  (t) => [
    index('screening_hits_at_idx').on(t.at),
    check('screening_hits_channel_check', sql`${t.channel} IN ('border','batch','guest')`),
    check('screening_hits_decision_check', sql`${t.decision} IN ('hit','review')`),
  ],
);

/** A guesthouse or hotel that files accommodation registers; hits are tied to its location. */
export const establishments = pgTable(
  'establishments',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    nameKey: text('name_key').notNull(),
    province: text('province').notNull(),
    place: text('place'),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [index('establishments_key_idx').on(t.nameKey, t.province)],
);

/** One accommodation-register file screened: counts and rejects (guests themselves are not kept). */
export const guestImports = pgTable('guest_imports', {
  id: uuid('id').primaryKey().defaultRandom(),
  agencyId: uuid('agency_id')
    .notNull()
    .references(() => agencies.id),
  createdBy: uuid('created_by').references(() => users.id),
  fileName: text('file_name').notNull(),
  createdAt: ts('created_at').notNull().defaultNow(),
  rows: integer('rows').notNull().default(0),
  screened: integer('screened').notNull().default(0),
  hits: integer('hits').notNull().default(0),
  rejects: jsonb('rejects').notNull().default([]),
});
