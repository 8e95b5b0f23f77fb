import { randomInt, randomUUID } from 'node:crypto';
import type { Role } from '@karpear/contracts';
import { eq } from 'drizzle-orm';
import { approvals } from '../../src/access/access.tables.ts';
import { APPROVER_ROLES, defineApprovalKind, rule } from '../../src/access/policy/index.ts';
import { units } from '../../src/modules/agencies/index.ts';
import { alerts } from '../../src/modules/alerts/index.ts';
import { cases } from '../../src/modules/cases/cases.tables.ts';
import { caseMembers, investigationPlans, tasks } from '../../src/modules/cases/cases.work.tables.ts';
import { identifierLinks, identifiers } from '../../src/modules/entities/entities.tables.ts';
import { entityMerges } from '../../src/modules/entities/persons.tables.ts';
import { tipFiles, tipImports, tips } from '../../src/modules/tips/tips.tables.ts';
import type { AppContext } from '../../src/platform/context.ts';
import type { Executor } from '../../src/platform/db/index.ts';
import { type DemoIndex, type DemoUserRef, otherAgencyId } from './demo.ts';

/**
 * Builders of a request "in a relation" to the caller, used by the route table: the own agency's
 * record, another agency's… Builders may create rows (on the test's own database).
 */
export type Relation = 'none' | 'own_record' | 'own_agency' | 'other_agency' | 'foreign';

export interface RouteCall {
  params?: Record<string, string>;
  query?: Record<string, string>;
  body?: unknown;
}

export interface FixtureContext {
  /** The role calling (null: nobody signed in; `user` is then a signed-in role's user, for the body). */
  role: Role | null;
  user: DemoUserRef;
  relation: Relation;
  demo: DemoIndex;
  db: Executor;
  now: Date;
  /** A short unique upper-case token, for codes that must not collide. */
  unique(): string;
  /** The app's context, for records that live outside the database (batch screening files). */
  app: AppContext;
}

/** Returns the call, or undefined when the relation cannot be built for this caller. */
export type RouteFixture = (ctx: FixtureContext) => Promise<RouteCall | undefined> | RouteCall | undefined;

/** The agency in the relation asked for: the caller's own, or another one. */
export function agencyIn(ctx: FixtureContext): string | undefined {
  if (ctx.relation === 'own_agency') return ctx.user.agencyId;
  if (ctx.relation === 'other_agency') return otherAgencyId(ctx.demo, ctx.user.agencyId);
  return undefined;
}

/** A unit of the agency in the relation (created when that agency has none). */
export async function unitIn(ctx: FixtureContext): Promise<string | undefined> {
  const agencyId = agencyIn(ctx);
  if (!agencyId) return undefined;
  const existing = ctx.demo.unitsByAgency[agencyId]?.[0];
  if (existing) return existing.id;
  const code = `FX-${ctx.unique()}`;
  const [row] = await ctx.db
    .insert(units)
    .values({ agencyId, code, nameEn: 'Fixture unit', nameKm: 'Fixture unit' })
    .returning();
  ctx.demo.unitsByAgency[agencyId] = [...(ctx.demo.unitsByAgency[agencyId] ?? []), { id: row!.id, code }];
  return row!.id;
}

/**
 * A four-eyes kind that exists only in tests: any approver role decides requests on its own agency's
 * records. Defined once per process (the registry refuses a kind twice).
 */
export const PROBE_KIND = 'matrix.probe';
let probeDefined = false;
export function defineProbeKind(): void {
  if (probeDefined) return;
  defineApprovalKind({
    kind: PROBE_KIND,
    description: 'test-only probe kind',
    approvers: [rule(APPROVER_ROLES, 'own_agency')],
  });
  probeDefined = true;
}

/** A pending probe request on a record of the agency in the relation, asked by someone else. */
export async function pendingApprovalIn(ctx: FixtureContext): Promise<string | undefined> {
  defineProbeKind();
  const agencyId = agencyIn(ctx);
  if (!agencyId) return undefined;
  const requester = ctx.demo.users.find((u) => u.id !== ctx.user.id)!;
  const [row] = await ctx.db
    .insert(approvals)
    .values({
      kind: PROBE_KIND,
      recordType: 'probe',
      recordId: randomUUID(),
      agencyId,
      requestedBy: requester.id,
      justification: 'Fixture request for the authorization matrix',
      requestedAt: ctx.now,
      expiresAt: new Date(ctx.now.getTime() + 3_600_000),
    })
    .returning();
  return row!.id;
}

/**
 * An unacknowledged alert in the relation: `own_record` to the caller; `own_agency` to another user of
 * the caller's agency (addressed to that user only, so not the caller's); `other_agency` to a user of
 * another agency.
 */
