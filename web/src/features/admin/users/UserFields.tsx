import type { Role } from '@karpear/contracts';
import { Checkbox, Select, SimpleGrid } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { localName } from '../../../i18n/format';
import { useMe } from '../../auth/me';
import { useUnits } from '../agencies/agencies.api';
import { ROLE_OPTIONS } from '../roles';

/** Role checkboxes. `system_admin` is offered only to system administrators. */
export function RolesField({
  value,
  onChange,
  error,
}: {
  value: Role[];
  onChange(roles: Role[]): void;
  error?: string;
}) {
  const { t } = useTranslation();
  const me = useMe();
  const offered = ROLE_OPTIONS.filter((role) => role !== 'system_admin' || me.roles.includes('system_admin'));
  return (
    <Checkbox.Group
      label={t('admin.users.fields.roles')}
      value={value}
      onChange={(roles) => onChange(roles as Role[])}
      error={error}
      withAsterisk
    >
      <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="xs" mt="xs">
        {offered.map((role) => (
          <Checkbox key={role} value={role} label={t(`roles.${role}`)} />
        ))}
      </SimpleGrid>
    </Checkbox.Group>
  );
}

const NO_UNIT = '';

/** The unit within `agencyId` (or none). */
export function UnitField({
  agencyId,
  value,
  onChange,
  error,
}: {
  agencyId: string | undefined;
  value: string | null;
  onChange(unitId: string | null): void;
  error?: string;
}) {
  const { t, i18n } = useTranslation();
  const units = useUnits(agencyId);
  const data = [
    { value: NO_UNIT, label: t('admin.users.noUnit') },
    ...(units.data?.items ?? []).map((unit) => ({
      value: unit.id,
      label: `${localName(unit, i18n.resolvedLanguage)} (${unit.code})`,
    })),
  ];
  return (
    <Select
      label={t('admin.users.fields.unit')}
      data={data}
      value={value ?? NO_UNIT}
      onChange={(next) => onChange(next ? next : null)}
      allowDeselect={false}
      disabled={!agencyId || units.isPending}
      error={error}
      comboboxProps={{ withinPortal: true }}
    />
  );
}
