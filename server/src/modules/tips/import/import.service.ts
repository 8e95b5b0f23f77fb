import os from 'node:os';
import type { ImportFileResult } from '@karpear/contracts';
import { type Actor, authorize } from '../../../access/index.ts';
import { recordAudit } from '../../../audit/index.ts';
import type { Executor } from '../../../platform/db/index.ts';
import { AppError } from '../../../platform/errors.ts';
import type { FileError, ParsedFile, ParseSettings } from '../tips.import.parse.ts';
import { inThreadParser, type ReportParser, workerParser } from '../tips.import.parse-pool.ts';
import { insertTips } from '../tips.intake.batch.ts';
import { type InsertTipDeps, insertTip, type NewTip, resolveIntakeAgency } from '../tips.intake.ts';

/**
 * CyberTipline import: files → parsed reports → tips, each report all or nothing.
 *
 * Parsing happens outside any transaction (CPU only), on a worker thread for large runs so the next
 * batch is parsed while this one is written (tips.import.parse-pool.ts). Parsed reports are written in batches, one
 * transaction per batch filed by `insertTips` (a dozen statements per batch instead of ~9 per report:
 * PERFORMANCE.md §2). A batch is all or nothing: if anything in it fails, the whole batch rolls back
 * and its reports are written again one transaction each with `insertTip`, so the one the database
 * refuses is rejected alone and the others are filed. Re-importing a report changes nothing (a known
 * source key answers `duplicate`), which is what makes a stopped run resumable.
 */
export type ImportDeps = InsertTipDeps;

/** One file to import: its name (shown in results), its size, and a way to read it when its turn comes. */
export interface ImportFile {
  name: string;
  size: number;
  read(): Promise<Uint8Array>;
}

export interface ImportProgress {
  /** Files finished so far (any outcome), of `total`. */
  done: number;
  total: number;
  result: ImportFileResult;
}

export interface ImportOptions {
  /** Default: the configured `tipImportMaxFileBytes`. */
  maxFileBytes?: number;
  /** Reports per transaction (default: config `tipImportBatchSize`, 200). */
  batchSize?: number;
  /**
   * `per-tip` files each report of a batch with its own `insertTip` (still one transaction per batch):
   * the path before batched intake, kept for the benchmark's before/after and for comparison tests.
   */
  intake?: 'batched' | 'per-tip';
  /**
   * Import reports that carry elements the parser does not know (listed in the result). Default false:
   * such a report is rejected naming the element, because importing it would drop what it says there.
   */
  allowUnknownElements?: boolean;
  /**
   * Parse on a worker thread while batches are written. Default: for runs of `PARSE_WORKER_MIN_FILES`
   * files or more on a machine with more than one core.
   */
  parseWorker?: boolean;
  /** For the audit events: the request that started the run (null for the CLI and jobs). */
  ip?: string | null;
  requestId?: string | null;
  /** For jobs and uploads: the user who asked (the actor is null when a job runs on their behalf). */
  onBehalfOf?: { userId: string | null; agencyId: string | null };
  /** The upload this run belongs to (audit object); null for the CLI. */
  importId?: string | null;
  signal?: AbortSignal;
  /** After each batch commits: the counts so far (the upload job stores them). */
  onBatch?: (summary: ImportSummary) => Promise<void>;
  /** Runs in the transaction of the run's audit event (the upload job's final update). */
  finalize?: (tx: Executor, summary: ImportSummary) => Promise<void>;
}

export interface ImportSummary {
  files: number;
  processed: number;
  imported: number;
  duplicates: number;
  rejected: number;
  results: ImportFileResult[];
}

interface Parsed {
  index: number;
  file: string;
  /** `receivedAt` is set when its batch is written. */
  tip: NewTip;
  notices: FileError[];
}

/**
 * A parse worker costs ~4 s of CPU to start when the sources run through tsx (it compiles the parser
 * and its imports again), about what parsing 3,000–6,000 reports costs: below this, parse in-thread.
 */
export const PARSE_WORKER_MIN_FILES = 5000;

/** Files read and parsed ahead of the batch being written: at most this many, and this many bytes. */
const AHEAD_FILES_PER_BATCH = 2;
const AHEAD_BYTES = 64 * 1024 * 1024;

/**
 * Import CyberTipline files as tips of the intake agency. `actor` null = the system (CLI, a job that
 * already authorized at upload); otherwise the actor must be allowed `tips.import` on the intake
 * agency. Returns one result per file, in the order given; writes one `tips.import_run` audit event
 * at the end besides the per-tip events `insertTip` writes.
 */
