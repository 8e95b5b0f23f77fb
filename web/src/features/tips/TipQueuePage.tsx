import { provinceByCode } from '@karpear/contracts';
import { Button, Checkbox, Group, Pagination, Stack, Table, Text, Title } from '@mantine/core';
import { Link, useNavigate, useSearch } from '@tanstack/react-router';
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AnchorLink } from '../../app/links';
import { useDocumentTitle } from '../../app/useDocumentTitle';
import { errorMessage } from '../../components/apiErrors';
import { LiveAlert } from '../../components/LiveAlert';
import { formatDateTime, localName } from '../../i18n/format';
import { useUnits } from '../admin/agencies/agencies.api';
import { hasAbility, useMe } from '../auth/me';
import { AssignDialog } from './AssignDialog';
import { QUEUE_PAGE_SIZE, toTipFilters } from './queueFilters';
import { PriorityBadge, SlaBadge, StatusBadge, useNow, WARNING_COLOR } from './TipBadges';
import { TipQueueFilters } from './TipQueueFilters';
import { parseTipSearch, type TipSearch } from './tipSearch';
import { type TipSummary, useTips } from './tips.api';
import './styles';

/**
 * `/tips`: the tip queue. Filters are in the address; the default order is time left on the SLA, so
 * the most urgent tip is on top. Rows can be selected and assigned together.
 */
export default function TipQueuePage() {
  const me = useMe();
  // Partner staff may hand tips in without reading the queue: never ask the server for a list then.
  return hasAbility(me, 'tips.list') ? (
    <TipQueue />
  ) : (
    <IntakeOnly canCreate={hasAbility(me, 'tips.create')} />
  );
}

function TipQueue() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  useDocumentTitle(t('tips.queue.title'));
  const navigate = useNavigate();
  const raw = useSearch({ strict: false }) as Record<string, unknown>;
  const search = useMemo(() => parseTipSearch(raw), [raw]);
  const filters = useMemo(() => toTipFilters(search), [search]);
  const tips = useTips(filters);
  const units = useUnits(me.agency.id);
  const now = useNow();
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [assigning, setAssigning] = useState(false);
  const canAssign = hasAbility(me, 'tips.assign');
  const canCreate = hasAbility(me, 'tips.create');
  const language = i18n.resolvedLanguage;

  const update = useCallback(
    (patch: Partial<TipSearch>) => {
      setSelected(new Set());
      // Any filter change goes back to the first page; replace: filters are not steps to go back to.
      void navigate({
        to: '/tips',
        search: (previous: TipSearch) => clean({ ...previous, page: undefined, ...patch }),
        replace: true,
      });
    },
    [navigate],
  );

  const items = tips.data?.items ?? [];
  const pages = Math.max(1, Math.ceil((tips.data?.total ?? 0) / QUEUE_PAGE_SIZE));
  const unitName = new Map((units.data?.items ?? []).map((unit) => [unit.id, localName(unit, language)]));
  const allSelected = items.length > 0 && items.every((tip) => selected.has(tip.id));
  const toggle = (id: string, on: boolean) =>
    setSelected((current) => {
      const next = new Set(current);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });

  return (
    <Stack gap="lg" maw={1400}>
      <Group justify="space-between" align="flex-end">
        <Title order={1}>{t('tips.queue.title')}</Title>
        {canCreate && (
          <Button component={Link} to="/tips/new">
            {t('tips.queue.new')}
          </Button>
        )}
      </Group>
      <TipQueueFilters search={search} onChange={update} />
      <LiveAlert message={tips.isError ? errorMessage(t, tips.error) : null} />
      <Group gap="md">
        <Text size="sm" aria-live="polite">
          {tips.isSuccess
            ? t('tips.queue.count', {
                // The server counts up to 10,000 matching tips; beyond that it says so ("10,000+").
                count: tips.data.totalCapped
                  ? `${tips.data.total.toLocaleString(language)}+`
                  : tips.data.total,
              })
            : t('common.loading')}
        </Text>
        {canAssign && (
          <Button
            size="compact-md"
            variant="default"
            disabled={selected.size === 0}
            onClick={() => setAssigning(true)}
          >
            {t('tips.queue.bulkAssign', { count: selected.size })}
          </Button>
        )}
      </Group>
      <div className="table-scroll">
        <Table striped highlightOnHover verticalSpacing="xs" miw={1100} aria-busy={tips.isFetching}>
          <Table.Thead>
            <Table.Tr>
              {canAssign && (
                <Table.Th scope="col">
                  <Checkbox
                    aria-label={t('tips.queue.selectAll')}
                    checked={allSelected}
                    indeterminate={!allSelected && items.some((tip) => selected.has(tip.id))}
                    onChange={(event) =>
                      setSelected(
                        event.currentTarget.checked ? new Set(items.map((tip) => tip.id)) : new Set(),
                      )
                    }
                  />
                </Table.Th>
              )}
              {(
                [
                  'reference',
                  'priority',
                  'status',
                  'sla',
                  'source',
                  'province',
                  'received',
                  'assignee',
                ] as const
              ).map((column) => (
                <Table.Th key={column} scope="col">
                  {t(`tips.fields.${column}`)}
                </Table.Th>
              ))}
              <Table.Th scope="col">{t('tips.fields.excerpt')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {items.map((tip) => (
              <TipRow
                key={tip.id}
                tip={tip}
                now={now}
                selectable={canAssign}
                selected={selected.has(tip.id)}
                onSelect={(on) => toggle(tip.id, on)}
                unitName={tip.unitId ? unitName.get(tip.unitId) : undefined}
                isMine={tip.assigneeId === me.id}
              />
            ))}
          </Table.Tbody>
        </Table>
      </div>
      {tips.isSuccess && items.length === 0 && <Text>{t('tips.queue.none')}</Text>}
      {pages > 1 && (
        <Pagination
          total={pages}
          value={search.page ?? 1}
          onChange={(page) => {
            setSelected(new Set());
            void navigate({
              to: '/tips',
              search: (previous: TipSearch) => clean({ ...previous, page: page > 1 ? page : undefined }),
            });
          }}
          getItemProps={(item) => ({ 'aria-label': t('common.page', { page: item }) })}
          getControlProps={(control) => ({ 'aria-label': t(`common.pageControl.${control}`) })}
        />
      )}
      {assigning && (
        <AssignDialog
          tipIds={[...selected]}
          onClose={() => setAssigning(false)}
          onDone={() => setSelected(new Set())}
        />
      )}
    </Stack>
  );
}

