import {
  type CreateTipBody,
  createTipBodySchema,
  OPERATOR_TIP_SOURCES,
  PROVINCES,
  type Role,
} from '@karpear/contracts';
import {
  Alert,
  Button,
  Checkbox,
  Fieldset,
  Group,
  NumberInput,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useNavigate } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AnchorLink } from '../../app/links';
import { useDocumentTitle } from '../../app/useDocumentTitle';
import { errorMessage, fieldErrors } from '../../components/apiErrors';
import { LiveAlert } from '../../components/LiveAlert';
import { hasAbility, useMe } from '../auth/me';
import { type IdentifierRow, IdentifierRows } from './IdentifierRows';
import { useCreateTip } from './tips.api';
import './styles';

type OperatorSource = (typeof OPERATOR_TIP_SOURCES)[number];

/** Partner roles record only their own kind of tip (the server checks the same, tips.policy.ts). */
const SOURCES_BY_ROLE: Partial<Record<Role, readonly OperatorSource[]>> = {
  ngo_caseworker: ['ngo'],
  liaison_officer: ['partner', 'foreign_hotline'],
};

export function sourcesFor(roles: readonly Role[]): OperatorSource[] {
  if (roles.some((role) => !SOURCES_BY_ROLE[role])) return [...OPERATOR_TIP_SOURCES];
  return OPERATOR_TIP_SOURCES.filter((source) =>
    roles.some((role) => SOURCES_BY_ROLE[role]?.includes(source)),
  );
}

interface Draft {
  source: OperatorSource;
  receivedAt: string;
  narrative: string;
  province: string | null;
  place: string;
  occurredAt: string;
  childAgeMin: number | string;
  childAgeMax: number | string;
  imminentDanger: boolean;
  suspectNames: string;
  nationalities: string;
  languages: string;
  suspectDescription: string;
  travelling: boolean;
  reporterContact: string;
  externalRef: string;
}

const list = (text: string) =>
  text
    .split(/[,،\n]/)
    .map((part) => part.trim())
    .filter(Boolean);
const optional = (text: string) => text.trim() || undefined;
const age = (value: number | string) => (typeof value === 'number' ? value : undefined);

/** The request body from the form: empty fields are left out rather than sent as "". */
export function toBody(draft: Draft, identifiers: IdentifierRow[]): Record<string, unknown> {
  const suspect = {
    names: list(draft.suspectNames),
    nationalities: list(draft.nationalities),
    languages: list(draft.languages),
    description: optional(draft.suspectDescription),
    travelling: draft.travelling || undefined,
  };
  const hasSuspect =
    suspect.names.length + suspect.nationalities.length + suspect.languages.length > 0 ||
    suspect.description !== undefined ||
    suspect.travelling !== undefined;
  return {
    source: draft.source,
    receivedAt: draft.receivedAt ? new Date(draft.receivedAt).toISOString() : undefined,
    narrative: draft.narrative,
    province: draft.province ?? undefined,
    place: optional(draft.place),
    occurredAt: optional(draft.occurredAt),
    childAgeMin: age(draft.childAgeMin),
    childAgeMax: age(draft.childAgeMax),
    imminentDanger: draft.imminentDanger,
    suspect: hasSuspect ? suspect : undefined,
    identifiers: identifiers
      .filter((row) => row.value.trim())
      .map((row) => ({ kind: row.kind, value: row.value, qualifier: optional(row.qualifier) })),
    reporterContact: optional(draft.reporterContact),
    externalRef: optional(draft.externalRef),
  };
}

/**
 * Checks the body with the API's own schema, so a mistake is shown at once and next to its field,
 * without a round trip on a slow link. Returns messages keyed by field path (`identifiers.0.value`).
 */
export function validateTip(body: Record<string, unknown>): {
  data?: CreateTipBody;
  issues: Record<string, string>;
} {
  const result = createTipBodySchema.safeParse(body);
  const issues: Record<string, string> = {};
  if (!result.success) {
    for (const issue of result.error.issues) issues[issue.path.join('.')] ??= issue.code;
    return { issues };
  }
  const { childAgeMin, childAgeMax } = result.data;
  if (childAgeMin !== undefined && childAgeMax !== undefined && childAgeMin > childAgeMax) {
    return { issues: { childAgeMax: 'age_order' } };
  }
  return { data: result.data, issues };
}

