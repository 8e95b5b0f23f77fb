/** Authorization: the policy engine, four-eyes approvals and need-to-know grants. */
export { canPerformAction } from './engine.ts';
