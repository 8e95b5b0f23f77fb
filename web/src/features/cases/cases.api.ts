import type {
  CaseDetail,
  CaseIdentifierList,
  CaseOffence,
  CasePage,
  CaseRole,
  CaseStatus,
  CaseSummary,
  PlanContent,
  PlanView,
  TaskView,
} from '@karpear/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';

/**
 * The cases API (`/api/v1/cases`, contracts/src/cases.ts). Types only from contracts: the pages do not
 * carry zod; the server validates every request and answers field issues we show inline.
 */
export type {
  CaseDetail,
  CaseIdentifier,
  CasePage,
  CaseSummary,
  PlanContent,
  PlanView,
  TaskView,
} from '@karpear/contracts';

export interface CaseFilters {
  status?: CaseStatus;
  offence?: CaseOffence;
  q?: string;
  limit: number;
  offset: number;
}

export interface PlanList {
  current: PlanView | null;
  versions: PlanView[];
}

export interface PlanDiff {
  from: number;
  to: number;
  changes: Array<{ field: string; added: string[]; removed: string[] }>;
}

const CASES_KEY = ['cases'] as const;
const caseKey = (id: string) => ['cases', 'detail', id] as const;
const planKey = (id: string) => ['cases', 'plan', id] as const;
const path = (id: string, rest = '') => `/api/v1/cases/${encodeURIComponent(id)}${rest}`;

export function caseQueryString(filters: CaseFilters): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) {
    if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  }
  return `?${search.toString()}`;
}

export function useCases(filters: CaseFilters) {
  return useQuery({
    queryKey: [...CASES_KEY, 'list', filters],
    queryFn: ({ signal }) =>
      api<CasePage>('GET', `/api/v1/cases${caseQueryString(filters)}`, undefined, { signal }),
    placeholderData: keepPreviousData,
    refetchOnWindowFocus: false,
  });
}

export function useCase(id: string) {
  return useQuery({
    queryKey: caseKey(id),
    queryFn: ({ signal }) => api<CaseDetail>('GET', path(id), undefined, { signal }),
    // Every read of a case is audited: no background refetches behind the user's back.
    staleTime: 60_000,
    refetchOnWindowFocus: false,
    retry: false,
  });
}

export function usePlans(id: string, enabled: boolean) {
  return useQuery({
    queryKey: planKey(id),
    queryFn: ({ signal }) => api<PlanList>('GET', path(id, '/plan'), undefined, { signal }),
    enabled,
    staleTime: 60_000,
    refetchOnWindowFocus: false,
    retry: false,
  });
}

export function usePlanDiff(id: string, from: number | null, to: number | null) {
  return useQuery({
    queryKey: [...planKey(id), 'diff', from, to],
    queryFn: ({ signal }) =>
      api<PlanDiff>('GET', path(id, `/plan/diff?from=${from}&to=${to}`), undefined, { signal }),
    enabled: from !== null && to !== null && from !== to,
    retry: false,
  });
}

/** A change to one case: refresh its detail (and plan) and the list afterwards. */
function useCaseMutation<TInput, TResult>(id: string, fn: (input: TInput) => Promise<TResult>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: caseKey(id) });
      await queryClient.invalidateQueries({ queryKey: planKey(id) });
      await queryClient.invalidateQueries({ queryKey: [...CASES_KEY, 'list'] });
    },
  });
}

export interface NewCaseInput {
  title: string;
  summary?: string;
  offences: CaseOffence[];
  tipIds: string[];
  unitId?: string;
}

export function useCreateCase() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: NewCaseInput) => api<{ id: string; reference: string }>('POST', '/api/v1/cases', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: [...CASES_KEY, 'list'] }),
  });
}

export const useUpdateCase = (id: string) =>
  useCaseMutation(
    id,
    (body: { version: number; title?: string; summary?: string | null; offences?: CaseOffence[] }) =>
      api<CaseSummary>('PATCH', path(id), body),
  );

export const useCaseStatus = (id: string) =>
  useCaseMutation(id, (body: { version: number; status: CaseStatus; reason?: string }) =>
    api<CaseSummary>('POST', path(id, '/status'), body),
  );

