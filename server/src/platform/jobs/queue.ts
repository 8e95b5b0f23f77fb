import type { Executor } from '../db/index.ts';
import { AppError } from '../errors.ts';
import { insertJob, insertJobUnlessPending } from './jobs.repo.ts';
import {
  type AnyJobDefinition,
  DEFAULT_MAX_ATTEMPTS,
  type JobPayloadInput,
  type JobRegistry,
} from './registry.ts';

export interface EnqueueOptions {
  /**
   * When the job becomes due. Default: the database's `now()` (the transaction's start time). Timers
   * (SLA deadlines, reminders) should pass a time computed from the injected `Clock`.
   */
  runAt?: Date;
  /**
   * Idempotency key, e.g. `tips.sla_breach:<tipId>`. Use ids, never names or other personal data.
   * While a job with this key is queued or running, enqueueing adds nothing and returns that job's id
   * (even if its kind or payload differ); once it is done or dead the key is free again. A handler
   * that schedules its own successor must therefore use a different key (its own job is `running`).
   */
  dedupeKey?: string;
  /** Overrides the definition's `maxAttempts` for this job. */
  maxAttempts?: number;
}

const MAX_DEDUPE_KEY_LENGTH = 500;

/**
 * Put a job on the queue and return its id. Pass the transaction of the business write that causes it
 * (`tx`), so the write and its job commit or roll back together: no job for a write that never
 * happened, no write whose follow-up is lost. The payload is validated against the kind's schema
 * (`AppError('validation_failed')` with issues) and stored as the schema's output.
 *
 * Dedupe guarantee: concurrent `enqueueJob` calls with the same key never leave two queued/running
 * jobs with that key, provided every such insert goes through this function and the callers'
 * transactions run at READ COMMITTED (PostgreSQL's default, and Karpear's). Callers block on one
 * another for that key until the first transaction ends. The table's dedupe index is not unique, so
 * rows written by other means are not covered. Enqueueing several keys in one transaction, take them in
 * a stable order (PostgreSQL breaks a deadlock by failing one transaction, it does not hang).
 */
export async function enqueueJob<D extends AnyJobDefinition, K extends D['kind']>(
  executor: Executor,
  registry: JobRegistry<D>,
  kind: K,
  payload: JobPayloadInput<D, K>,
  options: EnqueueOptions = {},
): Promise<number> {
  const definition = registry.require(kind);
  const stored = registry.preparePayload(kind, payload);
  const maxAttempts = options.maxAttempts ?? definition.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  if (!Number.isSafeInteger(maxAttempts) || maxAttempts < 1) {
    throw new AppError('internal', `maxAttempts for job ${kind} must be a whole number of at least 1`);
  }
  if (options.runAt && Number.isNaN(options.runAt.getTime())) {
    throw new AppError('internal', `runAt for job ${kind} is not a valid date`);
  }
  const job = { kind, payload: stored, maxAttempts, runAt: options.runAt };
  const { dedupeKey } = options;
  if (dedupeKey === undefined) return insertJob(executor, job);
  if (dedupeKey.length === 0 || dedupeKey.length > MAX_DEDUPE_KEY_LENGTH) {
    throw new AppError(
      'internal',
      `dedupeKey for job ${kind} must be 1 to ${MAX_DEDUPE_KEY_LENGTH} characters`,
    );
  }
  return insertJobUnlessPending(executor, { ...job, dedupeKey });
}
