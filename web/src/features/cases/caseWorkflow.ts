import { CASE_STATUSES, type CaseStatus } from '@karpear/contracts';

/**
 * The case workflow as the server applies it (server/src/modules/cases/cases.workflow.ts), mirrored so
 * the status dialog offers only allowed moves and asks for a reason before sending. The server decides.
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

export const nextStatuses = (from: CaseStatus): CaseStatus[] =>
  CASE_STATUSES.filter((to) => canMoveCase(from, to));

/** Closing, sending back and reopening must say why. */
export function needsReason(from: CaseStatus, to: CaseStatus): boolean {
  return (
    to === 'closed' ||
    from === 'closed' ||
    (from === 'referred_to_prosecutor' && to === 'under_investigation')
  );
}
