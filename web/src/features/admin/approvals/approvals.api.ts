import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, queryString } from '../../../api/client';

/** The four-eyes inbox (`/api/v1/approvals`); see server access/policy/approvals.routes.ts. */
export interface Approval {
  id: string;
  kind: string;
  recordType: string;
  recordId: string;
  agencyId: string;
  requestedBy: string;
  requestedAt: string;
  expiresAt: string;
  justification: string;
  state: 'pending' | 'approved' | 'rejected' | 'withdrawn';
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
  abilities: string[];
}

export type Decision = 'approved' | 'rejected';

const APPROVALS_KEY = ['approvals'] as const;

export function useApprovals(offset: number, limit: number) {
  return useQuery({
    queryKey: [...APPROVALS_KEY, offset, limit],
    queryFn: ({ signal }) =>
      api<{ items: Approval[]; total: number }>(
        'GET',
        `/api/v1/approvals${queryString({ offset, limit })}`,
        undefined,
        { signal },
      ),
    placeholderData: keepPreviousData,
  });
}

export function useDecide() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, decision, note }: { id: string; decision: Decision; note?: string }) =>
      api<Approval>('POST', `/api/v1/approvals/${encodeURIComponent(id)}/decision`, {
        decision,
        ...(note ? { note } : {}),
      }),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: APPROVALS_KEY }),
  });
}
