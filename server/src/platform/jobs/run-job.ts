import { performance } from 'node:perf_hooks';
import type { Clock } from '../clock.ts';
import type { DatabaseHandle } from '../db/index.ts';
import type { Logger } from '../logger.ts';
import { type ClaimedJob, extendJobLease, markJobDead, markJobDone, requeueJob } from './jobs.repo.ts';
import {
  type AnyJobDefinition,
  DEFAULT_JOB_TIMEOUT_MS,
  type JobContext,
  type JobRegistry,
  retryDelayMs,
} from './registry.ts';

/** `last_error` is for operators: the message only (no stack), bounded. */
export const MAX_ERROR_LENGTH = 2_000;

/** What running one claimed job needs; the worker passes its own. */
export interface RunJobDeps {
  db: DatabaseHandle;
  registry: JobRegistry<AnyJobDefinition>;
  logger: Logger;
  clock: Clock;
  workerId: string;
  leaseMs: number;
}

type Fields = { jobKind: string; jobId: number; attempt: number };
type Outcome = { kind: 'done' } | { kind: 'retry' | 'dead'; error: string };

/**
 * Run one claimed job to an outcome written on its row: `done`; `queued` again with back-off while
 * attempts remain; or `dead` (attempts used up, unknown kind, stored payload failing its schema, or a
 * claim found past its last attempt because the previous worker died). Never rejects: a handler's
 * throw, rejection or timeout becomes the outcome, and a failure to record it becomes a log line (the
 * lease then lapses and the job runs again). Logs carry kind, id, attempt and duration, never the
 * payload. `controller` is aborted on timeout, on a lost claim, or by the worker when it stops.
 */
export async function runClaimedJob(deps: RunJobDeps, job: ClaimedJob, controller: AbortController) {
  const started = performance.now();
  const fields: Fields = { jobKind: job.kind, jobId: job.id, attempt: job.attempts };
  const heartbeat = setInterval(() => renewLease(deps, job, controller, fields), deps.leaseMs / 3);
  heartbeat.unref();
  let outcome: Outcome;
  try {
    outcome = await attempt(deps, job, controller, fields);
  } catch (err) {
    outcome = { kind: job.attempts < job.maxAttempts ? 'retry' : 'dead', error: errorMessage(err) };
  } finally {
    clearInterval(heartbeat);
  }
  const durationMs = Math.round(performance.now() - started);
  try {
    const kept = await record(deps, job, outcome);
    const log = { ...fields, durationMs, outcome: outcome.kind };
    if (!kept) deps.logger.warn(log, 'job finished after its claim was lost; outcome discarded');
    else if (outcome.kind === 'done') deps.logger.info(log, 'job done');
    else if (outcome.kind === 'retry')
      deps.logger.warn({ ...log, error: outcome.error }, 'job failed, will retry');
    else deps.logger.error({ ...log, error: outcome.error }, 'job dead');
  } catch (err) {
    deps.logger.error({ ...fields, durationMs, error: errorMessage(err) }, 'job outcome not recorded');
  }
}

async function attempt(deps: RunJobDeps, job: ClaimedJob, controller: AbortController, fields: Fields) {
  if (job.attempts > job.maxAttempts) {
    return dead('The worker running its last attempt stopped responding (lease expired)');
  }
  const definition = deps.registry.get(job.kind);
  if (!definition) return dead(`Unknown job kind "${job.kind}": no handler is registered in this server`);
  const payload = deps.registry.parseStoredPayload(definition, job.payload);
  if (!payload.ok) return dead(payload.reason);
  const ctx: JobContext = {
    db: deps.db,
    clock: deps.clock,
    logger: deps.logger.child(fields),
    jobId: job.id,
    attempt: job.attempts,
    signal: controller.signal,
  };
  // Promise.resolve().then(): a handler that throws synchronously is caught like one that rejects.
  const work = Promise.resolve().then(() => definition.handle(payload.value, ctx));
  await withTimeout(work, definition.timeoutMs ?? DEFAULT_JOB_TIMEOUT_MS, controller);
  return { kind: 'done' } as const;
}

function dead(error: string): Outcome {
  return { kind: 'dead', error };
}

function record(deps: RunJobDeps, job: ClaimedJob, outcome: Outcome): Promise<boolean> {
  const { db, workerId } = deps;
  const now = deps.clock.now();
  if (outcome.kind === 'done') return markJobDone(db, job, workerId, now);
  if (outcome.kind === 'dead') return markJobDead(db, job, workerId, now, outcome.error);
  const delay = retryDelayMs(job.attempts, deps.registry.get(job.kind)?.backoff);
  return requeueJob(db, job, workerId, new Date(now.getTime() + delay), outcome.error);
}

/** Heartbeat for a long job; if the claim was lost (the job runs elsewhere now), tell the handler. */
function renewLease(deps: RunJobDeps, job: ClaimedJob, controller: AbortController, fields: Fields): void {
  const until = new Date(deps.clock.now().getTime() + deps.leaseMs);
  extendJobLease(deps.db, job, deps.workerId, until).then(
    (kept) => kept || controller.abort(new Error('The claim on this job was lost')),
    (err) => deps.logger.warn({ ...fields, error: errorMessage(err) }, 'job lease renewal failed'),
  );
}

/** Reject after `ms` (aborting `controller`) unless `work` settles first. */
async function withTimeout(work: Promise<void>, ms: number, controller: AbortController): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const error = new Error(`Timed out after ${ms} ms`);
      controller.abort(error);
      reject(error);
    }, ms);
  });
  try {
    await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The message of whatever was thrown, without stack, bounded to `MAX_ERROR_LENGTH`. */
export function errorMessage(err: unknown): string {
  let message: string;
  try {
    message =
      err instanceof Error ? `${err.name === 'Error' ? '' : `${err.name}: `}${err.message}` : String(err);
  } catch {
    message = 'An error that cannot be described';
  }
  const text = message.trim() || 'Unknown error';
  return text.length > MAX_ERROR_LENGTH ? `${text.slice(0, MAX_ERROR_LENGTH - 1)}…` : text;
}
