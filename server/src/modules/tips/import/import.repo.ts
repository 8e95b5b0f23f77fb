import type { ImportFileResult } from '@karpear/contracts';
import { and, asc, count, desc, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../../platform/db/index.ts';
import { tipImportFiles, tipImports } from '../tips.tables.ts';

/** SQL for `tip_imports` (one upload: progress and per-file results) and `tip_import_files` (bytes). */
export type TipImportRow = typeof tipImports.$inferSelect;

export interface ImportCounts {
  processed: number;
  imported: number;
  duplicates: number;
  rejected: number;
  results: ImportFileResult[];
}

export async function insertImport(
  db: Executor,
  row: { agencyId: string; createdBy: string | null; files: number; createdAt: Date },
): Promise<TipImportRow> {
  const rows = await db.insert(tipImports).values(row).returning();
  return rows[0]!;
}

export async function insertImportFile(
  db: Executor,
  file: { importId: string; name: string; content: Buffer },
): Promise<void> {
  await db.insert(tipImportFiles).values(file);
}

export async function findImport(
  db: Executor,
  id: string,
  options: { forUpdate?: boolean } = {},
): Promise<TipImportRow | undefined> {
  const query = db.select().from(tipImports).where(eq(tipImports.id, id)).limit(1);
  const rows = options.forUpdate ? await query.for('update') : await query;
  return rows[0];
}

/** Newest first; `agencyId` undefined lists every agency's. */
export async function listImports(
  db: Executor,
  page: { limit: number; offset: number },
  agencyId: string | undefined,
): Promise<{ rows: TipImportRow[]; total: number }> {
  const where = agencyId ? eq(tipImports.agencyId, agencyId) : undefined;
  const rows = await db
    .select()
    .from(tipImports)
    .where(where)
    .orderBy(desc(tipImports.createdAt), desc(tipImports.id))
    .limit(page.limit)
    .offset(page.offset);
  const [total] = await db.select({ n: count() }).from(tipImports).where(where);
  return { rows, total: total?.n ?? 0 };
}

/** The stored files of an import, without their bytes, in upload order. */
export async function listImportFileIds(
  db: Executor,
  importId: string,
): Promise<Array<{ id: string; name: string; size: number }>> {
  // The bytes stay in the database here; the job fetches them one file at a time.
  const rows = await db
    .select({
      id: tipImportFiles.id,
      name: tipImportFiles.name,
      size: sql<number>`octet_length(${tipImportFiles.content})::int`,
    })
    .from(tipImportFiles)
    .where(eq(tipImportFiles.importId, importId))
    .orderBy(asc(tipImportFiles.name), asc(tipImportFiles.id));
  return rows.map((r) => ({ ...r, size: Number(r.size) }));
}

export async function readImportFile(db: Executor, importId: string, id: string): Promise<Buffer> {
  const rows = await db
    .select({ content: tipImportFiles.content })
    .from(tipImportFiles)
    .where(and(eq(tipImportFiles.importId, importId), eq(tipImportFiles.id, id)))
    .limit(1);
  return rows[0]?.content ?? Buffer.alloc(0);
}

export async function deleteImportFiles(db: Executor, importId: string): Promise<void> {
  await db.delete(tipImportFiles).where(eq(tipImportFiles.importId, importId));
}

export async function markRunning(db: Executor, id: string): Promise<void> {
  await db
    .update(tipImports)
    .set({ status: 'running', processed: 0, imported: 0, duplicates: 0, rejected: 0, results: [] })
    .where(eq(tipImports.id, id));
}

export async function updateProgress(db: Executor, id: string, counts: ImportCounts): Promise<void> {
  await db.update(tipImports).set(counts).where(eq(tipImports.id, id));
}

export async function finishImport(
  db: Executor,
  id: string,
  status: 'done' | 'failed',
  finishedAt: Date,
): Promise<void> {
  await db.update(tipImports).set({ status, finishedAt }).where(eq(tipImports.id, id));
}
