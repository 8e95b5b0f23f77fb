import { defineApprovalKind, rule } from '../../access/index.ts';

/**
 * Four eyes on the register: an entry becomes active (and starts matching at the border) only when a
 * second authorised person approves the request — a supervisor of the entry's agency, or an NCCT
 * coordinator — with a written justification. Defined once, when the module is loaded.
 */
export const REGISTER_ACTIVATION_KIND = 'register_entry.activate';
export const REGISTER_RECORD_TYPE = 'register_entry';

defineApprovalKind({
  kind: REGISTER_ACTIVATION_KIND,
  description: 'Activate an offender register entry (it starts matching at border and guest screening)',
  approvers: [rule(['unit_supervisor'], 'own_agency'), rule(['ncct_coordinator'], 'any')],
  minJustification: 20,
});