export async function alertIn(ctx: FixtureContext): Promise<string | undefined> {
  const recipient =
    ctx.relation === 'own_record'
      ? ctx.user
      : ctx.demo.users.find((u) => u.agencyId === agencyIn(ctx) && u.id !== ctx.user.id);
  if (!recipient) return undefined;
  const [row] = await ctx.db
    .insert(alerts)
    .values({
      kind: 'sla_breach',
      agencyId: recipient.agencyId,
      recipientUserId: recipient.id,
      recordType: 'tip',
      recordId: randomUUID(),
      reference: `T-2026-${ctx.unique()}`,
      params: { priority: 'P1' },
      createdAt: ctx.now,
    })
    .returning();
  return row!.id;
}

/** A finished CyberTipline upload of the agency in the relation (no files: only its progress row). */
export async function tipImportIn(ctx: FixtureContext): Promise<string | undefined> {
  const agencyId = agencyIn(ctx);
  if (!agencyId) return undefined;
  const [row] = await ctx.db
    .insert(tipImports)
    .values({ agencyId, status: 'done', createdAt: ctx.now, finishedAt: ctx.now, files: 0 })
    .returning();
  return row!.id;
}

/**
 * A tip of the agency in the relation, held by the caller's own unit when it is in their agency (so
 * investigators, whose rule is "own unit", are in relation), else by a unit of that agency. Triaged at
 * version 1 with its proposed priority P3, a receipt (messages), a locked file (legal authority) and a
 * reporter contact column left empty (encryption needs the app's keys; the db tests cover it).
 */
export async function tipIn(
  ctx: FixtureContext,
): Promise<{ id: string; unitId: string; fileId: string } | undefined> {
  const agencyId = agencyIn(ctx);
  if (!agencyId) return undefined;
  const unitId =
    ctx.relation === 'own_agency' && ctx.user.unitId && ctx.user.agencyId === agencyId
      ? ctx.user.unitId
      : await unitIn(ctx);
  if (!unitId) return undefined;
  const u = ctx.unique();
  const [tip] = await ctx.db
    .insert(tips)
    .values({
      reference: `T-2026-FX${u}`,
      source: 'phone',
      agencyId,
      unitId,
      status: 'triaged',
      priority: 'P3',
      proposedPriority: 'P3',
      receivedAt: ctx.now,
      slaDueAt: new Date(ctx.now.getTime() + 72 * 3_600_000),
      narrative: 'Fixture tip: a foreign man seen offering money to children near the market',
      receiptLocator: `FX${u}`,
      receiptHash: 'fixture-hash-not-a-real-receipt',
    })
    .returning();
  const [file] = await ctx.db
    .insert(tipFiles)
    .values({ tipId: tip!.id, fileName: 'fixture.jpg', viewedByPlatform: false, locked: true })
    .returning();
  return { id: tip!.id, unitId, fileId: file!.id };
}

/**
 * An identifier linked to a tip of the agency in the relation (a made-up id: links need no tip row).
 * Its page opens for every entity reader; the record shows only its holder across agencies.
 */
export async function identifierIn(ctx: FixtureContext): Promise<string | undefined> {
  const agencyId = agencyIn(ctx);
  if (!agencyId) return undefined;
  const [row] = await ctx.db
    .insert(identifiers)
    .values({ kind: 'email', value: `fixture.${ctx.unique().toLowerCase()}@mail.test.kh`, recordCount: 1 })
    .returning();
  await ctx.db.insert(identifierLinks).values({
    identifierId: row!.id,
    recordType: 'tip',
    recordId: randomUUID(),
    role: 'reported_person',
    agencyId,
    source: 'fixture',
  });
  return row!.id;
}

/** The case role a caller takes in a fixture case's team (prosecutors and liaison keep theirs). */
function fixtureCaseRole(role: Role | null): string {
  if (role === 'prosecutor') return 'prosecutor';
  if (role === 'liaison_officer') return 'liaison';
  if (role === 'intel_analyst') return 'analyst';
  return 'lead';
}

/**
 * A case of the agency in the relation (cases module, issue 7), in the caller's own unit when it is
 * their agency, with the caller on its team for `own_agency` (team rules: investigators, prosecutors,
 * liaison officers), version 1. Options add a plan (a draft by the caller, or a version submitted by
 * someone else), a second member (the demo prosecutor, for team changes) or an open task of the caller.
 */
