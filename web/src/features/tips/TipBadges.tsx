import type { SlaState, TipPriority, TipStatus } from '@karpear/contracts';
import { Badge } from '@mantine/core';
import type { TFunction } from 'i18next';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

// Dark shades on white text: readable in sunlight and above WCAG AA contrast (axe checks it).
// Mantine's orange.9 and green.9 fall just short of 4.5:1 with white, hence these two darker tones.
export const WARNING_COLOR = '#a8420c';
export const SUCCESS_COLOR = '#1f6f30';

const PRIORITY_COLOR: Record<TipPriority, string> = {
  P1: 'red.9',
  P2: WARNING_COLOR,
  P3: 'blue.9',
  P4: 'gray.7',
};

const STATUS_COLOR: Record<TipStatus, string> = {
  new: 'violet.9',
  triaged: 'blue.9',
  assigned: 'cyan.9',
  actioned: 'teal.9',
  referred: 'teal.9',
  closed_no_action: 'gray.7',
  converted_to_case: SUCCESS_COLOR,
};

const SLA_COLOR: Record<SlaState, string> = {
  ok: 'teal.9',
  due_soon: WARNING_COLOR,
  breached: 'red.9',
  none: 'gray.7',
};

/** The confirmed priority, or the proposed one marked as such until an operator confirms it. */
export function PriorityBadge({
  priority,
  proposed,
}: {
  priority: TipPriority | null;
  proposed: TipPriority;
}) {
  const { t } = useTranslation();
  const shown = priority ?? proposed;
  return (
    <Badge
      color={PRIORITY_COLOR[shown]}
      variant={priority ? 'filled' : 'default'}
      tt="none"
      title={t(`tips.priorityName.${shown}`)}
    >
      {priority ? shown : t('tips.proposedBadge', { priority: shown })}
    </Badge>
  );
}

export function StatusBadge({ status }: { status: TipStatus }) {
  const { t } = useTranslation();
  return (
    <Badge color={STATUS_COLOR[status]} variant="filled" tt="none">
      {t(`tips.status.${status}`)}
    </Badge>
  );
}

const MINUTE = 60_000;

/** "2 d 3 h", "4 h 10 min", "25 min" in the user's language. */
export function formatDuration(t: TFunction, ms: number): string {
  const minutes = Math.max(0, Math.floor(Math.abs(ms) / MINUTE));
  const d = Math.floor(minutes / (24 * 60));
  const h = Math.floor((minutes % (24 * 60)) / 60);
  const m = minutes % 60;
  if (d > 0) return t('tips.duration.days', { d, h });
  if (h > 0) return t('tips.duration.hours', { h, m });
  return t('tips.duration.minutes', { m });
}

/**
 * The SLA as people read it: "3 h 10 min left" or "Overdue by 2 h". The server's state decides the
 * colour when the page loads; the clock here keeps the text current between refreshes.
 */
export function slaText(t: TFunction, state: SlaState, dueAt: string | null, now: number): string {
  if (state === 'none' || !dueAt) return t('tips.sla.none');
  const left = new Date(dueAt).getTime() - now;
  if (Number.isNaN(left)) return t('tips.sla.none');
  return left < 0
    ? t('tips.sla.overdue', { time: formatDuration(t, left) })
    : t('tips.sla.left', { time: formatDuration(t, left) });
}

/** Re-renders every minute so the time left stays true without refetching. */
export function useNow(intervalMs = MINUTE): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(timer);
  }, [intervalMs]);
  return now;
}

export function SlaBadge({ state, dueAt, now }: { state: SlaState; dueAt: string | null; now: number }) {
  const { t } = useTranslation();
  const overdue = dueAt !== null && state !== 'none' && new Date(dueAt).getTime() < now;
  const shown: SlaState = overdue ? 'breached' : state;
  return (
    <Badge color={SLA_COLOR[shown]} variant={shown === 'none' ? 'default' : 'filled'} tt="none">
      {slaText(t, state, dueAt, now)}
    </Badge>
  );
}
