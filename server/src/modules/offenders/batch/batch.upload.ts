import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { type Actor, authorize } from '../../../access/index.ts';
import { recordAudit } from '../../../audit/index.ts';
import type { AppContext } from '../../../platform/context.ts';
import { sealedAad } from '../../../platform/crypto/index.ts';
import { AppError } from '../../../platform/errors.ts';
import {
  type AnyJobDefinition,
  defineJob,
  enqueueJob,
  type JobRegistry,
} from '../../../platform/jobs/index.ts';
import { screenAgainstRegister } from './batch.service.ts';
import { readCsv } from './csv.ts';
import { MemorySink } from './csv-out.ts';
import { type BatchSummary, startOutputs } from './screen-file.ts';
import { ARRIVALS_SPEC } from './subject.ts';

/**
 * Arrivals files uploaded for batch screening (issue 6 item 5). There is no table for batches, so a
 * batch lives in `<dataDir>/screening-batches/<id>/`: `meta.json` (ids, counts, status — no personal
 * data) and the input, hits and rejects files sealed with the secret box (AES-256-GCM, bound to the
 * batch id and the file's role). The input is deleted once screened. The screening runs in the
 * `screening.batch` job; the page follows `meta.json`.
 */
export const SCREENING_BATCH_JOB = 'screening.batch';
const SEAL_PURPOSE = 'screening-batch';
const FILES = ['input', 'hits', 'rejects'] as const;
type BatchFile = (typeof FILES)[number];

const metaSchema = z.object({
  id: z.uuid(),
  agencyId: z.uuid(),
  createdBy: z.uuid(),
  fileName: z.string(),
  createdAt: z.string(),
  status: z.enum(['queued', 'running', 'done', 'failed']),
  /** Bytes of the input, and of it read so far (progress). */
  inputBytes: z.number().int(),
  summary: z
    .object({
      rows: z.number().int(),
      screened: z.number().int(),
      rejectedLines: z.number().int(),
      hitRows: z.number().int(),
      reviewRows: z.number().int(),
      pairs: z.number().int(),
      listSize: z.number().int().nullable(),
    })
    .nullable(),
  finishedAt: z.string().nullable(),
});
export type BatchMeta = z.infer<typeof metaSchema>;

type Deps = Pick<AppContext, 'database' | 'clock' | 'config' | 'secrets'>;

const batchDir = (deps: Deps, id: string) => path.join(deps.config.dataDir, 'screening-batches', id);
const aad = (id: string, file: BatchFile) => sealedAad('screening_batches', file, id);

/** Pending meta writes per batch: writes run one after another, in call order. */
const metaWrites = new Map<string, Promise<void>>();

/**
 * Write then rename, so a reader never sees half a file. Writes to one batch are queued: a
 * progress write still in flight must neither race the final write for the temporary file nor
 * land after it (which would turn a done batch back into a running one).
 */
function writeMeta(deps: Deps, meta: BatchMeta): Promise<void> {
  const dir = batchDir(deps, meta.id);
  const write = async () => {
    await writeFile(path.join(dir, 'meta.json.tmp'), JSON.stringify(meta));
    await rename(path.join(dir, 'meta.json.tmp'), path.join(dir, 'meta.json'));
  };
  const next = (metaWrites.get(meta.id) ?? Promise.resolve()).catch(() => {}).then(write);
  metaWrites.set(meta.id, next);
  const forget = () => {
    if (metaWrites.get(meta.id) === next) metaWrites.delete(meta.id);
  };
  next.then(forget, forget);
  return next;
}

async function readMeta(deps: Deps, id: string): Promise<BatchMeta | undefined> {
  try {
    return metaSchema.parse(JSON.parse(await readFile(path.join(batchDir(deps, id), 'meta.json'), 'utf8')));
  } catch {
    return undefined;
  }
}

async function writeSealed(deps: Deps, id: string, file: BatchFile, content: Buffer): Promise<void> {
  await writeFile(
    path.join(batchDir(deps, id), `${file}.sealed`),
    deps.secrets.seal(SEAL_PURPOSE, content, aad(id, file)),
  );
}

