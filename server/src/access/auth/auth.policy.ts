import { ROLES } from '@karpear/contracts';
// Imported from rules.ts, not the access index: policies.ts loads this file while the policy engine
// is being built, so it must not import anything that imports the engine (an ES module cycle).
import { type PolicyTable, rule } from '../policy/rules.ts';

/**
 * The signed-in user's own account: everyone with any role may read who they are, acknowledge the
 * banner, change their password, prove their second factor again and log out (relation `self`: the record is
 * the actor). Log-in itself is public (no session yet).
 */
export const ACCOUNT_POLICY: PolicyTable = {
  'account.read': [rule(ROLES, 'self')],
  'account.update': [rule(ROLES, 'self')],
  'account.step_up': [rule(ROLES, 'self')],
  'account.logout': [rule(ROLES, 'self')],
};
