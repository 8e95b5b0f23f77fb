/** Authorization: the policy engine, four-eyes approvals and need-to-know grants. */
export { authorize, can, canPerformAction, PolicyEngine, policy } from './engine.ts';
export { type PolicyRule, type PolicyTable, type Relation, type Resource, rule } from './rules.ts';
