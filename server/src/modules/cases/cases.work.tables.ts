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
import { users } from '../users/index.ts';
import { cases } from './cases.tables.ts';

const ts = (name: string) => timestamp(name, { withTimezone: true, precision: 3 });

/**
 * A case's team: each member with a role in the case. `prosecutor` and `liaison` members (of another
 * agency, in a joint case) get the limited views their role allows. Removal keeps the row (history).
 */
export const caseMembers = pgTable(
  'case_members',
  {
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    caseRole: text('case_role').notNull(),
    addedBy: uuid('added_by').references(() => users.id),
    addedAt: ts('added_at').notNull().defaultNow(),
    removedAt: ts('removed_at'),
  },
  (t) => [
    primaryKey({ columns: [t.caseId, t.userId] }),
    index('case_members_user_idx').on(t.userId),
    check(
      'case_members_role_check',
      sql`${t.caseRole} IN ('lead','member','analyst','prosecutor','liaison')`,
    ),
  ],
);

/** Everything that happened to a case, in order (status changes with reasons, plan, tasks, entities…). */
export const caseEvents = pgTable(
  'case_events',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    at: ts('at').notNull(),
    actorId: uuid('actor_id').references(() => users.id),
    kind: text('kind').notNull(),
    fromStatus: text('from_status'),
    toStatus: text('to_status'),
    reason: text('reason'),
    details: jsonb('details'),
  },
  (t) => [index('case_events_case_idx').on(t.caseId, t.at)],
);

export const caseNotes = pgTable(
  'case_notes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    at: ts('at').notNull(),
    authorId: uuid('author_id').references(() => users.id),
    body: text('body').notNull(),
  },
  (t) => [index('case_notes_case_idx').on(t.caseId, t.at)],
);

/**
 * Investigation plan versions. One row per version; `content` follows the structured template
 * (objectives, suspected offences, lines of enquiry with keys, evidence to gather, legal authorities,
 * risks to the child and safeguarding, victim-support plan). Draft → submitted → approved (frozen) or
 * returned; a change after approval is a new version. `lock_version` is the optimistic lock for saves.
 */
export const investigationPlans = pgTable(
  'investigation_plans',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id')
      .notNull()
      .references(() => cases.id),
    version: integer('version').notNull(),
    status: text('status').notNull().default('draft'),
    content: jsonb('content').notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
    updatedAt: ts('updated_at').notNull().defaultNow(),
    submittedAt: ts('submitted_at'),
    decidedBy: uuid('decided_by').references(() => users.id),
    decidedAt: ts('decided_at'),
    decisionReason: text('decision_reason'),
    lockVersion: integer('lock_version').notNull().default(1),
  },
  (t) => [
    unique('investigation_plans_case_version_key').on(t.caseId, t.version),
    check(
      'investigation_plans_status_check',
      sql`${t.status} IN ('draft','submitted','approved','returned','superseded')`,
    ),
  ],
);

/** A task in a case (or on a tip), optionally serving one line of enquiry of the plan. */
export const tasks = pgTable(
  'tasks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    caseId: uuid('case_id').references(() => cases.id),
    tipId: uuid('tip_id'),
    lineKey: text('line_key'),
    title: text('title').notNull(),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id),
    dueAt: ts('due_at').notNull(),
    status: text('status').notNull().default('open'),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: ts('created_at').notNull().defaultNow(),
    completedAt: ts('completed_at'),
    /** Overdue reminders: the owner first, then (a day later) the supervisor. */
    ownerNotifiedAt: ts('owner_notified_at'),
    supervisorNotifiedAt: ts('supervisor_notified_at'),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    index('tasks_owner_idx').on(t.ownerId, t.status, t.dueAt),
    index('tasks_case_idx').on(t.caseId),
    index('tasks_due_idx').on(t.status, t.dueAt),
    check('tasks_status_check', sql`${t.status} IN ('open','in_progress','done','cancelled')`),
    check('tasks_subject_check', sql`${t.caseId} IS NOT NULL OR ${t.tipId} IS NOT NULL`),
  ],
);
