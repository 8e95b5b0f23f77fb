import { TIP_STATUSES } from '@karpear/contracts';
import { describe, expect, it } from 'vitest';
import { canMove, isClosed, statusAfterTriage } from './tips.workflow.ts';

describe('tip workflow', () => {
  it('follows new → triaged → assigned → actioned / referred / closed / converted', () => {
    expect(canMove('new', 'triaged')).toBe(true);
    expect(canMove('triaged', 'assigned')).toBe(true);
    for (const end of ['actioned', 'referred', 'closed_no_action', 'converted_to_case'] as const)
      expect(canMove('assigned', end)).toBe(true);
  });

  it('lets a new tip be closed or referred at once (prank, wrong service) but not actioned or converted', () => {
    expect(canMove('new', 'closed_no_action')).toBe(true);
    expect(canMove('new', 'referred')).toBe(true);
    expect(canMove('new', 'actioned')).toBe(false);
    expect(canMove('new', 'converted_to_case')).toBe(false);
  });

  it('never leaves a closed status', () => {
    for (const from of ['actioned', 'referred', 'closed_no_action', 'converted_to_case'] as const) {
      expect(isClosed(from)).toBe(true);
      for (const to of TIP_STATUSES) expect(canMove(from, to), `${from} → ${to}`).toBe(false);
    }
    expect(isClosed('assigned')).toBe(false);
  });

  it('never goes back to new', () => {
    for (const from of TIP_STATUSES) expect(canMove(from, 'new')).toBe(false);
  });

  it('keeps an assigned tip assigned when it is triaged again', () => {
    expect(statusAfterTriage('new')).toBe('triaged');
    expect(statusAfterTriage('assigned')).toBe('assigned');
  });
});
