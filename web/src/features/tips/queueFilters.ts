import {
  PROVINCE_CODES,
  SLA_STATES,
  TIP_PRIORITIES,
  TIP_SOURCES,
  TIP_STATUSES,
  type TipListQuery,
  type TipStatus,
} from '@karpear/contracts';
import type { TipSearch } from './tipSearch';
import type { TipFilters } from './tips.api';

/** What "open" means in the status filter: tips still running against their SLA. */
export const OPEN_STATUSES: readonly TipStatus[] = ['new', 'triaged', 'assigned'];
export const SORTS = ['time_left', 'received_desc', 'received_asc', 'priority'] as const;
export const QUEUE_PAGE_SIZE = 50;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function oneOf<T extends string>(values: readonly T[], value: string | undefined): T | undefined {
  return value !== undefined && (values as readonly string[]).includes(value) ? (value as T) : undefined;
}

/** The statuses a `status` search value stands for (`open`, or a comma list); unknown ones dropped. */
export function statusesOf(value: string | undefined): TipStatus[] | undefined {
  if (!value) return undefined;
  if (value === 'open') return [...OPEN_STATUSES];
  const statuses = value
    .split(',')
    .map((part) => oneOf(TIP_STATUSES, part.trim()))
    .filter((status): status is TipStatus => status !== undefined);
  return statuses.length > 0 ? statuses : undefined;
}

/**
 * The API query for the filters in the address. A hand-edited address with a value the server would
 * refuse (400) is ignored instead, so a bad bookmark still shows the queue.
 */
export function toTipFilters(search: TipSearch, pageSize = QUEUE_PAGE_SIZE): TipFilters {
  const priority = oneOf(TIP_PRIORITIES, search.priority);
  const assignee =
    search.assignee === 'me' || search.assignee === 'none' || (search.assignee && UUID.test(search.assignee))
      ? (search.assignee as TipListQuery['assignee'])
      : undefined;
  return {
    status: statusesOf(search.status),
    priority: priority ? [priority] : undefined,
    province: oneOf(PROVINCE_CODES, search.province),
    source: oneOf(TIP_SOURCES, search.source),
    assignee,
    sla: oneOf(SLA_STATES, search.sla),
    q: search.q?.trim() || undefined,
    sort: oneOf(SORTS, search.sort) ?? 'time_left',
    limit: pageSize,
    offset: ((search.page ?? 1) - 1) * pageSize,
  };
}
