import { randomUUID } from 'node:crypto';
import type { Role } from '@karpear/contracts';
import { approvals } from '../../src/access/access.tables.ts';
import { APPROVER_ROLES, defineApprovalKind, rule } from '../../src/access/policy/index.ts';
import { units } from '../../src/modules/agencies/index.ts';
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
