import {
  ActionIcon,
  Alert,
  Button,
  Fieldset,
  Group,
  Radio,
  SegmentedControl,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useNavigate, useParams } from '@tanstack/react-router';
import { type FormEvent, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { useDocumentTitle } from '../../app/useDocumentTitle';
import { errorMessage } from '../../components/apiErrors';
import { LiveAlert } from '../../components/LiveAlert';
import type { DobDraft, DobPrecision } from './dob';
import { type Draft, draftOf, EMPTY, toEntryBody } from './entryDraft';
import { OffendersTabs } from './OffendersTabs';
import {
  type EntryDetail,
  GENDERS,
  type Gender,
  REGISTER_BASES,
  type RegisterBasis,
  RISK_LEVELS,
  type RiskLevel,
  useCreateEntry,
  useEntry,
  useUpdateEntry,
} from './offenders.api';
import './styles';

/** `/offenders/new` and `/offenders/$entryId/edit`: propose or change a register entry. */
export default function EntryFormPage() {
  const { t } = useTranslation();
  const params = useParams({ strict: false }) as { entryId?: string };
  const editing = params.entryId;
  const existing = useEntry(editing ?? '');
  useDocumentTitle(editing ? t('offenders.form.titleEdit') : t('offenders.form.titleNew'));
  if (editing && !existing.data)
    return <LiveAlert message={existing.isError ? errorMessage(t, existing.error) : null} />;
  return <EntryForm entry={editing ? existing.data : undefined} />;
}

function EntryForm({ entry }: { entry?: EntryDetail }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const create = useCreateEntry();
  const update = useUpdateEntry();
  const mutation = entry ? update : create;
  const [draft, setDraft] = useState<Draft>(entry ? draftOf(entry) : EMPTY);
  useEffect(() => {
    if (entry) setDraft(draftOf(entry));
  }, [entry]);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) => setDraft((d) => ({ ...d, [key]: value }));
  const issues = isApiError(mutation.error) ? mutation.error.issues : [];

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    const body = toEntryBody(draft);
    const saved = entry
      ? await update
          .mutateAsync({ id: entry.id, body: { ...body, version: entry.version } })
          .catch(() => null)
      : await create.mutateAsync(body).catch(() => null);
    if (saved) await navigate({ to: '/offenders/$entryId', params: { entryId: saved.id } });
  };

  const setName = (i: number, change: Partial<{ name: string; primary: boolean }>) =>
    set(
      'names',
      draft.names.map((n, j) =>
        j === i ? { ...n, ...change } : change.primary ? { ...n, primary: false } : n,
      ),
    );
  const setPassport = (i: number, change: Partial<{ country: string; number: string }>) =>
    set(
      'passports',
      draft.passports.map((p, j) => (j === i ? { ...p, ...change } : p)),
    );
  const dob = draft.dob;
  const setDob = (change: Partial<DobDraft>) => set('dob', { ...dob, ...change });

  return (
    <Stack gap="lg" maw={860}>
      <OffendersTabs />
      <Stack gap={4}>
        <Title order={1}>
          {entry ? `${t('offenders.form.titleEdit')} ${entry.reference}` : t('offenders.form.titleNew')}
        </Title>
        <Text c="dimmed">{t('offenders.form.intro')}</Text>
      </Stack>
      {entry?.status === 'active' && (
        <Alert color="orange" variant="light">
          {t('offenders.form.activeWarning')}
        </Alert>
      )}
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Select
            label={t('offenders.form.basis')}
            data={REGISTER_BASES.map((b) => ({ value: b, label: t(`offenders.basis.${b}`) }))}
            value={draft.basis}
            onChange={(value) => value && set('basis', value as RegisterBasis)}
            allowDeselect={false}
            required
          />
          <Fieldset legend={t('offenders.form.names')}>
            <Stack gap="xs">
              <Text size="sm" c="dimmed">
                {t('offenders.form.namesHelp')}
              </Text>
              <Radio.Group
                value={String(draft.names.findIndex((n) => n.primary))}
                onChange={(value) => setName(Number(value), { primary: true })}
                label={t('offenders.form.primary')}
              >
                <Stack gap="xs" mt="xs">
                  {draft.names.map((n, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity of their own
                    <Group key={i} align="flex-end" wrap="nowrap">
                      <Radio value={String(i)} aria-label={t('offenders.form.primaryOf', { n: i + 1 })} />
                      <TextInput
                        label={t('offenders.form.nameLabel', { n: i + 1 })}
                        value={n.name}
                        onChange={(event) => setName(i, { name: event.currentTarget.value })}
                        dir="auto"
                        style={{ flex: 1 }}
                        required={i === 0}
                      />
                      {draft.names.length > 1 && (
                        <Button
                          variant="subtle"
                          color="red"
                          onClick={() =>
                            set(
                              'names',
                              draft.names.filter((_, j) => j !== i),
                            )
                          }
                        >
                          {t('offenders.form.remove')}
                        </Button>
                      )}
                    </Group>
                  ))}
                </Stack>
              </Radio.Group>
              <Button
                variant="default"
                onClick={() => set('names', [...draft.names, { name: '', primary: false }])}
                disabled={draft.names.length >= 20}
                w="fit-content"
              >
                {t('offenders.form.addName')}
              </Button>
            </Stack>
          </Fieldset>
          <Fieldset legend={t('offenders.form.dob')}>
            <Stack gap="xs">
              <SegmentedControl
                aria-label={t('offenders.form.dobPrecision')}
                value={dob.precision}
                onChange={(value) => setDob({ precision: value as DobPrecision })}
                data={(['day', 'month', 'year'] as const).map((p) => ({
                  value: p,
                  label: t(`offenders.form.precision.${p}`),
                }))}
                w="fit-content"
              />
              <Group>
                <TextInput
                  label={t('offenders.form.year')}
                  value={dob.year}
                  onChange={(event) => setDob({ year: event.currentTarget.value })}
                  inputMode="numeric"
                  maxLength={4}
                  w={100}
                />
                {dob.precision !== 'year' && (
                  <TextInput
                    label={t('offenders.form.month')}
                    value={dob.month}
                    onChange={(event) => setDob({ month: event.currentTarget.value })}
                    inputMode="numeric"
                    maxLength={2}
                    w={80}
                  />
                )}
                {dob.precision === 'day' && (
                  <TextInput
                    label={t('offenders.form.day')}
                    value={dob.day}
                    onChange={(event) => setDob({ day: event.currentTarget.value })}
                    inputMode="numeric"
                    maxLength={2}
                    w={80}
                  />
                )}
              </Group>
            </Stack>
          </Fieldset>
          <Select
            label={t('offenders.form.gender')}
            data={GENDERS.map((g) => ({ value: g, label: t(`offenders.gender.${g}`) }))}
            value={draft.gender}
            onChange={(value) => set('gender', value as Gender | null)}
            clearable
          />
          <TextInput
            label={t('offenders.form.nationalities')}
            description={t('offenders.form.nationalitiesHelp')}
            value={draft.nationalities}
            onChange={(event) => set('nationalities', event.currentTarget.value)}
          />
          <Fieldset legend={t('offenders.form.passports')}>
            <Stack gap="xs">
              {draft.passports.map((p, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: rows have no identity of their own
                <Group key={i} align="flex-end" wrap="nowrap">
                  <TextInput
                    label={t('offenders.form.passportCountry')}
                    value={p.country}
                    onChange={(event) => setPassport(i, { country: event.currentTarget.value })}
                    w={160}
                  />
                  <TextInput
                    label={t('offenders.form.passportNumber')}
                    value={p.number}
                    onChange={(event) => setPassport(i, { number: event.currentTarget.value })}
                    style={{ flex: 1 }}
                  />
                  <ActionIcon
                    variant="subtle"
                    color="red"
                    size="lg"
                    aria-label={t('offenders.form.removePassport', { n: i + 1 })}
                    onClick={() =>
                      set(
                        'passports',
                        draft.passports.filter((_, j) => j !== i),
                      )
                    }
                  >
                    ×
                  </ActionIcon>
                </Group>
              ))}
              <Button
                variant="default"
                onClick={() => set('passports', [...draft.passports, { country: '', number: '' }])}
                disabled={draft.passports.length >= 10}
                w="fit-content"
              >
                {t('offenders.form.addPassport')}
              </Button>
            </Stack>
          </Fieldset>
          <Textarea
            label={t('offenders.form.offences')}
            description={t('offenders.form.offencesHelp')}
            value={draft.offences}
            onChange={(event) => set('offences', event.currentTarget.value)}
            autosize
            minRows={2}
          />
          <Textarea
            label={t('offenders.form.legalBasis')}
            value={draft.legalBasis}
            onChange={(event) => set('legalBasis', event.currentTarget.value)}
            autosize
            minRows={2}
            required
          />
          <Group grow>
            <TextInput
              label={t('offenders.form.sourceDocument')}
              value={draft.sourceDocument}
              onChange={(event) => set('sourceDocument', event.currentTarget.value)}
            />
            <TextInput
              label={t('offenders.form.photoRef')}
              value={draft.photoRef}
              onChange={(event) => set('photoRef', event.currentTarget.value)}
            />
          </Group>
          <Group grow align="flex-start">
            <Select
              label={t('offenders.form.risk')}
              data={RISK_LEVELS.map((r) => ({ value: r, label: t(`offenders.risk.${r}`) }))}
              value={draft.riskLevel}
              onChange={(value) => value && set('riskLevel', value as RiskLevel)}
              allowDeselect={false}
              required
            />
            <TextInput
              type="date"
              label={t('offenders.form.reviewDate')}
              value={draft.reviewDate}
              onChange={(event) => set('reviewDate', event.currentTarget.value)}
            />
            <TextInput
              type="date"
              label={t('offenders.form.expiresAt')}
              description={t('offenders.form.expiresAtHelp')}
              value={draft.expiresAt}
              onChange={(event) => set('expiresAt', event.currentTarget.value)}
            />
          </Group>
          <Textarea
            label={t('offenders.form.instructions')}
            description={t('offenders.form.instructionsHelp')}
            value={draft.instructions}
            onChange={(event) => set('instructions', event.currentTarget.value)}
            autosize
            minRows={2}
            required
          />
          <LiveAlert message={mutation.isError ? errorMessage(t, mutation.error) : null} />
          {issues.length > 0 && (
            <Alert color="red" variant="light" title={t('offenders.form.errorsTitle')}>
              <ul>
                {issues.map((issue) => (
                  <li key={`${issue.path}:${issue.message}`} lang="en">
                    {issue.path.replace(/^body\./, '')}: {issue.message}
                  </li>
                ))}
              </ul>
            </Alert>
          )}
          <Group>
            <Button type="submit" loading={mutation.isPending}>
              {entry ? t('offenders.form.saveChanges') : t('offenders.form.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
