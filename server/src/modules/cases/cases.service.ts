import type {
  CaseDetail,
  CaseListQuery,
  CaseRole,
  CaseStatus,
  CaseStatusBody,
  CaseSummary,
  CreateCaseBody,
  UpdateCaseBody,
} from '@karpear/contracts';
import { type SQL, sql } from 'drizzle-orm';
import { type Actor, abilities, authorize, can, policy } from '../../access/index.ts';
import type { HandlingCode, Resource } from '../../access/policy/rules.ts';
import { recordAudit } from '../../audit/index.ts';
import type { AppContext } from '../../platform/context.ts';
import type { Executor } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import { CASE_ABILITIES } from './cases.policy.ts';
import * as repo from './cases.repo.ts';
import * as work from './cases.work.repo.ts';
import { canMoveCase, needsReason } from './cases.workflow.ts';

/**
 * Cases: authorize first (a case the actor may not see answers 404 like a missing one), then the
 * repository; every change writes one case event (the timeline) and one audit event, and every read of
 * a case one audit event, in the same transaction. Ids only in audit details; no content in logs.
 */
export type CaseDeps = Pick<AppContext, 'database' | 'clock'>;

export interface PageOf<T> {
  items: T[];
  limit: number;
  offset: number;
  total: number;
}

// ----- creation from a tip (issue 5; the tips module authorizes and audits) -----

export interface NewCaseFromTip {
  agencyId: string;
  unitId: string | null;
  /** The unit's code when the tip is held by a unit, else the agency's code. */
  prefixCode: string;
  title: string;
  handling: string;
  tipId: string;
  createdBy: string | null;
  now: Date;
}

/**
 * Insert the case and its link to the tip (and the converter on the team as lead, so the team rules
 * reach them). No authorization and no audit here: the caller (tips conversion) did both.
 */
export async function createCaseFromTip(
  tx: Executor,
  input: NewCaseFromTip,
): Promise<{ id: string; reference: string }> {
  const reference = await nextReference(tx, input.agencyId, input.prefixCode, input.now);
  const row = await repo.insertCase(tx, {
    agencyId: input.agencyId,
    unitId: input.unitId,
    reference,
    title: input.title,
    handling: input.handling,
    createdBy: input.createdBy,
    leadId: input.createdBy,
    createdAt: input.now,
    updatedAt: input.now,
  });
  await repo.linkTip(tx, row.id, input.tipId, input.now);
  if (input.createdBy)
    await repo.upsertMember(tx, {
      caseId: row.id,
      userId: input.createdBy,
      caseRole: 'lead',
      addedBy: input.createdBy,
      addedAt: input.now,
    });
  await repo.insertEvent(tx, {
    caseId: row.id,
    at: input.now,
    actorId: input.createdBy,
    kind: 'created',
    toStatus: 'open',
    details: { tipIds: [input.tipId] },
  });
  return { id: row.id, reference: row.reference };
}

/**
 * The next reference `<code>-<year>-<4 digits>`, numbered per agency and year (the agency row is
 * locked so two creations never take the same number).
 */
async function nextReference(tx: Executor, agencyId: string, code: string, now: Date): Promise<string> {
  await repo.lockAgencyForNumbering(tx, agencyId);
  const prefix = `${code}-${cambodianYear(now)}-`;
  const last = await repo.lastReferenceWithPrefix(tx, agencyId, prefix);
  const next = last ? Number(last.slice(prefix.length)) + 1 : 1;
  return formatCaseReference(prefix, Number.isFinite(next) ? next : 1);
}

/** At least four digits (`0001`); a 10,000th case in a year simply gets five. */
export function formatCaseReference(prefix: string, n: number): string {
  return `${prefix}${String(n).padStart(4, '0')}`;
}

