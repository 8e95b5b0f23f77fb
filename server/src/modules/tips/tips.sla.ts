import { type SlaState, TIP_CLOSED_STATUSES, type TipPriority, type TipStatus } from '@karpear/contracts';
import type { Config } from '../../platform/config.ts';

/**
 * Tip SLA (issue 5): a tip must be dealt with (actioned, referred, closed or converted) within its
 * priority's time, counted from receipt. Defaults P1 2 h, P2 24 h, P3 72 h, P4 14 days, configurable
 * (`KARPEAR_TIP_SLA_P1`…). Closed tips carry no due time. "Due soon" = the last quarter of the window.
 */
export type SlaConfig = Pick<Config, 'tipSlaP1' | 'tipSlaP2' | 'tipSlaP3' | 'tipSlaP4'>;

export function slaMinutesFor(config: SlaConfig, priority: TipPriority): number {
  const table = { P1: config.tipSlaP1, P2: config.tipSlaP2, P3: config.tipSlaP3, P4: config.tipSlaP4 };
  return table[priority];
}

/** The due time of an open tip; null for a closed one. */
export function slaDueAt(
  config: SlaConfig,
  priority: TipPriority,
  receivedAt: Date,
  status: TipStatus = 'new',
): Date | null {
  if (TIP_CLOSED_STATUSES.includes(status)) return null;
  return new Date(receivedAt.getTime() + slaMinutesFor(config, priority) * 60_000);
}

/** The fraction of the window left under which a tip is `due_soon`. */
export const DUE_SOON_FRACTION = 0.25;

export function slaState(
  config: SlaConfig,
  tip: { status: TipStatus; priority: TipPriority; slaDueAt: Date | null },
  now: Date,
): SlaState {
  if (!tip.slaDueAt || TIP_CLOSED_STATUSES.includes(tip.status)) return 'none';
  const left = tip.slaDueAt.getTime() - now.getTime();
  if (left <= 0) return 'breached';
  return left <= dueSoonWindowMs(config, tip.priority) ? 'due_soon' : 'ok';
}

export function dueSoonWindowMs(config: SlaConfig, priority: TipPriority): number {
  return Math.round(slaMinutesFor(config, priority) * 60_000 * DUE_SOON_FRACTION);
}
