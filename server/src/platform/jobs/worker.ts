import { randomBytes } from 'node:crypto';
import os from 'node:os';
import { type Clock, systemClock } from '../clock.ts';
import type { DatabaseHandle } from '../db/index.ts';
import type { Logger } from '../logger.ts';
import { type ClaimedJob, claimJobs } from './jobs.repo.ts';
import { enqueueJob } from './queue.ts';
import type { AnyJobDefinition, JobRegistry } from './registry.ts';
import { errorMessage, type RunJobDeps, runClaimedJob } from './run-job.ts';

export interface JobWorkerOptions {
  db: DatabaseHandle;
  registry: JobRegistry<AnyJobDefinition>;
  logger: Logger;
  clock?: Clock;
  /** Idle wait between claims (`config.jobPollMs`); default 1000. */
  pollMs?: number;
  /** Jobs this worker runs at once; default 2. */
  concurrency?: number;
  /** How long a claim lasts without a heartbeat; a dead worker's jobs are re-run after this. Default 60 s. */
  leaseMs?: number;
  /** Unique per worker; default host:pid:random. */
  workerId?: string;
}

/**
 * Runs queued jobs. Guarantees: a job runs at least once; it runs again only after a failure (with
 * back-off, until `max_attempts`) or when the worker holding it stops renewing its lease (crash,
 * stall longer than the lease) — hence handlers must be idempotent. Handler errors, rejections and
 * timeouts are recorded on the job and never escape the worker. A stored payload that fails its
 * schema, an unknown kind, or a claim found past its last attempt goes straight to `dead`.
 */
export class JobWorker {
  readonly id: string;
  readonly #deps: RunJobDeps;
  readonly #logger: Logger;
  readonly #pollMs: number;
  readonly #concurrency: number;
  readonly #running = new Map<Promise<void>, AbortController>();
  #loop: Promise<void> | undefined;
  #stopping = false;
  #wake: (() => void) | undefined;
  /** Per recurring kind, the start (ms) of the last slot this worker enqueued. */
  readonly #lastSlot = new Map<string, number>();

  constructor(options: JobWorkerOptions) {
    this.id = options.workerId ?? `${os.hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
    this.#logger = options.logger;
    this.#pollMs = options.pollMs ?? 1000;
    this.#concurrency = Math.max(1, options.concurrency ?? 2);
    this.#deps = {
      db: options.db,
      registry: options.registry,
      logger: options.logger,
      clock: options.clock ?? systemClock,
      workerId: this.id,
      leaseMs: Math.max(1000, options.leaseMs ?? 60_000),
    };
  }

  /** Start polling in the background. Idempotent. */
  start(): void {
    if (this.#loop) return;
    this.#stopping = false;
    this.#loop = this.#poll();
  }

  /**
   * Stop claiming, then wait up to `timeoutMs` for running jobs. Returns false if some were still
   * running: their signals are aborted and, if they never finish, their leases lapse and another
   * worker runs them again.
   */
  async stop(timeoutMs = 30_000): Promise<boolean> {
    this.#stopping = true;
    this.#wake?.();
    await this.#loop;
    this.#loop = undefined;
    let timer: NodeJS.Timeout | undefined;
    const finished = await Promise.race([
      Promise.allSettled(this.#running.keys()).then(() => true),
      new Promise<boolean>((resolve) => {
        timer = setTimeout(() => resolve(false), timeoutMs);
      }),
    ]);
    clearTimeout(timer);
    if (!finished) {
      for (const controller of this.#running.values()) controller.abort(new Error('The worker is stopping'));
      this.#logger.warn(
        { workerId: this.id, running: this.#running.size },
        'job worker stopped with jobs running',
      );
    }
    return finished;
  }

  /** Claim what is due (up to the free slots) and run it to the end. Returns how many jobs ran. */
  async runOnce(): Promise<number> {
    const jobs = await this.#claim();
    await Promise.all(jobs.map((job) => this.#launch(job)));
    return jobs.length;
  }

  /** Run until nothing is due (for tests and the CLI); `maxJobs` bounds a handler that keeps enqueueing. */
  async drain(maxJobs = 10_000): Promise<number> {
    let total = 0;
    while (total < maxJobs) {
      const ran = await this.runOnce();
      if (ran === 0) break;
      total += ran;
    }
    return total;
  }

  /**
   * Enqueue the recurring kinds (`everyMs`) whose current slot this worker has not enqueued yet; the
   * poll loop calls it before each claim. Returns how many kinds were enqueued (or found pending).
   */
  async enqueueRecurring(): Promise<number> {
    const now = this.#deps.clock.now().getTime();
    let enqueued = 0;
    for (const definition of this.#deps.registry.recurring) {
      const every = definition.everyMs!;
      const slot = now - (now % every);
      if (this.#lastSlot.get(definition.kind) === slot) continue;
      const runAt = new Date(slot);
      await enqueueJob(this.#deps.db.db, this.#deps.registry, definition.kind, {} as never, {
        runAt,
        dedupeKey: `every:${definition.kind}:${runAt.toISOString()}`,
      });
      this.#lastSlot.set(definition.kind, slot);
      enqueued += 1;
    }
    return enqueued;
  }

  async #poll(): Promise<void> {
    while (!this.#stopping) {
      let claimed = 0;
      // Apart from the claim: a recurring kind that cannot be enqueued must not stop the queue.
      await this.enqueueRecurring().catch((err) =>
        this.#logger.error({ workerId: this.id, error: errorMessage(err) }, 'recurring job enqueue failed'),
      );
      try {
        const jobs = await this.#claim();
        claimed = jobs.length;
        for (const job of jobs) void this.#launch(job);
      } catch (err) {
        this.#logger.error({ workerId: this.id, error: errorMessage(err) }, 'job claim failed');
      }
      if (this.#stopping) break;
      if (claimed === 0 || this.#running.size >= this.#concurrency) await this.#sleep(this.#pollMs);
    }
  }

  /** Resolves after `ms`, or earlier when a job finishes (a slot is free) or `stop()` is called. */
  #sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.#wake = done;
    });
  }

  async #claim(): Promise<ClaimedJob[]> {
    const free = this.#concurrency - this.#running.size;
    if (free <= 0) return [];
    const { db, clock, leaseMs } = this.#deps;
    const now = clock.now();
    return claimJobs(db, this.id, now, new Date(now.getTime() + leaseMs), free);
  }

  #launch(job: ClaimedJob): Promise<void> {
    const controller = new AbortController();
    const run: Promise<void> = runClaimedJob(this.#deps, job, controller).finally(() => {
      this.#running.delete(run);
      this.#wake?.();
    });
    this.#running.set(run, controller);
    return run;
  }
}