export async function importCyberTipFiles(
  deps: ImportDeps,
  actor: Actor | null,
  files: readonly ImportFile[],
  onProgress?: (progress: ImportProgress) => void,
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const db = deps.database.db;
  const intake = await resolveIntakeAgency(db, deps.config);
  if (actor) authorize(actor, 'tips.import', { type: 'tip_import', agencyId: intake.agencyId });
  const maxBytes = options.maxFileBytes ?? deps.config.tipImportMaxFileBytes;
  const batchSize = options.batchSize ?? deps.config.tipImportBatchSize;
  const who = actor
    ? { userId: actor.userId, agencyId: actor.agencyId }
    : (options.onBehalfOf ?? { userId: null, agencyId: null });
  const audit = {
    actorId: who.userId,
    agencyId: who.agencyId ?? intake.agencyId,
    ip: actor?.ip ?? options.ip ?? null,
    requestId: actor?.requestId ?? options.requestId ?? null,
  };

  const results: ImportFileResult[] = new Array(files.length);
  const summary: ImportSummary = {
    files: files.length,
    processed: 0,
    imported: 0,
    duplicates: 0,
    rejected: 0,
    results: [],
  };
  const finish = (index: number, result: ImportFileResult) => {
    results[index] = result;
    summary.processed += 1;
    summary.imported += result.imported;
    summary.duplicates += result.duplicates;
    summary.rejected += result.rejected;
    onProgress?.({ done: summary.processed, total: files.length, result });
  };
  const snapshot = (): ImportSummary => ({ ...summary, results: results.filter((r) => r !== undefined) });

  let batch: Parsed[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const written = await writeBatch(deps, batch, audit, options.intake ?? 'batched');
    for (const [i, p] of batch.entries()) finish(p.index, written[i]!);
    batch = [];
    await options.onBatch?.(snapshot());
  };

  const settings: ParseSettings = {
    maxBytes,
    allowUnknownElements: options.allowUnknownElements ?? false,
    target: { ...intake, receivedAt: new Date(0), createdBy: audit.actorId },
  };
  const useWorker =
    options.parseWorker ?? (files.length >= PARSE_WORKER_MIN_FILES && os.availableParallelism() > 1);
  const parser = useWorker ? await workerParser(settings) : inThreadParser(settings);
  try {
    const ahead = parseAhead(files, parser, maxBytes, AHEAD_FILES_PER_BATCH * batchSize, options.signal);
    for await (const { index, parsed } of ahead) {
      if (options.signal?.aborted) throw new AppError('unavailable', 'The import was stopped');
      if ('rejected' in parsed) {
        finish(index, parsed.rejected);
        continue;
      }
      batch.push({ index, file: files[index]!.name, ...parsed });
      if (batch.length >= batchSize) await flush();
    }
    await flush();
  } finally {
    await parser.close();
  }

  const done = snapshot();
  await db.transaction(async (tx) => {
    await recordAudit(tx, {
      at: deps.clock.now(),
      actorId: audit.actorId,
      agencyId: audit.agencyId,
      action: 'tips.import_run',
      objectType: 'tip_import',
      objectId: options.importId ?? null,
      outcome: 'success',
      ip: audit.ip,
      requestId: audit.requestId,
      details: {
        files: done.files,
        imported: done.imported,
        duplicates: done.duplicates,
        rejected: done.rejected,
      },
    });
    await options.finalize?.(tx, done);
  });
  return done;
}

function rejected(file: string, errors: Array<{ path: string; reason: string }>): ImportFileResult {
  return {
    file,
    outcome: 'rejected',
    reports: 1,
    imported: 0,
    duplicates: 0,
    rejected: 1,
    errors,
    tipIds: [],
  };
}

type FileOutcome = Pick<Parsed, 'tip' | 'notices'> | { rejected: ImportFileResult };

/**
 * Files read in order and handed to the parser without waiting for its answers, up to `aheadFiles`
 * files and `AHEAD_BYTES` bytes in flight; answers yielded in file order. The consumer writes a batch
 * between two pulls, and meanwhile a worker parser goes on with what is queued.
 */
