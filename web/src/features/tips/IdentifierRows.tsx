import { Button, Fieldset, Group, Select, Stack, Text, TextInput } from '@mantine/core';
import { useTranslation } from 'react-i18next';

export const INPUT_IDENTIFIER_KINDS = [
  'phone',
  'email',
  'username',
  'url',
  'ip',
  'device',
  'passport',
] as const;
export type InputIdentifierKind = (typeof INPUT_IDENTIFIER_KINDS)[number];

export interface IdentifierRow {
  /** Stable React key: rows can be removed from the middle. */
  key: number;
  kind: InputIdentifierKind;
  value: string;
  qualifier: string;
}

let nextKey = 1;
export const newIdentifierRow = (): IdentifierRow => ({
  key: nextKey++,
  kind: 'phone',
  value: '',
  qualifier: '',
});

/** Usernames need their platform, passports their issuing country; the others need nothing more. */
const QUALIFIER: Partial<Record<InputIdentifierKind, 'platform' | 'country'>> = {
  username: 'platform',
  passport: 'country',
};

/**
 * The online identifiers a caller gives (phone numbers, e-mails, usernames…): one row each, added
 * and removed by button so the form works from the keyboard alone.
 */
export function IdentifierRows({
  rows,
  onChange,
  errorOf,
}: {
  rows: IdentifierRow[];
  onChange(rows: IdentifierRow[]): void;
  errorOf(path: string): string | undefined;
}) {
  const { t } = useTranslation();
  const update = (key: number, patch: Partial<IdentifierRow>) =>
    onChange(rows.map((row) => (row.key === key ? { ...row, ...patch } : row)));
  return (
    <Fieldset legend={t('tips.intake.identifiers')}>
      <Stack gap="sm">
        {rows.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('tips.intake.noIdentifiers')}
          </Text>
        )}
        {rows.map((row, index) => {
          const qualifier = QUALIFIER[row.kind];
          const number = index + 1;
          return (
            <Group
              key={row.key}
              gap="sm"
              align="flex-start"
              role="group"
              aria-label={t('tips.intake.identifierN', { n: number })}
            >
              <Select
                label={t('tips.intake.identifierKind', { n: number })}
                data={INPUT_IDENTIFIER_KINDS.map((value) => ({
                  value,
                  label: t(`tips.identifierKind.${value}`),
                }))}
                value={row.kind}
                onChange={(value) =>
                  value && update(row.key, { kind: value as InputIdentifierKind, qualifier: '' })
                }
                allowDeselect={false}
                w={{ base: '100%', sm: 180 }}
              />
              <TextInput
                label={t('tips.intake.identifierValue', { n: number })}
                value={row.value}
                maxLength={500}
                lang="en"
                onChange={(event) => update(row.key, { value: event.currentTarget.value })}
                error={errorOf(`identifiers.${index}.value`) ?? errorOf(`identifiers.${index}`)}
                w={{ base: '100%', sm: 300 }}
              />
              {qualifier && (
                <TextInput
                  label={t(`tips.intake.qualifier.${qualifier}`, { n: number })}
                  value={row.qualifier}
                  maxLength={100}
                  onChange={(event) => update(row.key, { qualifier: event.currentTarget.value })}
                  error={errorOf(`identifiers.${index}.qualifier`)}
                  w={{ base: '100%', sm: 200 }}
                />
              )}
              <Button
                variant="subtle"
                color="red.9"
                mt={{ base: 0, sm: 24 }}
                onClick={() => onChange(rows.filter((candidate) => candidate.key !== row.key))}
              >
                {t('tips.intake.removeIdentifier', { n: number })}
              </Button>
            </Group>
          );
        })}
        <Button variant="default" w="fit-content" onClick={() => onChange([...rows, newIdentifierRow()])}>
          {t('tips.intake.addIdentifier')}
        </Button>
      </Stack>
    </Fieldset>
  );
}
