// Imported from rules.ts directly (not access/index.ts): the engine imports this table at start-up.
import { type PolicyTable, rule } from '../../access/policy/rules.ts';

/**
 * Who may do what with hotline tips (issue 5).
 *
 * - `hotline_operator` (own agency): the queue, reading, intake, triage, assignment, status changes,
 *   messages to the reporter and the reporter's contact. Not conversion, not legal authority.
 * - `unit_supervisor` (own agency): everything, including conversion to a case and recording the legal
 *   authority that unlocks files the platform did not view.
 * - `investigator` (own unit: the tip's assigned unit): read, status, convert, message, legal
 *   authority. The queue is narrowed to their unit in SQL.
 * - `intel_analyst` (own agency): read only.
 * - `ngo_caseworker` and `liaison_officer` may only hand a tip in (sources ngo / partner /
 *   foreign_hotline, checked by the service); they cannot read it back.
 * - Restricted tips: supervisors and the assigned unit's investigators only; secret: supervisors.
 */
const OPERATOR = ['hotline_operator'] as const;
const SUPERVISOR = ['unit_supervisor'] as const;
const INVESTIGATOR = ['investigator'] as const;
const ANALYST = ['intel_analyst'] as const;

const supervisor = rule(SUPERVISOR, 'own_agency', ['restricted', 'secret']);
const investigator = rule(INVESTIGATOR, 'own_unit', ['restricted']);

export const TIPS_POLICY: PolicyTable = {
  'tips.list': [rule([...OPERATOR, ...SUPERVISOR, ...INVESTIGATOR, ...ANALYST], 'any')],
  'tips.read': [rule(OPERATOR, 'own_agency'), supervisor, investigator, rule(ANALYST, 'own_agency')],
  'tips.create': [
    rule([...OPERATOR, ...SUPERVISOR], 'any'),
    rule(['ngo_caseworker', 'liaison_officer'], 'any'),
  ],
  'tips.triage': [rule(OPERATOR, 'own_agency'), supervisor],
  'tips.assign': [rule(OPERATOR, 'own_agency'), supervisor],
  'tips.update_status': [rule(OPERATOR, 'own_agency'), supervisor, investigator],
  'tips.convert': [supervisor, investigator],
  'tips.message_reporter': [rule(OPERATOR, 'own_agency'), supervisor, investigator],
  'tips.read_reporter_contact': [rule(OPERATOR, 'own_agency'), supervisor],
  'tips.record_legal_authority': [supervisor, investigator],
};

/** The actions offered as `abilities` on a tip. */
export const TIP_ABILITIES = [
  'tips.triage',
  'tips.assign',
  'tips.update_status',
  'tips.convert',
  'tips.message_reporter',
  'tips.read_reporter_contact',
  'tips.record_legal_authority',
] as const;

/** Sources each creating role may record by hand; a role not listed may record any operator source. */
export const CREATE_SOURCES_BY_ROLE: Readonly<Record<string, readonly string[]>> = {
  ngo_caseworker: ['ngo'],
  liaison_officer: ['partner', 'foreign_hotline'],
};
