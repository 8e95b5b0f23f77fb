import type { EntityDetail, EntityMerge, EntitySummary } from '@karpear/contracts';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, queryString } from '../../api/client';

/** The entities API (`/api/v1/entities`, contracts/src/entities.ts). Types only from contracts. */
export type { EntityDetail, EntityMerge, EntityRecord, EntitySummary } from '@karpear/contracts';

export const ENTITIES_PAGE_SIZE = 50;

export interface EntityPage {
  items: EntitySummary[];
  total: number;
  limit: number;
  offset: number;
}

export interface EntityFilters {
  q: string;
  kind: string;
  offset: number;
}

export function useEntities(filters: EntityFilters) {
  return useQuery({
    queryKey: ['entities', 'list', filters],
    queryFn: ({ signal }) =>
      api<EntityPage>(
        'GET',
        `/api/v1/entities${queryString({
          q: filters.q.trim() || undefined,
          kind: filters.kind || undefined,
          limit: ENTITIES_PAGE_SIZE,
          offset: filters.offset,
        })}`,
        undefined,
        { signal },
      ),
    placeholderData: keepPreviousData,
    // Searches are audited: no background refetches behind the user's back.
    refetchOnWindowFocus: false,
    retry: false,
  });
}

export function useEntity(id: string) {
  return useQuery({
    queryKey: ['entities', 'detail', id],
    queryFn: ({ signal }) =>
      api<EntityDetail>('GET', `/api/v1/entities/${encodeURIComponent(id)}`, undefined, { signal }),
    staleTime: 60_000,
    refetchOnWindowFocus: false,
    retry: false,
  });
}

/** After a merge or an undo every identifier page and search may have changed: refresh them all. */
function useEntitiesMutation<TInput>(fn: (input: TInput) => Promise<EntityMerge>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ['entities'] }),
  });
}

/** `POST /entities/:id/merge`: merge this identifier into `intoId` (same kind), with a reason. */
export const useMergeEntity = (id: string) =>
  useEntitiesMutation((body: { intoId: string; reason: string }) =>
    api<EntityMerge>('POST', `/api/v1/entities/${encodeURIComponent(id)}/merge`, body),
  );

/** `POST /entities/merges/:mergeId/undo`. */
export const useUndoMerge = () =>
  useEntitiesMutation((mergeId: string) =>
    api<EntityMerge>('POST', `/api/v1/entities/merges/${encodeURIComponent(mergeId)}/undo`),
  );
