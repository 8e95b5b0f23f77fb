import { describe, expect, it } from 'vitest';
import { proposePriority, type TriageFacts } from './tips.triage.ts';

const none: TriageFacts = { registerHits: 0, repeats: [] };
const rules = (facts: Partial<TriageFacts>) =>
  proposePriority({ ...none, ...facts }).reasons.map((r) => `${r.rule}:${r.priority}`);

describe('triage rules', () => {
  it('proposes P4 (information only) when no rule fires, and says so', () => {
    expect(proposePriority(none)).toEqual({ priority: 'P4', reasons: [{ rule: 'default', priority: 'P4' }] });
  });

  it('proposes P1 for imminent danger, an escalation flag or an offender-register hit', () => {
    expect(proposePriority({ ...none, imminentDanger: true }).priority).toBe('P1');
    expect(proposePriority({ ...none, escalationFlag: true }).priority).toBe('P1');
    expect(proposePriority({ ...none, registerHits: 2 })).toMatchObject({
      priority: 'P1',
      reasons: [{ rule: 'register_hit', detail: { entries: 2 } }],
    });
  });

  it('uses the youngest possible age: under 13 → P2, 13–17 → P3', () => {
    expect(rules({ childAgeMin: 12, childAgeMax: 15 })).toEqual(['child_under_13:P2']);
    expect(rules({ childAgeMax: 9 })).toEqual(['child_under_13:P2']);
    expect(rules({ childAgeMin: 13, childAgeMax: 16 })).toEqual(['child_age_known:P3']);
    expect(rules({ childAgeMin: 0 })).toEqual(['child_under_13:P2']);
  });

  it('proposes P2 for a travelling suspect', () => {
    expect(proposePriority({ ...none, suspectTravelling: true }).priority).toBe('P2');
    expect(proposePriority({ ...none, suspectTravelling: false }).priority).toBe('P4');
  });

  it('grades repeat identifiers by how many other records share them', () => {
    expect(rules({ repeats: [{ kind: 'phone', otherRecords: 1 }] })).toEqual(['repeat_identifier:P3']);
    expect(
      rules({
        repeats: [
          { kind: 'phone', otherRecords: 2 },
          { kind: 'email', otherRecords: 3 },
        ],
      }),
    ).toEqual(['repeat_identifier:P2']);
    expect(rules({ repeats: [{ kind: 'phone', otherRecords: 0 }] })).toEqual(['default:P4']);
  });

  it('takes the most urgent rule and keeps every fired rule as a reason', () => {
    const p = proposePriority({ ...none, childAgeMin: 15, suspectTravelling: true, escalationFlag: true });
    expect(p.priority).toBe('P1');
    expect(p.reasons.map((r) => r.rule).sort()).toEqual([
      'child_age_known',
      'escalation_flag',
      'suspect_travelling',
    ]);
  });
});
