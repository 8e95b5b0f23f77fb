import type { Role } from '@karpear/contracts';
import { type PolicyTable, rule } from './rules.ts';

/**
 * The roles that may ever decide a four-eyes request: register activation (supervisors, prosecutors),
 * victim identity disclosure (victim support, supervisors), evidence release (custodians, supervisors,
 * prosecutors), international sharing (supervisors, analysts) and administration (admins). Who
 * decides *which* kind is each kind's own rule set (`defineApprovalKind`), which must stay inside this
 * list: a kind naming another role fails at start-up, so widening the route is a reviewed change here.
 */
export const APPROVER_ROLES: readonly Role[] = [
  'unit_supervisor',
  'intel_analyst',
  'evidence_custodian',
  'victim_support_officer',
  'prosecutor',
  // NCCT coordinators approve offender register entries nationally (register_entry.activate).
  'ncct_coordinator',
  'agency_admin',
  'system_admin',
];

/** Route-level actions of the approvals routes; the per-kind rules decide on each request. */
export const APPROVALS_POLICY: PolicyTable = {
  'approvals.list': [rule(APPROVER_ROLES, 'any')],
  'approvals.decide': [rule(APPROVER_ROLES, 'any')],
};
