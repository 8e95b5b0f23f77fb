import type { TipPriority, TriageReason } from '@karpear/contracts';

/**
 * Triage rules (issue 5): explicit, ordered, each naming the priority it proposes. The proposal is the
 * most urgent priority any rule gives (P4 "information only" when none fires); every rule that fired is
 * kept as a reason so the operator sees why. The operator confirms or changes it (with a reason).
 *
 * | rule               | fires when                                                  | proposes |
 * | ------------------ | ----------------------------------------------------------- | -------- |
 * | imminent_danger    | the reporter says a child is in danger now                  | P1       |
 * | escalation_flag    | the source escalated it (CyberTipline priority, partner)    | P1       |
 * | register_hit       | a passport matches an active offender-register entry        | P1       |
 * | child_under_13     | the youngest possible age of the child is under 13          | P2       |
 * | suspect_travelling | the suspect is travelling (arriving, leaving, moving about) | P2       |
 * | repeat_identifier  | an identifier links to ≥ 3 other records                    | P2       |
 * | repeat_identifier  | an identifier links to 1–2 other records                    | P3       |
 * | child_age_known    | a child aged 13–17 is named                                 | P3       |
 * | default            | nothing above                                               | P4       |
 */
export interface TriageFacts {
  imminentDanger?: boolean | null;
  escalationFlag?: boolean | null;
  childAgeMin?: number | null;
  childAgeMax?: number | null;
  suspectTravelling?: boolean | null;
  /** Active register entries whose passport the tip names. */
  registerHits: number;
  /** Non-stop-listed identifiers of the tip already linked to other records. */
  repeats: ReadonlyArray<{ kind: string; otherRecords: number }>;
}

export interface TriageProposal {
  priority: TipPriority;
  reasons: TriageReason[];
}

/** Other records an identifier must reach before the repeat alone makes a tip P2. */
export const REPEAT_P2_THRESHOLD = 3;

export function proposePriority(facts: TriageFacts): TriageProposal {
  const reasons: TriageReason[] = [];
  if (facts.imminentDanger) reasons.push({ rule: 'imminent_danger', priority: 'P1' });
  if (facts.escalationFlag) reasons.push({ rule: 'escalation_flag', priority: 'P1' });
  if (facts.registerHits > 0)
    reasons.push({ rule: 'register_hit', priority: 'P1', detail: { entries: facts.registerHits } });
  const youngest = facts.childAgeMin ?? facts.childAgeMax;
  if (youngest != null && youngest < 13)
    reasons.push({ rule: 'child_under_13', priority: 'P2', detail: { age: youngest } });
  else if (youngest != null)
    reasons.push({ rule: 'child_age_known', priority: 'P3', detail: { age: youngest } });
  if (facts.suspectTravelling) reasons.push({ rule: 'suspect_travelling', priority: 'P2' });
  const live = facts.repeats.filter((r) => r.otherRecords > 0);
  if (live.length > 0) {
    const most = Math.max(...live.map((r) => r.otherRecords));
    reasons.push({
      rule: 'repeat_identifier',
      priority: most >= REPEAT_P2_THRESHOLD ? 'P2' : 'P3',
      detail: { identifiers: live.length, otherRecords: most },
    });
  }
  if (reasons.length === 0) reasons.push({ rule: 'default', priority: 'P4' });
  const priority = reasons.map((r) => r.priority).sort()[0]!;
  return { priority, reasons };
}
