import type { CaseStatus } from '@karpear/contracts';

/**
 * The case status workflow (pure). Forward one step at a time:
 *   open → under_investigation → referred_to_prosecutor → in_court → closed
 * plus: any open status may be closed (a reason is required: no further action, merged, transferred…);
 * `referred_to_prosecutor` may go back to `under_investigation` (the prosecutor asked for more, reason
 * required); a closed case is reopened to `under_investigation` only, with a reason (new evidence).
 */
const FORWARD: Readonly<Record<CaseStatus, CaseStatus | null>> = {
  open: 'under_investigation',
  under_investigation: 'referred_to_prosecutor',
  referred_to_prosecutor: 'in_court',
  in_court: 'closed',
  closed: null,
};

export function canMoveCase(from: CaseStatus, to: CaseStatus): boolean {
  if (from === to) return false;
  if (FORWARD[from] === to) return true;
  if (to === 'closed') return from !== 'closed';
  if (from === 'referred_to_prosecutor' && to === 'under_investigation') return true;
  if (from === 'closed' && to === 'under_investigation') return true;
  return false;
}

/** Moves that must carry a reason: closing, sending back, reopening. */
export function needsReason(from: CaseStatus, to: CaseStatus): boolean {
  return (
    to === 'closed' ||
    from === 'closed' ||
    (from === 'referred_to_prosecutor' && to === 'under_investigation')
  );
}
