import {
  Badge,
  Button,
  Checkbox,
  FileButton,
  Group,
  Progress,
  Stack,
  Table,
  Text,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../../api/client';
import { AnchorLink } from '../../../app/links';
import { useDocumentTitle } from '../../../app/useDocumentTitle';
import { errorMessage } from '../../../components/apiErrors';
import { LiveAlert } from '../../../components/LiveAlert';
import { formatDateTime } from '../../../i18n/format';
import {
  type ImportFileResult,
  REPORT_FILE,
  type TipImport,
  tipImportsKey,
  uploadReports,
  useTipImport,
  useTipImports,
} from './import.api';

const OUTCOME_COLOR: Record<ImportFileResult['outcome'], string> = {
  imported: 'teal.9',
  duplicate: 'gray.7',
  rejected: 'red.9',
};

/**
 * `/tips/import`: CyberTipline reports (ESP-report XML or law-enforcement JSON) into the tip queue.
 * Pick files or a whole folder, upload; the import runs on the server and this page polls its
 * progress, then lists every file: imported, already known (duplicate), or rejected with the element
 * path and the reason. Files the platform did not view arrive locked until a legal authority is recorded.
 */
export default function ImportPage() {
  const { t, i18n } = useTranslation();
  useDocumentTitle(t('tipsImport.title'));
  const queryClient = useQueryClient();
  const [files, setFiles] = useState<File[]>([]);
  const [allowUnknown, setAllowUnknown] = useState(false);
  const [importId, setImportId] = useState<string | null>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const current = useTipImport(importId);
  const recent = useTipImports();

  const upload = useMutation({
    mutationFn: () => uploadReports(files, allowUnknown),
    onSuccess: (created) => {
      setImportId(created.id);
      setFiles([]);
      void queryClient.invalidateQueries({ queryKey: tipImportsKey });
    },
  });

  const chooseFolder = (list: FileList | null) => {
    setFiles(Array.from(list ?? []).filter((f) => REPORT_FILE.test(f.name)));
  };

  const uploadError = (() => {
    const error = upload.error;
    if (!error) return null;
    if (isApiError(error, 'payload_too_large')) {
      const file = error.issues[0]?.path;
      return file ? t('tipsImport.fileTooLarge', { file }) : t('tipsImport.uploadTooLarge');
    }
    return errorMessage(t, error);
  })();

  return (
    <Stack gap="lg" maw={1200}>
      <Stack gap={4}>
        <Title order={1}>{t('tipsImport.title')}</Title>
        <Text c="dimmed">{t('tipsImport.intro')}</Text>
      </Stack>

      <Stack gap="sm">
        <Group gap="sm">
          <FileButton onChange={setFiles} accept=".xml,.json,application/xml,application/json" multiple>
            {(props) => (
              <Button variant="default" {...props}>
                {t('tipsImport.chooseFiles')}
              </Button>
            )}
          </FileButton>
          <Button variant="default" onClick={() => folderInput.current?.click()}>
            {t('tipsImport.chooseFolder')}
          </Button>
          <input
            ref={folderInput}
            type="file"
            hidden
            multiple
            aria-hidden="true"
            tabIndex={-1}
            onChange={(e) => chooseFolder(e.currentTarget.files)}
            {...{ webkitdirectory: '' }}
          />
          <Text size="sm" aria-live="polite">
            {t('tipsImport.chosen', { count: files.length })}
          </Text>
        </Group>
        <Checkbox
          checked={allowUnknown}
          onChange={(e) => setAllowUnknown(e.currentTarget.checked)}
          label={t('tipsImport.allowUnknown')}
          description={t('tipsImport.allowUnknownHint')}
        />
        <Group>
          <Button onClick={() => upload.mutate()} disabled={files.length === 0} loading={upload.isPending}>
            {t('tipsImport.upload')}
          </Button>
        </Group>
        <LiveAlert message={uploadError} />
      </Stack>

      {importId !== null && (
        <ImportProgress
          data={current.data}
          error={current.isError ? errorMessage(t, current.error) : null}
          language={i18n.resolvedLanguage}
        />
      )}

      {recent.isSuccess && recent.data.items.length > 0 && (
        <section aria-labelledby="recent-imports">
          <Title order={2} size="h3" id="recent-imports" mb="sm">
            {t('tipsImport.recent')}
          </Title>
          <Table verticalSpacing="xs">
            <Table.Thead>
              <Table.Tr>
                <Table.Th scope="col">{t('tipsImport.columns.started')}</Table.Th>
                <Table.Th scope="col">{t('tipsImport.columns.status')}</Table.Th>
                <Table.Th scope="col">{t('tipsImport.columns.counts')}</Table.Th>
                <Table.Th scope="col">
                  <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
                </Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {recent.data.items.map((item) => (
                <Table.Tr key={item.id}>
                  <Table.Td>{formatDateTime(item.createdAt, i18n.resolvedLanguage)}</Table.Td>
                  <Table.Td>{t(`tipsImport.status.${item.status}`)}</Table.Td>
                  <Table.Td>{t('tipsImport.counts', countsOf(item))}</Table.Td>
                  <Table.Td>
                    <Button size="xs" variant="subtle" onClick={() => setImportId(item.id)}>
                      {t('tipsImport.show')}
                    </Button>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </section>
      )}
    </Stack>
  );
}

function countsOf(item: TipImport) {
  return { files: item.files, imported: item.imported, duplicates: item.duplicates, rejected: item.rejected };
}

/** The progress bar while the job runs, then the per-file results. */
function ImportProgress({
  data,
  error,
  language,
}: {
  data: TipImport | undefined;
  error: string | null;
  language: string | undefined;
}) {
  const { t } = useTranslation();
  if (error) return <LiveAlert message={error} />;
  if (!data) return <Text>{t('common.loading')}</Text>;
  const percent = data.files === 0 ? 100 : Math.round((data.processed / data.files) * 100);
  return (
    <section aria-labelledby="import-progress">
      <Stack gap="sm">
        <Title order={2} size="h3" id="import-progress">
          {t('tipsImport.progressTitle', { when: formatDateTime(data.createdAt, language) })}
        </Title>
        <Progress
          value={percent}
          size="lg"
          animated={data.status === 'running' || data.status === 'queued'}
          aria-label={t('tipsImport.progressLabel', { processed: data.processed, files: data.files })}
        />
        <Text aria-live="polite">
          {t(`tipsImport.status.${data.status}`)} ·{' '}
          {t('tipsImport.progressLabel', { processed: data.processed, files: data.files })} ·{' '}
          {t('tipsImport.counts', countsOf(data))}
        </Text>
        {data.results.length > 0 && (
          <div className="table-scroll">
            <Table striped verticalSpacing="xs" miw={800}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th scope="col">{t('tipsImport.columns.file')}</Table.Th>
                  <Table.Th scope="col">{t('tipsImport.columns.outcome')}</Table.Th>
                  <Table.Th scope="col">{t('tipsImport.columns.reasons')}</Table.Th>
                  <Table.Th scope="col">{t('tipsImport.columns.tip')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.results.map((r) => (
                  <ResultRow key={r.file} result={r} />
                ))}
              </Table.Tbody>
            </Table>
          </div>
        )}
      </Stack>
    </section>
  );
}

function ResultRow({ result }: { result: ImportFileResult }) {
  const { t } = useTranslation();
  return (
    <Table.Tr>
      <Table.Td lang="en" style={{ wordBreak: 'break-all' }}>
        {result.file}
      </Table.Td>
      <Table.Td>
        <Badge color={OUTCOME_COLOR[result.outcome]} variant="light">
          {t(`tipsImport.outcome.${result.outcome}`)}
        </Badge>
      </Table.Td>
      <Table.Td>
        {result.errors.map((e) => (
          <Text key={`${e.path}:${e.reason}`} size="sm" lang="en">
            {e.path && (
              <Text span ff="monospace" size="sm">
                {e.path}:{' '}
              </Text>
            )}
            {e.reason}
          </Text>
        ))}
      </Table.Td>
      <Table.Td>
        {result.tipIds.map((id) => (
          <AnchorLink key={id} to="/tips/$tipId" params={{ tipId: id }}>
            {t('tipsImport.openTip')}
          </AnchorLink>
        ))}
      </Table.Td>
    </Table.Tr>
  );
}
