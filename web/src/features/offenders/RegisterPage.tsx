import {
  Badge,
  Button,
  Group,
  Pagination,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AnchorLink } from '../../app/links';
import { useDocumentTitle } from '../../app/useDocumentTitle';
import { errorMessage } from '../../components/apiErrors';
import { LiveAlert } from '../../components/LiveAlert';
import { hasAbility, useMe } from '../auth/me';
import { OffendersTabs } from './OffendersTabs';
import { REGISTER_STATUSES, type RegisterStatus, useEntries } from './offenders.api';
import { StatusBadge } from './StatusBadge';
import './styles';

const PAGE_SIZE = 25;

/**
 * `/offenders`: the register — search by name (any script), reference or passport; filter by status.
 * Users who may not read the register (liaison officers, border desks) get the section's other pages.
 */
export default function RegisterPage() {
  const me = useMe();
  return hasAbility(me, 'offenders.list') ? <Register /> : <SectionLanding />;
}

function SectionLanding() {
  const { t } = useTranslation();
  useDocumentTitle(t('capabilities.offenders'));
  return (
    <Stack gap="lg">
      <Title order={1}>{t('capabilities.offenders')}</Title>
      <OffendersTabs />
    </Stack>
  );
}

function Register() {
  const { t } = useTranslation();
  const me = useMe();
  useDocumentTitle(t('offenders.register.title'));
  const [q, setQ] = useState('');
  const [search, setSearch] = useState('');
  const [status, setStatus] = useState<RegisterStatus | undefined>(undefined);
  const [page, setPage] = useState(1);
  const entries = useEntries({ q: search || undefined, status }, (page - 1) * PAGE_SIZE, PAGE_SIZE);
  const pages = Math.max(1, Math.ceil((entries.data?.total ?? 0) / PAGE_SIZE));

  return (
    <Stack gap="lg">
      <OffendersTabs />
      <Group justify="space-between" align="flex-end">
        <Stack gap={4}>
          <Title order={1}>{t('offenders.register.title')}</Title>
          <Text c="dimmed">{t('offenders.register.intro')}</Text>
        </Stack>
        {hasAbility(me, 'offenders.create') && (
          <Button component={Link} to="/offenders/new">
            {t('offenders.register.propose')}
          </Button>
        )}
      </Group>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          setSearch(q.trim());
          setPage(1);
        }}
      >
        <Group align="flex-end">
          <TextInput
            label={t('offenders.register.searchLabel')}
            value={q}
            onChange={(event) => setQ(event.currentTarget.value)}
            dir="auto"
            w={320}
          />
          <Select
            label={t('offenders.register.status')}
            data={[
              { value: '', label: t('offenders.register.allStatuses') },
              ...REGISTER_STATUSES.map((s) => ({ value: s, label: t(`offenders.status.${s}`) })),
            ]}
            value={status ?? ''}
            onChange={(value) => {
              setStatus((value || undefined) as RegisterStatus | undefined);
              setPage(1);
            }}
            allowDeselect={false}
            w={200}
          />
          <Button type="submit" variant="default">
            {t('offenders.register.search')}
          </Button>
        </Group>
      </form>
      <LiveAlert message={entries.isError ? errorMessage(t, entries.error) : null} />
      {entries.isPending && <Text>{t('common.loading')}</Text>}
      {entries.isSuccess && entries.data.items.length === 0 && <Text>{t('offenders.register.none')}</Text>}
      {entries.isSuccess && entries.data.items.length > 0 && (
        <Table striped highlightOnHover>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('offenders.register.columns.reference')}</Table.Th>
              <Table.Th>{t('offenders.register.columns.name')}</Table.Th>
              <Table.Th>{t('offenders.register.columns.dob')}</Table.Th>
              <Table.Th>{t('offenders.register.columns.nationalities')}</Table.Th>
              <Table.Th>{t('offenders.register.columns.status')}</Table.Th>
              <Table.Th>{t('offenders.register.columns.risk')}</Table.Th>
              <Table.Th>{t('offenders.register.columns.review')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {entries.data.items.map((entry) => (
              <Table.Tr key={entry.id}>
                <Table.Td>
                  <AnchorLink to="/offenders/$entryId" params={{ entryId: entry.id }} fw={700} lang="en">
                    {entry.reference}
                  </AnchorLink>
                </Table.Td>
                <Table.Td dir="auto">{entry.primaryName}</Table.Td>
                <Table.Td>{entry.dob ?? '—'}</Table.Td>
                <Table.Td>{entry.nationalities.join(', ') || '—'}</Table.Td>
                <Table.Td>
                  <StatusBadge status={entry.status} lapsed={entry.lapsed} />
                </Table.Td>
                <Table.Td>
                  <Badge variant="light" color={entry.riskLevel === 'high' ? 'red.9' : 'gray.7'} tt="none">
                    {t(`offenders.risk.${entry.riskLevel}`)}
                  </Badge>
                </Table.Td>
                <Table.Td>{entry.reviewDate ?? '—'}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {pages > 1 && (
        <Pagination
          total={pages}
          value={page}
          onChange={setPage}
          getItemProps={(item) => ({ 'aria-label': t('common.page', { page: item }) })}
          getControlProps={(control) => ({ 'aria-label': t(`common.pageControl.${control}`) })}
        />
      )}
    </Stack>
  );
}
