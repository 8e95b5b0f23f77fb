import type { CreateTipBody, TipDetail, TipListQuery, TipPriority, TipSummary } from '@karpear/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';

/**
 * The tips API (`/api/v1/tips`, contracts/src/tips.ts). Types only from contracts here: the queue and
 * the detail page must not carry zod; only the intake form (which validates with the same schema) does.
 */
export type { TipDetail, TipSummary } from '@karpear/contracts';

export interface TipPage {
  items: TipSummary[];
  total: number;
  /** More tips match than `total` (the server counts up to 10,000). */
  totalCapped?: boolean;
  limit: number;
  offset: number;
}

/** The list query as sent: arrays repeat the parameter (`status=new&status=triaged`). */
export type TipFilters = Partial<Omit<TipListQuery, 'limit' | 'offset'>> & { limit: number; offset: number };

const TIPS_KEY = ['tips'] as const;
const tipKey = (id: string) => ['tips', 'detail', id] as const;

/** `?status=new&status=triaged&priority=P1…` from the defined, non-empty values. */
export function tipQueryString(filters: TipFilters): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) {
    if (Array.isArray(value)) for (const item of value) search.append(key, String(item));
    else if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}

export function useTips(filters: TipFilters) {
  return useQuery({
    queryKey: [...TIPS_KEY, 'list', filters],
    queryFn: ({ signal }) =>
      api<TipPage>('GET', `/api/v1/tips${tipQueryString(filters)}`, undefined, { signal }),
    // Keep the rows on screen while the next page or filter loads (slow provincial links).
    placeholderData: keepPreviousData,
    // The queue's SLA clocks move; refresh now and then, not on every focus.
    refetchInterval: 120_000,
    refetchOnWindowFocus: false,
  });
}

export function useTip(id: string) {
  return useQuery({
    queryKey: tipKey(id),
    queryFn: ({ signal }) =>
      api<TipDetail>('GET', `/api/v1/tips/${encodeURIComponent(id)}`, undefined, { signal }),
    // Every read of a tip is audited: no background refetches behind the user's back.
    staleTime: 60_000,
    refetchOnWindowFocus: false,
    retry: false,
  });
}

const path = (id: string, rest = '') => `/api/v1/tips/${encodeURIComponent(id)}${rest}`;

/** A change to one tip: refresh its detail and the queue afterwards. */
function useTipMutation<TInput, TResult>(id: string, fn: (input: TInput) => Promise<TResult>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: tipKey(id) });
      await queryClient.invalidateQueries({ queryKey: [...TIPS_KEY, 'list'] });
    },
  });
}

export interface CreatedTip {
  id: string;
  reference: string;
}

export function useCreateTip() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateTipBody) => api<CreatedTip>('POST', '/api/v1/tips', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...TIPS_KEY, 'list'] }),
  });
}

export const useTriageTip = (id: string) =>
  useTipMutation(id, (body: { priority: TipPriority; reason?: string; version: number }) =>
    api<unknown>('POST', path(id, '/triage'), body),
  );

export interface AssignInput {
  unitId: string;
  assigneeId?: string | null;
  reason?: string;
}

export const useAssignTip = (id: string) =>
  useTipMutation(id, (body: AssignInput) => api<unknown>('POST', path(id, '/assign'), body));

export function useBulkAssign() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: AssignInput & { tipIds: string[] }) =>
      api<unknown>('POST', '/api/v1/tips/assign', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: TIPS_KEY }),
  });
}

export type ClosingStatus = 'actioned' | 'referred' | 'closed_no_action';

export const useTipStatus = (id: string) =>
  useTipMutation(id, (body: { status: ClosingStatus; reason: string; version: number }) =>
    api<unknown>('POST', path(id, '/status'), body),
  );

export const useConvertTip = (id: string) =>
  useTipMutation(id, (body: { title: string; reason?: string }) =>
    api<{ caseId: string; reference: string }>('POST', path(id, '/convert'), body),
  );

export const useMessageReporter = (id: string) =>
  useTipMutation(id, (body: { body: string }) => api<unknown>('POST', path(id, '/messages'), body));

export const useRecordLegalAuthority = (id: string) =>
  useTipMutation(id, ({ fileId, authority }: { fileId: string; authority: string }) =>
    api<unknown>('POST', path(id, `/files/${encodeURIComponent(fileId)}/legal-authority`), { authority }),
  );

/**
 * The reporter's contact: a separate, audited read, made only when the user asks for it (a mutation,
 * so it is never cached, retried or refetched on its own).
 */
export function useRevealReporterContact(id: string) {
  return useMutation({
    mutationFn: () => api<{ reporterContact: string | null }>('GET', path(id, '/reporter-contact')),
  });
}
