import type { AuditEvent, AuditFilters } from '@karpear/contracts';
import { and, asc, desc, eq, gt, gte, lt, lte, type SQL, sql } from 'drizzle-orm';
import type { Executor } from '../platform/db/index.ts';
import { auditLog } from './audit.tables.ts';

/** Reading the audit log for the auditor screens. SQL only; the service authorizes and audits. */

function filterConditions(f: AuditFilters): SQL[] {
  const conds: SQL[] = [];
  if (f.actorId) conds.push(eq(auditLog.actorId, f.actorId));
  if (f.objectType) conds.push(eq(auditLog.objectType, f.objectType));
  if (f.objectId) conds.push(eq(auditLog.objectId, f.objectId));
  if (f.action) conds.push(eq(auditLog.action, f.action));
  if (f.outcome) conds.push(eq(auditLog.outcome, f.outcome));
  if (f.from) conds.push(gte(auditLog.at, new Date(f.from)));
  if (f.to) conds.push(lt(auditLog.at, new Date(f.to)));
  return conds;
}

type Row = typeof auditLog.$inferSelect;

function present(r: Row): AuditEvent {
  return {
    position: r.position,
    at: r.at.toISOString(),
    actorId: r.actorId,
    agencyId: r.agencyId,
    action: r.action,
    objectType: r.objectType,
    objectId: r.objectId,
    outcome: r.outcome,
    ip: r.ip,
    requestId: r.requestId,
    justification: r.justification,
    details: (r.details as Record<string, unknown> | null) ?? null,
    hash: Buffer.from(r.hash).toString('hex'),
  };
}

/** Newest first: events matching the filters with a position below `before`. */
export async function searchAuditEvents(
  db: Executor,
  filters: AuditFilters,
  before: number | undefined,
  limit: number,
): Promise<AuditEvent[]> {
  const conds = filterConditions(filters);
  if (before !== undefined) conds.push(lt(auditLog.position, before));
  const rows = await db
    .select()
    .from(auditLog)
    .where(and(...conds))
    .orderBy(desc(auditLog.position))
    .limit(limit);
  return rows.map(present);
}

/** How many events match, up to `upTo` (the export cap: counting stops there), and the head now. */
export async function countForExport(
  db: Executor,
  filters: AuditFilters,
  upTo: number,
): Promise<{ count: number; head: number }> {
  const where = and(...filterConditions(filters));
  const head = await db.select({ head: sql<string | null>`max(${auditLog.position})::text` }).from(auditLog);
  const capped = db
    .select({ one: sql`1` })
    .from(auditLog)
    .where(where)
    .limit(upTo + 1)
    .as('capped');
  const count = await db.select({ n: sql<number>`count(*)::int` }).from(capped);
  return { count: count[0]?.n ?? 0, head: Number(head[0]?.head ?? 0) };
}

/** Oldest first, for the export: one page after `after`, never past `head` (what was counted). */
export async function exportPage(
  db: Executor,
  filters: AuditFilters,
  after: number,
  head: number,
  limit: number,
): Promise<AuditEvent[]> {
  const rows = await db
    .select()
    .from(auditLog)
    .where(and(...filterConditions(filters), gt(auditLog.position, after), lte(auditLog.position, head)))
    .orderBy(asc(auditLog.position))
    .limit(limit);
  return rows.map(present);
}
