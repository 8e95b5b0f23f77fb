import { sql } from 'drizzle-orm';
import {
  check,
  customType,
  index,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
} from 'drizzle-orm/pg-core';

/**
 * Raw bytes (wrapped keys, hashes). Defined in platform code so that tables outside the access module
 * (the audit log, these) need not import it: that import closes a cycle through the users module.
 */
export const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => Buffer.from(v),
});

const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

/**
 * One 256-bit data key per subject (a victim, a suspect…), wrapped with AES-256-GCM by a
 * key-encryption key (KEK). The additional data binds the wrap to the subject, so a wrapped key copied
 * to another subject fails to unwrap. Erasing a subject sets `wrapped_key` to NULL and `destroyed_at`:
 * every field encrypted under it becomes unreadable for good. `kek_id` names the KEK that wrapped the
 * key (never the key itself), so rotation can re-wrap in batches while readers accept both KEKs.
 */
export const dataKeys = pgTable(
  'data_keys',
  {
    subjectType: text('subject_type').notNull(),
    subjectId: text('subject_id').notNull(),
    wrappedKey: bytea('wrapped_key'),
    kekId: text('kek_id').notNull(),
    createdAt: ts('created_at').notNull(),
    rewrappedAt: ts('rewrapped_at'),
    destroyedAt: ts('destroyed_at'),
  },
  (t) => [
    primaryKey({ columns: [t.subjectType, t.subjectId] }),
    index('data_keys_kek_idx').on(t.kekId),
    check('data_keys_destroyed_check', sql`(${t.destroyedAt} IS NULL) = (${t.wrappedKey} IS NOT NULL)`),
  ],
);

/**
 * The key-encryption keys this database has seen, by id (a fingerprint of the key — the key itself
 * lives only in files). Exactly one is `current`: every server wraps new data keys under it, so a
 * rotation started from the command line is followed by running servers too. `previous` ones are
 * still accepted for reading until nothing is wrapped or sealed under them.
 */
export const keyEncryptionKeys = pgTable(
  'key_encryption_keys',
  {
    id: text('id').primaryKey(),
    state: text('state').notNull(),
    createdAt: ts('created_at').notNull(),
    retiredAt: ts('retired_at'),
  },
  (t) => [
    check('key_encryption_keys_state_check', sql`${t.state} IN ('current', 'previous')`),
    uniqueIndex('key_encryption_keys_one_current').on(t.state).where(sql`${t.state} = 'current'`),
  ],
);
