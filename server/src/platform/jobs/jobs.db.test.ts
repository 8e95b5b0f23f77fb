import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createTestDatabase } from '../../../test/db.ts';
import { ManualClock } from '../clock.ts';
import type { DatabaseHandle } from '../db/index.ts';
import { createLogger } from '../logger.ts';
import { enqueueJob } from './queue.ts';
import { defineJob, JobRegistry } from './registry.ts';
import { JobWorker, type JobWorkerOptions } from './worker.ts';

type Row = {
  id: number;
  kind: string;
  status: string;
  attempts: number;
  run_at: Date;
  last_error: string | null;
  locked_by: string | null;
  finished_at: Date | null;
};

/** What each handler saw, and how it should behave; reset before every test. */
let calls: { id: number; attempt: number; n: number }[] = [];
let failuresLeft = 0;
let failWith = 'boom';
/** Runs inside the echo handler, e.g. to act as another worker while this one is busy. */
let during: (() => Promise<unknown>) | undefined;

const echo = defineJob({
  kind: 'test.echo',
  payload: z.object({ n: z.number().int() }),
  handle: async (payload, ctx) => {
    calls.push({ id: ctx.jobId, attempt: ctx.attempt, n: payload.n });
    await new Promise((resolve) => setImmediate(resolve)); // let other workers interleave
    await during?.();
    if (failuresLeft > 0) {
      failuresLeft -= 1;
      throw new Error(failWith);
    }
  },
});
const slow = defineJob({
  kind: 'test.slow',
  payload: z.object({ ms: z.number() }),
  timeoutMs: 200,
  handle: async ({ ms }, ctx) => {
    calls.push({ id: ctx.jobId, attempt: ctx.attempt, n: ms });
    await new Promise((resolve) => setTimeout(resolve, ms));
  },
});
const registry = new JobRegistry([echo, slow]);
const logger = createLogger('silent');

let handle: DatabaseHandle;
const clock = new ManualClock();
const workers: JobWorker[] = [];

function worker(options: Partial<JobWorkerOptions> = {}): JobWorker {
  const w = new JobWorker({ db: handle, registry, logger, clock, pollMs: 20, ...options });
  workers.push(w);
  return w;
}

async function rows(): Promise<Row[]> {
  const result = await handle.query<Row>('SELECT * FROM jobs ORDER BY id');
  return result.map((r) => ({ ...r, id: Number(r.id) }));
}

async function insertRaw(kind: string, payload: unknown, extra = ''): Promise<number> {
  const [row] = await handle.query<{ id: number }>(
    `INSERT INTO jobs (kind, payload) VALUES ($1, $2::jsonb) RETURNING id`,
    [kind, JSON.stringify(payload)],
  );
  if (extra) await handle.query(`UPDATE jobs SET ${extra} WHERE id = $1`, [row!.id]);
  return Number(row!.id);
}

beforeAll(async () => {
  handle = await createTestDatabase();
});
afterAll(async () => {
  await handle?.close();
});
beforeEach(() => {
  calls = [];
  failuresLeft = 0;
  failWith = 'boom';
  during = undefined;
  // Jobs enqueued without runAt are due at the database's now(); keep the manual clock just past it.
  clock.set(new Date(Date.now() + 1000));
});
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.stop(2_000)));
  await handle.query('DELETE FROM jobs');
});

