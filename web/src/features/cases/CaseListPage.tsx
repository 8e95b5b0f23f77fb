import { CASE_OFFENCES, CASE_STATUSES, type CaseOffence, type CaseStatus } from '@karpear/contracts';
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
import { formatDateTime } from '../../i18n/format';
import { hasAbility, useMe } from '../auth/me';
import { useCases } from './cases.api';

const PAGE_SIZE = 25;

/** `/cases`: the cases the user may read, filtered by status, offence and a search on reference/title. */
export default function CaseListPage() {
  const { t, i18n } = useTranslation();
  useDocumentTitle(t('cases.list.title'));
  const me = useMe();
  const [status, setStatus] = useState<CaseStatus | undefined>();
  const [offence, setOffence] = useState<CaseOffence | undefined>();
  const [text, setText] = useState('');
  const [q, setQ] = useState<string | undefined>();
  const [page, setPage] = useState(1);
  const cases = useCases({ status, offence, q, limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  const total = cases.data?.total ?? 0;
  // The server counts up to 10,000 matching cases; beyond that it says so ("10,000+"), as the tip queue.
  const shownTotal = cases.data?.totalCapped ? `${total.toLocaleString(i18n.resolvedLanguage)}+` : total;

  return (
    <Stack gap="md">
      <Group justify="space-between">
        <Title order={1}>{t('cases.list.title')}</Title>
        {hasAbility(me, 'cases.create') && (
          <Button component={Link} to="/cases/new">
            {t('cases.list.new')}
          </Button>
        )}
      </Group>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          setPage(1);
          setQ(text.trim() || undefined);
        }}
      >
        <Group align="flex-end">
          <TextInput
            label={t('cases.list.search')}
            value={text}
            onChange={(event) => setText(event.currentTarget.value)}
            maxLength={100}
          />
          <Button type="submit" variant="light">
            {t('cases.list.searchSubmit')}
          </Button>
          <Select
            label={t('cases.fields.status')}
            clearable
            data={CASE_STATUSES.map((value) => ({ value, label: t(`cases.status.${value}`) }))}
            value={status ?? null}
            onChange={(value) => {
              setPage(1);
              setStatus((value as CaseStatus | null) ?? undefined);
            }}
          />
          <Select
            label={t('cases.fields.offence')}
            clearable
            data={CASE_OFFENCES.map((value) => ({ value, label: t(`cases.offence.${value}`) }))}
            value={offence ?? null}
            onChange={(value) => {
              setPage(1);
              setOffence((value as CaseOffence | null) ?? undefined);
            }}
          />
        </Group>
      </form>
      <LiveAlert message={cases.isError ? errorMessage(t, cases.error) : null} />
      {cases.data && cases.data.items.length === 0 && <Text>{t('cases.list.empty')}</Text>}
      {cases.data && cases.data.items.length > 0 && (
        <Table striped>
          <Table.Caption>{t('cases.list.count', { count: shownTotal })}</Table.Caption>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('cases.fields.reference')}</Table.Th>
              <Table.Th>{t('cases.fields.title')}</Table.Th>
              <Table.Th>{t('cases.fields.status')}</Table.Th>
              <Table.Th>{t('cases.fields.offences')}</Table.Th>
              <Table.Th>{t('cases.fields.updatedAt')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {cases.data.items.map((item) => (
              <Table.Tr key={item.id}>
                <Table.Td>
                  <AnchorLink to="/cases/$caseId" params={{ caseId: item.id }}>
                    {item.reference}
                  </AnchorLink>
                </Table.Td>
                <Table.Td>{item.title}</Table.Td>
                <Table.Td>
                  <Badge variant="light">{t(`cases.status.${item.status}`)}</Badge>
                </Table.Td>
                <Table.Td>{item.offences.map((o) => t(`cases.offence.${o}`)).join(', ')}</Table.Td>
                <Table.Td>{formatDateTime(item.updatedAt, i18n.resolvedLanguage)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {total > PAGE_SIZE && (
        <Pagination
          total={Math.ceil(total / PAGE_SIZE)}
          value={page}
          onChange={setPage}
          getControlProps={(control) => ({ 'aria-label': t(`common.pageControl.${control}`) })}
        />
      )}
    </Stack>
  );
}
