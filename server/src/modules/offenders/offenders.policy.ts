import type { Role } from '@karpear/contracts';
// Imported from rules.ts directly (not access/index.ts): the engine imports this table at start-up.
import { type PolicyTable, rule } from '../../access/policy/rules.ts';

/**
 * Who may do what with the offender register, travel notifications and the border check (issue 6).
 *
 * - The register is held by the specialist unit: its investigators and supervisors propose and edit
 *   entries of their own agency (the service also requires the actor's unit to be a specialist unit).
 * - An entry becomes active only with a second person's approval (`register_entry.activate`, defined
 *   in offenders.approval.ts): a supervisor of the entry's agency or an NCCT coordinator, never the
 *   person who asked.
 * - Intelligence analysts, prosecutors and NCCT coordinators read the register of every agency.
 * - Immigration officers never read entries: they get the border-check answer only (no hit, or a hit
 *   with the instructions to follow), and so do supervisors at their desks.
 * - Travel notifications come in from a foreign partner's liaison officer (or are typed in by the
 *   unit when one arrives by other means) and are read by the unit.
 * - `*.list` actions are route-level; the list is narrowed in SQL by the matching `*.read` relations.
 */
const PROPOSERS: readonly Role[] = ['investigator', 'unit_supervisor'];
const NATIONAL_READERS: readonly Role[] = ['intel_analyst', 'prosecutor', 'ncct_coordinator'];
const UNIT_STAFF: readonly Role[] = ['investigator', 'unit_supervisor', 'intel_analyst'];

export const OFFENDERS_POLICY: PolicyTable = {
  'offenders.list': [rule([...PROPOSERS, ...NATIONAL_READERS], 'any')],
  'offenders.read': [rule(PROPOSERS, 'own_agency'), rule(NATIONAL_READERS, 'any')],
  'offenders.create': [rule(PROPOSERS, 'own_unit')],
  'offenders.update': [rule(PROPOSERS, 'own_agency')],
  'offenders.request_activation': [rule(PROPOSERS, 'own_agency')],
  // Mirrors the approvers of the `register_entry.activate` kind (the kind's rules decide in the end).
  'offenders.decide_activation': [rule(['unit_supervisor'], 'own_agency'), rule(['ncct_coordinator'], 'any')],
  'offenders.expire': [rule(['unit_supervisor'], 'own_agency')],
  'offenders.remove': [rule(['unit_supervisor'], 'own_agency')],

  'offenders.travel_create': [rule(['liaison_officer'], 'any'), rule(PROPOSERS, 'own_agency')],
  'offenders.travel_list': [rule(UNIT_STAFF, 'any')],
  'offenders.travel_read': [rule(UNIT_STAFF, 'own_agency')],

  'screening.check': [rule(['immigration_officer', 'unit_supervisor'], 'any')],
};

/** The actions offered as `abilities` on a register entry. */
export const ENTRY_ABILITIES = [
  'offenders.update',
  'offenders.request_activation',
  'offenders.decide_activation',
  'offenders.expire',
  'offenders.remove',
] as const;
