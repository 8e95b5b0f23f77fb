import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Executor } from '../db/index.ts';
import { AppError } from '../errors.ts';
import { enqueueJob } from './queue.ts';
import { defineJob, JobRegistry, retryDelayMs } from './registry.ts';
import { errorMessage, MAX_ERROR_LENGTH } from './run-job.ts';

const notify = defineJob({
  kind: 'tips.notify_triage',
  payload: z.object({ tipId: z.uuid(), urgent: z.boolean().default(false) }),
  handle: async () => {},
});
const sweep = defineJob({ kind: 'cases.sweep', payload: z.object({}), handle: async () => {} });
const tipId = '7f1c8a52-3c1e-4a7e-9a53-0c1b0f2d9e11';

describe('JobRegistry', () => {
  it('refuses a kind defined twice, at start-up', () => {
    const twin = defineJob({ kind: 'tips.notify_triage', payload: z.object({}), handle: async () => {} });
    expect(() => new JobRegistry([notify, sweep, twin])).toThrow(/"tips.notify_triage" is defined twice/);
  });

  it('refuses kinds that are not module.action and nonsense limits', () => {
    expect(() => new JobRegistry([{ ...sweep, kind: 'Sweep' }])).toThrow(/must look like module.action/);
    expect(() => new JobRegistry([{ ...sweep, maxAttempts: 0 }])).toThrow(/maxAttempts .* at least 1/);
    expect(() => new JobRegistry([{ ...sweep, backoff: { baseMs: -1 } }])).toThrow(/backoff.baseMs/);
  });

  it('lists the recurring kinds (everyMs) and refuses a nonsense interval', () => {
    const every = { ...sweep, kind: 'cases.every_minute', everyMs: 60_000 };
    expect(new JobRegistry([notify, sweep, every]).recurring).toEqual([every]);
    expect(() => new JobRegistry([{ ...sweep, everyMs: 0 }])).toThrow(/everyMs .* at least 1/);
  });

  it('lists kinds and finds definitions', () => {
    const registry = new JobRegistry([notify, sweep]);
    expect(registry.kinds).toEqual(['tips.notify_triage', 'cases.sweep']);
    expect(registry.get('cases.sweep')).toBe(sweep);
    expect(registry.get('cases.nope')).toBeUndefined();
    expect(() => registry.require('cases.nope')).toThrow(/"cases.nope" is not registered/);
  });

  it('validates a payload on enqueue and stores the schema output', () => {
    const registry = new JobRegistry([notify]);
    expect(registry.preparePayload('tips.notify_triage', { tipId })).toEqual({ tipId, urgent: false });
    // Unknown keys are stripped: nothing beyond the schema reaches the table.
    expect(registry.preparePayload('tips.notify_triage', { tipId, name: 'x' })).toEqual({
      tipId,
      urgent: false,
    });
    const error = captureError(() =>
      registry.preparePayload('tips.notify_triage', { tipId: 'nope', urgent: 1 }),
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('validation_failed');
    expect((error as AppError).issues.map((i) => i.path)).toEqual(['payload.tipId', 'payload.urgent']);
  });

  it('refuses a schema whose output does not survive JSON storage', () => {
    const dated = defineJob({
      kind: 'tips.remind',
      payload: z.object({ at: z.date() }),
      handle: async () => {},
    });
    const registry = new JobRegistry([dated]);
    expect(() => registry.preparePayload('tips.remind', { at: new Date() })).toThrow(
      /does not survive JSON storage/,
    );
  });

  it('reports a stored payload that no longer matches, with paths but not values', () => {
    const registry = new JobRegistry([notify]);
    const check = registry.parseStoredPayload(notify, { tipId: 'Sok Dara' });
    expect(check.ok).toBe(false);
    if (!check.ok) {
      expect(check.reason).toMatch(/payload.tipId: .*will not be retried/);
      expect(check.reason).not.toContain('Sok Dara');
    }
    expect(registry.parseStoredPayload(notify, { tipId })).toEqual({
      ok: true,
      value: { tipId, urgent: false },
    });
  });
});

describe('retryDelayMs', () => {
  const lowest = () => 0;
  const highest = (n: number) => n - 1;

  it('doubles from 2 s with equal jitter, capped at one hour', () => {
    expect([1, 2, 3].map((a) => retryDelayMs(a, {}, highest))).toEqual([2_000, 4_000, 8_000]);
    expect([1, 2, 3].map((a) => retryDelayMs(a, {}, lowest))).toEqual([1_000, 2_000, 4_000]);
    expect(retryDelayMs(30, {}, highest)).toBe(3_600_000);
    expect(retryDelayMs(10_000, {}, lowest)).toBe(1_800_000);
    expect(retryDelayMs(2, { baseMs: 100, maxMs: 150 }, highest)).toBe(150);
  });

  it('uses crypto randomness within the bounds', () => {
    const delays = Array.from({ length: 200 }, () => retryDelayMs(3));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(4_000);
    expect(Math.max(...delays)).toBeLessThanOrEqual(8_000);
    expect(new Set(delays).size).toBeGreaterThan(1);
  });
});

describe('errorMessage', () => {
  it('keeps the message only, bounded', () => {
    expect(errorMessage(new Error('boom'))).toBe('boom');
    expect(errorMessage(new TypeError('bad'))).toBe('TypeError: bad');
    expect(errorMessage('plain')).toBe('plain');
    expect(errorMessage(new Error('x'.repeat(5000)))).toHaveLength(MAX_ERROR_LENGTH);
  });
});

// Never called: these lines are checked by `tsc`, so a wrong kind or payload fails the build.
export function enqueueIsTyped(tx: Executor) {
  const registry = new JobRegistry([notify, sweep]);
  void enqueueJob(tx, registry, 'tips.notify_triage', { tipId });
  void enqueueJob(tx, registry, 'cases.sweep', {});
  // @ts-expect-error: not a registered kind
  void enqueueJob(tx, registry, 'tips.nope', {});
  // @ts-expect-error: tipId is required
  void enqueueJob(tx, registry, 'tips.notify_triage', { urgent: true });
  defineJob({
    kind: 'tips.typed',
    payload: z.object({ n: z.number() }),
    handle: async (payload) => {
      // @ts-expect-error: payload.n is a number
      payload.n.toUpperCase();
    },
  });
}

function captureError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (err) {
    return err;
  }
  return undefined;
}
