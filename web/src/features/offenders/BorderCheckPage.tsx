import { Alert, Button, Group, Stack, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDocumentTitle } from '../../app/useDocumentTitle';
import { errorMessage } from '../../components/apiErrors';
import { LiveAlert } from '../../components/LiveAlert';
import { formatDateTime } from '../../i18n/format';
import { hasAbility, useMe } from '../auth/me';
import { OffendersTabs } from './OffendersTabs';
import { type ScreeningBody, type ScreeningResult, useScreeningCheck } from './offenders.api';

interface Draft {
  passportNumber: string;
  passportCountry: string;
  names: string;
  dob: string;
  nationality: string;
}
const EMPTY: Draft = { passportNumber: '', passportCountry: '', names: '', dob: '', nationality: '' };

/** The request: several names may be given, one per line; empty fields left out. */
export function toScreeningBody(d: Draft): ScreeningBody {
  const opt = (v: string) => v.trim() || undefined;
  return {
    passportNumber: opt(d.passportNumber),
    passportCountry: opt(d.passportCountry),
    names: d.names
      .split('\n')
      .map((n) => n.trim())
      .filter(Boolean),
    dob: opt(d.dob),
    nationality: opt(d.nationality),
  };
}

/**
 * `/screening/check`: the border desk. One screen, big inputs, passport first; the answer is a green
 * "no hit" or a red "hit" with the instructions to follow and the unit to call — never who the person
 * is on the register or why. Every check is audited on the server.
 */
export default function BorderCheckPage() {
  const { t } = useTranslation();
  const me = useMe();
  useDocumentTitle(t('offenders.check.title'));
  const check = useScreeningCheck();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const first = useRef<HTMLInputElement>(null);
  const set = (key: keyof Draft) => (event: { currentTarget: { value: string } }) => {
    const value = event.currentTarget.value;
    setDraft((d) => ({ ...d, [key]: value }));
  };
  const submit = (event: FormEvent) => {
    event.preventDefault();
    check.mutate(toScreeningBody(draft));
  };
  const next = () => {
    setDraft(EMPTY);
    check.reset();
    first.current?.focus();
  };
  const big = { size: 'lg' as const, styles: { input: { fontSize: '1.4rem', minHeight: '3.2rem' } } };
  // Desk-only users (immigration officers) see this page alone; others get the section's tabs.
  const deskOnly = !hasAbility(me, 'offenders.list', 'offenders.travel_list', 'offenders.travel_create');
  return (
    <Stack gap="lg" maw={760}>
      {!deskOnly && <OffendersTabs />}
      <Stack gap={4}>
        <Title order={1}>{t('offenders.check.title')}</Title>
        <Text c="dimmed">{t('offenders.check.intro')}</Text>
      </Stack>
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <Group grow align="flex-start">
            <TextInput
              {...big}
              ref={first}
              label={t('offenders.check.passportNumber')}
              value={draft.passportNumber}
              onChange={set('passportNumber')}
              autoComplete="off"
              autoFocus
              style={{ flex: 2 }}
            />
            <TextInput
              {...big}
              label={t('offenders.check.passportCountry')}
              value={draft.passportCountry}
              onChange={set('passportCountry')}
              autoComplete="off"
            />
          </Group>
          <TextInput
            {...big}
            label={t('offenders.check.names')}
            description={t('offenders.check.namesHelp')}
            value={draft.names}
            onChange={set('names')}
            autoComplete="off"
            dir="auto"
          />
          <Group grow align="flex-start">
            <TextInput
              {...big}
              label={t('offenders.check.dob')}
              description={t('offenders.check.dobHelp')}
              value={draft.dob}
              onChange={set('dob')}
              autoComplete="off"
            />
            <TextInput
              {...big}
              label={t('offenders.check.nationality')}
              value={draft.nationality}
              onChange={set('nationality')}
              autoComplete="off"
            />
          </Group>
          <Group>
            <Button type="submit" size="xl" loading={check.isPending}>
              {t('offenders.check.submit')}
            </Button>
            <Button type="button" size="xl" variant="default" onClick={next}>
              {t('offenders.check.next')}
            </Button>
          </Group>
        </Stack>
      </form>
      <LiveAlert message={check.isError ? errorMessage(t, check.error) : null} />
      <div aria-live="assertive" aria-atomic="true">
        {check.data && <ResultPanel result={check.data} />}
      </div>
    </Stack>
  );
}

function ResultPanel({ result }: { result: ScreeningResult }) {
  const { t, i18n } = useTranslation();
  const at = formatDateTime(result.checkedAt, i18n.resolvedLanguage);
  if (result.result === 'no_hit')
    return (
      <Alert color="green.9" variant="filled" title={t('offenders.check.noHit')} data-result="no_hit">
        <Text size="lg">{t('offenders.check.noHitDetail', { at })}</Text>
      </Alert>
    );
  const unit = result.dutyUnit
    ? i18n.resolvedLanguage === 'en'
      ? result.dutyUnit.nameEn
      : result.dutyUnit.nameKm
    : null;
  return (
    <Alert
      color="red.9"
      variant="filled"
      title={result.level === 'hit' ? t('offenders.check.hit') : t('offenders.check.review')}
      data-result="hit"
    >
      <Stack gap="xs">
        {result.instructions ? (
          <Text size="xl" fw={700}>
            {result.instructions}
          </Text>
        ) : (
          <Text size="xl" fw={700}>
            {t('offenders.check.standardInstructions')}
          </Text>
        )}
        {unit && <Text size="lg">{t('offenders.check.callUnit', { unit })}</Text>}
        <Text size="lg">
          {t('offenders.check.reference')}{' '}
          <Text span fw={700} lang="en" ff="monospace">
            {result.reference}
          </Text>
        </Text>
        <Text size="sm">{at}</Text>
      </Stack>
    </Alert>
  );
}
