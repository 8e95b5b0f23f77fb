import type { TipImport } from '@karpear/contracts';
import { useQuery } from '@tanstack/react-query';
import { ApiError, api, CLIENT_ERROR, queryString } from '../../../api/client';

/** CyberTipline uploads (`/api/v1/tips/imports`, server/src/modules/tips/import). Types only from contracts. */
export type { ImportFileResult, TipImport } from '@karpear/contracts';

export interface TipImportPage {
  items: TipImport[];
  total: number;
  limit: number;
  offset: number;
}

const IMPORTS_KEY = ['tips', 'imports'] as const;
/** Files the upload sends from a chosen folder: reports only (a folder may hold notes, images…). */
export const REPORT_FILE = /\.(xml|json)$/i;

/**
 * POST the files as multipart/form-data. The shared client speaks JSON only, so this is its own fetch
 * with the same header and error shape; folder uploads keep `folder/name.xml` as the file's name.
 */
export async function uploadReports(files: readonly File[], allowUnknown: boolean): Promise<TipImport> {
  const form = new FormData();
  for (const file of files) form.append('files', file, file.webkitRelativePath || file.name);
  let response: Response;
  try {
    response = await fetch(
      `/api/v1/tips/imports${queryString({ allowUnknown: allowUnknown ? 'true' : undefined })}`,
      {
        method: 'POST',
        headers: { accept: 'application/json', 'x-requested-with': 'karpear' },
        credentials: 'same-origin',
        body: form,
      },
    );
  } catch {
    throw new ApiError(0, CLIENT_ERROR.network, 'The server could not be reached');
  }
  const body = (await response.json().catch(() => undefined)) as
    | (TipImport & {
        error?: { code?: string; message?: string; issues?: Array<{ path: string; message: string }> };
      })
    | undefined;
  if (!response.ok) {
    const error = body?.error;
    throw new ApiError(
      response.status,
      typeof error?.code === 'string' ? error.code : 'http',
      typeof error?.message === 'string' ? error.message : `HTTP ${response.status}`,
      Array.isArray(error?.issues) ? error.issues : [],
    );
  }
  return body as TipImport;
}

/** One upload, polled every second while it is queued or running (the progress bar). */
export function useTipImport(id: string | null) {
  return useQuery({
    queryKey: [...IMPORTS_KEY, 'detail', id],
    queryFn: ({ signal }) =>
      api<TipImport>('GET', `/api/v1/tips/imports/${encodeURIComponent(id!)}`, undefined, { signal }),
    enabled: id !== null,
    refetchInterval: (query) => {
      const status = query.state.data?.status;
      return status === 'done' || status === 'failed' ? false : 1000;
    },
    refetchOnWindowFocus: false,
  });
}

export function useTipImports() {
  return useQuery({
    queryKey: [...IMPORTS_KEY, 'list'],
    queryFn: ({ signal }) =>
      api<TipImportPage>('GET', `/api/v1/tips/imports${queryString({ limit: 10 })}`, undefined, { signal }),
    refetchOnWindowFocus: false,
  });
}

export const tipImportsKey = IMPORTS_KEY;
