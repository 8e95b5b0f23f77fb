/** The tip SLA escalation (issue 5): the recurring job and its one-shot function (tests, tools). */
export {
  type EscalationDeps,
  type EscalationOutcome,
  escalateSlaBreaches,
  MAX_ESCALATIONS_PER_RUN,
} from './sla.escalation.ts';
export { SLA_ESCALATION_EVERY_MS, slaEscalationJob } from './sla.jobs.ts';
