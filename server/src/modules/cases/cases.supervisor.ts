import { sql } from 'drizzle-orm';
import { type Actor, authorize } from '../../access/index.ts';
import { rowsOf } from './cases.repo.ts';
import { audit, type CaseDeps } from './cases.service.ts';

/**
 * The supervisor view (issue 7 item 7): the supervisor's unit (or, without a unit, their agency):
 * caseload by status, ages of open cases in days, overdue tasks, plans awaiting approval. Audited.
 */
const DAY = 86_400_000;

export async function supervisorView(deps: CaseDeps, actor: Actor) {
  authorize(actor, 'cases.supervisor_view');
  const now = deps.clock.now();
  const scope = actor.unitId
    ? sql`c.agency_id = ${actor.agencyId}::uuid AND c.unit_id = ${actor.unitId}::uuid`
    : sql`c.agency_id = ${actor.agencyId}::uuid`;
  return deps.database.db.transaction(async (tx) => {
    const caseload = await rowsOf<{ status: string; n: string }>(
      tx,
      sql`SELECT c.status, count(*) AS n FROM cases c WHERE ${scope} GROUP BY c.status ORDER BY c.status`,
    );
    const open = await rowsOf<{ id: string; reference: string; status: string; created_at: string | Date }>(
      tx,
      sql`SELECT c.id, c.reference, c.status, c.created_at FROM cases c
          WHERE ${scope} AND c.status <> 'closed' ORDER BY c.created_at LIMIT 200`,
    );
    const overdue = await rowsOf<{
      id: string;
      case_id: string;
      reference: string;
      owner_id: string;
      due_at: string | Date;
    }>(
      tx,
      sql`SELECT t.id, t.case_id, c.reference, t.owner_id, t.due_at FROM tasks t JOIN cases c ON c.id = t.case_id
          WHERE ${scope} AND t.status IN ('open','in_progress') AND t.due_at < ${now.toISOString()}::timestamptz
          ORDER BY t.due_at LIMIT 200`,
    );
    const plans = await rowsOf<{
      case_id: string;
      reference: string;
      version: number;
      submitted_at: string | Date;
    }>(
      tx,
      sql`SELECT p.case_id, c.reference, p.version, p.submitted_at FROM investigation_plans p JOIN cases c ON c.id = p.case_id
          WHERE ${scope} AND p.status = 'submitted' ORDER BY p.submitted_at LIMIT 200`,
    );
    await audit(
      tx,
      deps,
      actor,
      'cases.supervisor_view',
      actor.unitId ?? actor.agencyId,
      {},
      actor.unitId ? 'unit' : 'agency',
    );
    const iso = (v: string | Date) => new Date(v).toISOString();
    return {
      unitId: actor.unitId,
      caseload: caseload.map((r) => ({ status: r.status as 'open', count: Number(r.n) })),
      openCases: open.map((r) => ({
        id: r.id,
        reference: r.reference,
        status: r.status as 'open',
        ageDays: Math.floor((now.getTime() - new Date(r.created_at).getTime()) / DAY),
      })),
      overdueTasks: overdue.map((r) => ({
        id: r.id,
        caseId: r.case_id,
        reference: r.reference,
        ownerId: r.owner_id,
        dueAt: iso(r.due_at),
      })),
      plansAwaitingApproval: plans.map((r) => ({
        caseId: r.case_id,
        reference: r.reference,
        version: Number(r.version),
        submittedAt: iso(r.submitted_at),
      })),
    };
  });
}
