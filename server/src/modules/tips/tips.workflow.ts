import { TIP_CLOSED_STATUSES, type TipStatus } from '@karpear/contracts';

/**
 * The tip workflow (issue 5): new → triaged → assigned → actioned / referred / closed_no_action /
 * converted_to_case. Triage may be redone while the tip is open (a new fact changes the priority);
 * assignment may move the tip to another unit while it is open; an investigator may act on a triaged
 * tip directly. Closed statuses are final.
 */
const ALLOWED: Readonly<Record<TipStatus, readonly TipStatus[]>> = {
  new: ['triaged', 'assigned', 'closed_no_action', 'referred'],
  triaged: ['triaged', 'assigned', 'actioned', 'referred', 'closed_no_action', 'converted_to_case'],
  assigned: ['triaged', 'assigned', 'actioned', 'referred', 'closed_no_action', 'converted_to_case'],
  actioned: [],
  referred: [],
  closed_no_action: [],
  converted_to_case: [],
};

export function canMove(from: TipStatus, to: TipStatus): boolean {
  return ALLOWED[from].includes(to);
}

export function allowedNext(from: TipStatus): readonly TipStatus[] {
  return ALLOWED[from];
}

export function isClosed(status: TipStatus): boolean {
  return TIP_CLOSED_STATUSES.includes(status);
}

/** Triage and assignment keep a tip at least `assigned`: re-triaging an assigned tip does not unassign it. */
export function statusAfterTriage(current: TipStatus): TipStatus {
  return current === 'new' ? 'triaged' : current;
}
