import { sql } from 'drizzle-orm';
import { boolean, check, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { agencies, units } from '../agencies/index.ts';

/** A person who uses Karpear. E-mail is stored lower-cased; only an argon2id hash of the password. */
export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    agencyId: uuid('agency_id')
      .notNull()
      .references(() => agencies.id),
    unitId: uuid('unit_id').references(() => units.id),
    email: text('email').notNull().unique(),
    displayName: text('display_name').notNull(),
    roles: text('roles').array().notNull(),
    status: text('status').notNull().default('active'),
    passwordHash: text('password_hash'),
    /** Demo users are refused by `karpear serve --production`. */
    isDemo: boolean('is_demo').notNull().default(false),
    /** The login banner (terms of use) was acknowledged at this time; asked again when null. */
    bannerAcknowledgedAt: timestamp('banner_acknowledged_at', { withTimezone: true, precision: 3 }),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true, precision: 3 }),
    passwordChangedAt: timestamp('password_changed_at', { withTimezone: true, precision: 3 }),
    /** Bumped by disable / role change: sessions issued before it are dead (immediate revocation). */
    sessionsValidAfter: timestamp('sessions_valid_after', { withTimezone: true, precision: 3 }),
    createdAt: timestamp('created_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true, precision: 3 }).notNull().defaultNow(),
  },
  (t) => [
    index('users_agency_idx').on(t.agencyId),
    check('users_status_check', sql`${t.status} IN ('invited', 'active', 'disabled', 'locked')`),
    check('users_roles_nonempty', sql`cardinality(${t.roles}) > 0`),
  ],
);
