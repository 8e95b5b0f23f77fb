// Imported from rules.ts directly (not access/index.ts): the engine imports this table at start-up.
import { type PolicyTable, rule } from '../../access/policy/rules.ts';

/**
 * User administration. An agency administrator manages the users of their own agency only (another
 * agency's user answers 404, like a missing one) and cannot grant `system_admin` nor touch a user who
 * holds it; a system administrator manages everyone. `users.list` is route-level; the list is
 * narrowed in SQL to what `users.read` allows (`relationsFor`).
 */
const ADMINS = [rule(['agency_admin'], 'own_agency'), rule(['system_admin'], 'any')];

export const USERS_POLICY: PolicyTable = {
  'users.list': [rule(['agency_admin', 'system_admin'], 'any')],
  'users.read': ADMINS,
  'users.create': ADMINS,
  'users.update': ADMINS,
  'users.unlock': ADMINS,
  'users.reset': ADMINS,
};
