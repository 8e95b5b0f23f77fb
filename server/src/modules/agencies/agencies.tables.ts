import { sql } from 'drizzle-orm';
import { boolean, check, index, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';

/** An organisation that uses Karpear: police, prosecution, immigration, NCCT, NGO, foreign partner. */
export const agencies = pgTable(
  'agencies',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    code: text('code').notNull().unique(),
    type: text('type').notNull(),
    nameEn: text('name_en').notNull(),
    nameKm: text('name_km').notNull(),
    /** ISO 3166-1 alpha-2; foreign liaison agencies are not KH. */
    country: text('country').notNull().default('KH'),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    check(
      'agencies_type_check',
      sql`${t.type} IN ('police', 'prosecution', 'immigration', 'ncct', 'ngo', 'foreign', 'other')`,
    ),
  ],
);

/** A unit inside an agency, e.g. the specialist TCSE unit or a provincial anti-trafficking office. */
export const units = pgTable(
  'units',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    agencyId: uuid('agency_id')
      .notNull()
      .references(() => agencies.id),
    code: text('code').notNull(),
    nameEn: text('name_en').notNull(),
    nameKm: text('name_km').notNull(),
    province: text('province'),
    isSpecialist: boolean('is_specialist').notNull().default(false),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [unique('units_agency_code_key').on(t.agencyId, t.code), index('units_agency_idx').on(t.agencyId)],
);