export const useAddMember = (id: string) =>
  useCaseMutation(id, (body: { userId: string; caseRole: CaseRole }) =>
    api<unknown>('POST', path(id, '/team'), body),
  );

export const useMemberRole = (id: string) =>
  useCaseMutation(id, (body: { userId: string; caseRole: CaseRole }) =>
    api<unknown>('PATCH', path(id, `/team/${encodeURIComponent(body.userId)}`), { caseRole: body.caseRole }),
  );

export const useRemoveMember = (id: string) =>
  useCaseMutation(id, (userId: string) =>
    api<unknown>('DELETE', path(id, `/team/${encodeURIComponent(userId)}`)),
  );

/** A unit's members (`GET /api/v1/units/:id/members`: id, display name, roles) for the team picker. */
export interface UnitMember {
  id: string;
  displayName: string;
  roles: string[];
}
export function useUnitMembers(unitId: string | null) {
  return useQuery({
    queryKey: ['units', unitId, 'members'],
    enabled: unitId !== null,
    queryFn: ({ signal }) =>
      api<UnitMember[]>('GET', `/api/v1/units/${encodeURIComponent(unitId ?? '')}/members`, undefined, {
        signal,
      }),
    retry: false,
  });
}

/** Prosecutors and liaison officers of other agencies (`GET /api/v1/joint-partners`), for joint cases. */
export interface JointPartner extends UnitMember {
  agencyId: string;
  agencyNameEn: string;
  agencyNameKm: string;
}
export function useJointPartners(enabled: boolean) {
  return useQuery({
    queryKey: ['joint-partners'],
    enabled,
    queryFn: ({ signal }) => api<JointPartner[]>('GET', '/api/v1/joint-partners', undefined, { signal }),
    retry: false,
    staleTime: 5 * 60_000,
  });
}

/** A case's identifier links (`GET /cases/:id/identifiers`, an audited read: no background refetch). */
export function useCaseIdentifiers(id: string, enabled: boolean) {
  return useQuery({
    queryKey: ['cases', 'identifiers', id],
    enabled,
    queryFn: ({ signal }) => api<CaseIdentifierList>('GET', path(id, '/identifiers'), undefined, { signal }),
    refetchOnWindowFocus: false,
    retry: false,
  });
}

/** Remove one identifier link from a case, then refresh its identifiers and timeline. */
export function useDetachIdentifier(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (linkId: string) =>
      api<unknown>('DELETE', path(id, `/identifiers/${encodeURIComponent(linkId)}`)),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: ['cases', 'identifiers', id] });
      await queryClient.invalidateQueries({ queryKey: caseKey(id) });
    },
  });
}

export const useAddNote = (id: string) =>
  useCaseMutation(id, (body: { body: string }) => api<unknown>('POST', path(id, '/notes'), body));

export const useSaveDraft = (id: string) =>
  useCaseMutation(id, (body: { content: PlanContent; lockVersion?: number }) =>
    api<PlanView>('PUT', path(id, '/plan/draft'), body),
  );

export const useSubmitPlan = (id: string) =>
  useCaseMutation(id, () => api<PlanView>('POST', path(id, '/plan/submit')));

export const useDecidePlan = (id: string) =>
  useCaseMutation(id, (body: { decision: 'approved' | 'returned'; reason?: string }) =>
    api<PlanView>('POST', path(id, '/plan/decision'), body),
  );

export const useCreateTask = (id: string) =>
  useCaseMutation(id, (body: { title: string; ownerId: string; dueAt: string; lineKey?: string }) =>
    api<TaskView>('POST', path(id, '/tasks'), body),
  );

/** Task status changes come from a case page or from "my work": refresh both. */
export function useTaskStatus(caseId: string | null) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { taskId: string; status: TaskView['status']; version: number }) =>
      api<TaskView>('POST', `/api/v1/tasks/${encodeURIComponent(body.taskId)}/status`, {
        status: body.status,
        version: body.version,
      }),
    onSuccess: async () => {
      if (caseId) await queryClient.invalidateQueries({ queryKey: caseKey(caseId) });
      await queryClient.invalidateQueries({ queryKey: ['my-work'] });
    },
  });
}
