import { Button, Group, Stack, Tabs, Text, Textarea, Timeline, Title } from '@mantine/core';
import { useParams } from '@tanstack/react-router';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { AnchorLink } from '../../app/links';
import { NotFoundPage } from '../../app/NotFoundPage';
import { useDocumentTitle } from '../../app/useDocumentTitle';
import { errorMessage } from '../../components/apiErrors';
import { LiveAlert } from '../../components/LiveAlert';
import { formatDateTime } from '../../i18n/format';
import { CaseOverview } from './CaseOverview';
import { CasePersons } from './CasePersons';
import { CaseTasks } from './CaseTasks';
import { type CaseDetail, useAddNote, useCase } from './cases.api';
import { PlanTab } from './PlanTab';

// The link chart carries Cytoscape: load it only when its tab is opened.
const LinkChart = lazy(() => import('../graph/LinkChart').then((m) => ({ default: m.LinkChart })));

/** `/cases/$caseId`: a case's page, one tab per part. A limited view (prosecutor, liaison) has no notes or plan. */
export default function CasePage() {
  const { t } = useTranslation();
  const { caseId } = useParams({ strict: false }) as { caseId: string };
  const detail = useCase(caseId);
  useDocumentTitle(detail.data?.reference ?? t('cases.page.title'));
  if (detail.isPending) return <Text>{t('common.loading')}</Text>;
  if (detail.isError) {
    if (isApiError(detail.error, 'not_found')) return <NotFoundPage />;
    return <LiveAlert message={errorMessage(t, detail.error)} />;
  }
  return <CaseView detail={detail.data} />;
}

function CaseView({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const [tab, setTab] = useState<string | null>('overview');
  const full = detail.view === 'full';
  return (
    <Stack gap="md">
      <div>
        <Title order={1}>{detail.reference}</Title>
        <Text size="lg">{detail.title}</Text>
      </div>
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="overview">{t('cases.tabs.overview')}</Tabs.Tab>
          <Tabs.Tab value="timeline">{t('cases.tabs.timeline')}</Tabs.Tab>
          {full && <Tabs.Tab value="notes">{t('cases.tabs.notes')}</Tabs.Tab>}
          <Tabs.Tab value="tips">{t('cases.tabs.tips')}</Tabs.Tab>
          <Tabs.Tab value="people">{t('persons.tab')}</Tabs.Tab>
          {full && detail.abilities.includes('cases.plans.read') && (
            <Tabs.Tab value="plan">{t('cases.tabs.plan')}</Tabs.Tab>
          )}
          <Tabs.Tab value="tasks">{t('cases.tabs.tasks')}</Tabs.Tab>
          {full && <Tabs.Tab value="chart">{t('cases.tabs.chart')}</Tabs.Tab>}
        </Tabs.List>
        <Tabs.Panel value="overview" pt="md">
          <CaseOverview detail={detail} />
        </Tabs.Panel>
        <Tabs.Panel value="timeline" pt="md">
          <CaseTimeline detail={detail} />
        </Tabs.Panel>
        {full && (
          <Tabs.Panel value="notes" pt="md">
            <CaseNotes detail={detail} />
          </Tabs.Panel>
        )}
        <Tabs.Panel value="tips" pt="md">
          {detail.tips.length === 0 ? (
            <Text>{t('cases.none')}</Text>
          ) : (
            <ul>
              {detail.tips.map((tip) => (
                <li key={tip.id}>
                  <AnchorLink underline="always" to="/tips/$tipId" params={{ tipId: tip.id }}>
                    {tip.reference}
                  </AnchorLink>{' '}
                  ({t(`tips.status.${tip.status}`, { defaultValue: tip.status })})
                </li>
              ))}
            </ul>
          )}
        </Tabs.Panel>
        <Tabs.Panel value="people" pt="md">
          <CasePersons detail={detail} />
        </Tabs.Panel>
        {full && (
          <Tabs.Panel value="plan" pt="md">
            <PlanTab detail={detail} />
          </Tabs.Panel>
        )}
        <Tabs.Panel value="tasks" pt="md">
          <CaseTasks detail={detail} />
        </Tabs.Panel>
        {full && (
          <Tabs.Panel value="chart" pt="md">
            <Suspense fallback={<Text>{t('common.loading')}</Text>}>
              <LinkChart root={`case:${detail.id}`} />
            </Suspense>
          </Tabs.Panel>
        )}
      </Tabs>
    </Stack>
  );
}

function CaseTimeline({ detail }: { detail: CaseDetail }) {
  const { t, i18n } = useTranslation();
  const who = (id: string | null) => detail.team.find((m) => m.userId === id)?.displayName ?? '';
  if (detail.timeline.length === 0) return <Text>{t('cases.none')}</Text>;
  return (
    <Timeline bulletSize={12}>
      {detail.timeline.map((event) => (
        <Timeline.Item key={event.id} title={t(`cases.event.${event.kind}`, { defaultValue: event.kind })}>
          <Text size="sm">
            {formatDateTime(event.at, i18n.resolvedLanguage)} {who(event.actorId)}
          </Text>
          {event.toStatus && (
            <Text size="sm">
              {event.fromStatus
                ? `${t(`cases.status.${event.fromStatus}`, { defaultValue: event.fromStatus })} → `
                : ''}
              {t(`cases.status.${event.toStatus}`, { defaultValue: event.toStatus })}
            </Text>
          )}
          {event.reason && <Text size="sm">{event.reason}</Text>}
        </Timeline.Item>
      ))}
    </Timeline>
  );
}

function CaseNotes({ detail }: { detail: CaseDetail }) {
  const { t, i18n } = useTranslation();
  const add = useAddNote(detail.id);
  const [body, setBody] = useState('');
  const who = (id: string | null) => detail.team.find((m) => m.userId === id)?.displayName ?? '';
  return (
    <Stack gap="md">
      {detail.notes.length === 0 && <Text>{t('cases.none')}</Text>}
      {detail.notes.map((note) => (
        <div key={note.id}>
          <Text size="sm" c="dimmed">
            {formatDateTime(note.at, i18n.resolvedLanguage)} {who(note.authorId)}
          </Text>
          <Text style={{ whiteSpace: 'pre-wrap' }}>{note.body}</Text>
        </div>
      ))}
      {detail.abilities.includes('cases.add_note') && (
        <form
          onSubmit={(event) => {
            event.preventDefault();
            if (body.trim()) add.mutate({ body: body.trim() }, { onSuccess: () => setBody('') });
          }}
        >
          <Stack gap="xs">
            <LiveAlert message={add.isError ? errorMessage(t, add.error) : null} />
            <Textarea
              label={t('cases.notes.new')}
              autosize
              minRows={3}
              maxLength={20_000}
              value={body}
              onChange={(event) => setBody(event.currentTarget.value)}
            />
            <Group justify="flex-end">
              <Button type="submit" loading={add.isPending}>
                {t('cases.notes.add')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Stack>
  );
}
