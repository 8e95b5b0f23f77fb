import { randomInt } from 'node:crypto';
import type { z } from 'zod';
import type { Clock } from '../clock.ts';
import type { DatabaseHandle } from '../db/index.ts';
import { AppError, type ErrorIssue } from '../errors.ts';
import type { Logger } from '../logger.ts';

/** What a handler receives besides its payload. No ambient state: everything comes through here. */
export interface JobContext {
  readonly db: DatabaseHandle;
  readonly clock: Clock;
  /** Already bound to `jobKind`, `jobId` and `attempt`; never log the payload (it may hold personal data). */
  readonly logger: Logger;
  readonly jobId: number;
  /** 1 for the first run; counts claims, so a run cut short by a dead worker counts too. */
  readonly attempt: number;
  /**
   * Aborted when the job overruns its `timeoutMs` or the worker stops without finishing it. Long
   * handlers (imports, batches) should check it between steps and throw; the job is then retried.
   */
  readonly signal: AbortSignal;
}

/** Exponential back-off: the n-th retry waits between half and all of min(maxMs, baseMs × 2^(n−1)). */
export interface BackoffPolicy {
  baseMs: number;
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { baseMs: 2_000, maxMs: 60 * 60 * 1000 };
/** Matches the table's column default, so a job inserted by hand behaves like one enqueued here. */
export const DEFAULT_MAX_ATTEMPTS = 5;
export const DEFAULT_JOB_TIMEOUT_MS = 10 * 60 * 1000;

/**
 * One kind of background work, declared in its module's `<module>.jobs.ts`.
 * Handlers run at least once and may run twice (a worker that stalls past its lease is replaced), so
 * they must be idempotent. Error messages they throw are stored in `jobs.last_error` and logged: keep
 * personal data out of them.
 */
export interface JobDefinition<K extends string = string, S extends z.ZodType = z.ZodType> {
  /** `module.action`, lower-case, e.g. `tips.sla_breach`; stored in rows, so renaming strands queued jobs. */
  readonly kind: K;
  /** Must be JSON-shaped: its output is stored as JSONB and parsed again before the handler runs. */
  readonly payload: S;
  handle(payload: z.output<S>, ctx: JobContext): Promise<void>;
  /** Runs in total, first one included (default 5); `enqueueJob` may override per job. */
  readonly maxAttempts?: number;
  readonly backoff?: Partial<BackoffPolicy>;
  /** After this the run counts as failed and its `signal` aborts (default 10 minutes). */
  readonly timeoutMs?: number;
  /**
   * Recurring: every `JobWorker` enqueues this kind once per `everyMs` slot (payload `{}`, so the
   * schema must accept an empty object; dedupe key `every:<kind>:<slot start>`), due at the slot's
   * start. Several workers enqueue the same slot at most once while it is pending; a worker that
   * comes late may add a second run in a slot, so the handler must be idempotent (as all are).
   */
  readonly everyMs?: number;
}

export type AnyJobDefinition = JobDefinition<string, z.ZodType>;

/** The payload `enqueueJob` accepts for `kind`: the schema's input type. */
export type JobPayloadInput<D extends AnyJobDefinition, K extends D['kind']> = z.input<
  Extract<D, { kind: K }>['payload']
>;

/** Identity at run time; exists so the handler's payload type is inferred from the zod schema. */
export function defineJob<K extends string, S extends z.ZodType>(
  definition: JobDefinition<K, S>,
): JobDefinition<K, S> {
  return definition;
}

const KIND_PATTERN = /^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$/;

export type StoredPayloadCheck = { ok: true; value: unknown } | { ok: false; reason: string };

/**
 * Every job definition the process knows, built once at start-up. Invariants: each kind has exactly
 * one handler (a duplicate throws here, not at 3 a.m. when the job runs); a payload is validated by
 * its schema both when enqueued and when run, and what is stored is exactly what the handler will get.
 */
export class JobRegistry<D extends AnyJobDefinition = AnyJobDefinition> {
  readonly #byKind = new Map<string, D>();