/** Drops empty values so the address stays short and readable. */
function clean(search: TipSearch): TipSearch {
  return Object.fromEntries(
    Object.entries(search).filter(([, value]) => value !== undefined && value !== '' && value !== null),
  ) as TipSearch;
}

function TipRow({
  tip,
  now,
  selectable,
  selected,
  onSelect,
  unitName,
  isMine,
}: {
  tip: TipSummary;
  now: number;
  selectable: boolean;
  selected: boolean;
  onSelect(on: boolean): void;
  unitName: string | undefined;
  isMine: boolean;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage;
  const province = tip.province ? provinceByCode(tip.province) : undefined;
  return (
    <Table.Tr>
      {selectable && (
        <Table.Td>
          <Checkbox
            aria-label={t('tips.queue.select', { reference: tip.reference })}
            checked={selected}
            onChange={(event) => onSelect(event.currentTarget.checked)}
          />
        </Table.Td>
      )}
      <Table.Td>
        <AnchorLink to="/tips/$tipId" params={{ tipId: tip.id }} fw={700} lang="en">
          {tip.reference}
        </AnchorLink>
      </Table.Td>
      <Table.Td>
        <PriorityBadge priority={tip.priority} proposed={tip.proposedPriority} />
      </Table.Td>
      <Table.Td>
        <StatusBadge status={tip.status} />
      </Table.Td>
      <Table.Td>
        <SlaBadge state={tip.slaState} dueAt={tip.slaDueAt} now={now} />
      </Table.Td>
      <Table.Td>{t(`tips.source.${tip.source}`)}</Table.Td>
      <Table.Td>{province ? (language === 'en' ? province.en : province.km) : ''}</Table.Td>
      <Table.Td>
        <time dateTime={tip.receivedAt}>{formatDateTime(tip.receivedAt, language)}</time>
      </Table.Td>
      <Table.Td>
        <Text size="sm">
          {isMine ? t('tips.queue.me') : tip.assigneeId ? t('tips.queue.investigator') : ''}
        </Text>
        <Text size="sm" c="dimmed">
          {unitName ?? (tip.unitId ? t('tips.queue.otherUnit') : t('tips.queue.unassigned'))}
        </Text>
      </Table.Td>
      <Table.Td maw={360}>
        <Text size="sm" lineClamp={2}>
          {tip.excerpt}
        </Text>
        {tip.lockedFiles > 0 && (
          <Text size="xs" c={WARNING_COLOR} fw={700}>
            {t('tips.queue.lockedFiles', { count: tip.lockedFiles })}
          </Text>
        )}
      </Table.Td>
    </Table.Tr>
  );
}

/** Partner staff may hand tips in but not read the queue: offer the form only. */
function IntakeOnly({ canCreate }: { canCreate: boolean }) {
  const { t } = useTranslation();
  useDocumentTitle(t('capabilities.tips'));
  return (
    <Stack gap="md" maw={720}>
      <Title order={1}>{t('capabilities.tips')}</Title>
      <Text>{t('tips.queue.intakeOnly')}</Text>
      {canCreate && (
        <Group>
          <Button component={Link} to="/tips/new">
            {t('tips.queue.new')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}