async function* parseAhead(
  files: readonly ImportFile[],
  parser: ReportParser,
  maxBytes: number,
  aheadFiles: number,
  signal: AbortSignal | undefined,
): AsyncGenerator<{ index: number; parsed: FileOutcome }> {
  const pending: Array<{ index: number; bytes: number; answer: Promise<FileOutcome> }> = [];
  let inFlightBytes = 0;
  let next = 0;
  while (next < files.length || pending.length > 0) {
    // Stopped: what is read ahead is dropped, as the run stops before its next file.
    if (signal?.aborted) throw new AppError('unavailable', 'The import was stopped');
    while (
      next < files.length &&
      (pending.length === 0 || (pending.length < aheadFiles && inFlightBytes < AHEAD_BYTES))
    ) {
      const index = next++;
      const file = files[index]!;
      const read = await readFile(file, maxBytes);
      const answer =
        'rejected' in read
          ? Promise.resolve(read)
          : outcomeOf(file.name, parser.parse(read.bytes, file.name));
      answer.catch(() => {}); // awaited in order below
      const bytes = 'bytes' in read ? read.bytes.byteLength : 0;
      inFlightBytes += bytes;
      pending.push({ index, bytes, answer });
    }
    const head = pending.shift()!;
    inFlightBytes -= head.bytes;
    yield { index: head.index, parsed: await head.answer };
  }
}

async function readFile(
  file: ImportFile,
  maxBytes: number,
): Promise<{ bytes: Uint8Array } | { rejected: ImportFileResult }> {
  // Checked before reading: a 200 MB file is refused without loading it.
  if (file.size > maxBytes) {
    return {
      rejected: rejected(file.name, [
        {
          path: '',
          reason: `larger than the ${formatMiB(maxBytes)} limit per file (${formatMiB(file.size)})`,
        },
      ]),
    };
  }
  try {
    return { bytes: await file.read() };
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'read error';
    return { rejected: rejected(file.name, [{ path: '', reason: `could not be read (${code})` }]) };
  }
}

async function outcomeOf(name: string, parsed: Promise<ParsedFile>) {
  const p = await parsed;
  return p.ok ? { tip: p.tip, notices: p.notices } : { rejected: rejected(name, p.errors) };
}

function formatMiB(bytes: number): string {
  const mib = bytes / 1024 / 1024;
  return `${mib >= 10 ? Math.round(mib) : mib.toFixed(1)} MiB`;
}

type Audit = { actorId: string | null; agencyId: string | null; ip: string | null; requestId: string | null };

/** One transaction for the batch (`insertTips`); if it fails, one transaction per report. */
async function writeBatch(
  deps: ImportDeps,
  batch: Parsed[],
  audit: Audit,
  mode: 'batched' | 'per-tip',
): Promise<ImportFileResult[]> {
  const tips = batch.map((p): NewTip => ({ ...p.tip, receivedAt: deps.clock.now() }));
  if (batch.length > 1) {
    try {
      const inserted = await deps.database.db.transaction(async (tx) => {
        if (mode === 'batched') return insertTips(deps, tx, tips, audit);
        const one = [];
        for (const tip of tips) one.push(await insertTip(deps, tx, tip, audit));
        return one;
      });
      return batch.map((p, i) => resultOf(p, inserted[i]!));
    } catch {
      // Rolled back whole: fall through and write the reports one by one to find the culprit.
    }
  }
  const out: ImportFileResult[] = [];
  for (const [i, p] of batch.entries()) {
    try {
      const inserted = await deps.database.db.transaction((tx) => insertTip(deps, tx, tips[i]!, audit));
      out.push(resultOf(p, inserted));
    } catch (err) {
      out.push(rejected(p.file, [{ path: '', reason: storeFailure(err) }]));
    }
  }
  return out;
}

function resultOf(p: Parsed, inserted: { id: string; duplicate: boolean }): ImportFileResult {
  return {
    file: p.file,
    outcome: inserted.duplicate ? 'duplicate' : 'imported',
    reports: 1,
    imported: inserted.duplicate ? 0 : 1,
    duplicates: inserted.duplicate ? 1 : 0,
    rejected: 0,
    errors: p.notices,
    tipIds: [inserted.id],
  };
}

/**
 * Why the database refused a report, without its values: an AppError's own message (written for
 * users), else the database error's code and constraint only (its message may quote the row).
 */
function storeFailure(err: unknown): string {
  if (err instanceof AppError) return err.message;
  const e = err as { code?: string; constraint?: string; cause?: { code?: string; constraint?: string } };
  const code = e.code ?? e.cause?.code;
  const constraint = e.constraint ?? e.cause?.constraint;
  return `could not be stored (database error${code ? ` ${code}` : ''}${constraint ? ` on ${constraint}` : ''})`;
}
