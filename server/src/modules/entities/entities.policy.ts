// Imported from rules.ts directly (not access/index.ts): the engine imports this table at start-up.
import { type PolicyTable, rule } from '../../access/policy/rules.ts';

/**
 * Who may look identifiers up (issue 5), the roles that read tips.
 *
 * - `entities.list` (search) and `entities.read` (one identifier's page) are open to hotline operators,
 *   supervisors, analysts and investigators. The relation of `entities.read` scopes *browsing*: the
 *   list shows identifiers linked to records of the viewer's agency (investigators: their unit).
 *   Typing a whole identifier finds it wherever it is held — that is deconfliction.
 * - On an identifier's page every linked record shows who holds it; its reference, status and roles
 *   only when the viewer may read that record (tips.read, cases.read, offenders.read).
 */
const READERS = ['hotline_operator', 'unit_supervisor', 'intel_analyst', 'investigator'] as const;

export const ENTITIES_POLICY: PolicyTable = {
  'entities.list': [rule(READERS, 'any')],
  'entities.read': [
    rule(['hotline_operator', 'unit_supervisor', 'intel_analyst'], 'own_agency'),
    rule(['investigator'], 'own_unit'),
  ],
  /**
   * The link chart (issue 7). Open to the same readers; what each node reveals is decided per record
   * by its own read action (a record the viewer may not read shows only its holder), and the root must
   * be readable.
   */
  'entities.graph': [rule(READERS, 'any')],
  /**
   * Merging duplicate identifiers and undoing a merge (issue 7 §5): the roles that edit entities, on
   * identifiers linked to a record of their agency (investigators: their unit). The resource is the
   * identifier's link held closest to the actor (see entities.merge.ts).
   */
  'entities.merge': [
    rule(['unit_supervisor', 'intel_analyst'], 'own_agency'),
    rule(['investigator'], 'own_unit'),
  ],
};
