import type { CaseDetail, CaseRole } from '@karpear/contracts';
import type { Actor } from '../../access/index.ts';
import type { Executor } from '../../platform/db/index.ts';
import { AppError } from '../../platform/errors.ts';
import * as repo from './cases.repo.ts';
import { audit, type CaseDeps, loadCase } from './cases.shared.ts';

/**
 * A case's team: add, change role, remove. A case always has exactly one lead; other agencies join
 * only as prosecutor or liaison. Each change writes a case event and an audit event.
 */
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
