import { AUDIT_POLICY } from '../../audit/audit.policy.ts';
import { AGENCIES_POLICY } from '../../modules/agencies/agencies.policy.ts';
import { ALERTS_POLICY } from '../../modules/alerts/alerts.policy.ts';
import { CASES_POLICY } from '../../modules/cases/cases.policy.ts';
import { ENTITIES_POLICY } from '../../modules/entities/entities.policy.ts';
import { PERSONS_POLICY } from '../../modules/entities/persons.policy.ts';
import { SCREENING_BATCH_POLICY } from '../../modules/offenders/batch/screening-batch.policy.ts';
import { OFFENDERS_POLICY } from '../../modules/offenders/offenders.policy.ts';
import { TIP_IMPORT_POLICY } from '../../modules/tips/import/import.policy.ts';
import { TIPS_POLICY } from '../../modules/tips/tips.policy.ts';
import { UNIT_MEMBERS_POLICY } from '../../modules/users/users.members.policy.ts';
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
  ALERTS_POLICY,
  APPROVALS_POLICY,
  USERS_POLICY,
  UNIT_MEMBERS_POLICY,
  ACCOUNT_POLICY,
  AUDIT_POLICY,
  TIPS_POLICY,
  TIP_IMPORT_POLICY,
  CASES_POLICY,
  ENTITIES_POLICY,
  PERSONS_POLICY,
  OFFENDERS_POLICY,
  SCREENING_BATCH_POLICY,
];
