import { AUDIT_POLICY } from '../../audit/audit.policy.ts';
import { AGENCIES_POLICY } from '../../modules/agencies/agencies.policy.ts';
import { USERS_POLICY } from '../../modules/users/users.policy.ts';
import { ACCOUNT_POLICY } from '../auth/auth.policy.ts';
import { APPROVALS_POLICY } from './approvals.policy.ts';
import type { PolicyTable } from './rules.ts';

/**
 * Every module's policy table, gathered. Adding a module's `<module>.policy.ts` here is the only
 * wiring it needs; an action declared twice stops start-up.
 */
export const ALL_POLICIES: readonly PolicyTable[] = [
  AGENCIES_POLICY,
  APPROVALS_POLICY,
  USERS_POLICY,
  ACCOUNT_POLICY,
  AUDIT_POLICY,
];
