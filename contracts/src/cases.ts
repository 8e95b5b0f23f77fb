import { z } from 'zod';
import { pageQuerySchema, pageSchema } from './pagination.ts';

/**
 * Cases (issue 7): status workflow, offence categories, teams, notes, investigation plans and tasks.
 * The server owns the rules (transitions, locking, who may do what); these are shapes and vocabularies.
 */

export const CASE_OFFENCES = [
  'online_exploitation',
  'travelling_offender',
  'trafficking_sexual_exploitation',
  'abuse_material_production',
  'abuse_material_distribution',
  'abuse_material_possession',
  'grooming',
  'child_sexual_abuse',
  'other',
] as const;
export const caseOffenceSchema = z.enum(CASE_OFFENCES);
export type CaseOffence = z.infer<typeof caseOffenceSchema>;

export const CASE_STATUSES = [
  'open',
  'under_investigation',
  'referred_to_prosecutor',
  'in_court',
  'closed',
] as const;
export const caseStatusSchema = z.enum(CASE_STATUSES);
export type CaseStatus = z.infer<typeof caseStatusSchema>;

/** Roles inside a case team. `prosecutor` and `liaison` (often another agency) see a limited case. */
export const CASE_ROLES = ['lead', 'member', 'analyst', 'prosecutor', 'liaison'] as const;
export const caseRoleSchema = z.enum(CASE_ROLES);
export type CaseRole = z.infer<typeof caseRoleSchema>;

export const CASE_HANDLING_CODES = ['normal', 'restricted', 'secret'] as const;

const title = z.string().trim().min(3).max(200);
const summary = z.string().trim().max(10_000);
const reason = z.string().trim().min(3).max(2_000);
/** `<unit or agency code>-<year>-<4+ digits>`, e.g. `TCSE-2026-0042`. */
export const caseReferenceSchema = z
  .string()
  .trim()
  .regex(/^[A-Z0-9][A-Z0-9-]{0,30}-\d{4}-\d{4,6}$/, 'must look like CODE-2026-0001');

export const caseListQuerySchema = pageQuerySchema.extend({
  status: z.union([caseStatusSchema, z.array(caseStatusSchema)]).optional(),
  unitId: z.uuid().optional(),
  offence: caseOffenceSchema.optional(),
  q: z.string().trim().min(1).max(100).optional(),
});
export type CaseListQuery = z.infer<typeof caseListQuerySchema>;

export const createCaseBodySchema = z.object({
  title,
  summary: summary.optional(),
  offences: z.array(caseOffenceSchema).max(CASE_OFFENCES.length).default([]),
  /** Tips the case is made from (each must be readable by the caller). */
  tipIds: z.array(z.uuid()).max(50).default([]),
  /** The unit holding the case; default the caller's unit. */
  unitId: z.uuid().optional(),
  handling: z.enum(CASE_HANDLING_CODES).default('normal'),
  /** An explicit reference (e.g. a paper file's number); one that exists already → 409. */
  reference: caseReferenceSchema.optional(),
});
export type CreateCaseBody = z.infer<typeof createCaseBodySchema>;

export const updateCaseBodySchema = z.object({
  version: z.number().int().min(1),
  title: title.optional(),
  summary: summary.nullable().optional(),
  offences: z.array(caseOffenceSchema).max(CASE_OFFENCES.length).optional(),
});
export type UpdateCaseBody = z.infer<typeof updateCaseBodySchema>;

export const caseStatusBodySchema = z.object({
  version: z.number().int().min(1),
  status: caseStatusSchema,
  reason: reason.optional(),
});
export type CaseStatusBody = z.infer<typeof caseStatusBodySchema>;

export const teamMemberBodySchema = z.object({ userId: z.uuid(), caseRole: caseRoleSchema });
export const teamRoleBodySchema = z.object({ caseRole: caseRoleSchema });
export const caseNoteBodySchema = z.object({ body: z.string().trim().min(1).max(20_000) });

export const caseSummarySchema = z.object({
  id: z.uuid(),
  reference: z.string(),
  title: z.string(),
  status: caseStatusSchema,
  offences: z.array(caseOffenceSchema),
  agencyId: z.uuid(),
  unitId: z.uuid().nullable(),
  handling: z.string(),
  leadId: z.uuid().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
});
export type CaseSummary = z.infer<typeof caseSummarySchema>;

/** The case list: `total` is exact up to 10,000 matching cases; `totalCapped` says more match ("10,000+"). */
export const casePageSchema = pageSchema(caseSummarySchema).extend({ totalCapped: z.boolean() });
export type CasePage = z.infer<typeof casePageSchema>;

export const caseMemberSchema = z.object({
  userId: z.uuid(),
  displayName: z.string(),
  agencyId: z.uuid(),
  caseRole: caseRoleSchema,
  addedAt: z.string(),
});

export const caseEventSchema = z.object({
  id: z.uuid(),
  at: z.string(),
  actorId: z.uuid().nullable(),
  kind: z.string(),
  fromStatus: z.string().nullable(),
  toStatus: z.string().nullable(),
  reason: z.string().nullable(),
  details: z.record(z.string(), z.unknown()).nullable(),
});

export const caseNoteSchema = z.object({
  id: z.uuid(),
  at: z.string(),
  authorId: z.uuid().nullable(),
  body: z.string(),
});

// ----- investigation plans -----

export const LEGAL_AUTHORITY_KINDS = [
  'warrant',
  'preservation_request',
  'international_request',
  'other',
] as const;
export const PLAN_STATUSES = ['draft', 'submitted', 'approved', 'returned', 'superseded'] as const;
export type PlanStatus = (typeof PLAN_STATUSES)[number];

