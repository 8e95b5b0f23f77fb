import type { PlanContent } from '@karpear/contracts';

/**
 * What changed between two plan versions, field by field, as lines added and removed (pure). Lists
 * compare their items as text; lines of enquiry and legal authorities as one line per item, so an
 * edited item shows as its old line removed and its new line added.
 */
export interface PlanFieldChange {
  field: string;
  added: string[];
  removed: string[];
}

function linesOf(content: PlanContent): Record<string, string[]> {
  return {
    objectives: content.objectives,
    suspectedOffences: content.suspectedOffences,
    linesOfEnquiry: content.linesOfEnquiry.map(
      (l) => `${l.key}: ${l.title}${l.description ? ` — ${l.description}` : ''}`,
    ),
    evidenceToGather: content.evidenceToGather,
    legalAuthorities: content.legalAuthorities.map((a) => `${a.kind}: ${a.description} (${a.status})`),
    risksToChild: content.risksToChild,
    safeguardingActions: content.safeguardingActions,
    victimSupportPlan: content.victimSupportPlan ? content.victimSupportPlan.split('\n') : [],
  };
}

export function diffPlanContent(from: PlanContent, to: PlanContent): PlanFieldChange[] {
  const a = linesOf(from);
  const b = linesOf(to);
  const out: PlanFieldChange[] = [];
  for (const field of Object.keys(a)) {
    const before = a[field]!;
    const after = b[field]!;
    const added = multisetMinus(after, before);
    const removed = multisetMinus(before, after);
    if (added.length > 0 || removed.length > 0) out.push({ field, added, removed });
  }
  return out;
}

/** Items of `xs` not matched one-for-one in `ys` (duplicates count). */
function multisetMinus(xs: readonly string[], ys: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const y of ys) counts.set(y, (counts.get(y) ?? 0) + 1);
  const out: string[] = [];
  for (const x of xs) {
    const n = counts.get(x) ?? 0;
    if (n > 0) counts.set(x, n - 1);
    else out.push(x);
  }
  return out;
}
