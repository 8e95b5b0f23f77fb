/**
 * The national action plan's five pillars, in the plan's own order, and the capabilities Karpear
 * plans under each (PRODUCT.md "Capabilities, by pillar"). Navigation, the home page and the
 * placeholder routes are all generated from this one list so they cannot drift apart.
 */
export const PILLARS = ['prevent', 'investigate', 'protect', 'prosecute', 'partner'] as const;
export type Pillar = (typeof PILLARS)[number];

export type CapabilityId =
  | 'tips'
  | 'cases'
  | 'entities'
  | 'evidence'
  | 'offenders'
  | 'victims'
  | 'welfare'
  | 'prosecution'
  | 'prevention'
  | 'training'
  | 'partners'
  | 'reports';

export interface Capability {
  id: CapabilityId;
  pillar: Pillar;
  /** Client route; matches the server module name so URLs stay stable when the feature lands. */
  path: `/${string}`;
}

export const CAPABILITIES: readonly Capability[] = [
  { id: 'prevention', pillar: 'prevent', path: '/prevention' },
  { id: 'training', pillar: 'prevent', path: '/training' },
  { id: 'tips', pillar: 'investigate', path: '/tips' },
  { id: 'cases', pillar: 'investigate', path: '/cases' },
  { id: 'entities', pillar: 'investigate', path: '/entities' },
  { id: 'evidence', pillar: 'investigate', path: '/evidence' },
  { id: 'offenders', pillar: 'investigate', path: '/offenders' },
  { id: 'victims', pillar: 'protect', path: '/victims' },
  { id: 'welfare', pillar: 'protect', path: '/welfare' },
  { id: 'prosecution', pillar: 'prosecute', path: '/prosecution' },
  { id: 'partners', pillar: 'partner', path: '/partners' },
  { id: 'reports', pillar: 'partner', path: '/reports' },
];

export function capabilitiesOf(pillar: Pillar): Capability[] {
  return CAPABILITIES.filter((capability) => capability.pillar === pillar);
}