describe('jobs', () => {
  it('enqueue a job and run it once', async () => {
    const id = await enqueueJob(handle.db, registry, 'test.echo', { n: 7 });
    expect(await worker().drain()).toBe(1);
    expect(calls).toEqual([{ id, attempt: 1, n: 7 }]);
    const [row] = await rows();
    expect(row).toMatchObject({ id, status: 'done', attempts: 1, last_error: null });
    expect(row!.finished_at).toEqual(clock.now());
  });

  it('refuse an invalid payload or unknown kind on enqueue, adding nothing', async () => {
    await expect(enqueueJob(handle.db, registry, 'test.echo', { n: 1.5 })).rejects.toMatchObject({
      code: 'validation_failed',
      issues: [{ path: 'payload.n' }],
    });
    await expect(enqueueJob(handle.db, registry, 'test.nope' as 'test.echo', { n: 1 })).rejects.toThrow(
      /not registered/,
    );
    expect(await rows()).toEqual([]);
  });

  it('dedupe: a pending key adds nothing and returns the existing id; a finished key is free again', async () => {
    const first = await enqueueJob(handle.db, registry, 'test.echo', { n: 1 }, { dedupeKey: 'k1' });
    const again = await enqueueJob(handle.db, registry, 'test.echo', { n: 2 }, { dedupeKey: 'k1' });
    const other = await enqueueJob(handle.db, registry, 'test.echo', { n: 3 }, { dedupeKey: 'k2' });
    expect(again).toBe(first);
    expect(other).not.toBe(first);
    const racing = await Promise.all(
      Array.from({ length: 8 }, (_, n) =>
        handle.db.transaction((tx) => enqueueJob(tx, registry, 'test.echo', { n }, { dedupeKey: 'k3' })),
      ),
    );
    expect(new Set(racing).size).toBe(1);
    expect((await rows()).length).toBe(3);
    await worker().drain();
    const later = await enqueueJob(handle.db, registry, 'test.echo', { n: 4 }, { dedupeKey: 'k1' });
    expect(later).not.toBe(first);
  });

  it('retry a failed job with exponential back-off, then succeed', async () => {
    failuresLeft = 2;
    failWith = 'upstream unavailable';
    const id = await enqueueJob(handle.db, registry, 'test.echo', { n: 1 });
    const w = worker();
    expect(await w.drain()).toBe(1);
    let [row] = await rows();
    expect(row).toMatchObject({
      status: 'queued',
      attempts: 1,
      last_error: 'upstream unavailable',
      locked_by: null,
    });
    const wait1 = row!.run_at.getTime() - clock.now().getTime();
    expect(wait1).toBeGreaterThanOrEqual(1_000);
    expect(wait1).toBeLessThanOrEqual(2_000);
    expect(await w.drain()).toBe(0); // not due yet
    clock.advance(wait1);
    expect(await w.drain()).toBe(1);
    [row] = await rows();
    const wait2 = row!.run_at.getTime() - clock.now().getTime();
    expect(wait2).toBeGreaterThanOrEqual(2_000);
    expect(wait2).toBeLessThanOrEqual(4_000);
    clock.advance(wait2);
    expect(await w.drain()).toBe(1);
    expect(await rows()).toMatchObject([{ id, status: 'done', attempts: 3 }]);
    expect(calls.map((c) => c.attempt)).toEqual([1, 2, 3]);
  });

  it('bury a job after max attempts, with a bounded error message', async () => {
    failuresLeft = 99;
    failWith = 'x'.repeat(5_000);
    await enqueueJob(handle.db, registry, 'test.echo', { n: 1 }, { maxAttempts: 2 });
    const w = worker();
    await w.drain();
    clock.advance(60 * 60 * 1000);
    await w.drain();
    clock.advance(60 * 60 * 1000);
    expect(await w.drain()).toBe(0);
    const [row] = await rows();
    expect(row).toMatchObject({ status: 'dead', attempts: 2 });
    expect(row!.last_error).toHaveLength(2_000);
    expect(row!.finished_at).not.toBeNull();
    expect(calls).toHaveLength(2);
  });

  it('bury a job whose stored payload fails its schema, or whose kind is unknown, without running it', async () => {
    await insertRaw('test.echo', { n: 'Sok Dara' });
    await insertRaw('test.gone', {});
    await worker().drain();
    const [bad, unknown] = await rows();
    expect(bad).toMatchObject({ status: 'dead', attempts: 1 });
    expect(bad!.last_error).toMatch(/does not match the schema of job test.echo \(payload.n: .*\)/);
    expect(bad!.last_error).not.toContain('Sok Dara');
    expect(unknown).toMatchObject({ status: 'dead', attempts: 1 });
    expect(unknown!.last_error).toMatch(/Unknown job kind "test.gone"/);
    expect(calls).toEqual([]);
  });

  it('re-claim a job whose worker died (lease expired), but not one whose lease is live', async () => {
    const past = new Date(clock.now().getTime() - 1000).toISOString();
    const future = new Date(clock.now().getTime() + 60_000).toISOString();
    const orphan = await insertRaw(
      'test.echo',
      { n: 1 },
      `status='running', attempts=1, locked_by='dead', locked_until='${past}'`,
    );
    const held = await insertRaw(
      'test.echo',
      { n: 2 },
      `status='running', attempts=1, locked_by='alive', locked_until='${future}'`,
    );
    const w = worker();
    expect(await w.drain()).toBe(1);
    const [a, b] = await rows();
    expect(a).toMatchObject({ id: orphan, status: 'done', attempts: 2, locked_by: w.id });
    expect(b).toMatchObject({ id: held, status: 'running', locked_by: 'alive' });
    // A job whose last attempt died with its worker is buried, not run a sixth time.
    await handle.query(`UPDATE jobs SET attempts = 5, locked_until = $1 WHERE id = $2`, [past, held]);
    await w.drain();
    expect((await rows())[1]).toMatchObject({
      status: 'dead',
      attempts: 6,
      last_error: expect.stringMatching(/lease expired/),
    });
  });

  it('discard the outcome of a worker whose claim was taken over meanwhile', async () => {
    const id = await enqueueJob(handle.db, registry, 'test.echo', { n: 1 });
    during = () =>
      handle.query(`UPDATE jobs SET locked_by = 'other', attempts = attempts + 1 WHERE id = $1`, [id]);
    await worker().drain();
    expect(await rows()).toMatchObject([{ id, status: 'running', locked_by: 'other', attempts: 2 }]);
  });

  it('two workers draining the same 50 jobs run each exactly once', async () => {
    await handle.db.transaction(async (tx) => {
      for (let n = 0; n < 50; n++) await enqueueJob(tx, registry, 'test.echo', { n });
    });
    const [a, b] = [worker({ concurrency: 3 }), worker({ concurrency: 3 })];
    const [ranA, ranB] = await Promise.all([a.drain(), b.drain()]);
    expect(ranA + ranB).toBe(50);
    expect(calls).toHaveLength(50);
    expect(new Set(calls.map((c) => c.id)).size).toBe(50);
    expect((await rows()).every((r) => r.status === 'done' && r.attempts === 1)).toBe(true);
  });

  it('enqueue inside a transaction: rolled back with it, committed with it', async () => {
    await expect(
      handle.db.transaction(async (tx) => {
        await enqueueJob(tx, registry, 'test.echo', { n: 1 }, { dedupeKey: 'tx' });
        throw new Error('business write failed');
      }),
    ).rejects.toThrow('business write failed');
    expect(await rows()).toEqual([]);
    await handle.db.transaction((tx) => enqueueJob(tx, registry, 'test.echo', { n: 2 }));
    expect(await rows()).toHaveLength(1);
  });

  it('fail a job that overruns its timeout and retry it later', async () => {
    await enqueueJob(handle.db, registry, 'test.slow', { ms: 400 });
    await worker().drain();
    expect(await rows()).toMatchObject([
      { status: 'queued', attempts: 1, last_error: 'Timed out after 200 ms' },
    ]);
  });

  it('poll in the background; stop waits for the running job', async () => {
    const w = worker();
    w.start();
    await enqueueJob(handle.db, registry, 'test.slow', { ms: 100 });
    await until(() => calls.length === 1);
    expect(await w.stop()).toBe(true);
    expect(await rows()).toMatchObject([{ status: 'done' }]);
  });
});

async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
