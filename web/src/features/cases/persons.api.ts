import type {
  AttachPersonBody,
  AttachPersonResult,
  CasePersons,
  PersonMergeResult,
  PersonUndoResult,
} from '@karpear/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../api/client';

/**
 * Persons on a case (`/api/v1/cases/:id/persons`, `/api/v1/persons…`, contracts/src/persons.ts).
 * Reading the list is audited on the server (it decrypts names): it is fetched when the People tab
 * opens, not with the case.
 */
export type { AttachPersonBody, CasePerson, CasePersons, PersonIdentityInput } from '@karpear/contracts';

const personsKey = (caseId: string) => ['cases', 'persons', caseId] as const;
const casePath = (caseId: string, rest = '') => `/api/v1/cases/${encodeURIComponent(caseId)}/persons${rest}`;

export function useCasePersons(caseId: string) {
  return useQuery({
    queryKey: personsKey(caseId),
    queryFn: ({ signal }) => api<CasePersons>('GET', casePath(caseId), undefined, { signal }),
    refetchOnWindowFocus: false,
  });
}

function usePersonsMutation<TInput, TResult>(caseId: string, fn: (input: TInput) => Promise<TResult>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: personsKey(caseId) }),
  });
}

export const useAttachPerson = (caseId: string) =>
  usePersonsMutation(caseId, (body: AttachPersonBody) =>
    api<AttachPersonResult>('POST', casePath(caseId), body),
  );

export const useDetachPerson = (caseId: string) =>
  usePersonsMutation(caseId, (linkId: string) =>
    api<{ linkId: string; removedAt: string }>('DELETE', casePath(caseId, `/${encodeURIComponent(linkId)}`)),
  );

export const useMergePerson = (caseId: string) =>
  usePersonsMutation(caseId, (input: { personId: string; intoId: string; reason: string }) =>
    api<PersonMergeResult>('POST', `/api/v1/persons/${encodeURIComponent(input.personId)}/merge`, {
      intoId: input.intoId,
      reason: input.reason,
    }),
  );

export const useUndoPersonMerge = (caseId: string) =>
  usePersonsMutation(caseId, (mergeId: string) =>
    api<PersonUndoResult>('POST', `/api/v1/persons/merges/${encodeURIComponent(mergeId)}/undo`),
  );
