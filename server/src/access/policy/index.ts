/** Authorization: the policy engine, four-eyes approvals and need-to-know grants. */
export {
  type ApprovalKind,
  type ApprovalKindInput,
  approvalKind,
  approvalKinds,
  defineApprovalKind,
} from './approval-kinds.ts';
export { APPROVER_ROLES } from './approvals.policy.ts';
export { approvalsRoutes } from './approvals.routes.ts';
export {
  type ApprovalRequest,
  type ApprovalRow,
  type Decision,
  decideApproval,
  findApproval,
  isApproved,
  listDecidableApprovals,
  requestApproval,
  withdrawApproval,
} from './approvals.ts';
export {
  abilities,
  authorize,
  can,
  canPerformAction,
  PolicyEngine,
  policy,
  relationsFor,
  rulesAllow,
} from './engine.ts';
export {
  currentGrantsOn,
  findGrant,
  type GrantInput,
  type GrantRow,
  grantAccess,
  grantedActions,
  revokeGrant,
} from './grants.ts';
export {
  HANDLING_CODES,
  type HandlingCode,
  type PolicyRule,
  type PolicyTable,
  type Relation,
  type Resource,
  rule,
} from './rules.ts';
