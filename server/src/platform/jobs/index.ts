/**
 * Durable background jobs: modules declare `defineJob(...)` in `<module>.jobs.ts`, the server builds one
 * `JobRegistry` from all of them at start-up, business code calls `enqueueJob(tx, ...)` inside its
 * transaction, and `JobWorker` runs what is due. See each export for its guarantees.
 */

export { jobs } from './jobs.tables.ts';
export { type EnqueueOptions, enqueueJob } from './queue.ts';
export {
  type AnyJobDefinition,
  type BackoffPolicy,
  DEFAULT_BACKOFF,
  DEFAULT_JOB_TIMEOUT_MS,
  DEFAULT_MAX_ATTEMPTS,
  defineJob,
  type JobContext,
  type JobDefinition,
  type JobPayloadInput,
  JobRegistry,
  retryDelayMs,
} from './registry.ts';
export { MAX_ERROR_LENGTH } from './run-job.ts';
export { JobWorker, type JobWorkerOptions } from './worker.ts';