export async function caseIn(
  ctx: FixtureContext,
  options: { plan?: 'draft' | 'submitted'; member?: boolean; task?: boolean } = {},
): Promise<{ id: string; memberId?: string; taskId?: string } | undefined> {
  const agencyId = agencyIn(ctx);
  if (!agencyId) return undefined;
  const own = ctx.relation === 'own_agency' && ctx.user.agencyId === agencyId;
  const unitId = own && ctx.user.unitId ? ctx.user.unitId : ((await unitIn(ctx)) ?? null);
  const [row] = await ctx.db
    .insert(cases)
    .values({
      agencyId,
      unitId,
      reference: `FX-2026-${ctx.unique()}`,
      title: 'Fixture case',
      createdAt: ctx.now,
      updatedAt: ctx.now,
      leadId: own ? ctx.user.id : null,
    })
    .returning();
  const id = row!.id;
  if (own)
    await ctx.db
      .insert(caseMembers)
      .values({ caseId: id, userId: ctx.user.id, caseRole: fixtureCaseRole(ctx.role), addedAt: ctx.now });
  const other = ctx.demo.users.find((u) => u.id !== ctx.user.id && u.roles.includes('prosecutor'));
  let memberId: string | undefined;
  if (options.member && other) {
    await ctx.db
      .insert(caseMembers)
      .values({ caseId: id, userId: other.id, caseRole: 'prosecutor', addedAt: ctx.now });
    memberId = other.id;
  }
  if (options.plan) {
    const author =
      options.plan === 'draft' ? ctx.user.id : ctx.demo.users.find((u) => u.id !== ctx.user.id)!.id;
    await ctx.db.insert(investigationPlans).values({
      caseId: id,
      version: 1,
      status: options.plan,
      content: { objectives: ['Fixture objective'] },
      createdBy: author,
      createdAt: ctx.now,
      updatedAt: ctx.now,
      submittedAt: options.plan === 'submitted' ? ctx.now : null,
    });
  }
  let taskId: string | undefined;
  if (options.task) {
    const [task] = await ctx.db
      .insert(tasks)
      .values({
        caseId: id,
        title: 'Fixture task',
        ownerId: ctx.user.id,
        dueAt: new Date(ctx.now.getTime() + 86_400_000),
        createdAt: ctx.now,
      })
      .returning();
    taskId = task!.id;
  }
  return { id, memberId, taskId };
}

/**
 * Two e-mail identifiers linked to tips of the agency in the relation (in the caller's unit when it is
 * their own agency: investigators merge within their unit), for `POST /entities/:id/merge`.
 */
export async function identifierPairIn(
  ctx: FixtureContext,
): Promise<{ mergedId: string; survivorId: string } | undefined> {
  const agencyId = agencyIn(ctx);
  if (!agencyId) return undefined;
  const unitId = ctx.relation === 'own_agency' ? ctx.user.unitId : null;
  const ids: string[] = [];
  for (const n of [1, 2]) {
    const [row] = await ctx.db
      .insert(identifiers)
      .values({ kind: 'email', value: `pair${n}.${ctx.unique().toLowerCase()}@mail.test.kh`, recordCount: 1 })
      .returning();
    await ctx.db.insert(identifierLinks).values({
      identifierId: row!.id,
      recordType: 'tip',
      recordId: randomUUID(),
      role: 'reported_person',
      agencyId,
      unitId,
      source: 'fixture',
    });
    ids.push(row!.id);
  }
  return { mergedId: ids[0]!, survivorId: ids[1]! };
}

/** A merge of such a pair still in force (nothing moved: the merged one had no links), to undo. */
export async function identifierMergeIn(ctx: FixtureContext): Promise<string | undefined> {
  const pair = await identifierPairIn(ctx);
  if (!pair) return undefined;
  await ctx.db.delete(identifierLinks).where(eq(identifierLinks.identifierId, pair.mergedId));
  const [row] = await ctx.db
    .insert(entityMerges)
    .values({
      kind: 'identifier',
      survivorId: pair.survivorId,
      mergedId: pair.mergedId,
      moved: { links: [], duplicates: [] },
      reason: 'Fixture duplicate',
      mergedAt: ctx.now,
    })
    .returning();
  return row!.id;
}

/** A case of the relation (see `caseIn`) with one identifier link, for `DELETE /cases/:id/identifiers/:linkId`. */
export async function caseIdentifierLinkIn(
  ctx: FixtureContext,
): Promise<{ caseId: string; linkId: string } | undefined> {
  const c = await caseIn(ctx);
  if (!c) return undefined;
  const [kase] = await ctx.db.select().from(cases).where(eq(cases.id, c.id));
  const [ident] = await ctx.db
    .insert(identifiers)
    .values({ kind: 'phone', value: `+8551${randomInt(10_000_000, 99_999_999)}`, recordCount: 1 })
    .onConflictDoUpdate({ target: [identifiers.kind, identifiers.value], set: { recordCount: 1 } })
    .returning();
  const [link] = await ctx.db
    .insert(identifierLinks)
    .values({
      identifierId: ident!.id,
      recordType: 'case',
      recordId: c.id,
      role: 'suspect',
      agencyId: kase!.agencyId,
      unitId: kase!.unitId,
      source: 'fixture',
    })
    .onConflictDoNothing()
    .returning();
  return link ? { caseId: c.id, linkId: link.id } : undefined;
}
