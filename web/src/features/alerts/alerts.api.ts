import type { Alert, AlertCount, AlertPage } from '@karpear/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, queryString } from '../../api/client';

/** The alerts calls (`/api/v1/alerts`, server/src/modules/alerts/alerts.routes.ts). Types only. */
export type { Alert } from '@karpear/contracts';

export const ALERTS_PAGE_SIZE = 25;
/** How often the bell asks for the count; TanStack Query pauses it while the tab is hidden. */
export const ALERT_COUNT_POLL_MS = 60_000;
const ALERTS_KEY = ['alerts'] as const;

export function useAlertCount() {
  return useQuery({
    queryKey: [...ALERTS_KEY, 'count'],
    queryFn: ({ signal }) => api<AlertCount>('GET', '/api/v1/alerts/count', undefined, { signal }),
    refetchInterval: ALERT_COUNT_POLL_MS,
    refetchIntervalInBackground: false,
    staleTime: 30_000,
    retry: false,
  });
}

export function useAlerts(offset: number, onlyOpen: boolean) {
  return useQuery({
    queryKey: [...ALERTS_KEY, 'list', offset, onlyOpen],
    queryFn: ({ signal }) =>
      api<AlertPage>(
        'GET',
        `/api/v1/alerts${queryString({
          limit: ALERTS_PAGE_SIZE,
          offset,
          unacknowledged: onlyOpen ? 'true' : undefined,
        })}`,
        undefined,
        { signal },
      ),
    placeholderData: keepPreviousData,
  });
}

/** Acknowledge, then refresh the list and the bell. */
export function useAcknowledgeAlert() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => api<Alert>('POST', `/api/v1/alerts/${id}/ack`),
    onSettled: () => client.invalidateQueries({ queryKey: ALERTS_KEY }),
  });
}
