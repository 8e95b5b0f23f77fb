import { sql } from 'drizzle-orm';
import {
  bigint,
  check,
  customType,
  index,
  integer,
  pgTable,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { users } from '../modules/users/index.ts';

/** Raw bytes (hashes, ciphertexts, public keys). */
export const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => Buffer.from(v),
});

const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

/**
 * A signed-in session. Only the SHA-256 of the 256-bit token is stored. Idle and absolute expiry are
 * checked on every request against the injected clock; revocation (log-out, disabling the user) sets
 * `revoked_at`, effective on the next request.
 */
export const sessions = pgTable(
  'sessions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    tokenHash: bytea('token_hash').notNull(),
    createdAt: ts('created_at').notNull(),
    lastSeenAt: ts('last_seen_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
    /** When the second factor was last proven in this session (log-in or step-up). */
    stepUpAt: ts('step_up_at').notNull(),
    revokedAt: ts('revoked_at'),
    ip: text('ip'),
  },
  (t) => [uniqueIndex('sessions_token_hash_key').on(t.tokenHash), index('sessions_user_idx').on(t.userId)],
);

/**
 * A half-finished log-in: the password was checked (or an unknown e-mail was given — the answer looks
 * the same) and the second factor is awaited. Single use, short-lived, bounded attempts.
 */
export const loginChallenges = pgTable(
  'login_challenges',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Null when the e-mail or password was wrong: the challenge exists but can never succeed. */
    userId: uuid('user_id').references(() => users.id),
    challengeHash: bytea('challenge_hash').notNull(),
    /** 'totp' | 'webauthn' | 'enrol' | 'step_up' */
    next: text('next').notNull(),
    /** WebAuthn challenge or pending TOTP secret (sealed) carried between the two halves. */
    payload: bytea('payload'),
    attempts: integer('attempts').notNull().default(0),
    createdAt: ts('created_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
    usedAt: ts('used_at'),
    ip: text('ip'),
  },
  (t) => [uniqueIndex('login_challenges_hash_key').on(t.challengeHash)],
);

/** A confirmed TOTP authenticator. The secret is sealed with AES-256-GCM (platform/crypto). */
export const totpFactors = pgTable('totp_factors', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id),
  secretSealed: bytea('secret_sealed').notNull(),
  /** The last accepted 30-second step: a code is never accepted twice. */
  lastStep: bigint('last_step', { mode: 'number' }).notNull().default(0),
  confirmedAt: ts('confirmed_at').notNull(),
});

/** One-time recovery codes (argon2id hashes), shown once at enrolment. */
export const recoveryCodes = pgTable(
  'recovery_codes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    codeHash: text('code_hash').notNull(),
    createdAt: ts('created_at').notNull(),
    usedAt: ts('used_at'),
  },
  (t) => [index('recovery_codes_user_idx').on(t.userId)],
);

/** A registered WebAuthn authenticator (passkey or security key). */
export const webauthnCredentials = pgTable(
  'webauthn_credentials',
  {
    /** base64url credential id */
    id: text('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    publicKey: bytea('public_key').notNull(),
    counter: bigint('counter', { mode: 'number' }).notNull().default(0),
    transports: text('transports').array().notNull().default(sql`'{}'::text[]`),
    name: text('name').notNull().default('Security key'),
    createdAt: ts('created_at').notNull(),
    lastUsedAt: ts('last_used_at'),
  },
  (t) => [index('webauthn_credentials_user_idx').on(t.userId)],
);

/** Failed log-in attempts, for the 5-in-15-minutes lockout. `user_id` null for unknown e-mails. */
export const authFailures = pgTable(
  'auth_failures',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id').references(() => users.id),
    at: ts('at').notNull(),
    ip: text('ip'),
    reason: text('reason').notNull(),
  },
  (t) => [index('auth_failures_user_at_idx').on(t.userId, t.at)],
);

/** Single-use links: a new user's invitation, or an admin-issued password reset (72 h). */
export const invitations = pgTable(
  'invitations',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    /** 'invite' | 'reset' */
    purpose: text('purpose').notNull(),
    tokenHash: bytea('token_hash').notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: ts('created_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
    usedAt: ts('used_at'),
  },
  (t) => [
    uniqueIndex('invitations_token_hash_key').on(t.tokenHash),
    check('invitations_purpose_check', sql`${t.purpose} IN ('invite', 'reset')`),
  ],
);

/**
 * Four eyes: a request that a second authorised person approves (register activation, identity
 * disclosure, evidence release, international sharing). Approver ≠ requester is enforced in SQL too.
 */
export const approvals = pgTable(
  'approvals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    kind: text('kind').notNull(),
    recordType: text('record_type').notNull(),
    recordId: uuid('record_id').notNull(),
    agencyId: uuid('agency_id').notNull(),
    requestedBy: uuid('requested_by')
      .notNull()
      .references(() => users.id),
    justification: text('justification').notNull(),
    requestedAt: ts('requested_at').notNull(),
    expiresAt: ts('expires_at').notNull(),
    /** 'pending' | 'approved' | 'rejected' | 'withdrawn' */
    state: text('state').notNull().default('pending'),
    decidedBy: uuid('decided_by').references(() => users.id),
    decidedAt: ts('decided_at'),
    decisionNote: text('decision_note'),
  },
  (t) => [
    index('approvals_record_idx').on(t.recordType, t.recordId),
    index('approvals_agency_state_idx').on(t.agencyId, t.state),
    check('approvals_state_check', sql`${t.state} IN ('pending', 'approved', 'rejected', 'withdrawn')`),
    check('approvals_four_eyes', sql`${t.decidedBy} IS NULL OR ${t.decidedBy} <> ${t.requestedBy}`),
  ],
);

/** A time-bound need-to-know permission on one record (victim identity, one evidence item). */
export const grants = pgTable(
  'grants',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    recordType: text('record_type').notNull(),
    recordId: uuid('record_id').notNull(),
    /** e.g. 'victim.identity.read' */
    permission: text('permission').notNull(),
    grantedBy: uuid('granted_by')
      .notNull()
      .references(() => users.id),
    reason: text('reason').notNull(),
    createdAt: ts('created_at').notNull(),
    validUntil: ts('valid_until').notNull(),
    revokedAt: ts('revoked_at'),
  },
  (t) => [index('grants_user_record_idx').on(t.userId, t.recordType, t.recordId)],
);
