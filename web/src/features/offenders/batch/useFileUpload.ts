import { type QueryKey, useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../../components/apiErrors';
import { uploadFile } from './batch.api';

/**
 * The upload wiring both screening pages share (arrivals batch, guest register): the chosen file, the
 * multipart POST to `url`, and on success `onUploaded`, a cleared chooser and a refreshed `queryKey`
 * list. `panel` is what `UploadPanel` takes; `result` is the last upload's answer.
 */
export function useFileUpload<T>(url: string, queryKey: QueryKey, onUploaded: (created: T) => void) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [file, setFile] = useState<File | null>(null);
  const upload = useMutation({
    mutationFn: () => uploadFile<T>(url, file!),
    onSuccess: (created) => {
      onUploaded(created);
      setFile(null);
      void queryClient.invalidateQueries({ queryKey });
    },
  });
  return {
    result: upload.data,
    panel: {
      file,
      onFile: setFile,
      onUpload: () => upload.mutate(),
      uploading: upload.isPending,
      error: upload.error ? errorMessage(t, upload.error) : null,
    },
  };
}
