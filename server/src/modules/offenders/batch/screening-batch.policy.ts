import type { Role } from '@karpear/contracts';
// Imported from rules.ts directly (not access/index.ts): the engine imports this table at start-up.
import { type PolicyTable, rule } from '../../../access/policy/rules.ts';

/**
 * Batch screening and guest registers (issue 6 items 5 and 6).
 *
 * - Arrivals files are screened by immigration officers (passenger lists), unit supervisors and
 *   intelligence analysts. The result names call references and how fields compared, never the
 *   register's names: immigration still never reads entries.
 * - Accommodation registers come in through the police (investigators, supervisors, analysts) and
 *   immigration (foreigners' registration).
 * - Results and past imports are read within the uploader's agency.
 */
const BATCH_ROLES: readonly Role[] = ['immigration_officer', 'unit_supervisor', 'intel_analyst'];
const GUEST_ROLES: readonly Role[] = [
  'investigator',
  'unit_supervisor',
  'intel_analyst',
  'immigration_officer',
];

export const SCREENING_BATCH_POLICY: PolicyTable = {
  'screening.batch': [rule(BATCH_ROLES, 'any')],
  'screening.batch_read': [rule(BATCH_ROLES, 'own_agency')],
  'screening.guest_import': [rule(GUEST_ROLES, 'any')],
  'screening.guest_read': [rule(GUEST_ROLES, 'own_agency')],
};