/** `/tips/new`: operator intake for phone, walk-in, NGO, partner and foreign-hotline tips. */
export default function NewTipPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const navigate = useNavigate();
  useDocumentTitle(t('tips.intake.title'));
  const sources = sourcesFor(me.roles);
  const create = useCreateTip();
  const [draft, setDraft] = useState<Draft>({
    source: sources[0] ?? 'phone',
    receivedAt: '',
    narrative: '',
    province: null,
    place: '',
    occurredAt: '',
    childAgeMin: '',
    childAgeMax: '',
    imminentDanger: false,
    suspectNames: '',
    nationalities: '',
    languages: '',
    suspectDescription: '',
    travelling: false,
    reporterContact: '',
    externalRef: '',
  });
  const [identifiers, setIdentifiers] = useState<IdentifierRow[]>([]);
  const [clientIssues, setClientIssues] = useState<Record<string, string>>({});
  const server = fieldErrors(t, create.error);
  const set = <K extends keyof Draft>(key: K, value: Draft[K]) =>
    setDraft((current) => ({ ...current, [key]: value }));
  const text = (key: keyof Draft) => ({
    value: String(draft[key]),
    onChange: (event: { currentTarget: { value: string } }) => set(key, event.currentTarget.value as never),
  });

  /** The client's message for a field (in the user's language), else the server's. */
  const errorOf = (path: string): string | undefined => {
    const code = clientIssues[path];
    if (code === 'too_small') return t('tips.intake.issue.required');
    if (code === 'too_big') return t('tips.intake.issue.tooLong');
    if (code === 'age_order') return t('tips.intake.issue.ageOrder');
    if (code) return t('tips.intake.issue.invalid');
    return server(path);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const { data, issues } = validateTip(toBody(draft, identifiers));
    setClientIssues(issues);
    if (!data) return;
    create.mutate(data, {
      onSuccess: (created) => {
        if (hasAbility(me, 'tips.read')) void navigate({ to: '/tips/$tipId', params: { tipId: created.id } });
      },
    });
  };

  if (create.isSuccess && !hasAbility(me, 'tips.read')) {
    return (
      <Stack gap="md" maw={720}>
        <Title order={1}>{t('tips.intake.title')}</Title>
        <Alert color="teal" variant="light" role="status">
          {t('tips.intake.received', { reference: create.data.reference ?? '' })}
        </Alert>
        <Button w="fit-content" onClick={() => window.location.reload()}>
          {t('tips.intake.another')}
        </Button>
      </Stack>
    );
  }

  const language = i18n.resolvedLanguage;
  const invalidCount = Object.keys(clientIssues).length;
  return (
    <Stack gap="lg" maw={960}>
      <AnchorLink to="/tips" size="sm">
        {t('tips.detail.back')}
      </AnchorLink>
      <Title order={1}>{t('tips.intake.title')}</Title>
      <form onSubmit={submit} noValidate>
        <Stack gap="lg">
          <LiveAlert
            message={
              invalidCount > 0
                ? t('errors.validation_failed')
                : create.isError
                  ? errorMessage(t, create.error)
                  : null
            }
          />
          <Fieldset legend={t('tips.intake.about')}>
            <Stack gap="sm">
              <Group gap="sm" align="flex-start">
                <Select
                  label={t('tips.fields.source')}
                  required
                  data={sources.map((value) => ({ value, label: t(`tips.source.${value}`) }))}
                  value={draft.source}
                  onChange={(value) => value && set('source', value as OperatorSource)}
                  allowDeselect={false}
                  error={errorOf('source')}
                  w={{ base: '100%', sm: 240 }}
                />
                <TextInput
                  type="datetime-local"
                  label={t('tips.fields.received')}
                  description={t('tips.intake.receivedHint')}
                  {...text('receivedAt')}
                  error={errorOf('receivedAt')}
                  w={{ base: '100%', sm: 240 }}
                />
                {draft.source !== 'phone' && draft.source !== 'walk_in' && (
                  <TextInput
                    label={t('tips.fields.externalRef')}
                    maxLength={200}
                    {...text('externalRef')}
                    error={errorOf('externalRef')}
                    w={{ base: '100%', sm: 240 }}
                  />
                )}
              </Group>
              <Textarea
                label={t('tips.fields.narrative')}
                description={t('tips.intake.narrativeHint')}
                required
                autosize
                minRows={5}
                maxLength={20_000}
                {...text('narrative')}
                error={errorOf('narrative')}
              />
              <Checkbox
                label={t('tips.intake.imminentDanger')}
                checked={draft.imminentDanger}
                onChange={(event) => set('imminentDanger', event.currentTarget.checked)}
              />
            </Stack>
          </Fieldset>
          <Fieldset legend={t('tips.intake.whereWhen')}>
            <Group gap="sm" align="flex-start">
              <Select
                label={t('tips.fields.province')}
                data={PROVINCES.map((p) => ({ value: p.code, label: language === 'en' ? p.en : p.km }))}
                value={draft.province}
                onChange={(value) => set('province', value)}
                searchable
                clearable
                error={errorOf('province')}
                w={{ base: '100%', sm: 240 }}
              />
              <TextInput
                label={t('tips.fields.place')}
                maxLength={500}
                {...text('place')}
                error={errorOf('place')}
                w={{ base: '100%', sm: 320 }}
              />
              <TextInput
                label={t('tips.fields.occurredAt')}
                description={t('tips.intake.occurredHint')}
                maxLength={40}
                {...text('occurredAt')}
                error={errorOf('occurredAt')}
                w={{ base: '100%', sm: 240 }}
              />
            </Group>
          </Fieldset>
          <Fieldset legend={t('tips.intake.child')}>
            <Group gap="sm" align="flex-start">
              <NumberInput
                label={t('tips.intake.childAgeMin')}
                min={0}
                max={17}
                allowDecimal={false}
                allowNegative={false}
                value={draft.childAgeMin}
                onChange={(value) => set('childAgeMin', value)}
                error={errorOf('childAgeMin')}
                w={{ base: '100%', sm: 160 }}
              />
              <NumberInput
                label={t('tips.intake.childAgeMax')}
                min={0}
                max={17}
                allowDecimal={false}
                allowNegative={false}
                value={draft.childAgeMax}
                onChange={(value) => set('childAgeMax', value)}
                error={errorOf('childAgeMax')}
                w={{ base: '100%', sm: 160 }}
              />
            </Group>
          </Fieldset>
          <Fieldset legend={t('tips.fields.suspect')}>
            <Stack gap="sm">
              <Text size="sm" c="dimmed">
                {t('tips.intake.listHint')}
              </Text>
              <Group gap="sm" align="flex-start">
                <TextInput
                  label={t('tips.fields.suspectNames')}
                  {...text('suspectNames')}
                  error={errorOf('suspect.names')}
                  w={{ base: '100%', sm: 300 }}
                />
                <TextInput
                  label={t('tips.fields.nationalities')}
                  {...text('nationalities')}
                  error={errorOf('suspect.nationalities')}
                  w={{ base: '100%', sm: 240 }}
                />
                <TextInput
                  label={t('tips.fields.languages')}
                  {...text('languages')}
                  error={errorOf('suspect.languages')}
                  w={{ base: '100%', sm: 240 }}
                />
              </Group>
              <Textarea
                label={t('tips.intake.suspectDescription')}
                autosize
                minRows={2}
                maxLength={4000}
                {...text('suspectDescription')}
                error={errorOf('suspect.description')}
              />
              <Checkbox
                label={t('tips.intake.travelling')}
                checked={draft.travelling}
                onChange={(event) => set('travelling', event.currentTarget.checked)}
              />
            </Stack>
          </Fieldset>
          <IdentifierRows rows={identifiers} onChange={setIdentifiers} errorOf={errorOf} />
          <Fieldset legend={t('tips.intake.reporter')}>
            <Stack gap="sm">
              <Alert color="orange" variant="light">
                {t('tips.intake.confidential')}
              </Alert>
              <Textarea
                label={t('tips.intake.reporterContact')}
                autosize
                minRows={2}
                maxLength={1000}
                {...text('reporterContact')}
                error={errorOf('reporterContact')}
              />
            </Stack>
          </Fieldset>
          <Group>
            <Button type="submit" loading={create.isPending}>
              {t('tips.intake.submit')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Stack>
  );
}
