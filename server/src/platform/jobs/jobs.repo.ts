import { sql } from 'drizzle-orm';
import type { DatabaseHandle, Executor } from '../db/index.ts';

/**
 * SQL for the `jobs` table and nothing else. Times are passed in from the caller's `Clock` (as ISO
 * strings, which both engines read the same way) rather than taken from SQL `now()`, so tests can move
 * time. Every write to a claimed job is guarded by (locked_by, attempts): a worker whose lease expired
 * and whose job was claimed again can no longer overwrite the new claim's outcome.
 */

export interface NewJob {
  kind: string;
  payload: unknown;
  maxAttempts: number;
  /** Undefined: the database's `now()` at insert. */
  runAt?: Date;
  dedupeKey?: string;
}

/** A job as a worker holds it: `attempts` already counts this run. */
export interface ClaimedJob {
  id: number;
  kind: string;
  payload: unknown;
  attempts: number;
  maxAttempts: number;
}

/** Two-key advisory locks live apart from one-key ones (the migration lock); this is the first key. */
const DEDUPE_LOCK_CLASS = 7273;

function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

function runAtSql(runAt: Date | undefined) {
  return runAt ? sql`${runAt.toISOString()}::timestamptz` : sql`now()`;
}

/** Plain insert, in whatever transaction `executor` is. */
export async function insertJob(executor: Executor, job: NewJob): Promise<number> {
  const result = await executor.execute(sql`
    INSERT INTO jobs (kind, payload, run_at, max_attempts, dedupe_key)
    VALUES (${job.kind}, ${JSON.stringify(job.payload)}::jsonb, ${runAtSql(job.runAt)}, ${job.maxAttempts},
            ${job.dedupeKey ?? null})
    RETURNING id`);
  return Number(rowsOf<{ id: number | string }>(result)[0]!.id);
}

/**
 * Insert unless a queued or running job has the same dedupe key; return the id either way.
 * A transaction-scoped advisory lock on the key serialises concurrent enqueuers of that key until
 * the holder commits or rolls back; the existence check runs as a separate statement after the lock
 * is granted, so (at READ COMMITTED) its snapshot sees the holder's committed row. The savepoint from
 * `executor.transaction` keeps the lock and check together even when `executor` is the bare database.
 */
export async function insertJobUnlessPending(
  executor: Executor,
  job: NewJob & { dedupeKey: string },
): Promise<number> {
  return executor.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${DEDUPE_LOCK_CLASS}, hashtext(${job.dedupeKey}))`);
    const result = await tx.execute(sql`
      WITH existing AS (
        SELECT id FROM jobs
        WHERE dedupe_key = ${job.dedupeKey} AND status IN ('queued', 'running')
        ORDER BY id LIMIT 1
      ), inserted AS (
        INSERT INTO jobs (kind, payload, run_at, max_attempts, dedupe_key)
        SELECT ${job.kind}, ${JSON.stringify(job.payload)}::jsonb, ${runAtSql(job.runAt)}, ${job.maxAttempts},
               ${job.dedupeKey}
        WHERE NOT EXISTS (SELECT 1 FROM existing)
        RETURNING id
      )
      SELECT id FROM existing UNION ALL SELECT id FROM inserted`);
    return Number(rowsOf<{ id: number | string }>(result)[0]!.id);
  });
}

type ClaimRow = {
  id: number | string;
  kind: string;
  payload: unknown;
  attempts: number;
  max_attempts: number;
};

/**
 * Claim up to `limit` due jobs in one statement: queued ones whose time has come, and running ones
 * whose lease ran out (their worker died). SKIP LOCKED lets any number of workers claim side by side
 * without waiting on, or taking, each other's rows.
 */
export async function claimJobs(
  handle: DatabaseHandle,
  workerId: string,
  now: Date,
  lockedUntil: Date,
  limit: number,
): Promise<ClaimedJob[]> {
  const rows = await handle.query<ClaimRow>(
    `UPDATE jobs SET status = 'running', attempts = attempts + 1, locked_by = $1, locked_until = $3::timestamptz
     WHERE id IN (
       SELECT id FROM jobs
       WHERE (status = 'queued' AND run_at <= $2::timestamptz)
          OR (status = 'running' AND locked_until < $2::timestamptz)
       ORDER BY run_at, id
       LIMIT $4
       FOR UPDATE SKIP LOCKED)
     RETURNING id, kind, payload, attempts, max_attempts`,
    [workerId, now.toISOString(), lockedUntil.toISOString(), limit],
  );
  return rows
    .map((r) => ({
      id: Number(r.id),
      kind: r.kind,
      payload: r.payload,
      attempts: r.attempts,
      maxAttempts: r.max_attempts,
    }))
    .sort((a, b) => a.id - b.id);
}

const OWNED = `id = $1 AND locked_by = $2 AND attempts = $3 AND status = 'running'`;

async function updateOwned(
  handle: DatabaseHandle,
  set: string,
  job: ClaimedJob,
  workerId: string,
  extra: unknown[],
) {
  const rows = await handle.query(`UPDATE jobs SET ${set} WHERE ${OWNED} RETURNING id`, [
    job.id,
    workerId,
    job.attempts,
    ...extra,
  ]);
  return rows.length === 1;
}

/** Each returns false when the claim was lost (lease expired and the job was claimed again). */
export function markJobDone(
  handle: DatabaseHandle,
  job: ClaimedJob,
  workerId: string,
  now: Date,
): Promise<boolean> {
  return updateOwned(
    handle,
    `status = 'done', finished_at = $4::timestamptz, locked_until = NULL`,
    job,
    workerId,
    [now.toISOString()],
  );
}

export function requeueJob(
  handle: DatabaseHandle,
  job: ClaimedJob,
  workerId: string,
  runAt: Date,
  error: string,
): Promise<boolean> {
  return updateOwned(
    handle,
    `status = 'queued', run_at = $4::timestamptz, last_error = $5, locked_by = NULL, locked_until = NULL`,
    job,
    workerId,
    [runAt.toISOString(), error],
  );
}

export function markJobDead(
  handle: DatabaseHandle,
  job: ClaimedJob,
  workerId: string,
  now: Date,
  error: string,
): Promise<boolean> {
  return updateOwned(
    handle,
    `status = 'dead', finished_at = $4::timestamptz, last_error = $5, locked_until = NULL`,
    job,
    workerId,
    [now.toISOString(), error],
  );
}

/** Heartbeat: keep a long job's claim alive while its worker is alive. */
export function extendJobLease(
  handle: DatabaseHandle,
  job: ClaimedJob,
  workerId: string,
  lockedUntil: Date,
): Promise<boolean> {
  return updateOwned(handle, `locked_until = $4::timestamptz`, job, workerId, [lockedUntil.toISOString()]);
}