async function readSealed(deps: Deps, id: string, file: BatchFile): Promise<Buffer> {
  const sealed = await readFile(path.join(batchDir(deps, id), `${file}.sealed`));
  return deps.secrets.open(SEAL_PURPOSE, sealed, aad(id, file));
}

/** Check the header now, so a wrong file is refused at once (400 naming the column), not in the job. */
async function checkHeaderOnly(content: Buffer): Promise<void> {
  const head = content.subarray(0, Math.min(content.length, 256 * 1024));
  const reader = readCsv([head], ARRIVALS_SPEC);
  try {
    await reader.next();
  } finally {
    await reader.return(undefined);
  }
}

export async function createBatch(
  deps: Deps,
  registry: JobRegistry<ScreeningBatchJobDefinition>,
  actor: Actor,
  file: { name: string; content: Buffer },
): Promise<BatchView> {
  authorize(actor, 'screening.batch');
  if (file.content.length === 0) throw new AppError('validation_failed', `${file.name}: the file is empty`);
  await checkHeaderOnly(file.content);
  const id = randomUUID();
  const now = deps.clock.now();
  const meta: BatchMeta = {
    id,
    agencyId: actor.agencyId,
    createdBy: actor.userId,
    fileName: file.name,
    createdAt: now.toISOString(),
    status: 'queued',
    inputBytes: file.content.length,
    summary: null,
    finishedAt: null,
  };
  await mkdir(batchDir(deps, id), { recursive: true, mode: 0o700 });
  await writeSealed(deps, id, 'input', file.content);
  await writeMeta(deps, meta);
  await deps.database.db.transaction(async (tx) => {
    await enqueueJob(
      tx,
      registry,
      SCREENING_BATCH_JOB,
      { batchId: id },
      { dedupeKey: `screening.batch:${id}` },
    );
    await recordAudit(tx, {
      at: now,
      actorId: actor.userId,
      agencyId: actor.agencyId,
      action: 'screening.batch_upload',
      objectType: 'screening_batch',
      objectId: id,
      outcome: 'success',
      ip: actor.ip,
      requestId: actor.requestId,
      details: { bytes: file.content.length },
    });
  });
  return toView(meta);
}

/** The job: screen the sealed input, seal the hits and rejects, drop the input. Done batches are left alone. */
export async function runBatch(deps: Deps, batchId: string, signal?: AbortSignal): Promise<void> {
  const meta = await readMeta(deps, batchId);
  if (!meta || meta.status === 'done') return;
  const input = await readSealed(deps, batchId, 'input');
  await writeMeta(deps, { ...meta, status: 'running' });
  const hits = new MemorySink();
  const rejects = new MemorySink();
  await startOutputs({ hits, rejects });
  let lastWrite = 0;
  const progress = (s: BatchSummary) => {
    // At most a few progress writes a second; the page polls.
    if (performance.now() - lastWrite < 500) return;
    lastWrite = performance.now();
    void writeMeta(deps, { ...meta, status: 'running', summary: { ...pick(s), listSize: null } }).catch(
      () => {},
    );
  };
  const result = await screenAgainstRegister(
    deps,
    { userId: meta.createdBy, agencyId: meta.agencyId },
    batchId,
    chunked(input),
    { hits, rejects },
    { fileLabel: meta.fileName, onProgress: progress, progressEvery: 200, signal },
    // A retry after a crash reuses the hits the crashed run stored (no second hit or alert).
    { since: new Date(meta.createdAt) },
  );
  await writeSealed(deps, batchId, 'hits', Buffer.from(hits.text()));
  await writeSealed(deps, batchId, 'rejects', Buffer.from(rejects.text()));
  await rm(path.join(batchDir(deps, batchId), 'input.sealed'), { force: true });
  await writeMeta(deps, {
    ...meta,
    status: 'done',
    summary: { ...pick(result), listSize: result.listSize },
    finishedAt: deps.clock.now().toISOString(),
  });
}

function* chunked(content: Buffer): Generator<Buffer> {
  for (let i = 0; i < content.length; i += 256 * 1024) yield content.subarray(i, i + 256 * 1024);
}

const pick = (s: BatchSummary) => ({
  rows: s.rows,
  screened: s.screened,
  rejectedLines: s.rejectedLines,
  hitRows: s.hitRows,
  reviewRows: s.reviewRows,
  pairs: s.pairs,
});

