// Imported from rules.ts directly (not access/index.ts): the engine imports this table at start-up.
import { type PolicyTable, rule } from '../access/policy/rules.ts';

/**
 * Who may read the audit log: the `auditor` role, and nobody else — not even system administrators,
 * whose own actions the log must hold to account. No action writes to the log through the
 * application: events are appended by the operations they record (`recordAudit`), never by a route.
 */
export const AUDIT_POLICY: PolicyTable = {
  /** Search the events and see the verification status. */
  'audit.read': [rule(['auditor'], 'any')],
  /** Export a filtered CSV. */
  'audit.export': [rule(['auditor'], 'any')],
};
