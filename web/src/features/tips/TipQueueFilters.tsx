import { PROVINCES, SLA_STATES, TIP_PRIORITIES, TIP_SOURCES, TIP_STATUSES } from '@karpear/contracts';
import { Button, Group, Select, TextInput } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SORTS } from './queueFilters';
import type { TipSearch } from './tipSearch';

const ANY = '';

/**
 * The queue's filters. Each change goes straight to the address (and so to the query); the search box
 * waits until typing pauses, so a slow link does not carry one request per keystroke.
 */
export function TipQueueFilters({
  search,
  onChange,
}: {
  search: TipSearch;
  onChange(patch: Partial<TipSearch>): void;
}) {
  const { t, i18n } = useTranslation();
  const [text, setText] = useState(search.q ?? '');
  const [q] = useDebouncedValue(text.trim(), 400);
  // Only a new debounced value is applied: reacting to the address too would put back an old value
  // typed before "Clear" (the debounce still holds it for 400 ms).
  const applied = useRef({ q: search.q, onChange });
  applied.current = { q: search.q, onChange };
  useEffect(() => {
    if (q !== (applied.current.q ?? '')) applied.current.onChange({ q: q || undefined });
  }, [q]);

  const select = (key: keyof TipSearch, label: string, data: Array<{ value: string; label: string }>) => (
    <Select
      label={label}
      data={[{ value: ANY, label: t('tips.queue.any') }, ...data]}
      value={String(search[key] ?? ANY)}
      onChange={(value) => onChange({ [key]: value || undefined })}
      allowDeselect={false}
      w={{ base: '100%', sm: 190 }}
    />
  );

  return (
    <Group gap="sm" align="flex-end" role="search" aria-label={t('tips.queue.filters')}>
      <TextInput
        type="search"
        label={t('tips.queue.search')}
        placeholder={t('tips.queue.searchPlaceholder')}
        value={text}
        onChange={(event) => setText(event.currentTarget.value)}
        maxLength={200}
        w={{ base: '100%', sm: 300 }}
      />
      {select('status', t('tips.fields.status'), [
        { value: 'open', label: t('tips.queue.open') },
        ...TIP_STATUSES.map((value) => ({ value, label: t(`tips.status.${value}`) })),
      ])}
      {select(
        'priority',
        t('tips.fields.priority'),
        TIP_PRIORITIES.map((value) => ({ value, label: t(`tips.priorityName.${value}`) })),
      )}
      {select(
        'sla',
        t('tips.fields.sla'),
        SLA_STATES.map((value) => ({ value, label: t(`tips.slaState.${value}`) })),
      )}
      {select(
        'province',
        t('tips.fields.province'),
        PROVINCES.map((p) => ({ value: p.code, label: i18n.resolvedLanguage === 'en' ? p.en : p.km })),
      )}
      {select(
        'source',
        t('tips.fields.source'),
        TIP_SOURCES.map((value) => ({ value, label: t(`tips.source.${value}`) })),
      )}
      {select('assignee', t('tips.fields.assignee'), [
        { value: 'me', label: t('tips.queue.assignedToMe') },
        { value: 'none', label: t('tips.queue.unassigned') },
      ])}
      <Select
        label={t('tips.queue.sort')}
        data={SORTS.map((value) => ({ value, label: t(`tips.sort.${value}`) }))}
        value={search.sort ?? 'time_left'}
        onChange={(value) => onChange({ sort: value && value !== 'time_left' ? value : undefined })}
        allowDeselect={false}
        w={{ base: '100%', sm: 230 }}
      />
      <Button
        variant="default"
        onClick={() => {
          setText('');
          onChange({
            status: undefined,
            priority: undefined,
            sla: undefined,
            province: undefined,
            source: undefined,
            assignee: undefined,
            q: undefined,
            sort: undefined,
          });
        }}
      >
        {t('tips.queue.clear')}
      </Button>
    </Group>
  );
}
