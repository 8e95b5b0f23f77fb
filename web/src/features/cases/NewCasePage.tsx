import { CASE_OFFENCES, type CaseOffence } from '@karpear/contracts';
import { Button, Group, MultiSelect, Select, Stack, Textarea, TextInput, Title } from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDocumentTitle } from '../../app/useDocumentTitle';
import { errorMessage, fieldErrors, onlyFieldIssues } from '../../components/apiErrors';
import { LiveAlert } from '../../components/LiveAlert';
import { localName } from '../../i18n/format';
import { useUnits } from '../admin/agencies/agencies.api';
import { hasAbility, useMe } from '../auth/me';
import { useTips } from '../tips/tips.api';
import { useCreateCase } from './cases.api';

const FIELDS = ['body.title', 'body.summary', 'body.offences', 'body.unitId', 'body.tipIds'];

/** `/cases/new`: open a case directly or from tips the user may read (optional). */
export default function NewCasePage() {
  const { t, i18n } = useTranslation();
  useDocumentTitle(t('cases.new.title'));
  const me = useMe();
  const navigate = useNavigate();
  const units = useUnits(me.agency.id);
  const canPickTips = hasAbility(me, 'tips.list');
  const create = useCreateCase();
  const [title, setTitle] = useState('');
  const [summary, setSummary] = useState('');
  const [unitId, setUnitId] = useState<string | null>(me.unit?.id ?? null);
  const [offences, setOffences] = useState<string[]>([]);
  const [tipIds, setTipIds] = useState<string[]>([]);
  const [titleMissing, setTitleMissing] = useState(false);
  const server = fieldErrors(t, create.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const tooShort = title.trim().length < 3;
    setTitleMissing(tooShort);
    if (tooShort) return;
    create.mutate(
      {
        title: title.trim(),
        summary: summary.trim() || undefined,
        offences: offences as CaseOffence[],
        tipIds,
        unitId: unitId ?? undefined,
      },
      { onSuccess: (created) => void navigate({ to: '/cases/$caseId', params: { caseId: created.id } }) },
    );
  };

  return (
    <Stack gap="md" maw={720}>
      <Title order={1}>{t('cases.new.title')}</Title>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <LiveAlert
            message={
              create.isError && !onlyFieldIssues(create.error, FIELDS) ? errorMessage(t, create.error) : null
            }
          />
          <TextInput
            label={t('cases.fields.title')}
            required
            maxLength={200}
            value={title}
            onChange={(event) => setTitle(event.currentTarget.value)}
            error={titleMissing ? t('cases.new.titleMissing') : server('body.title')}
          />
          <Select
            label={t('cases.fields.unit')}
            data={(units.data?.items ?? []).map((unit) => ({
              value: unit.id,
              label: localName(unit, i18n.resolvedLanguage),
            }))}
            value={unitId}
            onChange={setUnitId}
            error={server('body.unitId')}
          />
          <MultiSelect
            label={t('cases.fields.offences')}
            data={CASE_OFFENCES.map((value) => ({ value, label: t(`cases.offence.${value}`) }))}
            value={offences}
            onChange={setOffences}
            error={server('body.offences')}
          />
          {canPickTips && <TipPicker value={tipIds} onChange={setTipIds} error={server('body.tipIds')} />}
          <Textarea
            label={t('cases.fields.summary')}
            autosize
            minRows={3}
            maxLength={10_000}
            value={summary}
            onChange={(event) => setSummary(event.currentTarget.value)}
            error={server('body.summary')}
          />
          <Group justify="flex-end">
            <Button type="submit" loading={create.isPending}>
              {t('cases.new.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}

/** The latest tips the user may read (only asked for when they may list tips). */
function TipPicker(props: { value: string[]; onChange(value: string[]): void; error?: string }) {
  const { t } = useTranslation();
  const tips = useTips({ limit: 100, offset: 0 });
  return (
    <MultiSelect
      label={t('cases.new.tips')}
      description={t('cases.new.tipsHelp')}
      searchable
      data={(tips.data?.items ?? []).map((tip) => ({ value: tip.id, label: tip.reference }))}
      value={props.value}
      onChange={props.onChange}
      error={props.error}
    />
  );
}
