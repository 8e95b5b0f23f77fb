import { describe, expect, it } from 'vitest';
import { AppError } from '../platform/errors.ts';
import { AuditGroupWriter } from './audit.group.ts';

/** A database that cannot even open a transaction: the waiting callers are refused, not left hanging. */
describe('AuditGroupWriter without a database', () => {
  it.each([false, true])(
    'refuses every waiting event when the database cannot be reached (pipeline %s)',
    async (pipeline) => {
      let attempts = 0;
      const dead = {
        execute: async () => {
          attempts++;
          throw new Error('connect ECONNREFUSED 127.0.0.1:5432');
        },
      } as unknown as ConstructorParameters<typeof AuditGroupWriter>[0];
      const writer = new AuditGroupWriter(dead, { pipeline, maxEvents: 4 });
      const at = new Date('2026-11-28T08:00:00Z');
      const outcomes = await Promise.allSettled(
        Array.from({ length: 10 }, (_, i) =>
          writer.record({
            at,
            action: 'screening.check',
            objectType: 'screening_check',
            objectId: `c${i}`,
            outcome: 'success',
          }),
        ),
      );
      expect(outcomes.every((o) => o.status === 'rejected')).toBe(true);
      const reason = (outcomes[0] as PromiseRejectedResult).reason;
      expect(reason).toBeInstanceOf(AppError);
      expect(reason.message).toMatch(/audit log could not be written .*'screening\.check'/);
      expect(reason.message).not.toMatch(/ECONNREFUSED/);
      // Groups of at most 4: three attempts for ten events, then it stops (no retry loop).
      expect(attempts).toBe(3);
      expect(writer.stats).toEqual({ groups: 0, events: 0 });
    },
  );
});
