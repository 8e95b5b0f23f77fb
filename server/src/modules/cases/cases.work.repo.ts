import { and, asc, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../platform/db/index.ts';
import { investigationPlans, tasks } from './cases.work.tables.ts';

/** Plans and tasks SQL. */
export type PlanRow = typeof investigationPlans.$inferSelect;
export type TaskRow = typeof tasks.$inferSelect;

export async function plansOfCase(db: Executor, caseId: string): Promise<PlanRow[]> {
  return db
    .select()
    .from(investigationPlans)
    .where(eq(investigationPlans.caseId, caseId))
    .orderBy(desc(investigationPlans.version));
}

export async function findPlanVersion(
  db: Executor,
  caseId: string,
  version: number,
): Promise<PlanRow | undefined> {
  const rows = await db
    .select()
    .from(investigationPlans)
    .where(and(eq(investigationPlans.caseId, caseId), eq(investigationPlans.version, version)));
  return rows[0];
}

export async function insertPlan(
  tx: Executor,
  row: typeof investigationPlans.$inferInsert,
): Promise<PlanRow> {
  const [out] = await tx.insert(investigationPlans).values(row).returning();
  return out!;
}

/** Update a plan only at the lock version the editor loaded; undefined when someone saved first. */
export async function updatePlanAtLock(
  tx: Executor,
  id: string,
  lockVersion: number,
  changes: Partial<typeof investigationPlans.$inferInsert>,
): Promise<PlanRow | undefined> {
  const [row] = await tx
    .update(investigationPlans)
    .set({ ...changes, lockVersion: sql`${investigationPlans.lockVersion} + 1` })
    .where(and(eq(investigationPlans.id, id), eq(investigationPlans.lockVersion, lockVersion)))
    .returning();
  return row;
}

export async function setPlanStatus(
  tx: Executor,
  id: string,
  changes: Partial<typeof investigationPlans.$inferInsert>,
): Promise<PlanRow> {
  const [row] = await tx
    .update(investigationPlans)
    .set({ ...changes, lockVersion: sql`${investigationPlans.lockVersion} + 1` })
    .where(eq(investigationPlans.id, id))
    .returning();
  return row!;
}

export async function tasksOfCase(db: Executor, caseId: string, limit = 200): Promise<TaskRow[]> {
  return db.select().from(tasks).where(eq(tasks.caseId, caseId)).orderBy(asc(tasks.dueAt)).limit(limit);
}

export async function insertTask(tx: Executor, row: typeof tasks.$inferInsert): Promise<TaskRow> {
  const [out] = await tx.insert(tasks).values(row).returning();
  return out!;
}

export async function findTask(db: Executor, id: string, forUpdate = false): Promise<TaskRow | undefined> {
  const q = db.select().from(tasks).where(eq(tasks.id, id));
  const rows = forUpdate ? await q.for('update') : await q;
  return rows[0];
}

export async function updateTaskAtVersion(
  tx: Executor,
  id: string,
  version: number,
  changes: Partial<typeof tasks.$inferInsert>,
): Promise<TaskRow | undefined> {
  const [row] = await tx
    .update(tasks)
    .set({ ...changes, version: sql`${tasks.version} + 1` })
    .where(and(eq(tasks.id, id), eq(tasks.version, version)))
    .returning();
  return row;
}

export async function openTasksOfOwner(db: Executor, ownerId: string, limit = 200): Promise<TaskRow[]> {
  return db
    .select()
    .from(tasks)
    .where(and(eq(tasks.ownerId, ownerId), inArray(tasks.status, ['open', 'in_progress'])))
    .orderBy(asc(tasks.dueAt))
    .limit(limit);
}
