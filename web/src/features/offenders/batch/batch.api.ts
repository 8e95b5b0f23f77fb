import { useQuery } from '@tanstack/react-query';
import { api, queryString } from '../../../api/client';

/**
 * Batch screening and guest registers (`/api/v1/screening/batch`, `/api/v1/screening/guests`,
 * server/src/modules/offenders/batch). The shapes mirror the server's response schemas.
 */
export interface BatchSummary {
  rows: number;
  screened: number;
  rejectedLines: number;
  hitRows: number;
  reviewRows: number;
  pairs: number;
  listSize: number | null;
}

export interface ScreeningBatch {
  id: string;
  fileName: string;
  createdAt: string;
  status: 'queued' | 'running' | 'done' | 'failed';
  inputBytes: number;
  summary: BatchSummary | null;
  finishedAt: string | null;
}

export interface GuestReject {
  line: number;
  column: string | null;
  reason: string;
}

export interface GuestHit {
  reference: string;
  level: 'hit' | 'review';
  score: number;
  line: number | null;
  guestId: string | null;
  establishment: string | null;
  province: string | null;
  reasons: string[];
}

export interface GuestImportSummary {
  id: string;
  fileName: string;
  createdAt: string;
  rows: number;
  screened: number;
  hits: number;
  rejected: number;
}

export interface GuestImport extends GuestImportSummary {
  rejects: GuestReject[];
  hitList: GuestHit[];
}

interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export const batchKey = ['screening', 'batch'] as const;
export const guestsKey = ['screening', 'guests'] as const;

/** POST one file as multipart/form-data (field "file"). */
export async function uploadFile<T>(url: string, file: File): Promise<T> {
  const form = new FormData();
  form.append('file', file, file.name);
  return api<T>('POST', url, form);
}

/** One batch, polled every second while it is queued or running. */
export function useBatch(id: string | null) {
  return useQuery({
    queryKey: [...batchKey, 'detail', id],
    queryFn: ({ signal }) =>
      api<ScreeningBatch>('GET', `/api/v1/screening/batch/${encodeURIComponent(id!)}`, undefined, { signal }),
    enabled: id !== null,
    refetchInterval: (query) => {
      const status = query.state.data?.status;
      return status === 'done' || status === 'failed' ? false : 1000;
    },
    refetchOnWindowFocus: false,
  });
}

export function useBatches() {
  return useQuery({
    queryKey: [...batchKey, 'list'],
    queryFn: ({ signal }) =>
      api<Page<ScreeningBatch>>('GET', `/api/v1/screening/batch${queryString({ limit: 10 })}`, undefined, {
        signal,
      }),
    refetchOnWindowFocus: false,
  });
}

export function useGuestImport(id: string | null) {
  return useQuery({
    queryKey: [...guestsKey, 'detail', id],
    queryFn: ({ signal }) =>
      api<GuestImport>('GET', `/api/v1/screening/guests/${encodeURIComponent(id!)}`, undefined, { signal }),
    enabled: id !== null,
    refetchOnWindowFocus: false,
  });
}

export function useGuestImports() {
  return useQuery({
    queryKey: [...guestsKey, 'list'],
    queryFn: ({ signal }) =>
      api<Page<GuestImportSummary>>(
        'GET',
        `/api/v1/screening/guests${queryString({ limit: 10 })}`,
        undefined,
        {
          signal,
        },
      ),
    refetchOnWindowFocus: false,
  });
}

export const batchFileUrl = (id: string, file: 'hits' | 'rejects') =>
  `/api/v1/screening/batch/${encodeURIComponent(id)}/${file}.csv`;
