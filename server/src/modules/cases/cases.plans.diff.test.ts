import { planContentSchema } from '@karpear/contracts';
import { describe, expect, it } from 'vitest';
import { diffPlanContent } from './cases.plans.diff.ts';

const plan = (over: object) => planContentSchema.parse(over);

describe('plan diff', () => {
  it('is empty for equal plans', () => {
    expect(diffPlanContent(plan({ objectives: ['a'] }), plan({ objectives: ['a'] }))).toEqual([]);
  });
  it('lists added and removed lines per field; an edited item is one removed and one added', () => {
    const a = plan({
      objectives: ['find the child', 'identify the suspect'],
      linesOfEnquiry: [{ key: 'L1', title: 'Phone' }],
      legalAuthorities: [{ kind: 'warrant', description: 'Search house', status: 'to request' }],
    });
    const b = plan({
      objectives: ['identify the suspect', 'arrest'],
      linesOfEnquiry: [{ key: 'L1', title: 'Phone', description: 'Operator records' }],
      legalAuthorities: [{ kind: 'warrant', description: 'Search house', status: 'granted' }],
    });
    expect(diffPlanContent(a, b)).toEqual([
      { field: 'objectives', added: ['arrest'], removed: ['find the child'] },
      { field: 'linesOfEnquiry', added: ['L1: Phone — Operator records'], removed: ['L1: Phone'] },
      {
        field: 'legalAuthorities',
        added: ['warrant: Search house (granted)'],
        removed: ['warrant: Search house (to request)'],
      },
    ]);
  });
  it('counts duplicates', () => {
    expect(
      diffPlanContent(plan({ evidenceToGather: ['x'] }), plan({ evidenceToGather: ['x', 'x'] })),
    ).toEqual([{ field: 'evidenceToGather', added: ['x'], removed: [] }]);
  });
});
