import { APPROVER_ROLES } from './approvals.policy.ts';
import type { PolicyRule } from './rules.ts';

/**
 * The registry of four-eyes request kinds. A module that needs a second person's approval defines its
 * kind once at start-up (next to its policy), e.g.
 *
 *   defineApprovalKind({ kind: 'register.activation', approvers: [rule(['unit_supervisor'], 'own_agency')],
 *                        description: 'Activate an offender register entry' });
 *
 * `approvers` are ordinary policy rules evaluated on the request's record ({type, id, agencyId}); only
 * `own_agency` (the record's agency is the approver's) and `any` make sense for a request.
 */
export interface ApprovalKind {
  kind: string;
  description: string;
  approvers: readonly PolicyRule[];
  /** Shortest justification accepted, in characters after trimming (default 20). */
  minJustification: number;
  /** How far ahead a request may expire, in hours (default 7 days). */
  maxValidityHours: number;
}

export type ApprovalKindInput = Pick<ApprovalKind, 'kind' | 'description' | 'approvers'> &
  Partial<Pick<ApprovalKind, 'minJustification' | 'maxValidityHours'>>;

export const DEFAULT_MIN_JUSTIFICATION = 20;
export const DEFAULT_MAX_VALIDITY_HOURS = 7 * 24;

const kinds = new Map<string, ApprovalKind>();

export function defineApprovalKind(input: ApprovalKindInput): ApprovalKind {
  if (!/^[a-z_]+(\.[a-z_]+)+$/.test(input.kind))
    throw new Error(`approval kind ${input.kind} must look like module.what`);
  if (kinds.has(input.kind)) throw new Error(`approval kind ${input.kind} is defined twice`);
  if (input.approvers.length === 0) throw new Error(`approval kind ${input.kind} names no approvers`);
  for (const r of input.approvers) {
    if (r.relation !== 'own_agency' && r.relation !== 'any')
      throw new Error(`approval kind ${input.kind}: approvers need relation own_agency or any`);
    const outside = r.roles.filter((role) => !APPROVER_ROLES.includes(role));
    if (outside.length > 0)
      throw new Error(
        `approval kind ${input.kind}: ${outside.join(', ')} not in APPROVER_ROLES (approvals.policy.ts)`,
      );
  }
  const kind: ApprovalKind = {
    minJustification: DEFAULT_MIN_JUSTIFICATION,
    maxValidityHours: DEFAULT_MAX_VALIDITY_HOURS,
    ...input,
  };
  kinds.set(kind.kind, kind);
  return kind;
}

export function approvalKind(kind: string): ApprovalKind | undefined {
  return kinds.get(kind);
}

export function approvalKinds(): ApprovalKind[] {
  return [...kinds.values()];
}
