import { CASE_OFFENCES, LEGAL_AUTHORITY_KINDS, type PlanContent } from '@karpear/contracts';
import {
  ActionIcon,
  Button,
  Fieldset,
  Group,
  MultiSelect,
  Select,
  Stack,
  Textarea,
  TextInput,
} from '@mantine/core';
import type { ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { fromLines, isOffence, toLines } from './planText';

type LineSection = 'objectives' | 'evidenceToGather' | 'risksToChild' | 'safeguardingActions';
type RowSection = 'linesOfEnquiry' | 'legalAuthorities';
type Row<S extends RowSection> = PlanContent[S][number];

/**
 * The structured template of the investigation plan, controlled: `value` in, `onChange` out. List
 * sections take one item per line; lines of enquiry and legal authorities are rows. `errorOf(path)`
 * gives the server's message for a field (e.g. `body.content.linesOfEnquiry.0.key`).
 */
export function PlanEditor(props: {
  value: PlanContent;
  onChange(value: PlanContent): void;
  errorOf(path: string): string | undefined;
}) {
  const { t } = useTranslation();
  const { value, onChange, errorOf } = props;
  const set = (patch: Partial<PlanContent>) => onChange({ ...value, ...patch });
  const setRow = <S extends RowSection>(section: S, index: number, patch: Partial<Row<S>>) =>
    set({ [section]: replace<Row<S>>(value[section], index, { ...value[section][index]!, ...patch }) });
  /** A row's text field: its value, its change, and the server's message for it. */
  const rowText = <S extends RowSection>(section: S, index: number, field: keyof Row<S> & string) => ({
    value: String((value[section][index] as Row<S>)[field]),
    onChange: (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) =>
      setRow(section, index, { [field]: event.currentTarget.value } as Partial<Row<S>>),
    error: errorOf(`body.content.${section}.${index}.${field}`),
  });
  const listField = (section: LineSection) => (
    <Textarea
      label={t(`cases.plan.section.${section}`)}
      description={t('cases.plan.onePerLine')}
      autosize
      minRows={2}
      value={toLines(value[section])}
      onChange={(event) => set({ [section]: event.currentTarget.value.split('\n') })}
      onBlur={() => set({ [section]: fromLines(toLines(value[section])) })}
      error={errorOf(`body.content.${section}`)}
    />
  );

  return (
    <Stack gap="md">
      {listField('objectives')}
      <MultiSelect
        label={t('cases.plan.section.suspectedOffences')}
        data={CASE_OFFENCES.map((o) => ({ value: o, label: t(`cases.offence.${o}`) }))}
        value={value.suspectedOffences}
        onChange={(picked) => set({ suspectedOffences: picked.filter(isOffence) })}
      />
      <Fieldset legend={t('cases.plan.section.linesOfEnquiry')}>
        <Stack gap="sm">
          {value.linesOfEnquiry.map((_line, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place; keys may be blank or repeated while typing
            <Group key={index} align="flex-start" wrap="nowrap">
              <TextInput
                label={t('cases.plan.lineKey')}
                w={140}
                {...rowText('linesOfEnquiry', index, 'key')}
              />
              <TextInput
                label={t('cases.plan.lineTitle')}
                style={{ flex: 1 }}
                {...rowText('linesOfEnquiry', index, 'title')}
              />
              <Textarea
                label={t('cases.plan.lineDescription')}
                style={{ flex: 2 }}
                autosize
                {...rowText('linesOfEnquiry', index, 'description')}
              />
              <ActionIcon
                mt={28}
                variant="subtle"
                color="red"
                aria-label={t('cases.plan.removeLine', { number: index + 1 })}
                onClick={() => set({ linesOfEnquiry: value.linesOfEnquiry.filter((_, i) => i !== index) })}
              >
                ×
              </ActionIcon>
            </Group>
          ))}
          <Group>
            <Button
              variant="light"
              onClick={() =>
                set({
                  linesOfEnquiry: [
                    ...value.linesOfEnquiry,
                    { key: `L${value.linesOfEnquiry.length + 1}`, title: '', description: '' },
                  ],
                })
              }
            >
              {t('cases.plan.addLine')}
            </Button>
          </Group>
        </Stack>
      </Fieldset>
      {listField('evidenceToGather')}
      <Fieldset legend={t('cases.plan.section.legalAuthorities')}>
        <Stack gap="sm">
          {value.legalAuthorities.map((authority, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are edited in place
            <Group key={index} align="flex-start" wrap="nowrap">
              <Select
                label={t('cases.plan.authorityKind')}
                w={200}
                allowDeselect={false}
                data={LEGAL_AUTHORITY_KINDS.map((kind) => ({
                  value: kind,
                  label: t(`cases.plan.authority.${kind}`),
                }))}
                value={authority.kind}
                onChange={(kind) =>
                  kind &&
                  setRow('legalAuthorities', index, { kind: kind as (typeof LEGAL_AUTHORITY_KINDS)[number] })
                }
              />
              <TextInput
                label={t('cases.plan.authorityDescription')}
                style={{ flex: 2 }}
                {...rowText('legalAuthorities', index, 'description')}
              />
              <TextInput
                label={t('cases.plan.authorityStatus')}
                style={{ flex: 1 }}
                {...rowText('legalAuthorities', index, 'status')}
              />
              <ActionIcon
                mt={28}
                variant="subtle"
                color="red"
                aria-label={t('cases.plan.removeAuthority', { number: index + 1 })}
                onClick={() =>
                  set({ legalAuthorities: value.legalAuthorities.filter((_, i) => i !== index) })
                }
              >
                ×
              </ActionIcon>
            </Group>
          ))}
          <Group>
            <Button
              variant="light"
              onClick={() =>
                set({
                  legalAuthorities: [
                    ...value.legalAuthorities,
                    { kind: 'warrant', description: '', status: t('cases.plan.authorityPlanned') },
                  ],
                })
              }
            >
              {t('cases.plan.addAuthority')}
            </Button>
          </Group>
        </Stack>
      </Fieldset>
      {listField('risksToChild')}
      {listField('safeguardingActions')}
      <Textarea
        label={t('cases.plan.section.victimSupportPlan')}
        autosize
        minRows={3}
        maxLength={10_000}
        value={value.victimSupportPlan}
        onChange={(event) => set({ victimSupportPlan: event.currentTarget.value })}
        error={errorOf('body.content.victimSupportPlan')}
      />
    </Stack>
  );
}

function replace<T>(items: readonly T[], index: number, item: T): T[] {
  return items.map((current, i) => (i === index ? item : current));
}

/** Blank lines typed into list sections are dropped before saving. */
export function cleanPlan(content: PlanContent): PlanContent {
  return {
    ...content,
    objectives: fromLines(toLines(content.objectives)),
    evidenceToGather: fromLines(toLines(content.evidenceToGather)),
    risksToChild: fromLines(toLines(content.risksToChild)),
    safeguardingActions: fromLines(toLines(content.safeguardingActions)),
  };
}
