// Imported from rules.ts directly (not access/index.ts): the engine imports this table at start-up.
import { type PolicyTable, rule } from '../../../access/policy/rules.ts';

/**
 * CyberTipline imports (issue 5). Imported reports become tips of the intake agency, so importing and
 * following an import's progress belong to that agency's hotline operators, intelligence analysts and
 * unit supervisors (`own_agency`: the import's agency is the intake agency). An upload's results name
 * files and element paths only, no report content.
 */
const IMPORTERS = ['hotline_operator', 'intel_analyst', 'unit_supervisor'] as const;

export const TIP_IMPORT_POLICY: PolicyTable = {
  'tips.import': [rule(IMPORTERS, 'own_agency')],
  'tips.read_import': [rule(IMPORTERS, 'own_agency')],
};
