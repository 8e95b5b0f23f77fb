import { Badge, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDocumentTitle } from '../../app/useDocumentTitle';
import { errorMessage } from '../../components/apiErrors';
import { LiveAlert } from '../../components/LiveAlert';
import { formatDateTime } from '../../i18n/format';
import '../admin/styles';
import { AuditFiltersForm } from './AuditFilters';
import { AuditStatusCard } from './AuditStatusCard';
import { type AuditEvent, type AuditFilters, auditExportUrl, useAuditEvents } from './audit.api';

const OUTCOME_COLOR: Record<string, string> = { success: 'teal.9', denied: 'red.9', failure: 'orange.9' };

/**
 * `/audit`: the audit log for auditors — the chain's verification status, a search over the events
 * (newest first, keyset pages) and a CSV export of the same filters. Ids only: the log holds no names.
 */
export default function AuditPage() {
  const { t, i18n } = useTranslation();
  useDocumentTitle(t('audit.title'));
  const [filters, setFilters] = useState<AuditFilters>({});
  // Cursors of the pages seen so far: the last one is the page shown (undefined = newest).
  const [cursors, setCursors] = useState<Array<number | undefined>>([undefined]);
  const before = cursors[cursors.length - 1];
  const events = useAuditEvents(filters, before);
  const language = i18n.resolvedLanguage;

  const apply = (next: AuditFilters) => {
    setFilters(next);
    setCursors([undefined]);
  };

  return (
    <Stack gap="lg" maw={1400}>
      <Stack gap={4}>
        <Title order={1}>{t('audit.title')}</Title>
        <Text c="dimmed">{t('audit.intro')}</Text>
      </Stack>
      <AuditStatusCard />
      <AuditFiltersForm onApply={apply} />
      <Group gap="sm">
        <Button component="a" href={auditExportUrl(filters)} download variant="default">
          {t('audit.export')}
        </Button>
        <Text size="sm" c="dimmed">
          {t('audit.exportHint')}
        </Text>
      </Group>
      <LiveAlert message={events.isError ? errorMessage(t, events.error) : null} />
      <Text size="sm" aria-live="polite">
        {events.isSuccess ? t('audit.shown', { count: events.data.items.length }) : t('common.loading')}
      </Text>
      <div className="table-scroll">
        <Table striped verticalSpacing="xs" miw={1100} aria-busy={events.isFetching}>
          <Table.Thead>
            <Table.Tr>
              {(['position', 'at', 'actor', 'action', 'object', 'outcome', 'ip', 'details'] as const).map(
                (c) => (
                  <Table.Th key={c} scope="col">
                    {t(`audit.columns.${c}`)}
                  </Table.Th>
                ),
              )}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {events.data?.items.map((e) => (
              <EventRow key={e.position} event={e} language={language} />
            ))}
          </Table.Tbody>
        </Table>
      </div>
      {events.isSuccess && events.data.items.length === 0 && <Text>{t('audit.none')}</Text>}
      <Group gap="sm">
        <Button
          variant="default"
          disabled={cursors.length === 1}
          onClick={() => setCursors((c) => c.slice(0, -1))}
        >
          {t('audit.newer')}
        </Button>
        <Button
          variant="default"
          disabled={!events.data?.nextBefore}
          onClick={() => {
            const next = events.data?.nextBefore;
            if (next) setCursors((c) => [...c, next]);
          }}
        >
          {t('audit.older')}
        </Button>
      </Group>
    </Stack>
  );
}

function EventRow({ event: e, language }: { event: AuditEvent; language: string | undefined }) {
  const { t, i18n } = useTranslation();
  const outcomeKey = `audit.outcomes.${e.outcome}`;
  return (
    <Table.Tr>
      <Table.Td>{e.position}</Table.Td>
      <Table.Td>
        <time dateTime={e.at} title={e.at}>
          {formatDateTime(e.at, language)}
        </time>
      </Table.Td>
      <Table.Td>
        <Text size="xs" ff="monospace" lang="en">
          {e.actorId ?? '—'}
        </Text>
      </Table.Td>
      <Table.Td lang="en">{e.action}</Table.Td>
      <Table.Td>
        <Text size="sm" lang="en">
          {e.objectType}
        </Text>
        {e.objectId && (
          <Text size="xs" ff="monospace" lang="en" style={{ wordBreak: 'break-all' }}>
            {e.objectId}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <Badge variant="filled" color={OUTCOME_COLOR[e.outcome] ?? 'gray.7'} tt="none">
          {i18n.exists(outcomeKey) ? String(t(outcomeKey as 'audit.outcome')) : e.outcome}
        </Badge>
      </Table.Td>
      <Table.Td lang="en">{e.ip ?? ''}</Table.Td>
      <Table.Td>
        {e.justification && <Text size="sm">{e.justification}</Text>}
        {e.details && (
          <Text size="xs" ff="monospace" lang="en" style={{ wordBreak: 'break-all' }}>
            {JSON.stringify(e.details)}
          </Text>
        )}
      </Table.Td>
    </Table.Tr>
  );
}
