import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';

const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

/**
 * One normalised identifier (DOMAIN.md "Identifier"): an e-mail, a phone in E.164, a canonical IP, a
 * `platform:username`, a URL, a device id, a `CC:passport`, a folded name, a file hash. `stop_listed`
 * holds why it must never link records (private IP, placeholder e-mail, too common…); `record_count`
 * counts the records linked to it, which drives the share rule.
 */
export const identifiers = pgTable(
  'identifiers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').notNull(),
    value: text('value').notNull(),
    stopListed: text('stop_listed'),
    recordCount: integer('record_count').notNull().default(0),
    firstSeenAt: ts('first_seen_at').notNull().defaultNow(),
    lastSeenAt: ts('last_seen_at').notNull().defaultNow(),
  },
  (t) => [
    unique('identifiers_kind_value_key').on(t.kind, t.value),
    index('identifiers_value_trgm_idx').using('gin', sql`${t.value} gin_trgm_ops`),
    check(
      'identifiers_kind_check',
      sql`${t.kind} IN ('email','phone','ip','username','url','device','passport','name','file_hash','account','vehicle','place')`,
    ),
  ],
);

/**
 * A record ↔ identifier link with the role the identifier plays in it (reported_person, victim,
 * incident, file, reporter, suspect…). `agency_id`/`unit_id` name the record's holder, copied here so
 * deconfliction ("held by unit X — contact them") needs no join into a record the viewer may not read.
 * They carry no foreign key of their own: they are copied from the record, whose own foreign keys
 * hold them to a real agency and unit (neither is ever deleted), and checking each copy again cost a
 * CyberTipline import ~300 µs a report on PGlite — two row-by-row lookups for each of ~9 links
 * (`bench/tips-index-prices.ts`, migration 20261129063559).
 */
export const identifierLinks = pgTable(
  'identifier_links',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    identifierId: uuid('identifier_id')
      .notNull()
      .references(() => identifiers.id),
    recordType: text('record_type').notNull(),
    recordId: uuid('record_id').notNull(),
    role: text('role').notNull(),
    agencyId: uuid('agency_id').notNull(),
    unitId: uuid('unit_id'),
    /** Where the link was asserted: `cybertipline`, `operator`, `portal`, `extracted`… */
    source: text('source').notNull(),
    createdAt: ts('created_at').notNull().defaultNow(),
  },
  (t) => [
    unique('identifier_links_key').on(t.identifierId, t.recordType, t.recordId, t.role),
    index('identifier_links_record_idx').on(t.recordType, t.recordId),
    check(
      'identifier_links_record_type_check',
      sql`${t.recordType} IN ('tip','case','register_entry','referral','person')`,
    ),
  ],
);
