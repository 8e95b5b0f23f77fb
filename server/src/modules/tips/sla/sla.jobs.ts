import { z } from 'zod';
import { defineJob } from '../../../platform/jobs/index.ts';
import { escalateSlaBreaches } from './sla.escalation.ts';

/** How often the SLA escalation runs: a minute late at most, against a 2-hour P1 deadline. */
export const SLA_ESCALATION_EVERY_MS = 60_000;

/**
 * `tips.sla_escalate`: recurring (every worker enqueues it once a minute; see `everyMs`). A failed run
 * is not retried: the next minute's run does the same work.
 */
export const slaEscalationJob = defineJob({
  kind: 'tips.sla_escalate',
  payload: z.object({}),
  everyMs: SLA_ESCALATION_EVERY_MS,
  maxAttempts: 1,
  timeoutMs: 5 * 60_000,
  async handle(_payload, ctx) {
    const outcome = await escalateSlaBreaches({ database: ctx.db, clock: ctx.clock });
    if (outcome.escalated > 0) ctx.logger.info(outcome, 'tip SLA breaches escalated');
  },
});
