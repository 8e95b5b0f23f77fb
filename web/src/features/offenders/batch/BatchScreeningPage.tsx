import { Anchor, Group, Progress, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDocumentTitle } from '../../../app/useDocumentTitle';
import { errorMessage } from '../../../components/apiErrors';
import { LiveAlert } from '../../../components/LiveAlert';
import { formatDateTime } from '../../../i18n/format';
import { batchFileUrl, batchKey, type ScreeningBatch, useBatch, useBatches } from './batch.api';
import { RecentUploads, UploadPanel } from './UploadParts';
import { useFileUpload } from './useFileUpload';

/**
 * `/screening/batch`: an arrivals CSV screened against the register and watches. The file is
 * uploaded, screened by a job on the server (this page polls its progress), then the hits file and
 * the rejected lines can be downloaded. Hits name call references: the unit has the details.
 */
export default function BatchScreeningPage() {
  const { t, i18n } = useTranslation();
  useDocumentTitle(t('offendersBatch.batch.title'));
  const [batchId, setBatchId] = useState<string | null>(null);
  const current = useBatch(batchId);
  const recent = useBatches();
  const upload = useFileUpload<ScreeningBatch>('/api/v1/screening/batch', batchKey, (created) =>
    setBatchId(created.id),
  );

  return (
    <Stack gap="lg" maw={1200}>
      <UploadPanel
        title={t('offendersBatch.batch.title')}
        intro={t('offendersBatch.batch.intro')}
        header="id,full_name,given_name,family_name,dob,gender,nationality,passport_country,passport_number"
        accept=".csv,text/csv"
        uploadLabel={t('offendersBatch.batch.upload')}
        {...upload.panel}
      />

      {batchId !== null && (
        <BatchProgress
          data={current.data}
          error={current.isError ? errorMessage(t, current.error) : null}
          language={i18n.resolvedLanguage}
        />
      )}

      {recent.isSuccess && (
        <RecentUploads
          id="recent-batches"
          items={recent.data.items}
          thirdColumn={{
            label: t('offendersBatch.columns.status'),
            cell: (b) => t(`offendersBatch.status.${b.status}`),
          }}
          onShow={setBatchId}
        />
      )}
    </Stack>
  );
}

function BatchProgress({
  data,
  error,
  language,
}: {
  data: ScreeningBatch | undefined;
  error: string | null;
  language: string | undefined;
}) {
  const { t } = useTranslation();
  if (error) return <LiveAlert message={error} />;
  if (!data) return <Text>{t('common.loading')}</Text>;
  const s = data.summary;
  const running = data.status === 'queued' || data.status === 'running';
  return (
    <section aria-labelledby="batch-progress">
      <Stack gap="sm">
        <Title order={2} size="h3" id="batch-progress">
          {t('offendersBatch.batch.progressTitle', { when: formatDateTime(data.createdAt, language) })}
        </Title>
        <Progress
          value={100}
          size="lg"
          animated={running}
          aria-label={t(`offendersBatch.status.${data.status}`)}
        />
        <Text aria-live="polite">
          {t(`offendersBatch.status.${data.status}`)}
          {s && ` · ${t('offendersBatch.batch.counts', { ...s })}`}
        </Text>
        {data.status === 'done' && s && (
          <Table verticalSpacing="xs" maw={520}>
            <Table.Tbody>
              <Table.Tr>
                <Table.Th scope="row">{t('offendersBatch.batch.hitRows')}</Table.Th>
                <Table.Td>{s.hitRows}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th scope="row">{t('offendersBatch.batch.reviewRows')}</Table.Th>
                <Table.Td>{s.reviewRows}</Table.Td>
              </Table.Tr>
              <Table.Tr>
                <Table.Th scope="row">{t('offendersBatch.batch.rejected')}</Table.Th>
                <Table.Td>{s.rejectedLines}</Table.Td>
              </Table.Tr>
            </Table.Tbody>
          </Table>
        )}
        {data.status === 'done' && (
          <Group gap="md">
            <Anchor href={batchFileUrl(data.id, 'hits')} download>
              {t('offendersBatch.batch.downloadHits')}
            </Anchor>
            <Anchor href={batchFileUrl(data.id, 'rejects')} download>
              {t('offendersBatch.batch.downloadRejects')}
            </Anchor>
          </Group>
        )}
        {data.status === 'done' && s && s.pairs > 0 && (
          <Text size="sm">{t('offendersBatch.hitsGoToUnit')}</Text>
        )}
      </Stack>
    </section>
  );
}