function cambodianYear(at: Date): number {
  return new Date(at.getTime() + 7 * 3_600_000).getUTCFullYear();
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

// ----- list, create, detail -----

export async function listCases(
  deps: CaseDeps,
  actor: Actor,
  query: CaseListQuery,
): Promise<PageOf<CaseSummary>> {
  authorize(actor, 'cases.list');
  const page = { limit: query.limit, offset: query.offset };
  const visible = visibleCasesSql(actor);
  if (!visible) return { items: [], ...page, total: 0 };
  const statuses = query.status === undefined ? undefined : [query.status].flat();
  const { rows, total } = await repo.listCasesPage(deps.database.db, {
    visible,
    statuses,
    unitId: query.unitId,
    offence: query.offence,
    q: query.q,
    ...page,
  });
  return { items: rows.map(summaryView), ...page, total };
}

export async function createCase(
  deps: CaseDeps,
  actor: Actor,
  body: CreateCaseBody,
): Promise<{ id: string; reference: string }> {
  authorize(actor, 'cases.create');
  const unitId = body.unitId ?? actor.unitId;
  return deps.database.db.transaction(async (tx) => {
    const now = deps.clock.now();
    const codes = await repo.codesOf(tx, actor.agencyId, unitId);
    if (unitId && codes.unitAgencyId !== actor.agencyId)
      throw new AppError('validation_failed', 'The unit is not a unit of your agency', [
        { path: 'body.unitId', message: 'unknown unit' },
      ]);
    const tipIds = [...new Set(body.tipIds)];
    const tipHeads = await repo.findTipHeads(tx, tipIds);
    for (const [i, tipId] of tipIds.entries()) {
      const t = tipHeads.find((h) => h.id === tipId);
      const readable =
        t &&
        can(actor, 'tips.read', {
          type: 'tip',
          id: t.id,
          agencyId: t.agencyId,
          unitId: t.unitId,
          handling: t.handling as HandlingCode,
        });
      if (!readable)
        throw new AppError('validation_failed', `Tip ${i + 1} does not exist or you may not read it`, [
          { path: `body.tipIds.${i}`, message: 'unknown tip' },
        ]);
    }
    let reference: string;
    if (body.reference) {
      await repo.lockAgencyForNumbering(tx, actor.agencyId);
      if (await repo.referenceExists(tx, actor.agencyId, body.reference))
        throw new AppError(
          'conflict',
          `Case reference ${body.reference} already exists in your agency; choose another or leave it empty for the next number`,
          [{ path: 'body.reference', message: 'already exists' }],
        );
      reference = body.reference;
    } else {
      reference = await nextReference(tx, actor.agencyId, codes.unitCode ?? codes.agencyCode, now);
    }
    const row = await repo.insertCase(tx, {
      agencyId: actor.agencyId,
      unitId,
      reference,
      title: body.title,
      summary: body.summary ?? null,
      offences: body.offences,
      handling: body.handling,
      leadId: actor.userId,
      createdBy: actor.userId,
      createdAt: now,
      updatedAt: now,
    });
    for (const tipId of tipIds) await repo.linkTip(tx, row.id, tipId, now);
    // The creator leads the case until the team says otherwise: a case always has a lead.
    await repo.upsertMember(tx, {
      caseId: row.id,
      userId: actor.userId,
      caseRole: 'lead',
      addedBy: actor.userId,
      addedAt: now,
    });
    await repo.insertEvent(tx, {
      caseId: row.id,
      at: now,
      actorId: actor.userId,
      kind: 'created',
      toStatus: 'open',
      details: { tipIds },
    });
    await audit(tx, deps, actor, 'cases.create', row.id, {
      reference,
      tipIds,
      explicitReference: !!body.reference,
    });
    return { id: row.id, reference };
  });
}

export async function getCase(deps: CaseDeps, actor: Actor, id: string): Promise<CaseDetail> {
  return deps.database.db.transaction(async (tx) => {
    const { row, team, resource } = await loadCase(tx, actor, 'cases.read', id);
    const full = can(actor, 'cases.read_full', resource);
    // One after the other: a transaction is one connection (pg deprecates overlapping queries on it).
    const timeline = await repo.listEvents(tx, id);
    const notes = full ? await repo.listNotes(tx, id) : [];
    const tips = await repo.tipsOfCase(tx, id);
    const plans = full ? await work.plansOfCase(tx, id) : [];
    const tasks = await work.tasksOfCase(tx, id);
    await audit(tx, deps, actor, 'cases.read', id, { view: full ? 'full' : 'limited' });
    const now = deps.clock.now();
    const current = plans[0];
    const approved = plans.find((p) => p.status === 'approved');
    return {
      ...summaryView(row),
      summary: row.summary,
      closedReason: row.closedReason,
      view: full ? 'full' : 'limited',
      team: team.map((m) => ({
        userId: m.userId,
        displayName: m.displayName,
        agencyId: m.agencyId,
        caseRole: m.caseRole as CaseRole,
        addedAt: m.addedAt.toISOString(),
      })),
      timeline: timeline.map((e) => ({
        id: e.id,
        at: e.at.toISOString(),
        actorId: e.actorId,
        kind: e.kind,
        fromStatus: e.fromStatus,
        toStatus: e.toStatus,
        // Reasons can name people: the limited view shows that something happened, not why.
        reason: full ? e.reason : null,
        details: (e.details as Record<string, unknown> | null) ?? null,
      })),
      notes: notes.map((n) => ({ id: n.id, at: n.at.toISOString(), authorId: n.authorId, body: n.body })),
      tips: tips.map((t) => ({ id: t.id, reference: t.reference, status: t.status })),
      plan: current
        ? {
            version: current.version,
            status: current.status as 'draft',
            approvedVersion: approved?.version ?? null,
          }
        : null,
      tasks: tasks.map((t) => taskView(t, now)),
      abilities: abilities(actor, CASE_ABILITIES, resource),
    };
  });
}

export function taskView(t: work.TaskRow, now: Date) {
  return {
    id: t.id,
    caseId: t.caseId,
    tipId: t.tipId,
    lineKey: t.lineKey,
    title: t.title,
    ownerId: t.ownerId,
    dueAt: t.dueAt.toISOString(),
    status: t.status as 'open',
    completedAt: t.completedAt?.toISOString() ?? null,
    version: t.version,
    overdue: (t.status === 'open' || t.status === 'in_progress') && t.dueAt.getTime() < now.getTime(),
  };
}

// ----- changes -----

export async function updateCase(
  deps: CaseDeps,
  actor: Actor,
  id: string,
  body: UpdateCaseBody,
): Promise<CaseSummary> {
  return deps.database.db.transaction(async (tx) => {
    const { row } = await loadCase(tx, actor, 'cases.update', id, true);
    if (row.version !== body.version) throw stale(row, body.version);
    const changes: Partial<repo.CaseRow> = {};
    if (body.title !== undefined) changes.title = body.title;
    if (body.summary !== undefined) changes.summary = body.summary;
    if (body.offences !== undefined) changes.offences = [...new Set(body.offences)];
    const now = deps.clock.now();
    const updated = await repo.updateCaseAtVersion(tx, id, body.version, changes, now);
    if (!updated) throw stale(row, body.version);
    const fields = Object.keys(changes).sort();
    await repo.insertEvent(tx, {
      caseId: id,
      at: now,
      actorId: actor.userId,
      kind: 'updated',
      details: { fields },
    });
    await audit(tx, deps, actor, 'cases.update', id, { fields });
    return summaryView(updated);
  });
}

export async function changeStatus(
  deps: CaseDeps,
  actor: Actor,
  id: string,
  body: CaseStatusBody,
): Promise<CaseSummary> {
  return deps.database.db.transaction(async (tx) => {
    const { row } = await loadCase(tx, actor, 'cases.change_status', id, true);
    if (row.version !== body.version) throw stale(row, body.version);
    const from = row.status as CaseStatus;
    if (!canMoveCase(from, body.status))
      throw new AppError('conflict', `Case ${row.reference} cannot go from ${from} to ${body.status}`, [
        { path: 'body.status', message: `not allowed from ${from}` },
      ]);
    if (needsReason(from, body.status) && !body.reason)
      throw new AppError(
        'validation_failed',
        `Moving case ${row.reference} from ${from} to ${body.status} needs a reason`,
        [{ path: 'body.reason', message: 'required for this change' }],
      );
    const now = deps.clock.now();
    const updated = await repo.updateCaseAtVersion(
      tx,
      id,
      body.version,
      {
        status: body.status,
        closedReason:
          body.status === 'closed' ? (body.reason ?? null) : from === 'closed' ? null : row.closedReason,
      },
      now,
    );
    if (!updated) throw stale(row, body.version);
    await repo.insertEvent(tx, {
      caseId: id,
      at: now,
      actorId: actor.userId,
      kind: 'status_changed',
      fromStatus: from,
      toStatus: body.status,
      reason: body.reason ?? null,
    });
    await audit(tx, deps, actor, 'cases.change_status', id, { from, to: body.status });
    return summaryView(updated);
  });
}

// ----- team -----

/** Roles a user may hold in a case team: prosecutors and liaison officers keep their own role. */
function allowedCaseRoles(userRoles: readonly string[]): CaseRole[] {
  const out: CaseRole[] = [];
  if (userRoles.some((r) => r === 'investigator' || r === 'unit_supervisor')) out.push('lead', 'member');
  if (userRoles.includes('intel_analyst')) out.push('analyst', 'member');
  if (userRoles.includes('prosecutor')) out.push('prosecutor');
  if (userRoles.includes('liaison_officer')) out.push('liaison');
  return out;
}

export async function addMember(
  deps: CaseDeps,
  actor: Actor,
  id: string,
  body: { userId: string; caseRole: CaseRole },
): Promise<CaseDetail['team']> {
  return deps.database.db.transaction(async (tx) => {
    const { row, team } = await loadCase(tx, actor, 'cases.manage_team', id, true);
    const user = await repo.findUser(tx, body.userId);
    if (!user || user.status === 'disabled')
      throw new AppError('validation_failed', 'That user does not exist or is disabled', [
        { path: 'body.userId', message: 'unknown user' },
      ]);
    const roles = allowedCaseRoles(user.roles);
    if (!roles.includes(body.caseRole))
      throw new AppError(
        'validation_failed',
        `That user cannot be ${body.caseRole} in a case (allowed: ${roles.join(', ') || 'none'})`,
        [{ path: 'body.caseRole', message: 'not allowed for this user' }],
      );
    // Other agencies join a case only as its prosecutor or liaison (a joint case), never as investigators.
    if (user.agencyId !== row.agencyId && !['prosecutor', 'liaison'].includes(body.caseRole))
      throw new AppError(
        'validation_failed',
        'Members of another agency join only as prosecutor or liaison',
        [{ path: 'body.caseRole', message: 'prosecutor or liaison for another agency' }],
      );
    if (team.some((m) => m.userId === body.userId))
      throw new AppError('conflict', 'That user is already on the team; change their role instead', [
        { path: 'body.userId', message: 'already a member' },
      ]);
    const now = deps.clock.now();
    if (body.caseRole === 'lead') await demoteLead(tx, row, team);
    await repo.upsertMember(tx, {
      caseId: id,
      userId: body.userId,
      caseRole: body.caseRole,
      addedBy: actor.userId,
      addedAt: now,
    });
    if (body.caseRole === 'lead') await repo.setLead(tx, id, body.userId, now);
    await teamEvent(tx, deps, actor, id, 'member_added', { userId: body.userId, caseRole: body.caseRole });
    return teamView(await repo.activeTeam(tx, id));
  });
}

export async function changeMemberRole(
  deps: CaseDeps,
  actor: Actor,
  id: string,
  userId: string,
  caseRole: CaseRole,
): Promise<CaseDetail['team']> {
  return deps.database.db.transaction(async (tx) => {
    const { row, team } = await loadCase(tx, actor, 'cases.manage_team', id, true);
    const member = team.find((m) => m.userId === userId);
    if (!member)
      throw new AppError('not_found', 'That user is not on the team', [
        { path: 'params.userId', message: 'not a member' },
      ]);
    const user = await repo.findUser(tx, userId);
    const roles = allowedCaseRoles(user?.roles ?? []);
    if (
      !roles.includes(caseRole) ||
      (member.agencyId !== row.agencyId && !['prosecutor', 'liaison'].includes(caseRole))
    )
      throw new AppError('validation_failed', `That user cannot be ${caseRole} in this case`, [
        { path: 'body.caseRole', message: 'not allowed for this user' },
      ]);
    if (member.caseRole === 'lead' && caseRole !== 'lead')
      throw noLead('Name another lead first (give someone the lead role): a case always has a lead');
    const now = deps.clock.now();
    if (caseRole === 'lead') {
      await demoteLead(tx, row, team);
      await repo.setLead(tx, id, userId, now);
    }
    await repo.setMemberRole(tx, id, userId, caseRole);
    await teamEvent(tx, deps, actor, id, 'member_role_changed', { userId, from: member.caseRole, caseRole });
    return teamView(await repo.activeTeam(tx, id));
  });
}

export async function removeMember(
  deps: CaseDeps,
  actor: Actor,
  id: string,
  userId: string,
): Promise<CaseDetail['team']> {
  return deps.database.db.transaction(async (tx) => {
    const { team } = await loadCase(tx, actor, 'cases.manage_team', id, true);
    const member = team.find((m) => m.userId === userId);
    if (!member)
      throw new AppError('not_found', 'That user is not on the team', [
        { path: 'params.userId', message: 'not a member' },
      ]);
    if (member.caseRole === 'lead') throw noLead('The lead cannot be removed: name another lead first');
    await repo.removeMember(tx, id, userId, deps.clock.now());
    await teamEvent(tx, deps, actor, id, 'member_removed', { userId, caseRole: member.caseRole });
    return teamView(await repo.activeTeam(tx, id));
  });
}

/** One lead at a time: the previous lead stays on the team as a member. */
async function demoteLead(tx: Executor, row: repo.CaseRow, team: repo.MemberRow[]): Promise<void> {
  for (const m of team) if (m.caseRole === 'lead') await repo.setMemberRole(tx, row.id, m.userId, 'member');
}

function noLead(message: string): AppError {
  return new AppError('conflict', message, [{ path: 'body.caseRole', message: 'a case must keep a lead' }]);
}

function teamView(team: repo.MemberRow[]): CaseDetail['team'] {
  return team.map((m) => ({
    userId: m.userId,
    displayName: m.displayName,
    agencyId: m.agencyId,
    caseRole: m.caseRole as CaseRole,
    addedAt: m.addedAt.toISOString(),
  }));
}

async function teamEvent(
  tx: Executor,
  deps: CaseDeps,
  actor: Actor,
  caseId: string,
  kind: string,
  details: Record<string, unknown>,
): Promise<void> {
  await repo.insertEvent(tx, { caseId, at: deps.clock.now(), actorId: actor.userId, kind, details });
  await audit(tx, deps, actor, 'cases.manage_team', caseId, { change: kind, ...details });
}

// ----- notes -----

export async function addNote(
  deps: CaseDeps,
  actor: Actor,
  id: string,
  body: string,
): Promise<CaseDetail['notes'][number]> {
  return deps.database.db.transaction(async (tx) => {
    await loadCase(tx, actor, 'cases.add_note', id);
    const now = deps.clock.now();
    const note = await repo.insertNote(tx, { caseId: id, at: now, authorId: actor.userId, body });
    await repo.insertEvent(tx, {
      caseId: id,
      at: now,
      actorId: actor.userId,
      kind: 'note_added',
      details: { noteId: note.id },
    });
    await audit(tx, deps, actor, 'cases.add_note', id, { noteId: note.id });
    return { id: note.id, at: note.at.toISOString(), authorId: note.authorId, body: note.body };
  });
}

// ----- helpers -----

function stale(row: repo.CaseRow, version: number): AppError {
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
  await recordAudit(tx, {
    at: deps.clock.now(),
    actorId: actor.userId,
    agencyId: actor.agencyId,
    action,
    objectType,
    objectId: caseId,
    outcome: 'success',
    ip: actor.ip,
    requestId: actor.requestId,
    details,
  });
}
