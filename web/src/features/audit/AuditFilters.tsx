import { AUDIT_OUTCOMES } from '@karpear/contracts';
import { Button, Group, Select, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuditFilters } from './audit.api';

const ANY = '';

/** Form values as typed; times are `datetime-local` (the user's local time). */
interface Draft {
  actorId: string;
  objectType: string;
  objectId: string;
  action: string;
  outcome: string;
  from: string;
  to: string;
}

const EMPTY: Draft = {
  actorId: '',
  objectType: '',
  objectId: '',
  action: '',
  outcome: ANY,
  from: '',
  to: '',
};

function toFilters(d: Draft): AuditFilters {
  const text = (v: string) => v.trim() || undefined;
  const time = (v: string) => (v ? new Date(v).toISOString() : undefined);
  return {
    actorId: text(d.actorId),
    objectType: text(d.objectType),
    objectId: text(d.objectId),
    action: text(d.action),
    outcome: (d.outcome || undefined) as AuditFilters['outcome'],
    from: time(d.from),
    to: time(d.to),
  };
}

/**
 * The search form. Applied on submit only: every search is an audit event of its own, so typing must
 * not fire one per keystroke.
 */
export function AuditFiltersForm({ onApply }: { onApply(filters: AuditFilters): void }) {
  const { t } = useTranslation();
  const [draft, setDraft] = useState<Draft>(EMPTY);
  const field = (key: keyof Draft) => ({
    value: draft[key],
    onChange: (event: { currentTarget: { value: string } }) =>
      setDraft((d) => ({ ...d, [key]: event.currentTarget.value })),
  });
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onApply(toFilters(draft));
  };
  return (
    <form onSubmit={submit}>
      <Group gap="sm" align="flex-end" role="search" aria-label={t('audit.filters')}>
        <TextInput label={t('audit.actorId')} {...field('actorId')} w={{ base: '100%', sm: 330 }} lang="en" />
        <TextInput label={t('audit.objectType')} {...field('objectType')} w={{ base: '100%', sm: 160 }} />
        <TextInput
          label={t('audit.objectId')}
          {...field('objectId')}
          w={{ base: '100%', sm: 330 }}
          lang="en"
        />
        <TextInput label={t('audit.action')} {...field('action')} w={{ base: '100%', sm: 140 }} />
        <Select
          label={t('audit.outcome')}
          data={[
            { value: ANY, label: t('audit.anyOutcome') },
            ...AUDIT_OUTCOMES.map((value) => ({ value, label: t(`audit.outcomes.${value}`) })),
          ]}
          value={draft.outcome}
          onChange={(value) => setDraft((d) => ({ ...d, outcome: value ?? ANY }))}
          allowDeselect={false}
          w={{ base: '100%', sm: 180 }}
        />
        <TextInput
          type="datetime-local"
          label={t('audit.from')}
          {...field('from')}
          w={{ base: '100%', sm: 210 }}
        />
        <TextInput
          type="datetime-local"
          label={t('audit.to')}
          {...field('to')}
          w={{ base: '100%', sm: 210 }}
        />
        <Button type="submit">{t('audit.apply')}</Button>
        <Button
          variant="default"
          onClick={() => {
            setDraft(EMPTY);
            onApply({});
          }}
        >
          {t('audit.reset')}
        </Button>
      </Group>
    </form>
  );
}
