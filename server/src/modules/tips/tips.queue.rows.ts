import { sql } from 'drizzle-orm';
import type { TipListRow } from './tips.queue.repo.ts';

/**
 * The queue row's columns over a table aliased `tips`, as raw SQL. Raw on purpose: inside Drizzle's
 * single-table select a column renders unqualified, so `tip_files.tip_id = "id"` in the locked-files
 * subquery compared tip_files with itself and always counted 0.
 */
export const queueColumns = sql`tips.id, tips.reference, tips.source, tips.status, tips.priority,
  tips.proposed_priority, tips.received_at, tips.sla_due_at, tips.province, tips.unit_id,
  tips.assignee_id, left(tips.narrative, 200) AS excerpt`;

/** Locked files of the tip aliased `alias` (the queue shows the count). */
export const lockedFilesOf = (alias: string) =>
  sql`(SELECT count(*)::int FROM tip_files tf WHERE tf.tip_id = ${sql.raw(alias)}.id AND tf.locked)`;

export function queueRowFromRaw(r: Record<string, unknown>): TipListRow {
  return {
    id: String(r.id),
    reference: String(r.reference),
    source: String(r.source),
    status: String(r.status),
    priority: (r.priority as string | null) ?? null,
    proposedPriority: String(r.proposed_priority),
    receivedAt: new Date(r.received_at as string | Date),
    slaDueAt: r.sla_due_at == null ? null : new Date(r.sla_due_at as string | Date),
    province: (r.province as string | null) ?? null,
    unitId: (r.unit_id as string | null) ?? null,
    assigneeId: (r.assignee_id as string | null) ?? null,
    excerpt: String(r.excerpt),
    lockedFiles: Number(r.locked_files),
  };
}
