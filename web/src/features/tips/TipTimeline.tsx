import { Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../i18n/format';
import { useMe } from '../auth/me';
import type { TipDetail } from './tips.api';

type TipEvent = TipDetail['events'][number];

/** Who did what, when and why: the tip's append-only history, oldest first. */
export function TipTimeline({ tip }: { tip: TipDetail }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="tip-timeline">
      <Title order={2} id="tip-timeline" size="h3" mb="sm">
        {t('tips.timeline.title')}
      </Title>
      <Stack gap="sm" component="ol" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
        {tip.events.map((event) => (
          <TimelineEntry key={event.id} event={event} />
        ))}
      </Stack>
    </section>
  );
}

function TimelineEntry({ event }: { event: TipEvent }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const kindKey = `tips.event.${event.kind}`;
  const what = i18n.exists(kindKey) ? String(t(kindKey as 'tips.event.created')) : event.kind;
  const who =
    event.actorId === null
      ? t('tips.timeline.system')
      : event.actorId === me.id
        ? t('tips.timeline.you')
        : t('tips.timeline.colleague');
  return (
    <li style={{ borderLeft: '3px solid var(--mantine-color-gray-4)', paddingLeft: 12 }}>
      <Text size="xs" c="dimmed">
        <time dateTime={event.at}>{formatDateTime(event.at, i18n.resolvedLanguage)}</time> · {who}
      </Text>
      <Text size="sm" fw={700}>
        {what}
        {event.toStatus &&
          ` — ${event.fromStatus ? `${t(`tips.status.${event.fromStatus}`)} → ` : ''}${t(`tips.status.${event.toStatus}`)}`}
      </Text>
      {typeof event.details?.priority === 'string' && (
        <Text size="sm">{t('tips.timeline.priority', { priority: event.details.priority })}</Text>
      )}
      {event.reason && (
        <Text size="sm" style={{ whiteSpace: 'pre-wrap' }}>
          {t('tips.timeline.reason', { reason: event.reason })}
        </Text>
      )}
    </li>
  );
}
