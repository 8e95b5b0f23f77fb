import { sql } from 'drizzle-orm';
import { check, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { agencies, units } from '../agencies/index.ts';
import { users } from '../users/index.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

/**
 * Something that needs a person's attention (DOMAIN.md "Alert"), addressed to a user or to a unit
 * (then every member sees it; supervisors first). `params` holds ids, references and counts for the
 * translated text — never record content. `dedupe_key` makes raising the same alert twice a no-op
 * (a job retried after a crash). `emailed_at` is set when an e-mail copy was sent.
 */
export const alerts = pgTable(
  'alerts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').notNull(),
    agencyId: uuid('agency_id')
      .notNull()
      .references(() => agencies.id),
    recipientUserId: uuid('recipient_user_id').references(() => users.id),
    recipientUnitId: uuid('recipient_unit_id').references(() => units.id),
    recordType: text('record_type').notNull(),
    recordId: uuid('record_id'),
    reference: text('reference'),
    params: jsonb('params').notNull().default({}),
    dedupeKey: text('dedupe_key').unique(),
    createdAt: ts('created_at').notNull().defaultNow(),
    acknowledgedAt: ts('acknowledged_at'),
    acknowledgedBy: uuid('acknowledged_by').references(() => users.id),
    emailedAt: ts('emailed_at'),
  },
  (t) => [
    index('alerts_user_idx').on(t.recipientUserId, t.createdAt),
    index('alerts_unit_idx').on(t.recipientUnitId, t.createdAt),
    check(
      'alerts_recipient_check',
      sql`${t.recipientUserId} IS NOT NULL OR ${t.recipientUnitId} IS NOT NULL`,
    ),
  ],
);