const line = z.string().trim().min(1).max(2_000);
/** The structured template of an investigation plan (issue 7 item 3). */
export const planContentSchema = z.object({
  objectives: z.array(line).max(50).default([]),
  suspectedOffences: z.array(caseOffenceSchema).max(CASE_OFFENCES.length).default([]),
  linesOfEnquiry: z
    .array(
      z.object({
        key: z
          .string()
          .trim()
          .regex(/^[A-Za-z0-9_-]{1,40}$/, 'letters, digits, - or _ (up to 40)'),
        title: z.string().trim().min(1).max(200),
        description: z.string().trim().max(5_000).default(''),
      }),
    )
    .max(100)
    .default([]),
  evidenceToGather: z.array(line).max(100).default([]),
  legalAuthorities: z
    .array(
      z.object({
        kind: z.enum(LEGAL_AUTHORITY_KINDS),
        description: line,
        status: z.string().trim().min(1).max(100),
      }),
    )
    .max(50)
    .default([]),
  risksToChild: z.array(line).max(50).default([]),
  safeguardingActions: z.array(line).max(50).default([]),
  victimSupportPlan: z.string().trim().max(10_000).default(''),
});
export type PlanContent = z.infer<typeof planContentSchema>;

export const savePlanBodySchema = z.object({
  content: planContentSchema,
  /** The draft's lock_version the editor loaded; absent when starting a new draft. */
  lockVersion: z.number().int().min(1).optional(),
});
export const planDecisionBodySchema = z.object({
  decision: z.enum(['approved', 'returned']),
  reason: reason.optional(),
});

export const planSchema = z.object({
  id: z.uuid(),
  caseId: z.uuid(),
  version: z.number().int(),
  status: z.enum(PLAN_STATUSES),
  content: planContentSchema,
  createdBy: z.uuid().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  submittedAt: z.string().nullable(),
  decidedBy: z.uuid().nullable(),
  decidedAt: z.string().nullable(),
  decisionReason: z.string().nullable(),
  lockVersion: z.number().int(),
});
export type PlanView = z.infer<typeof planSchema>;

export const planDiffSchema = z.object({
  from: z.number().int(),
  to: z.number().int(),
  changes: z.array(
    z.object({
      field: z.string(),
      added: z.array(z.string()),
      removed: z.array(z.string()),
    }),
  ),
});

// ----- tasks -----

export const TASK_STATUSES = ['open', 'in_progress', 'done', 'cancelled'] as const;
export const taskStatusSchema = z.enum(TASK_STATUSES);

export const createTaskBodySchema = z.object({
  title: z.string().trim().min(3).max(300),
  ownerId: z.uuid(),
  dueAt: z.iso.datetime({ offset: true }),
  lineKey: z.string().trim().min(1).max(40).optional(),
});
export const createTipTaskBodySchema = createTaskBodySchema.omit({ lineKey: true });
export const taskStatusBodySchema = z.object({ status: taskStatusSchema, version: z.number().int().min(1) });

export const taskSchema = z.object({
  id: z.uuid(),
  caseId: z.uuid().nullable(),
  tipId: z.uuid().nullable(),
  lineKey: z.string().nullable(),
  title: z.string(),
  ownerId: z.uuid(),
  dueAt: z.string(),
  status: taskStatusSchema,
  completedAt: z.string().nullable(),
  version: z.number().int(),
  overdue: z.boolean(),
});
export type TaskView = z.infer<typeof taskSchema>;

export const caseDetailSchema = caseSummarySchema.extend({
  summary: z.string().nullable(),
  closedReason: z.string().nullable(),
  /** What the caller's role in the case lets them see: `limited` hides notes and the plan. */
  view: z.enum(['full', 'limited']),
  team: z.array(caseMemberSchema),
  timeline: z.array(caseEventSchema),
  notes: z.array(caseNoteSchema),
  tips: z.array(z.object({ id: z.uuid(), reference: z.string(), status: z.string() })),
  plan: z
    .object({
      version: z.number().int(),
      status: z.enum(PLAN_STATUSES),
      approvedVersion: z.number().nullable(),
    })
    .nullable(),
  tasks: z.array(taskSchema),
  abilities: z.array(z.string()),
});
export type CaseDetail = z.infer<typeof caseDetailSchema>;

export const myWorkSchema = z.object({
  tasks: z.array(taskSchema.extend({ reference: z.string() })),
  tips: z.array(
    z.object({ id: z.uuid(), reference: z.string(), status: z.string(), dueAt: z.string().nullable() }),
  ),
});

export const supervisorViewSchema = z.object({
  unitId: z.uuid().nullable(),
  caseload: z.array(z.object({ status: caseStatusSchema, count: z.number().int() })),
  openCases: z.array(
    z.object({ id: z.uuid(), reference: z.string(), status: caseStatusSchema, ageDays: z.number().int() }),
  ),
  overdueTasks: z.array(
    z.object({
      id: z.uuid(),
      caseId: z.uuid().nullable(),
      reference: z.string(),
      ownerId: z.uuid(),
      dueAt: z.string(),
    }),
  ),
  plansAwaitingApproval: z.array(
    z.object({ caseId: z.uuid(), reference: z.string(), version: z.number().int(), submittedAt: z.string() }),
  ),
});

export const unitMemberSchema = z.object({
  id: z.uuid(),
  displayName: z.string(),
  roles: z.array(z.string()),
});

/** A prosecutor or liaison officer of another agency who can join a joint case (the team picker). */
export const jointPartnerSchema = z.object({
  id: z.uuid(),
  displayName: z.string(),
  roles: z.array(z.string()),
  agencyId: z.uuid(),
  agencyNameEn: z.string(),
  agencyNameKm: z.string(),
});
