import { ROLES } from '@karpear/contracts';
// Imported from rules.ts directly (not access/index.ts): the engine imports this table at start-up.
import { type PolicyTable, rule } from '../../access/policy/rules.ts';

/**
 * Who may see and acknowledge alerts. Every signed-in role receives alerts, so every role may list its
 * own (the list is narrowed in SQL to alerts addressed to the caller or to the caller's unit) and
 * acknowledge one addressed to them (`self`) or to their unit (`own_unit`). Nobody reads anyone else's
 * alerts — not even administrators: an alert points at a record the administrator may not see.
 */
export const ALERTS_POLICY: PolicyTable = {
  'alerts.list': [rule(ROLES, 'any')],
  'alerts.acknowledge': [rule(ROLES, 'self'), rule(ROLES, 'own_unit')],
};
