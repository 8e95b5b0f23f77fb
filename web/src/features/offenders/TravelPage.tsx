import {
  Badge,
  Button,
  Card,
  Group,
  Pagination,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { useDocumentTitle } from '../../app/useDocumentTitle';
import { errorMessage } from '../../components/apiErrors';
import { LiveAlert } from '../../components/LiveAlert';
import { hasAbility, useMe } from '../auth/me';
import { OffendersTabs } from './OffendersTabs';
import { useCreateTravel, useTravelNotifications } from './offenders.api';
import './styles';

const PAGE_SIZE = 25;

const FIELDS = [
  'partnerRef',
  'dob',
  'nationality',
  'passportCountry',
  'passportNumber',
  'travelDate',
  'flight',
  'borderPost',
  'stayPlace',
  'stayProvince',
] as const;
type Field = (typeof FIELDS)[number];

/** The body: one name per line; empty fields left out. */
export function toTravelBody(names: string, fields: Record<Field, string>): Record<string, unknown> {
  const body: Record<string, unknown> = {
    names: names
      .split('\n')
      .map((n) => n.trim())
      .filter(Boolean),
  };
  for (const key of FIELDS) if (fields[key].trim()) body[key] = fields[key].trim();
  return body;
}

/**
 * `/offenders/travel`: record an inbound travel notification from a foreign partner (it alerts the
 * unit and watches for the traveller at the border), and the unit's list of them.
 */
export default function TravelPage() {
  const { t } = useTranslation();
  const me = useMe();
  useDocumentTitle(t('offenders.travel.title'));
  const canList = hasAbility(me, 'offenders.travel_list');
  const [page, setPage] = useState(1);
  const list = useTravelNotifications((page - 1) * PAGE_SIZE, PAGE_SIZE, canList);
  const pages = Math.max(1, Math.ceil((list.data?.total ?? 0) / PAGE_SIZE));
  return (
    <Stack gap="lg">
      <OffendersTabs />
      <Stack gap={4}>
        <Title order={1}>{t('offenders.travel.title')}</Title>
        <Text c="dimmed">{t('offenders.travel.intro')}</Text>
      </Stack>
      {hasAbility(me, 'offenders.travel_create') && <TravelForm />}
      {canList && (
        <Stack gap="sm">
          <Title order={2} size="h3">
            {t('offenders.travel.list')}
          </Title>
          <LiveAlert message={list.isError ? errorMessage(t, list.error) : null} />
          {list.isSuccess && list.data.items.length === 0 && <Text>{t('offenders.travel.none')}</Text>}
          {list.isSuccess && list.data.items.length > 0 && (
            <Table striped>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('offenders.travel.columns.reference')}</Table.Th>
                  <Table.Th>{t('offenders.travel.columns.names')}</Table.Th>
                  <Table.Th>{t('offenders.travel.travelDate')}</Table.Th>
                  <Table.Th>{t('offenders.travel.columns.arrival')}</Table.Th>
                  <Table.Th>{t('offenders.travel.stayPlace')}</Table.Th>
                  <Table.Th>{t('offenders.travel.columns.partner')}</Table.Th>
                  <Table.Th>{t('offenders.travel.columns.watch')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {list.data.items.map((n) => (
                  <Table.Tr key={n.id}>
                    <Table.Td lang="en">{n.reference}</Table.Td>
                    <Table.Td dir="auto">{n.names.join(' / ')}</Table.Td>
                    <Table.Td>{n.travelDate ?? '—'}</Table.Td>
                    <Table.Td>{[n.flight, n.borderPost].filter(Boolean).join(' · ') || '—'}</Table.Td>
                    <Table.Td>{[n.stayPlace, n.stayProvince].filter(Boolean).join(', ') || '—'}</Table.Td>
                    <Table.Td>{n.partner}</Table.Td>
                    <Table.Td>
                      <Badge variant="light" tt="none" color={n.watching ? 'red.9' : 'gray.7'}>
                        {n.watching
                          ? t('offenders.travel.watching', { date: n.watchUntil.slice(0, 10) })
                          : t('offenders.travel.ended')}
                      </Badge>
                    </Table.Td>
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
      )}
    </Stack>
  );
}

const EMPTY = Object.fromEntries(FIELDS.map((f) => [f, ''])) as Record<Field, string>;

function TravelForm() {
  const { t } = useTranslation();
  const create = useCreateTravel();
  const [names, setNames] = useState('');
  const [fields, setFields] = useState(EMPTY);
  const issues = isApiError(create.error) ? create.error.issues : [];
  const errorOf = (field: string) => issues.find((i) => i.path === `body.${field}`)?.message;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(toTravelBody(names, fields), {
      onSuccess: () => {
        setNames('');
        setFields(EMPTY);
      },
    });
  };
  const input = (field: Field, type = 'text') => (
    <TextInput
      key={field}
      type={type}
      label={t(`offenders.travel.${field}`)}
      value={fields[field]}
      onChange={(event) => {
        const value = event.currentTarget.value;
        setFields((f) => ({ ...f, [field]: value }));
      }}
      error={errorOf(field)}
      required={field === 'travelDate'}
    />
  );
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="travel-new">
      <form onSubmit={submit} noValidate>
        <Stack gap="sm">
          <Title order={2} size="h3" id="travel-new">
            {t('offenders.travel.new')}
          </Title>
          <Textarea
            label={t('offenders.travel.names')}
            description={t('offenders.travel.namesHelp')}
            value={names}
            onChange={(event) => setNames(event.currentTarget.value)}
            error={errorOf('names')}
            dir="auto"
            autosize
            minRows={2}
            required
          />
          <SimpleGrid cols={{ base: 1, sm: 2, md: 3 }}>
            {input('travelDate', 'date')}
            {input('flight')}
            {input('borderPost')}
            {input('passportNumber')}
            {input('passportCountry')}
            {input('nationality')}
            {input('dob')}
            {input('stayPlace')}
            {input('stayProvince')}
            {input('partnerRef')}
          </SimpleGrid>
          <LiveAlert message={create.isError ? errorMessage(t, create.error) : null} />
          <LiveAlert
            tone="info"
            message={create.data ? t('offenders.travel.created', { reference: create.data.reference }) : null}
          />
          <Group>
            <Button type="submit" loading={create.isPending}>
              {t('offenders.travel.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Card>
  );
}