  constructor(definitions: readonly D[]) {
    for (const definition of definitions) {
      const { kind } = definition;
      if (!KIND_PATTERN.test(kind)) {
        throw new AppError(
          'internal',
          `Job kind "${kind}" must look like module.action (lower-case, e.g. tips.sla_breach)`,
        );
      }
      if (this.#byKind.has(kind)) {
        throw new AppError(
          'internal',
          `Job kind "${kind}" is defined twice; every kind needs exactly one handler`,
        );
      }
      checkPositiveInt(definition.maxAttempts, `maxAttempts of job kind "${kind}"`);
      checkPositiveInt(definition.timeoutMs, `timeoutMs of job kind "${kind}"`);
      checkPositiveInt(definition.everyMs, `everyMs of job kind "${kind}"`);
      checkPositiveInt(definition.backoff?.baseMs, `backoff.baseMs of job kind "${kind}"`);
      checkPositiveInt(definition.backoff?.maxMs, `backoff.maxMs of job kind "${kind}"`);
      this.#byKind.set(kind, definition);
    }
  }

  get kinds(): string[] {
    return [...this.#byKind.keys()];
  }

  /** The recurring definitions (those with `everyMs`), which the worker enqueues on schedule. */
  get recurring(): D[] {
    return [...this.#byKind.values()].filter((d) => d.everyMs !== undefined);
  }

  get(kind: string): D | undefined {
    return this.#byKind.get(kind);
  }

  /** The definition of a kind, or an error: enqueueing a kind nobody handles is a programming error. */
  require(kind: string): D {
    const definition = this.#byKind.get(kind);
    if (!definition) throw new AppError('internal', `Job kind "${kind}" is not registered`);
    return definition;
  }

  /**
   * Validate a payload for enqueueing and return the JSON value to store. Bad input is the caller's
   * `validation_failed`; a schema whose output does not survive JSON (a `Date`, a one-way transform)
   * is a programming error reported now rather than as a dead job later.
   */
  preparePayload(kind: string, payload: unknown): unknown {
    const schema = this.require(kind).payload;
    const parsed = schema.safeParse(payload);
    if (!parsed.success) {
      const issues = toIssues(parsed.error.issues);
      throw new AppError('validation_failed', `The payload of job ${kind} is not valid`, issues);
    }
    const json = parsed.data === undefined ? undefined : JSON.stringify(parsed.data);
    const stored: unknown = json === undefined ? undefined : JSON.parse(json);
    const again = schema.safeParse(stored);
    if (stored === undefined || !again.success) {
      const why = again.success ? 'it is not a JSON value' : describeIssues(again.error.issues);
      throw new AppError(
        'internal',
        `The payload schema of job ${kind} does not survive JSON storage (${why}); use JSON-shaped schemas (ISO date strings, no one-way transforms)`,
      );
    }
    return stored;
  }

  /** Validate a stored payload before running: a row edited by hand or an incompatible schema change. */
  parseStoredPayload(definition: D, stored: unknown): StoredPayloadCheck {
    const parsed = definition.payload.safeParse(stored);
    if (parsed.success) return { ok: true, value: parsed.data };
    return {
      ok: false,
      reason: `The stored payload does not match the schema of job ${definition.kind} (${describeIssues(parsed.error.issues)}); it will not be retried`,
    };
  }
}

/**
 * How long to wait before retry number `attempt` (1 = after the first failure). "Equal jitter": a
 * uniformly random delay in [ceiling/2, ceiling], so workers that failed together do not retry
 * together, and the wait is never longer than the ceiling. `random(n)` returns an integer in [0, n).
 */
export function retryDelayMs(
  attempt: number,
  policy: Partial<BackoffPolicy> = {},
  random: (maxExclusive: number) => number = randomInt,
): number {
  const baseMs = policy.baseMs ?? DEFAULT_BACKOFF.baseMs;
  const maxMs = policy.maxMs ?? DEFAULT_BACKOFF.maxMs;
  const exponent = Math.min(Math.max(attempt - 1, 0), 40);
  const ceiling = Math.floor(Math.min(maxMs, baseMs * 2 ** exponent));
  const half = Math.floor(ceiling / 2);
  return ceiling - half + random(half + 1);
}

function checkPositiveInt(value: number | undefined, what: string): void {
  if (value !== undefined && (!Number.isSafeInteger(value) || value < 1)) {
    throw new AppError('internal', `${what} must be a whole number of at least 1`);
  }
}

function toIssues(issues: readonly z.core.$ZodIssue[]): ErrorIssue[] {
  return issues.map((issue) => ({
    path: ['payload', ...issue.path.map(String)].join('.'),
    message: issue.message,
  }));
}

/** Paths and zod's messages only: zod's default messages name types and limits, never the values. */
function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const shown = toIssues(issues.slice(0, 5)).map((i) => `${i.path}: ${i.message}`);
  if (issues.length > 5) shown.push(`and ${issues.length - 5} more`);
  return shown.join('; ');
}
