import { Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDocumentTitle } from '../../../app/useDocumentTitle';
import { errorMessage } from '../../../components/apiErrors';
import { LiveAlert } from '../../../components/LiveAlert';
import { localName } from '../../../i18n/format';
import { hasAbility, useMe } from '../../auth/me';
import '../styles';
import { AgencyDialog } from './AgencyDialog';
import { type Agency, useAgencies } from './agencies.api';
import { UnitsPanel } from './UnitsPanel';

/**
 * `/admin/agencies`: system administrators see every agency and create or rename them; an agency
 * administrator sees their own agency and manages its units.
 */
export default function AgenciesPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  useDocumentTitle(t('nav.agencies'));
  const agencies = useAgencies();
  const [selectedId, setSelectedId] = useState<string>(me.agency.id);
  const [editing, setEditing] = useState<Agency | 'new' | null>(null);
  const items = agencies.data?.items ?? [];
  const selected = items.find((agency) => agency.id === selectedId) ?? items[0];
  const canCreate = hasAbility(me, 'agencies.create');

  return (
    <Stack gap="lg" maw={1200}>
      <Group justify="space-between" align="flex-end">
        <Title order={1}>{t('nav.agencies')}</Title>
        {canCreate && <Button onClick={() => setEditing('new')}>{t('admin.agencies.create')}</Button>}
      </Group>
      <LiveAlert message={agencies.isError ? errorMessage(t, agencies.error) : null} />
      {agencies.isPending && <Text>{t('common.loading')}</Text>}
      {items.length > 1 && (
        <div className="table-scroll">
          <Table striped highlightOnHover verticalSpacing="sm" miw={720}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('admin.agencies.fields.code')}</Table.Th>
                <Table.Th scope="col">{t('admin.agencies.fields.name')}</Table.Th>
                <Table.Th scope="col">{t('admin.agencies.fields.type')}</Table.Th>
                <Table.Th scope="col">{t('admin.agencies.fields.country')}</Table.Th>
                <Table.Th scope="col">{t('common.actions')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {items.map((agency) => (
                <Table.Tr key={agency.id} aria-current={agency.id === selected?.id ? 'true' : undefined}>
                  <Table.Td lang="en">{agency.code}</Table.Td>
                  <Table.Td>{localName(agency, i18n.resolvedLanguage)}</Table.Td>
                  <Table.Td>{t(`agencyTypes.${agency.type}`)}</Table.Td>
                  <Table.Td lang="en">{agency.country}</Table.Td>
                  <Table.Td>
                    <Group gap="xs" wrap="nowrap">
                      <Button
                        size="compact-sm"
                        variant={agency.id === selected?.id ? 'filled' : 'default'}
                        onClick={() => setSelectedId(agency.id)}
                        aria-pressed={agency.id === selected?.id}
                        aria-label={t('admin.agencies.showUnitsOf', { code: agency.code })}
                      >
                        {t('admin.agencies.showUnits')}
                      </Button>
                      {agency.abilities.includes('agencies.update') && (
                        <Button
                          size="compact-sm"
                          variant="default"
                          onClick={() => setEditing(agency)}
                          aria-label={t('admin.agencies.editLabel', { code: agency.code })}
                        >
                          {t('common.edit')}
                        </Button>
                      )}
                    </Group>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </div>
      )}
      {selected && <UnitsPanel key={selected.id} agency={selected} />}
      {editing && (
        <AgencyDialog agency={editing === 'new' ? undefined : editing} onClose={() => setEditing(null)} />
      )}
    </Stack>
  );
}
