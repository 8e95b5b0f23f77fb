// Imported from rules.ts directly (not access/index.ts): the engine imports this table at start-up.
import { type PolicyTable, rule } from '../../access/policy/rules.ts';

/**
 * Persons on cases (issue 7 §5). Every rule is checked against a CASE the person is linked to, so
 * these mirror cases.policy.ts:
 *
 * - `persons.list` / `persons.read`: whoever reads the case (supervisors of the agency, investigators of
 *   the unit or on the team, analysts of the agency on normal cases, prosecutors and liaison officers on
 *   the team) — names included, except victims'.
 * - `persons.read_victim`: a victim's names (role `victim_code`) only for the case TEAM's supervisors,
 *   investigators and analysts. Everyone else — liaison officers, prosecutors, other agencies on a
 *   joint case, supervisors not on the team — sees the victim code. Conservative on purpose (SECURITY.md
 *   victims' identities): widen only with a reviewed need.
 * - `persons.attach`, `persons.detach`, `persons.merge`: whoever may edit the case (cases.update).
 */
const SUPERVISOR = ['unit_supervisor'] as const;
const INVESTIGATOR = ['investigator'] as const;
const ANALYST = ['intel_analyst'] as const;

const supervisor = rule(SUPERVISOR, 'own_agency', ['restricted', 'secret']);
const investigatorUnit = rule(INVESTIGATOR, 'own_unit', ['restricted']);
const investigatorTeam = rule(INVESTIGATOR, 'team', ['restricted', 'secret']);
const supervisorTeam = rule(SUPERVISOR, 'team', ['restricted', 'secret']);
const workers = [supervisor, supervisorTeam, investigatorUnit, investigatorTeam];
const readers = [
  ...workers,
  rule(ANALYST, 'own_agency'),
  rule(['prosecutor'], 'team', ['restricted']),
  rule(['liaison_officer'], 'team'),
];

export const PERSONS_POLICY: PolicyTable = {
  'persons.list': readers,
  'persons.read': readers,
  'persons.read_victim': [supervisorTeam, investigatorTeam, rule(ANALYST, 'team')],
  'persons.attach': workers,
  'persons.detach': workers,
  'persons.merge': workers,
};
