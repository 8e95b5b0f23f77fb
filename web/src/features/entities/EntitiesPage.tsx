import { Alert, Badge, Button, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AnchorLink } from '../../app/links';
import { useDocumentTitle } from '../../app/useDocumentTitle';
import { ENTITIES_PAGE_SIZE, useEntities } from './entities.api';

/** The kinds offered in the filter (the `identifiers` table's kinds in use). */
const KINDS = [
  'email',
  'phone',
  'ip',
  'username',
  'account',
  'url',
  'device',
  'passport',
  'name',
  'file_hash',
] as const;

/**
 * `/entities`: identifiers linked to the user's own records, searchable by part of a value; a whole
 * identifier typed in is found wherever it is held (deconfliction). Each row opens the identifier's page.
 */
export default function EntitiesPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('entities.title'));
  const [draft, setDraft] = useState('');
  const [filters, setFilters] = useState({ q: '', kind: '', offset: 0 });
  const entities = useEntities(filters);
  const page = entities.data;
  const tooShort = filters.q.trim().length === 1;

  const search = (event: FormEvent) => {
    event.preventDefault();
    setFilters({ ...filters, q: draft, offset: 0 });
  };

  return (
    <Stack gap="md" maw={1000}>
      <Title order={1}>{t('entities.title')}</Title>
      <Text c="dimmed">{t('entities.intro')}</Text>
      <form onSubmit={search}>
        <Group align="end">
          <TextInput
            label={t('entities.search')}
            description={t('entities.searchHint')}
            value={draft}
            onChange={(event) => setDraft(event.currentTarget.value)}
            maxLength={200}
            style={{ flex: 1, minWidth: 240 }}
          />
          <Select
            label={t('entities.kind')}
            data={[
              { value: '', label: t('entities.anyKind') },
              ...KINDS.map((value) => ({ value, label: t(`tips.identifierKind.${value}`) })),
            ]}
            value={filters.kind}
            onChange={(value) => setFilters({ ...filters, kind: value ?? '', offset: 0 })}
            allowDeselect={false}
            w={200}
          />
          <Button type="submit">{t('entities.searchButton')}</Button>
        </Group>
      </form>
      {tooShort && <Text size="sm">{t('entities.tooShort')}</Text>}
      {entities.isError && !tooShort && (
        <Alert color="red" role="alert">
          {t('entities.loadError')}
        </Alert>
      )}
      {page && page.items.length === 0 && <Text>{t('entities.empty')}</Text>}
      {page && page.items.length > 0 && (
        <Table striped withTableBorder>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('entities.columns.value')}</Table.Th>
              <Table.Th>{t('entities.columns.kind')}</Table.Th>
              <Table.Th>{t('entities.columns.records')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {page.items.map((entity) => (
              <Table.Tr key={entity.id}>
                <Table.Td style={{ wordBreak: 'break-all' }}>
                  <AnchorLink to="/entities/$entityId" params={{ entityId: entity.id }} lang="en">
                    {entity.value}
                  </AnchorLink>
                  {entity.stopListed && (
                    <Badge ml="xs" color="gray" variant="light">
                      {t('entities.stopListed')}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>{t(`tips.identifierKind.${entity.kind}`)}</Table.Td>
                <Table.Td>{entity.recordCount}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {page && page.total > ENTITIES_PAGE_SIZE && (
        <Group justify="space-between">
          <Button
            variant="default"
            disabled={filters.offset === 0}
            onClick={() =>
              setFilters({ ...filters, offset: Math.max(0, filters.offset - ENTITIES_PAGE_SIZE) })
            }
          >
            {t('entities.previous')}
          </Button>
          <Text size="sm">
            {t('entities.pageOf', {
              from: filters.offset + 1,
              to: Math.min(filters.offset + ENTITIES_PAGE_SIZE, page.total),
              total: page.total,
            })}
          </Text>
          <Button
            variant="default"
            disabled={filters.offset + ENTITIES_PAGE_SIZE >= page.total}
            onClick={() => setFilters({ ...filters, offset: filters.offset + ENTITIES_PAGE_SIZE })}
          >
            {t('entities.next')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
