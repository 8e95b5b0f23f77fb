import type { AgencyType } from '@karpear/contracts';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '../../../api/client';

/** Agencies and units (`/api/v1/agencies`, `/api/v1/units`); see server agencies.schema.ts. */
export interface Agency {
  id: string;
  code: string;
  type: AgencyType;
  nameEn: string;
  nameKm: string;
  country: string;
  createdAt: string;
  abilities: string[];
}

export interface Unit {
  id: string;
  agencyId: string;
  code: string;
  nameEn: string;
  nameKm: string;
  province: string | null;
  isSpecialist: boolean;
  createdAt: string;
  abilities: string[];
}

interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export interface AgencyInput {
  code: string;
  type: AgencyType;
  nameEn: string;
  nameKm: string;
  country: string;
}

export interface UnitInput {
  code: string;
  nameEn: string;
  nameKm: string;
  province: string | null;
  isSpecialist: boolean;
}

const AGENCIES_KEY = ['agencies'] as const;
const unitsKey = (agencyId: string) => ['agencies', agencyId, 'units'] as const;

/** Every agency the caller may read (all for a system administrator, their own for anyone else). */
export function useAgencies() {
  return useQuery({
    queryKey: AGENCIES_KEY,
    queryFn: ({ signal }) => api<Page<Agency>>('GET', '/api/v1/agencies?limit=100', undefined, { signal }),
    staleTime: 5 * 60_000,
  });
}

export function useUnits(agencyId: string | null | undefined) {
  return useQuery({
    queryKey: unitsKey(agencyId ?? ''),
    queryFn: ({ signal }) =>
      api<Page<Unit>>(
        'GET',
        `/api/v1/agencies/${encodeURIComponent(agencyId ?? '')}/units?limit=100`,
        undefined,
        {
          signal,
        },
      ),
    enabled: Boolean(agencyId),
    staleTime: 5 * 60_000,
  });
}

export function useSaveAgency() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id?: string; input: AgencyInput | Partial<AgencyInput> }) =>
      id
        ? api<Agency>('PATCH', `/api/v1/agencies/${encodeURIComponent(id)}`, input)
        : api<Agency>('POST', '/api/v1/agencies', input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: AGENCIES_KEY }),
  });
}

export function useSaveUnit(agencyId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id?: string; input: UnitInput | Partial<UnitInput> }) =>
      id
        ? api<Unit>('PATCH', `/api/v1/units/${encodeURIComponent(id)}`, input)
        : api<Unit>('POST', `/api/v1/agencies/${encodeURIComponent(agencyId)}/units`, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: unitsKey(agencyId) }),
  });
}