export async function failBatch(deps: Deps, batchId: string): Promise<void> {
  const meta = await readMeta(deps, batchId);
  if (meta && meta.status !== 'done')
    await writeMeta(deps, { ...meta, status: 'failed', finishedAt: deps.clock.now().toISOString() });
  await rm(path.join(batchDir(deps, batchId), 'input.sealed'), { force: true });
}

export interface BatchView {
  id: string;
  fileName: string;
  createdAt: string;
  status: BatchMeta['status'];
  inputBytes: number;
  summary: BatchMeta['summary'];
  finishedAt: string | null;
}

const toView = (m: BatchMeta): BatchView => ({
  id: m.id,
  fileName: m.fileName,
  createdAt: m.createdAt,
  status: m.status,
  inputBytes: m.inputBytes,
  summary: m.summary,
  finishedAt: m.finishedAt,
});

async function loadFor(deps: Deps, actor: Actor, id: string): Promise<BatchMeta> {
  const meta = await readMeta(deps, id);
  if (!meta) throw AppError.notFound();
  authorize(actor, 'screening.batch_read', { type: 'screening_batch', id, agencyId: meta.agencyId });
  return meta;
}

export async function getBatch(deps: Deps, actor: Actor, id: string): Promise<BatchView> {
  return toView(await loadFor(deps, actor, id));
}

/** The hits or rejects file of a finished batch; the download is audited. */
export async function downloadBatchFile(
  deps: Deps,
  actor: Actor,
  id: string,
  file: 'hits' | 'rejects',
): Promise<{ fileName: string; content: Buffer }> {
  const meta = await loadFor(deps, actor, id);
  if (meta.status !== 'done') throw new AppError('conflict', 'The batch has not finished yet');
  const content = await readSealed(deps, id, file);
  await deps.database.db.transaction((tx) =>
    recordAudit(tx, {
      at: deps.clock.now(),
      actorId: actor.userId,
      agencyId: actor.agencyId,
      action: 'screening.batch_download',
      objectType: 'screening_batch',
      objectId: id,
      outcome: 'success',
      ip: actor.ip,
      requestId: actor.requestId,
      details: { file },
    }),
  );
  const base =
    meta.fileName
      .replace(/\.csv$/i, '')
      .replace(/[^\w.-]+/g, '_')
      .slice(0, 80) || 'batch';
  return { fileName: `${base}.${file}.csv`, content };
}

/** Batches of the actor's agency, newest first. */
export async function listBatches(
  deps: Deps,
  actor: Actor,
  page: { limit: number; offset: number },
): Promise<{ items: BatchView[]; limit: number; offset: number; total: number }> {
  authorize(actor, 'screening.batch_read', { type: 'screening_batch', agencyId: actor.agencyId });
  let ids: string[] = [];
  try {
    ids = await readdir(path.join(deps.config.dataDir, 'screening-batches'));
  } catch {
    ids = [];
  }
  const metas = (await Promise.all(ids.map((id) => readMeta(deps, id)))).filter(
    (m): m is BatchMeta => m !== undefined && m.agencyId === actor.agencyId,
  );
  metas.sort((a, b) => b.createdAt.localeCompare(a.createdAt) || b.id.localeCompare(a.id));
  return {
    items: metas.slice(page.offset, page.offset + page.limit).map(toView),
    ...page,
    total: metas.length,
  };
}

const MAX_ATTEMPTS = 2;

export function screeningBatchJob(ctx: AppContext) {
  return defineJob({
    kind: SCREENING_BATCH_JOB,
    payload: z.object({ batchId: z.uuid() }),
    maxAttempts: MAX_ATTEMPTS,
    timeoutMs: 60 * 60 * 1000,
    handle: async (payload, job) => {
      const deps = { ...ctx, database: job.db, clock: job.clock };
      try {
        await runBatch(deps, payload.batchId, job.signal);
      } catch (err) {
        if (job.attempt >= MAX_ATTEMPTS) await failBatch(deps, payload.batchId);
        throw err;
      }
    },
  });
}

export type ScreeningBatchJobDefinition = ReturnType<typeof screeningBatchJob>;

export function screeningBatchJobs(ctx: AppContext): AnyJobDefinition[] {
  return [screeningBatchJob(ctx)];
}
