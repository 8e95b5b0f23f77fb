import { sql } from 'drizzle-orm';
import { check, index, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { bytea } from '../../platform/crypto/crypto.tables.ts';
import { agencies } from '../agencies/index.ts';
import { users } from '../users/index.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

/**
 * A person (DOMAIN.md "Person"). Identity fields are encrypted with the person's own data key
 * (subject {type:'person', id}): `identity` holds names (several, any script, one primary), DOB with
 * precision, gender, nationalities and documents as JSON. `name_keys` is a blind index — keyed hashes
 * of normalised name tokens and of passport numbers — so matching and deconfliction work without
 * decrypting every row; it reveals nothing without the key. `merged_into` marks a merged duplicate.
 */
export const persons = pgTable(
  'persons',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    agencyId: uuid('agency_id')
      .notNull()
      .references(() => agencies.id),
    identity: bytea('identity').notNull(),
    nameKeys: text('name_keys').array().notNull().default(sql`'{}'::text[]`),
    mergedInto: uuid('merged_into'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
  },
  (t) => [index('persons_name_keys_idx').using('gin', t.nameKeys)],
);

/** A person's role in a record: suspect in a case, victim (by code), witness, associate, reporter… */
export const personLinks = pgTable(
  'person_links',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    personId: uuid('person_id')
      .notNull()
      .references(() => persons.id),
    recordType: text('record_type').notNull(),
    recordId: uuid('record_id').notNull(),
    role: text('role').notNull(),
    agencyId: uuid('agency_id')
      .notNull()
      .references(() => agencies.id),
    unitId: uuid('unit_id'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
    removedAt: ts('removed_at'),
  },
  (t) => [
    unique('person_links_key').on(t.personId, t.recordType, t.recordId, t.role),
    index('person_links_record_idx').on(t.recordType, t.recordId),
    check(
      'person_links_role_check',
      sql`${t.role} IN ('suspect','victim_code','witness','associate','reporter','subject')`,
    ),
  ],
);

/**
 * A merge of two duplicate entities of the same kind (identifier or person). `moved` lists exactly
 * which links were re-pointed, so an undo restores them; both the merge and the undo are audited.
 */
export const entityMerges = pgTable(
  'entity_merges',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').notNull(),
    survivorId: uuid('survivor_id').notNull(),
    mergedId: uuid('merged_id').notNull(),
    moved: jsonb('moved').notNull(),
    reason: text('reason'),
    mergedBy: uuid('merged_by').references(() => users.id),
    mergedAt: ts('merged_at').notNull().defaultNow(),
    undoneBy: uuid('undone_by').references(() => users.id),
    undoneAt: ts('undone_at'),
  },
  (t) => [
    check('entity_merges_kind_check', sql`${t.kind} IN ('identifier','person')`),
    // Linking looks up the active merge of every identifier it links (twice per batch): a probe, not a scan.
    index('entity_merges_active_merged_idx').on(t.mergedId).where(sql`${t.undoneAt} IS NULL`),
  ],
);
