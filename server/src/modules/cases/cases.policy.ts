// Imported from rules.ts directly (not access/index.ts): the engine imports this table at start-up.
import { type PolicyTable, rule } from '../../access/policy/rules.ts';

/**
 * Who may do what with cases (issue 7).
 *
 * - `unit_supervisor` (own agency, every handling code): everything, including approving plans (not
 *   their own: the service checks the author) and the supervisor view.
 * - `investigator`: the cases of their own unit (normal, restricted) and any case whose team they are
 *   on (also secret): read, edit, status, team, notes, plan drafts, tasks.
 * - `intel_analyst` (own agency, normal only): read and the plan; notes when on the team.
 * - `prosecutor` and `liaison_officer` (team only, any agency: joint cases): a *limited* read — header,
 *   team, timeline, tips, tasks — never notes, the investigation plan or victim entities
 *   (`cases.read_full` is what opens those; they hold no rule for it).
 * `cases.read` keeps its role for tips' related records (resource without a team there).
 */
const SUPERVISOR = ['unit_supervisor'] as const;
const INVESTIGATOR = ['investigator'] as const;
const ANALYST = ['intel_analyst'] as const;

const supervisor = rule(SUPERVISOR, 'own_agency', ['restricted', 'secret']);
const investigatorUnit = rule(INVESTIGATOR, 'own_unit', ['restricted']);
const investigatorTeam = rule(INVESTIGATOR, 'team', ['restricted', 'secret']);
const supervisorTeam = rule(SUPERVISOR, 'team', ['restricted', 'secret']);
const workers = [supervisor, supervisorTeam, investigatorUnit, investigatorTeam];

export const CASES_POLICY: PolicyTable = {
  'cases.list': [rule([...SUPERVISOR, ...INVESTIGATOR, ...ANALYST, 'prosecutor', 'liaison_officer'], 'any')],
  'cases.read': [
    ...workers,
    rule(ANALYST, 'own_agency'),
    rule(['prosecutor'], 'team', ['restricted']),
    rule(['liaison_officer'], 'team'),
  ],
  /** Notes, the plan, victim entities: not for prosecutors and liaison officers. */
  'cases.read_full': [...workers, rule(ANALYST, 'own_agency')],
  'cases.create': [rule([...SUPERVISOR, ...INVESTIGATOR], 'any')],
  'cases.update': workers,
  'cases.change_status': workers,
  'cases.manage_team': workers,
  'cases.add_note': [...workers, rule(ANALYST, 'team')],
  'cases.plans.read': [...workers, rule(ANALYST, 'own_agency')],
  'cases.plans.edit': workers,
  'cases.plans.decide': [supervisor],
  'cases.tasks.create': workers,
  'cases.tasks.update': workers,
  'cases.my_work': [
    rule(
      [...SUPERVISOR, ...INVESTIGATOR, ...ANALYST, 'prosecutor', 'liaison_officer', 'hotline_operator'],
      'any',
    ),
  ],
  'cases.supervisor_view': [rule(SUPERVISOR, 'any')],
};

/** The actions offered as `abilities` on a case. */
export const CASE_ABILITIES = [
  'cases.read_full',
  'cases.update',
  'cases.change_status',
  'cases.manage_team',
  'cases.add_note',
  'cases.plans.read',
  'cases.plans.edit',
  'cases.plans.decide',
  'cases.tasks.create',
  'cases.tasks.update',
] as const;
