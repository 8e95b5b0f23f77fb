import { ROLES } from '@karpear/contracts';
// Imported from rules.ts directly (not access/index.ts): the engine imports this table at start-up.
import { type PolicyTable, rule } from '../../access/policy/rules.ts';

/**
 * Who may do what with agencies and units.
 *
 * - Every signed-in role may read **its own agency** and that agency's units (names, codes, type):
 *   the web app shows them and offers the units for assignment. Nothing about other organisations.
 * - `system_admin` reads and administers every agency and unit (it creates organisations); it sees no
 *   case content because these records carry none.
 * - `agency_admin` creates and renames units of its own agency only; agencies themselves are the
 *   system administrator's.
 * - `agencies.list` is a route-level action (everyone); the list is narrowed in SQL to what
 *   `agencies.read` allows (`relationsFor`): all agencies for `any`, the actor's own for `own_agency`.
 */
export const AGENCIES_POLICY: PolicyTable = {
  'agencies.list': [rule(ROLES, 'any')],
  'agencies.read': [rule(ROLES, 'own_agency'), rule(['system_admin'], 'any')],
  'agencies.create': [rule(['system_admin'], 'any')],
  'agencies.update': [rule(['system_admin'], 'any')],
  'agencies.list_units': [rule(ROLES, 'own_agency'), rule(['system_admin'], 'any')],
  'agencies.create_unit': [rule(['system_admin'], 'any'), rule(['agency_admin'], 'own_agency')],
  'agencies.update_unit': [rule(['system_admin'], 'any'), rule(['agency_admin'], 'own_agency')],
};

/** The actions offered as `abilities` on an agency and on a unit. */
export const AGENCY_ABILITIES = ['agencies.update', 'agencies.list_units', 'agencies.create_unit'] as const;
export const UNIT_ABILITIES = ['agencies.update_unit'] as const;
