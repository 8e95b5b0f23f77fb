import type { CaseStatus, CaseSummary } from '@karpear/contracts';
import { type SQL, sql } from 'drizzle-orm';
import { type Actor, authorize, policy } from '../../access/index.ts';
import type { HandlingCode, Resource } from '../../access/policy/rules.ts';
import { recordActorAudit } from '../../audit/index.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Executor } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import * as repo from './cases.repo.ts';

/**
 * What every case use case shares (split out of cases.service.ts to keep files small): the deps, the
 * case as a policy resource, visibility as SQL, load-and-authorize (a case the actor may not see
 * answers 404 like a missing one), the summary view, the stale-version error and the audit event.
 * Other code imports these through cases.service.ts.
 */
export type CaseDeps = Pick<AppContext, 'database' | 'clock'>;

export interface PageOf<T> {
  items: T[];
  limit: number;
  offset: number;
  total: number;
}

// ----- resources and visibility -----

export function caseResource(c: repo.CaseRow, teamUserIds: readonly string[]): Resource {
  return {
    type: 'case',
    id: c.id,
    handling: c.handling as HandlingCode,
    agencyId: c.agencyId,
    unitId: c.unitId,
    teamUserIds,
  };
}

/**
 * The cases the actor may read, as SQL over alias `c`: one disjunct per `cases.read` rule the actor's
 * roles hold (relation and handling codes), so the list is narrowed exactly like `authorize` decides.
 */
export function visibleCasesSql(actor: Actor): SQL | null {
  const parts: SQL[] = [];
  for (const r of policy.rulesFor('cases.read')) {
    if (!r.roles.some((role) => actor.roles.includes(role))) continue;
    const codes = ['normal', ...(r.handling ?? [])];
    const handling = sql`c.handling IN (${sql.join(
      codes.map((h) => sql`${h}`),
      sql`, `,
    )})`;
    let relation: SQL | null = null;
    if (r.relation === 'any') relation = sql`true`;
    else if (r.relation === 'own_agency') relation = sql`c.agency_id = ${actor.agencyId}::uuid`;
    else if (r.relation === 'own_unit' && actor.unitId)
      relation = sql`(c.unit_id = ${actor.unitId}::uuid AND c.agency_id = ${actor.agencyId}::uuid)`;
    else if (r.relation === 'team')
      // IN (uncorrelated) rather than EXISTS: under an OR it runs once as a hashed subplan instead of
      // once per case row (measured by bench/case-page.ts).
      relation = sql`c.id IN (SELECT m.case_id FROM case_members m WHERE m.user_id = ${actor.userId}::uuid AND m.removed_at IS NULL)`;
    if (relation) parts.push(sql`(${relation} AND ${handling})`);
  }
  return parts.length === 0 ? null : sql`(${sql.join(parts, sql` OR `)})`;
}

export interface LoadedCase {
  row: repo.CaseRow;
  team: repo.MemberRow[];
  resource: Resource;
}

/** Load a case and authorize `action` on it; missing and forbidden answer the same 404. */
export async function loadCase(
  db: Executor,
  actor: Actor,
  action: string,
  id: string,
  forUpdate = false,
): Promise<LoadedCase> {
  const row = await repo.findCase(db, id, forUpdate);
  if (!row) throw AppError.notFound();
  const team = await repo.activeTeam(db, id);
  const resource = caseResource(
    row,
    team.map((m) => m.userId),
  );
  authorize(actor, action, resource);
  return { row, team, resource };
}

export function summaryView(c: repo.CaseRow): CaseSummary {
  return {
    id: c.id,
    reference: c.reference,
    title: c.title,
    status: c.status as CaseStatus,
    offences: (c.offences ?? []) as CaseSummary['offences'],
    agencyId: c.agencyId,
    unitId: c.unitId,
    handling: c.handling,
    leadId: c.leadId,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    version: c.version,
  };
}

// ----- helpers -----

export function stale(row: repo.CaseRow, version: number): AppError {
  return new AppError(
    'conflict',
    `Case ${row.reference} was changed by someone else (you had version ${version}, it is now ${row.version}); reload it and try again`,
    [{ path: 'body.version', message: `stale: current version is ${row.version}` }],
  );
}

export async function audit(
  tx: Executor,
  deps: CaseDeps,
  actor: Actor,
  action: string,
  caseId: string,
  details: Record<string, unknown>,
  objectType = 'case',
): Promise<void> {
  await recordActorAudit(tx, deps.clock, actor, {
    action,
    objectType,
    objectId: caseId,
    details,
  });
}
