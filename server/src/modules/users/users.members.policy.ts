// Imported from rules.ts directly (not access/index.ts): the engine imports this table at start-up.
import { type PolicyTable, rule } from '../../access/policy/rules.ts';

/**
 * A unit's members (id, display name, roles) for choosing assignees and case-team members: those who
 * assign tips (operators, supervisors) or manage case teams (supervisors, investigators), in the unit's
 * own agency. No e-mail or other personal data.
 */
export const UNIT_MEMBERS_POLICY: PolicyTable = {
  'users.unit_members': [rule(['hotline_operator', 'unit_supervisor', 'investigator'], 'own_agency')],
  // Case-team managers (cases.manage_team) pick a prosecutor or liaison officer of another agency.
  'users.joint_partners': [rule(['unit_supervisor', 'investigator'], 'any')],
};
