import type { PageQuery, TipImport } from '@karpear/contracts';
import { type Actor, authorize, relationsFor } from '../../../access/index.ts';
import { recordAudit } from '../../../audit/index.ts';
import type { AppContext } from '../../../platform/context.ts';
import { AppError } from '../../../platform/errors.ts';
import { enqueueJob, type JobRegistry } from '../../../platform/jobs/index.ts';
import { resolveIntakeAgency } from '../tips.intake.ts';
import type { TipImportJobDefinition } from './import.jobs.ts';
import * as repo from './import.repo.ts';
import { type ImportDeps, importCyberTipFiles } from './import.service.ts';

/**
 * Uploads from the screen: the files are stored (`tip_import_files`) and a `tips.import` job is
 * enqueued in the same transaction; the job imports them, keeps `tip_imports` up to date for the
 * progress bar, and deletes the stored bytes when it is done.
 */
export const TIP_IMPORT_JOB = 'tips.import';

export interface UploadedFile {
  name: string;
  content: Buffer;
}

export interface UploadOptions {
  allowUnknownElements: boolean;
}

/** May the actor import (into the intake agency)? Called before the upload is read, and again on store. */
export async function authorizeUpload(
  deps: Pick<AppContext, 'database' | 'config'>,
  actor: Actor,
): Promise<{ agencyId: string; unitId: string | null }> {
  const intake = await resolveIntakeAgency(deps.database.db, deps.config);
  authorize(actor, 'tips.import', { type: 'tip_import', agencyId: intake.agencyId });
  return intake;
}

export async function createUploadImport(
  deps: Pick<AppContext, 'database' | 'clock' | 'config'>,
  registry: JobRegistry<TipImportJobDefinition>,
  actor: Actor,
  files: readonly UploadedFile[],
  options: UploadOptions,
): Promise<TipImport> {
  const db = deps.database.db;
  const intake = await authorizeUpload(deps, actor);
  if (files.length === 0) {
    throw new AppError('validation_failed', 'Choose at least one report file (XML or JSON)', [
      { path: 'files', message: 'no file in the upload' },
    ]);
  }
  const row = await db.transaction(async (tx) => {
    const created = await repo.insertImport(tx, {
      agencyId: intake.agencyId,
      createdBy: actor.userId,
      files: files.length,
      createdAt: deps.clock.now(),
    });
    for (const f of files) await repo.insertImportFile(tx, { importId: created.id, ...f });
    await enqueueJob(
      tx,
      registry,
      TIP_IMPORT_JOB,
      { importId: created.id, allowUnknownElements: options.allowUnknownElements },
      { dedupeKey: `tips.import:${created.id}` },
    );
    await recordAudit(tx, {
      at: deps.clock.now(),
      actorId: actor.userId,
      agencyId: actor.agencyId,
      action: 'tips.import_upload',
      objectType: 'tip_import',
      objectId: created.id,
      outcome: 'success',
      ip: actor.ip,
      requestId: actor.requestId,
      details: { files: files.length },
    });
    return created;
  });
  return importView(row);
}

export async function listUploadImports(
  deps: Pick<AppContext, 'database'>,
  actor: Actor,
  page: PageQuery,
): Promise<{ items: TipImport[]; limit: number; offset: number; total: number }> {
  const relations = relationsFor(actor, 'tips.read_import');
  if (relations.length === 0) throw AppError.notFound();
  const agencyId = relations.includes('any') ? undefined : actor.agencyId;
  const { rows, total } = await repo.listImports(deps.database.db, page, agencyId);
  return { items: rows.map(importView), ...page, total };
}

export async function getUploadImport(
  deps: Pick<AppContext, 'database'>,
  actor: Actor,
  id: string,
): Promise<TipImport> {
  const row = await repo.findImport(deps.database.db, id);
  if (!row) throw AppError.notFound();
  authorize(actor, 'tips.read_import', { type: 'tip_import', id: row.id, agencyId: row.agencyId });
  return importView(row);
}

/**
 * The job: import the stored files of one upload on behalf of its creator. Idempotent: a re-run
 * (after a crash) starts the counts again; tips already filed come back as duplicates.
 */
export async function runUploadImport(
  deps: ImportDeps,
  importId: string,
  options: { allowUnknownElements: boolean; signal?: AbortSignal },
): Promise<void> {
  const db = deps.database.db;
  const row = await repo.findImport(db, importId);
  if (!row || row.status === 'done' || row.status === 'failed') return;
  await repo.markRunning(db, importId);
  const stored = await repo.listImportFileIds(db, importId);
  const files = stored.map((f) => ({
    name: f.name,
    size: f.size,
    read: () => repo.readImportFile(db, importId, f.id),
  }));
  await importCyberTipFiles(deps, null, files, undefined, {
    allowUnknownElements: options.allowUnknownElements,
    // Config `tipImportBatchSize` (200): a batched write of 200 reports holds PGlite's one connection
    // for a fraction of a second, so the server keeps serving meanwhile.
    batchSize: deps.config.tipImportBatchSize,
    onBehalfOf: { userId: row.createdBy, agencyId: row.agencyId },
    importId,
    signal: options.signal,
    onBatch: (s) => repo.updateProgress(db, importId, s),
    finalize: async (tx, summary) => {
      await repo.updateProgress(tx, importId, summary);
      await repo.deleteImportFiles(tx, importId);
      await repo.finishImport(tx, importId, 'done', deps.clock.now());
    },
  });
}

/** The job's last attempt failed: mark the upload failed and drop its bytes (nothing will read them). */
export async function failUploadImport(deps: Pick<AppContext, 'database' | 'clock'>, importId: string) {
  await deps.database.db.transaction(async (tx) => {
    const row = await repo.findImport(tx, importId, { forUpdate: true });
    if (!row || row.status === 'done') return;
    await repo.deleteImportFiles(tx, importId);
    await repo.finishImport(tx, importId, 'failed', deps.clock.now());
    await recordAudit(tx, {
      at: deps.clock.now(),
      actorId: row.createdBy,
      agencyId: row.agencyId,
      action: 'tips.import_run',
      objectType: 'tip_import',
      objectId: importId,
      outcome: 'failure',
      details: { files: row.files, processed: row.processed },
    });
  });
}

function importView(row: repo.TipImportRow): TipImport {
  return {
    id: row.id,
    status: row.status as TipImport['status'],
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    files: row.files,
    processed: row.processed,
    imported: row.imported,
    duplicates: row.duplicates,
    rejected: row.rejected,
    results: row.results as TipImport['results'],
  };
}
