import { CASE_OFFENCES, type CaseOffence, type PlanContent } from '@karpear/contracts';

/** An empty plan (the template's sections, nothing filled in). */
export const EMPTY_PLAN: PlanContent = {
  objectives: [],
  suspectedOffences: [],
  linesOfEnquiry: [],
  evidenceToGather: [],
  legalAuthorities: [],
  risksToChild: [],
  safeguardingActions: [],
  victimSupportPlan: '',
};

/** List sections are edited as one item per line. */
export const toLines = (items: readonly string[]): string => items.join('\n');
export const fromLines = (text: string): string[] =>
  text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line.length > 0);

export const isOffence = (value: string): value is CaseOffence =>
  (CASE_OFFENCES as readonly string[]).includes(value);

/**
 * The user's unsaved plan as plain text (kept beside the reloaded plan after a conflict so nothing
 * typed is lost: they copy what they need back in). `label` names each section in their language.
 */
export type PlanSection =
  | 'objectives'
  | 'suspectedOffences'
  | 'linesOfEnquiry'
  | 'evidenceToGather'
  | 'legalAuthorities'
  | 'risksToChild'
  | 'safeguardingActions'
  | 'victimSupportPlan';

export function planAsText(content: PlanContent, label: (section: PlanSection) => string): string {
  const list = (section: PlanSection, items: readonly string[]) =>
    items.length ? `${label(section)}\n${items.map((item) => `- ${item}`).join('\n')}` : '';
  return [
    list('objectives', content.objectives),
    list('suspectedOffences', content.suspectedOffences),
    list(
      'linesOfEnquiry',
      content.linesOfEnquiry.map((l) => `[${l.key}] ${l.title}${l.description ? ` — ${l.description}` : ''}`),
    ),
    list('evidenceToGather', content.evidenceToGather),
    list(
      'legalAuthorities',
      content.legalAuthorities.map((a) => `${a.kind}: ${a.description} (${a.status})`),
    ),
    list('risksToChild', content.risksToChild),
    list('safeguardingActions', content.safeguardingActions),
    content.victimSupportPlan ? `${label('victimSupportPlan')}\n${content.victimSupportPlan}` : '',
  ]
    .filter(Boolean)
    .join('\n\n');
}
