import { Badge, Stack, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDocumentTitle } from '../../../app/useDocumentTitle';
import { formatDateTime } from '../../../i18n/format';
import { type GuestImport, guestsKey, useGuestImport, useGuestImports } from './batch.api';
import { RecentUploads, UploadPanel } from './UploadParts';
import { useFileUpload } from './useFileUpload';

/**
 * `/screening/guests`: a daily accommodation register (CSV or XLSX) screened at once. Shows the
 * counts, every rejected line with its column and reason, and the hits (call reference, establishment,
 * province); the owning unit has been alerted. Guests who do not hit are not kept.
 */
export default function GuestRegisterPage() {
  const { t, i18n } = useTranslation();
  useDocumentTitle(t('offendersBatch.guests.title'));
  const [shownId, setShownId] = useState<string | null>(null);
  const shown = useGuestImport(shownId);
  const recent = useGuestImports();
  // The upload's answer carries the whole result: show it rather than an earlier import.
  const upload = useFileUpload<GuestImport>('/api/v1/screening/guests', guestsKey, () => setShownId(null));
  const result = shownId ? shown.data : upload.result;

  return (
    <Stack gap="lg" maw={1200}>
      <UploadPanel
        title={t('offendersBatch.guests.title')}
        intro={t('offendersBatch.guests.intro')}
        header="guest_id,full_name,given_name,family_name,dob,gender,nationality,passport_country,passport_number,check_in,check_out,establishment,province"
        accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        uploadLabel={t('offendersBatch.guests.upload')}
        {...upload.panel}
      />

      {result && <GuestResult data={result} language={i18n.resolvedLanguage} />}

      {recent.isSuccess && (
        <RecentUploads
          id="recent-guest-imports"
          items={recent.data.items}
          thirdColumn={{
            label: t('offendersBatch.columns.counts'),
            cell: (g) => t('offendersBatch.guests.counts', { ...g }),
          }}
          onShow={setShownId}
        />
      )}
    </Stack>
  );
}

function GuestResult({ data, language }: { data: GuestImport; language: string | undefined }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="guest-result">
      <Stack gap="sm">
        <Title order={2} size="h3" id="guest-result">
          {t('offendersBatch.guests.resultTitle', {
            file: data.fileName,
            when: formatDateTime(data.createdAt, language),
          })}
        </Title>
        <Text aria-live="polite">
          {t('offendersBatch.guests.counts', {
            rows: data.rows,
            screened: data.screened,
            rejected: data.rejected,
            hits: data.hits,
          })}
        </Text>
        {data.hitList.length > 0 && (
          <>
            <Title order={3} size="h4">
              {t('offendersBatch.guests.hitsTitle')}
            </Title>
            <Text size="sm">{t('offendersBatch.hitsGoToUnit')}</Text>
            <div className="table-scroll">
              <Table striped verticalSpacing="xs" miw={800}>
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('offendersBatch.columns.reference')}</Table.Th>
                    <Table.Th scope="col">{t('offendersBatch.columns.level')}</Table.Th>
                    <Table.Th scope="col">{t('offendersBatch.columns.line')}</Table.Th>
                    <Table.Th scope="col">{t('offendersBatch.columns.establishment')}</Table.Th>
                    <Table.Th scope="col">{t('offendersBatch.columns.province')}</Table.Th>
                    <Table.Th scope="col">{t('offendersBatch.columns.reasons')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.hitList.map((h) => (
                    <Table.Tr key={h.reference}>
                      <Table.Td ff="monospace">{h.reference}</Table.Td>
                      <Table.Td>
                        <Badge color={h.level === 'hit' ? 'red.9' : 'orange.9'} variant="light">
                          {t(`offendersBatch.level.${h.level}`)}
                        </Badge>
                      </Table.Td>
                      <Table.Td>
                        {h.line ?? ''}
                        {h.guestId ? ` (${h.guestId})` : ''}
                      </Table.Td>
                      <Table.Td lang="en">{h.establishment}</Table.Td>
                      <Table.Td>{h.province}</Table.Td>
                      <Table.Td lang="en">{h.reasons.join('; ')}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </div>
          </>
        )}
        {data.rejects.length > 0 && (
          <>
            <Title order={3} size="h4">
              {t('offendersBatch.guests.rejectsTitle')}
            </Title>
            <div className="table-scroll">
              <Table striped verticalSpacing="xs">
                <Table.Thead>
                  <Table.Tr>
                    <Table.Th scope="col">{t('offendersBatch.columns.line')}</Table.Th>
                    <Table.Th scope="col">{t('offendersBatch.columns.column')}</Table.Th>
                    <Table.Th scope="col">{t('offendersBatch.columns.reason')}</Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {data.rejects.map((r) => (
                    <Table.Tr key={`${r.line}:${r.column}:${r.reason}`}>
                      <Table.Td>{r.line}</Table.Td>
                      <Table.Td ff="monospace">{r.column ?? ''}</Table.Td>
                      <Table.Td lang="en">{r.reason}</Table.Td>
                    </Table.Tr>
                  ))}
                </Table.Tbody>
              </Table>
            </div>
          </>
        )}
      </Stack>
    </section>
  );
}
