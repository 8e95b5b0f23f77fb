import { describe, expect, it } from 'vitest';
import { canMoveCase, needsReason } from './cases.workflow.ts';

describe('case workflow', () => {
  it('moves forward one step and never skips', () => {
    expect(canMoveCase('open', 'under_investigation')).toBe(true);
    expect(canMoveCase('under_investigation', 'referred_to_prosecutor')).toBe(true);
    expect(canMoveCase('referred_to_prosecutor', 'in_court')).toBe(true);
    expect(canMoveCase('open', 'in_court')).toBe(false);
    expect(canMoveCase('open', 'referred_to_prosecutor')).toBe(false);
    expect(canMoveCase('in_court', 'open')).toBe(false);
  });
  it('closes from any open status, reopens only to under_investigation', () => {
    expect(canMoveCase('open', 'closed')).toBe(true);
    expect(canMoveCase('closed', 'closed')).toBe(false);
    expect(canMoveCase('closed', 'under_investigation')).toBe(true);
    expect(canMoveCase('closed', 'open')).toBe(false);
  });
  it('asks a reason for closing, sending back and reopening only', () => {
    expect(needsReason('open', 'closed')).toBe(true);
    expect(needsReason('closed', 'under_investigation')).toBe(true);
    expect(needsReason('referred_to_prosecutor', 'under_investigation')).toBe(true);
    expect(needsReason('open', 'under_investigation')).toBe(false);
  });
});
