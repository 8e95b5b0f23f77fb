import type { AuditEventPage, AuditFilters, AuditStatus } from '@karpear/contracts';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, queryString } from '../../api/client';

/** The auditor screens (`/api/v1/audit/*`, server/src/audit/audit.routes.ts). Types only from contracts. */
export type { AuditEvent, AuditFilters, AuditStatus } from '@karpear/contracts';

export const AUDIT_PAGE_SIZE = 50;
const AUDIT_KEY = ['audit'] as const;

export function useAuditEvents(filters: AuditFilters, before: number | undefined) {
  return useQuery({
    queryKey: [...AUDIT_KEY, 'events', filters, before],
    queryFn: ({ signal }) =>
      api<AuditEventPage>(
        'GET',
        `/api/v1/audit/events${queryString({ ...filters, before, limit: AUDIT_PAGE_SIZE })}`,
        undefined,
        { signal },
      ),
    placeholderData: keepPreviousData,
    // Every search is itself an audit event: do not repeat it behind the user's back.
    staleTime: Number.POSITIVE_INFINITY,
    refetchOnWindowFocus: false,
  });
}

export function useAuditStatus() {
  return useQuery({
    queryKey: [...AUDIT_KEY, 'status'],
    queryFn: ({ signal }) => api<AuditStatus>('GET', '/api/v1/audit/status', undefined, { signal }),
    staleTime: 60_000,
    refetchOnWindowFocus: false,
    retry: false,
  });
}

/** A plain link: the browser downloads the attachment with the session cookie (a GET, same origin). */
export function auditExportUrl(filters: AuditFilters): string {
  return `/api/v1/audit/export.csv${queryString({ ...filters })}`;
}
