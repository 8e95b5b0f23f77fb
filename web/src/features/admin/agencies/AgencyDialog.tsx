import type { AgencyType } from '@karpear/contracts';
import { Button, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage, fieldErrors, onlyFieldIssues } from '../../../components/apiErrors';
import { LiveAlert } from '../../../components/LiveAlert';
import { type Agency, useSaveAgency } from './agencies.api';

export const AGENCY_TYPE_OPTIONS = [
  'police',
  'prosecution',
  'immigration',
  'ncct',
  'ngo',
  'foreign',
  'other',
] as const satisfies readonly AgencyType[];

const FIELDS = ['code', 'type', 'nameEn', 'nameKm', 'country'] as const;

/** Create an agency, or rename one (its type is fixed at creation). System administrators only. */
export function AgencyDialog({ agency, onClose }: { agency?: Agency; onClose(): void }) {
  const { t } = useTranslation();
  const save = useSaveAgency();
  const [code, setCode] = useState(agency?.code ?? '');
  const [type, setType] = useState<AgencyType>(agency?.type ?? 'police');
  const [nameEn, setNameEn] = useState(agency?.nameEn ?? '');
  const [nameKm, setNameKm] = useState(agency?.nameKm ?? '');
  const [country, setCountry] = useState(agency?.country ?? 'KH');
  const server = fieldErrors(t, save.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const values = {
      code: code.trim().toUpperCase(),
      nameEn: nameEn.trim(),
      nameKm: nameKm.trim(),
      country: country.trim().toUpperCase(),
    };
    if (agency) {
      const changed = Object.fromEntries(
        Object.entries(values).filter(([key, value]) => agency[key as keyof typeof values] !== value),
      );
      if (Object.keys(changed).length === 0) return onClose();
      save.mutate({ id: agency.id, input: changed }, { onSuccess: onClose });
    } else {
      save.mutate({ input: { ...values, type } }, { onSuccess: onClose });
    }
  };

  return (
    <Modal
      opened
      onClose={onClose}
      title={agency ? t('admin.agencies.edit', { code: agency.code }) : t('admin.agencies.create')}
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
            value={code}
            onChange={(event) => setCode(event.currentTarget.value)}
            error={server('code')}
            lang="en"
          />
          <Select
            label={t('admin.agencies.fields.type')}
            data={AGENCY_TYPE_OPTIONS.map((value) => ({ value, label: t(`agencyTypes.${value}`) }))}
            value={type}
            onChange={(value) => value && setType(value as AgencyType)}
            allowDeselect={false}
            disabled={Boolean(agency)}
            error={server('type')}
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
            label={t('admin.agencies.fields.country')}
            description={t('admin.agencies.countryHelp')}
            required
            maxLength={2}
            value={country}
            onChange={(event) => setCountry(event.currentTarget.value)}
            error={server('country')}
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
