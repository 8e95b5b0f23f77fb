import { Badge, Button, Group, Stack, Table, Text, Title, VisuallyHidden } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../components/apiErrors';
import { LiveAlert } from '../../../components/LiveAlert';
import { localName } from '../../../i18n/format';
import { type Agency, type Unit, useUnits } from './agencies.api';
import { UnitDialog } from './UnitDialog';

/** The units of one agency, with "New unit" and "Edit" where the caller may. */
export function UnitsPanel({ agency }: { agency: Agency }) {
  const { t, i18n } = useTranslation();
  const units = useUnits(agency.id);
  const [editing, setEditing] = useState<Unit | 'new' | null>(null);
  const canCreate = agency.abilities.includes('agencies.create_unit');
  const headingId = `units-of-${agency.id}`;

  return (
    <Stack gap="sm" component="section" aria-labelledby={headingId}>
      <Group justify="space-between" align="flex-end">
        <Title order={2} size="h3" id={headingId}>
          {t('admin.units.title', { agency: localName(agency, i18n.resolvedLanguage) })}
        </Title>
        {canCreate && <Button onClick={() => setEditing('new')}>{t('admin.units.create')}</Button>}
      </Group>
      <LiveAlert message={units.isError ? errorMessage(t, units.error) : null} />
      {units.isSuccess && units.data.items.length === 0 && <Text>{t('admin.units.none')}</Text>}
      {units.isSuccess && units.data.items.length > 0 && (
        <div className="table-scroll">
          <Table striped verticalSpacing="sm" miw={640}>
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('admin.agencies.fields.code')}</Table.Th>
                <Table.Th scope="col">{t('admin.agencies.fields.name')}</Table.Th>
                <Table.Th scope="col">{t('admin.units.fields.province')}</Table.Th>
                <Table.Th scope="col">
                  <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {units.data.items.map((unit) => (
                <Table.Tr key={unit.id}>
                  <Table.Td lang="en">{unit.code}</Table.Td>
                  <Table.Td>
                    <Group gap="xs">
                      <Text size="sm">{localName(unit, i18n.resolvedLanguage)}</Text>
                      {unit.isSpecialist && (
                        <Badge variant="filled" tt="none">
                          {t('admin.units.specialist')}
                        </Badge>
                      )}
                    </Group>
                  </Table.Td>
                  <Table.Td>{unit.province ?? '—'}</Table.Td>
                  <Table.Td>
                    {unit.abilities.includes('agencies.update_unit') && (
                      <Button
                        variant="default"
                        size="compact-sm"
                        onClick={() => setEditing(unit)}
                        aria-label={t('admin.units.editLabel', { code: unit.code })}
                      >
                        {t('common.edit')}
                      </Button>
                    )}
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </div>
      )}
      {editing && (
        <UnitDialog
          agencyId={agency.id}
          unit={editing === 'new' ? undefined : editing}
          onClose={() => setEditing(null)}
        />
      )}
    </Stack>
  );
}
