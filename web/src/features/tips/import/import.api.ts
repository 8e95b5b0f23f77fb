import type { TipImport } from '@karpear/contracts';
import { useQuery } from '@tanstack/react-query';
import { api, queryString } from '../../../api/client';

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

/** POST the files as multipart/form-data; folder uploads keep `folder/name.xml` as the file's name. */
export async function uploadReports(files: readonly File[], allowUnknown: boolean): Promise<TipImport> {
  const form = new FormData();
  for (const file of files) form.append('files', file, file.webkitRelativePath || file.name);
  return api<TipImport>(
    'POST',
    `/api/v1/tips/imports${queryString({ allowUnknown: allowUnknown ? 'true' : undefined })}`,
    form,
  );
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
