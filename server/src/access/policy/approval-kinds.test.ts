import { describe, expect, it } from 'vitest';
import { approvalKind, defineApprovalKind } from './approval-kinds.ts';
import { rule } from './rules.ts';

describe('approval kinds', () => {
  it('registers a kind with defaults', () => {
    const kind = defineApprovalKind({
      kind: 'kinds_test.ok',
      description: 'probe',
      approvers: [rule(['unit_supervisor'], 'own_agency')],
    });
    expect(kind).toMatchObject({ minJustification: 20, maxValidityHours: 168 });
    expect(approvalKind('kinds_test.ok')).toBe(kind);
  });

  it('refuses a kind twice, a bad name, no approvers, a role outside APPROVER_ROLES or a record relation', () => {
    const ok = { description: 'x', approvers: [rule(['unit_supervisor'], 'own_agency')] };
    defineApprovalKind({ kind: 'kinds_test.twice', ...ok });
    expect(() => defineApprovalKind({ kind: 'kinds_test.twice', ...ok })).toThrow(/twice/);
    expect(() => defineApprovalKind({ kind: 'Bad kind', ...ok })).toThrow(/module\.what/);
    expect(() => defineApprovalKind({ kind: 'kinds_test.none', description: 'x', approvers: [] })).toThrow(
      /no approvers/,
    );
    expect(() =>
      defineApprovalKind({
        kind: 'kinds_test.trainer',
        description: 'x',
        approvers: [rule(['trainer'], 'any')],
      }),
    ).toThrow(/trainer not in APPROVER_ROLES/);
    expect(() =>
      defineApprovalKind({
        kind: 'kinds_test.unit',
        description: 'x',
        approvers: [rule(['unit_supervisor'], 'own_unit')],
      }),
    ).toThrow(/own_agency or any/);
  });
});
