import type { CaseDetail, CaseListQuery, CaseRole, CaseSummary } from '@karpear/contracts';
import { type Actor, abilities, authorize, can } from '../../access/index.ts';
import { CASE_ABILITIES } from './cases.policy.ts';
import * as repo from './cases.repo.ts';
import { audit, type CaseDeps, loadCase, type PageOf, summaryView, visibleCasesSql } from './cases.shared.ts';
import * as work from './cases.work.repo.ts';

/**
 * Reading cases: the list (narrowed in SQL to what the actor may read) and one case's detail (full or
 * limited view by policy; the read writes one audit event in its transaction).
 */
export async function listCases(
  deps: CaseDeps,
  actor: Actor,
  query: CaseListQuery,
): Promise<PageOf<CaseSummary> & { totalCapped: boolean }> {
  authorize(actor, 'cases.list');
  const page = { limit: query.limit, offset: query.offset };
  const visible = visibleCasesSql(actor);
  if (!visible) return { items: [], ...page, total: 0, totalCapped: false };
  const statuses = query.status === undefined ? undefined : [query.status].flat();
  // The total is exact up to repo.CASE_TOTAL_CAP cases, `totalCapped` beyond ("10,000+").
  const { rows, total, totalCapped } = await repo.listCasesPage(deps.database.db, {
    visible,
    statuses,
    unitId: query.unitId,
    offence: query.offence,
    q: query.q,
    ...page,
  });
  return { items: rows.map(summaryView), ...page, total, totalCapped };
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
