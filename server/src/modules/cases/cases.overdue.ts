import { sql } from 'drizzle-orm';
import { z } from 'zod';
import { recordAudit } from '../../audit/index.ts';
import type { Clock } from '../../platform/clock.ts';
import type { DatabaseHandle } from '../../platform/db/index.ts';
import { defineJob } from '../../platform/jobs/index.ts';
import { raiseAlert } from '../alerts/index.ts';
import { rowsOf } from './cases.repo.ts';

/**
 * Overdue tasks (issue 7 item 4): an open task past its due time alerts its owner once
 * (`owner_notified_at`); 24 hours after its due time, if still open, the supervisors of the case's unit
 * (else of the agency) once (`supervisor_notified_at`). Idempotent: the marks are set in the same
 * transaction as the alerts, and alerts carry dedupe keys.
 */
const DAY = 86_400_000;
export const OVERDUE_EVERY_MS = 5 * 60_000;
const BATCH = 500;

export async function notifyOverdueTasks(deps: { database: DatabaseHandle; clock: Clock }) {
  const now = deps.clock.now();
  let owners = 0;
  let supervisors = 0;
  await deps.database.db.transaction(async (tx) => {
    const due = await rowsOf<{
      id: string;
      owner_id: string;
      owner_agency: string;
      case_id: string | null;
      tip_id: string | null;
      reference: string | null;
      agency_id: string | null;
      unit_id: string | null;
      due_at: string | Date;
      owner_notified_at: string | Date | null;
      supervisor_notified_at: string | Date | null;
    }>(
      tx,
      sql`SELECT t.id, t.owner_id, u.agency_id AS owner_agency, t.case_id, t.tip_id,
                 coalesce(c.reference, tp.reference) AS reference,
                 coalesce(c.agency_id, tp.agency_id) AS agency_id, coalesce(c.unit_id, tp.unit_id) AS unit_id,
                 t.due_at, t.owner_notified_at, t.supervisor_notified_at
          FROM tasks t JOIN users u ON u.id = t.owner_id
          LEFT JOIN cases c ON c.id = t.case_id LEFT JOIN tips tp ON tp.id = t.tip_id
          WHERE t.status IN ('open','in_progress') AND t.due_at <= ${now.toISOString()}::timestamptz
            AND (t.owner_notified_at IS NULL
                 OR (t.supervisor_notified_at IS NULL AND t.due_at <= ${new Date(now.getTime() - DAY).toISOString()}::timestamptz))
          ORDER BY t.due_at LIMIT ${BATCH}
          FOR UPDATE OF t SKIP LOCKED`,
    );
    for (const t of due) {
      const recordType = t.case_id ? 'case' : 'tip';
      const recordId = t.case_id ?? t.tip_id;
      const dueAt = new Date(t.due_at).toISOString();
      const sent: string[] = [];
      if (!t.owner_notified_at) {
        await raiseAlert(
          tx,
          {
            kind: 'overdue_task',
            agencyId: t.owner_agency,
            recipientUserId: t.owner_id,
            recordType,
            recordId,
            reference: t.reference,
            params: { taskId: t.id, dueAt, to: 'owner' },
            dedupeKey: `overdue_task:owner:${t.id}:${dueAt}`,
          },
          now,
        );
        await tx.execute(
          sql`UPDATE tasks SET owner_notified_at = ${now.toISOString()}::timestamptz WHERE id = ${t.id}::uuid`,
        );
        owners += 1;
        sent.push('owner');
      }
      if (!t.supervisor_notified_at && new Date(t.due_at).getTime() <= now.getTime() - DAY && t.agency_id) {
        const sups = await rowsOf<{ id: string }>(
          tx,
          sql`SELECT id FROM users WHERE agency_id = ${t.agency_id}::uuid AND status = 'active'
                AND 'unit_supervisor' = ANY(roles)
                AND (${t.unit_id}::uuid IS NULL OR unit_id = ${t.unit_id}::uuid)`,
        );
        const recipients =
          sups.length > 0
            ? sups
            : await rowsOf<{ id: string }>(
                tx,
                sql`SELECT id FROM users WHERE agency_id = ${t.agency_id}::uuid AND status = 'active'
                      AND 'unit_supervisor' = ANY(roles)`,
              );
        for (const s of recipients)
          await raiseAlert(
            tx,
            {
              kind: 'overdue_task',
              agencyId: t.agency_id,
              recipientUserId: s.id,
              recordType,
              recordId,
              reference: t.reference,
              params: { taskId: t.id, dueAt, to: 'supervisor' },
              dedupeKey: `overdue_task:supervisor:${t.id}:${s.id}:${dueAt}`,
            },
            now,
          );
        await tx.execute(
          sql`UPDATE tasks SET supervisor_notified_at = ${now.toISOString()}::timestamptz WHERE id = ${t.id}::uuid`,
        );
        supervisors += 1;
        sent.push('supervisor');
      }
      if (sent.length > 0)
        await recordAudit(tx, {
          at: now,
          action: 'cases.tasks.overdue_notify',
          objectType: 'task',
          objectId: t.id,
          agencyId: t.agency_id,
          outcome: 'success',
          details: { sent, dueAt },
        });
    }
  });
  return { owners, supervisors };
}

/** `cases.tasks_overdue`: recurring; a failed run is not retried (the next slot does the same work). */
export const overdueTasksJob = defineJob({
  kind: 'cases.tasks_overdue',
  payload: z.object({}),
  everyMs: OVERDUE_EVERY_MS,
  maxAttempts: 1,
  timeoutMs: 5 * 60_000,
  async handle(_payload, ctx) {
    const outcome = await notifyOverdueTasks({ database: ctx.db, clock: ctx.clock });
    if (outcome.owners + outcome.supervisors > 0) ctx.logger.info(outcome, 'overdue task reminders sent');
  },
});
