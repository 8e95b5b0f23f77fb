import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api, queryString } from '../../api/client';

/**
 * The offender register, travel notifications and the border check
 * (server/src/modules/offenders/offenders.schema.ts). Types written here by hand: the web bundle
 * imports no server code.
 */
export const REGISTER_BASES = ['convicted_kh', 'foreign_notification', 'deported', 'green_notice'] as const;
export const REGISTER_STATUSES = ['proposed', 'active', 'expired', 'removed'] as const;
export const RISK_LEVELS = ['low', 'medium', 'high'] as const;
export const GENDERS = ['male', 'female', 'other', 'unknown'] as const;
export type RegisterBasis = (typeof REGISTER_BASES)[number];
export type RegisterStatus = (typeof REGISTER_STATUSES)[number];
export type RiskLevel = (typeof RISK_LEVELS)[number];
export type Gender = (typeof GENDERS)[number];

export interface EntrySummary {
  id: string;
  reference: string;
  status: RegisterStatus;
  lapsed: boolean;
  basis: RegisterBasis;
  primaryName: string;
  dob: string | null;
  nationalities: string[];
  riskLevel: RiskLevel;
  reviewDate: string | null;
  expiresAt: string | null;
  agencyId: string;
  unitId: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface EntryApproval {
  id: string;
  state: 'pending' | 'approved' | 'rejected' | 'withdrawn';
  requestedBy: string;
  requestedAt: string;
  expiresAt: string;
  justification: string;
  decidedBy: string | null;
  decidedAt: string | null;
  decisionNote: string | null;
}

export interface EntryDetail extends EntrySummary {
  names: Array<{ name: string; primary: boolean }>;
  passports: Array<{ country: string | null; number: string }>;
  gender: Gender | null;
  offences: string[];
  legalBasis: string;
  sourceDocument: string | null;
  photoRef: string | null;
  instructions: string;
  createdBy: string | null;
  activatedAt: string | null;
  removedReason: string | null;
  approval: EntryApproval | null;
  abilities: string[];
}

export interface EntryBody {
  basis: RegisterBasis;
  names: Array<{ name: string; primary: boolean }>;
  dob: string | null;
  gender: Gender | null;
  nationalities: string[];
  passports: Array<{ country: string; number: string }>;
  photoRef: string | null;
  offences: string[];
  legalBasis: string;
  sourceDocument: string | null;
  riskLevel: RiskLevel;
  reviewDate: string | null;
  expiresAt: string | null;
  instructions: string;
}

export interface TravelNotification {
  id: string;
  reference: string;
  agencyId: string;
  unitId: string | null;
  partner: string;
  partnerRef: string | null;
  receivedAt: string;
  names: string[];
  dob: string | null;
  gender: string | null;
  nationality: string | null;
  passportCountry: string | null;
  passportNumber: string | null;
  travelDate: string | null;
  flight: string | null;
  borderPost: string | null;
  stayPlace: string | null;
  stayProvince: string | null;
  watchUntil: string;
  watching: boolean;
  createdAt: string;
}

export type ScreeningResult =
  | { result: 'no_hit'; checkedAt: string }
  | {
      result: 'hit';
      level: 'hit' | 'review';
      reference: string;
      instructions: string | null;
      dutyUnit: { id: string; nameEn: string; nameKm: string } | null;
      checkedAt: string;
    };

export interface ScreeningBody {
  passportNumber?: string;
  passportCountry?: string;
  names: string[];
  dob?: string;
  nationality?: string;
}

interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

const REGISTER_KEY = ['register'] as const;
const TRAVEL_KEY = ['travel-notifications'] as const;

export function useEntries(filter: { q?: string; status?: RegisterStatus }, offset: number, limit: number) {
  return useQuery({
    queryKey: [...REGISTER_KEY, 'list', filter, offset, limit],
    queryFn: ({ signal }) =>
      api<Page<EntrySummary>>(
        'GET',
        `/api/v1/register${queryString({ ...filter, offset, limit })}`,
        undefined,
        {
          signal,
        },
      ),
    placeholderData: keepPreviousData,
  });
}

export function useEntry(id: string) {
  return useQuery({
    queryKey: [...REGISTER_KEY, 'one', id],
    queryFn: ({ signal }) =>
      api<EntryDetail>('GET', `/api/v1/register/${encodeURIComponent(id)}`, undefined, { signal }),
  });
}

/** Every change answers the entry as it now is: put it in the cache, refresh the lists. */
function useEntryMutation<V>(call: (vars: V) => Promise<EntryDetail>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: call,
    onSuccess: (entry) => {
      queryClient.setQueryData([...REGISTER_KEY, 'one', entry.id], entry);
      return queryClient.invalidateQueries({ queryKey: [...REGISTER_KEY, 'list'] });
    },
  });
}

const entryPath = (id: string, rest = '') => `/api/v1/register/${encodeURIComponent(id)}${rest}`;

export const useCreateEntry = () =>
  useEntryMutation((body: EntryBody) => api<EntryDetail>('POST', '/api/v1/register', body));
export const useUpdateEntry = () =>
  useEntryMutation(({ id, body }: { id: string; body: Partial<EntryBody> & { version: number } }) =>
    api<EntryDetail>('PATCH', entryPath(id), body),
  );
export const useRequestActivation = () =>
  useEntryMutation(({ id, justification }: { id: string; justification: string }) =>
    api<EntryDetail>('POST', entryPath(id, '/activation'), { justification }),
  );
export const useDecideActivation = () =>
  useEntryMutation(
    ({ id, decision, note }: { id: string; decision: 'approved' | 'rejected'; note?: string }) =>
      api<EntryDetail>('POST', entryPath(id, '/activation/decision'), {
        decision,
        ...(note ? { note } : {}),
      }),
  );
export const useExpireEntry = () =>
  useEntryMutation(({ id, version }: { id: string; version: number }) =>
    api<EntryDetail>('POST', entryPath(id, '/expire'), { version }),
  );
export const useRemoveEntry = () =>
  useEntryMutation(({ id, reason }: { id: string; reason: string }) =>
    api<EntryDetail>('POST', entryPath(id, '/remove'), { reason }),
  );

export function useTravelNotifications(offset: number, limit: number, enabled: boolean) {
  return useQuery({
    queryKey: [...TRAVEL_KEY, offset, limit],
    queryFn: ({ signal }) =>
      api<Page<TravelNotification>>(
        'GET',
        `/api/v1/travel-notifications${queryString({ offset, limit })}`,
        undefined,
        { signal },
      ),
    placeholderData: keepPreviousData,
    enabled,
  });
}

export function useCreateTravel() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: Record<string, unknown>) =>
      api<TravelNotification>('POST', '/api/v1/travel-notifications', body),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: TRAVEL_KEY }),
  });
}

export function useScreeningCheck() {
  return useMutation({
    mutationFn: (body: ScreeningBody) => api<ScreeningResult>('POST', '/api/v1/screening/check', body),
  });
}
