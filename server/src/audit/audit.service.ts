import {
  type AuditEventPage,
  type AuditEventsQuery,
  type AuditFilters,
  type AuditStatus,
  MAX_AUDIT_EXPORT_ROWS,
} from '@karpear/contracts';
import { type Actor, authorize } from '../access/index.ts';
import type { AppContext } from '../platform/context.ts';
import type { Executor } from '../platform/db/index.ts';
import { AppError } from '../platform/errors.ts';
import {
  type CheckpointSink,
  defaultCheckpointFile,
  FileCheckpointSink,
  MemoryCheckpointSink,
} from './audit.checkpoints.ts';
import { AUDIT_CSV_HEADER, auditCsvRow, csvRow } from './audit.csv.ts';
import { countForExport, exportPage, searchAuditEvents } from './audit.repo.ts';
import { verifyAuditLog } from './audit.verify.ts';
import { recordAudit } from './audit.writer.ts';

/**
 * The auditor screens. Every read of the log is itself an audit event, written in the same
 * transaction as the read (fail closed: no event, no data).
 */

/** Test-mode servers keep checkpoints in memory: they must not touch a real data folder. */
const memorySinks = new WeakMap<AppContext, MemoryCheckpointSink>();

export function checkpointSinkOf(ctx: AppContext): CheckpointSink {
  if (ctx.config.mode !== 'test') return new FileCheckpointSink(defaultCheckpointFile(ctx.config.dataDir));
  let sink = memorySinks.get(ctx);
  if (!sink) {
    sink = new MemoryCheckpointSink();
    memorySinks.set(ctx, sink);
  }
  return sink;
}

function present(filters: AuditFilters): Record<string, string> {
  return Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined)) as Record<
    string,
    string
  >;
}

function auditRead(
  tx: Executor,
  ctx: AppContext,
  actor: Actor,
  action: string,
  objectType: string,
  details: Record<string, unknown>,
) {
  return recordAudit(tx, {
    at: ctx.clock.now(),
    actorId: actor.userId,
    agencyId: actor.agencyId,
    action,
    objectType,
    outcome: 'success',
    ip: actor.ip,
    requestId: actor.requestId,
    details,
  });
}

export async function searchEvents(
  ctx: AppContext,
  actor: Actor,
  query: AuditEventsQuery,
): Promise<AuditEventPage> {
  authorize(actor, 'audit.read');
  const { before, limit, ...filters } = query;
  return ctx.database.db.transaction(async (tx) => {
    const rows = await searchAuditEvents(tx, filters, before, limit + 1);
    const items = rows.slice(0, limit);
    await auditRead(tx, ctx, actor, 'read', 'audit_log', {
      filters: present(filters),
      ...(before ? { before } : {}),
      count: items.length,
    });
    return { items, limit, nextBefore: rows.length > limit ? items[items.length - 1]!.position : null };
  });
}

/** A verification is reused for a minute: the screen may be reloaded without re-reading the log. */
const STATUS_TTL_MS = 60_000;
/** Bounded work for a request (SECURITY.md 20): past this the answer is `incomplete`. */
const STATUS_DEADLINE_MS = 10_000;
const statusCache = new WeakMap<AppContext, { at: number; status: Promise<Omit<AuditStatus, 'cached'>> }>();

export async function verificationStatus(ctx: AppContext, actor: Actor): Promise<AuditStatus> {
  authorize(actor, 'audit.read');
  const now = ctx.clock.now().getTime();
  let cached = true;
  let entry = statusCache.get(ctx);
  if (!entry || now - entry.at > STATUS_TTL_MS) {
    cached = false;
    const status = verifyAuditLog(ctx.database.db, checkpointSinkOf(ctx), ctx.keyring.auditVerifyKey, {
      deadlineMs: STATUS_DEADLINE_MS,
      concurrency: ctx.database.engine === 'postgres' ? 2 : 1,
    }).then((r) => ({
      status: r.status,
      message: r.message,
      events: r.events,
      checkpoints: r.checkpoints,
      latestCheckpoint: r.latestCheckpoint,
      unanchoredTail: r.unanchoredTail,
      firstBadPosition: r.firstBadPosition,
      problem: r.problem,
      checkedAt: new Date(now).toISOString(),
      ms: r.ms,
      eventsPerSecond: r.eventsPerSecond,
    }));
    entry = { at: now, status };
    statusCache.set(ctx, entry);
    status.catch(() => statusCache.delete(ctx));
  }
  const status = await entry.status;
  await ctx.database.db.transaction((tx) =>
    auditRead(tx, ctx, actor, 'verify', 'audit_log', { status: status.status, cached }),
  );
  return { ...status, cached };
}

/** Forget the cached verification (tests; after an operator repaired something). */
export function forgetVerificationStatus(ctx: AppContext): void {
  statusCache.delete(ctx);
}

export interface AuditExport {
  filename: string;
  count: number;
  rows: AsyncIterable<string>;
}

/**
 * A filtered CSV. The export event (with the row count) is committed BEFORE any row leaves, so an
 * export that cannot be audited never starts; the rows are then streamed page by page, bounded by the
 * head counted in that transaction so the file holds exactly what the event says.
 */
export async function exportCsv(ctx: AppContext, actor: Actor, filters: AuditFilters): Promise<AuditExport> {
  authorize(actor, 'audit.export');
  const { count, head } = await ctx.database.db.transaction(async (tx) => {
    const counted = await countForExport(tx, filters, MAX_AUDIT_EXPORT_ROWS);
    if (counted.count > MAX_AUDIT_EXPORT_ROWS) {
      throw new AppError(
        'validation_failed',
        `More than ${MAX_AUDIT_EXPORT_ROWS} events match: narrow the filters (time range, actor, object)`,
        [{ path: 'query', message: 'too many events for one export' }],
      );
    }
    await auditRead(tx, ctx, actor, 'export', 'audit_log', {
      filters: present(filters),
      count: counted.count,
    });
    return counted;
  });
  const database = ctx.database;
  async function* rows(): AsyncGenerator<string> {
    yield `\ufeff${csvRow(AUDIT_CSV_HEADER)}`;
    let after = 0;
    for (;;) {
      const page = await exportPage(database.db, filters, after, head, 1000);
      if (page.length > 0) yield page.map(auditCsvRow).join('');
      if (page.length < 1000) return;
      after = page[page.length - 1]!.position;
    }
  }
  const stamp = ctx.clock.now().toISOString().slice(0, 19).replaceAll(':', '-');
  return { filename: `karpear-audit-${stamp}.csv`, count, rows: rows() };
}
