import { Button, Checkbox, Group, Modal, Stack, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage, fieldErrors, onlyFieldIssues } from '../../../components/apiErrors';
import { LiveAlert } from '../../../components/LiveAlert';
import { type Unit, type UnitInput, useSaveUnit } from './agencies.api';

const FIELDS = ['code', 'nameEn', 'nameKm', 'province', 'isSpecialist'] as const;

/** Create a unit in an agency, or change one. */
export function UnitDialog({ agencyId, unit, onClose }: { agencyId: string; unit?: Unit; onClose(): void }) {
  const { t } = useTranslation();
  const save = useSaveUnit(agencyId);
  const [code, setCode] = useState(unit?.code ?? '');
  const [nameKm, setNameKm] = useState(unit?.nameKm ?? '');
  const [nameEn, setNameEn] = useState(unit?.nameEn ?? '');
  const [province, setProvince] = useState(unit?.province ?? '');
  const [isSpecialist, setIsSpecialist] = useState(unit?.isSpecialist ?? false);
  const server = fieldErrors(t, save.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const values: UnitInput = {
      code: code.trim().toUpperCase(),
      nameEn: nameEn.trim(),
      nameKm: nameKm.trim(),
      province: province.trim() || null,
      isSpecialist,
    };
    if (unit) {
      const changed = Object.fromEntries(
        Object.entries(values).filter(([key, value]) => unit[key as keyof UnitInput] !== value),
      );
      if (Object.keys(changed).length === 0) return onClose();
      save.mutate({ id: unit.id, input: changed }, { onSuccess: onClose });
    } else {
      save.mutate({ input: values }, { onSuccess: onClose });
    }
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title={unit ? t('admin.units.edit', { code: unit.code }) : t('admin.units.create')}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <LiveAlert
            message={
              save.isError && !onlyFieldIssues(save.error, FIELDS) ? errorMessage(t, save.error) : null
            }
          />
          <TextInput
            data-autofocus
            label={t('admin.agencies.fields.code')}
            description={t('admin.agencies.codeHelp')}
            required
            lang="en"
            value={code}
            onChange={(event) => setCode(event.currentTarget.value)}
            error={server('code')}
          />
          <TextInput
            label={t('admin.agencies.fields.nameKm')}
            required
            lang="km"
            value={nameKm}
            onChange={(event) => setNameKm(event.currentTarget.value)}
            error={server('nameKm')}
          />
          <TextInput
            label={t('admin.agencies.fields.nameEn')}
            required
            lang="en"
            value={nameEn}
            onChange={(event) => setNameEn(event.currentTarget.value)}
            error={server('nameEn')}
          />
          <TextInput
            label={t('admin.units.fields.province')}
            value={province}
            onChange={(event) => setProvince(event.currentTarget.value)}
            error={server('province')}
          />
          <Checkbox
            label={t('admin.units.fields.isSpecialist')}
            checked={isSpecialist}
            onChange={(event) => setIsSpecialist(event.currentTarget.checked)}
            error={server('isSpecialist')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={save.isPending}>
              {t('common.save')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}
