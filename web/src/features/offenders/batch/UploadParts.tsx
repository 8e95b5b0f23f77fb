import { Button, FileButton, Group, Stack, Table, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LiveAlert } from '../../../components/LiveAlert';
import { formatDateTime } from '../../../i18n/format';

/**
 * The parts the two screening upload pages share (arrivals batch, guest register): the heading with
 * the expected CSV header, the file chooser with its upload button, and the table of recent uploads.
 */
export function UploadPanel(props: {
  title: string;
  intro: string;
  /** The CSV header the file must start with, shown as is (English column names). */
  header: string;
  accept: string;
  file: File | null;
  onFile: (file: File | null) => void;
  uploadLabel: string;
  onUpload: () => void;
  uploading: boolean;
  error: string | null;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Stack gap={4}>
        <Title order={1}>{props.title}</Title>
        <Text c="dimmed">{props.intro}</Text>
        <Text size="sm" ff="monospace" lang="en" style={{ wordBreak: 'break-all' }}>
          {props.header}
        </Text>
      </Stack>
      <Group gap="sm">
        <FileButton onChange={props.onFile} accept={props.accept}>
          {(button) => (
            <Button variant="default" {...button}>
              {t('offendersBatch.chooseFile')}
            </Button>
          )}
        </FileButton>
        <Text size="sm" aria-live="polite">
          {props.file ? props.file.name : t('offendersBatch.noFile')}
        </Text>
        <Button onClick={props.onUpload} disabled={!props.file} loading={props.uploading}>
          {props.uploadLabel}
        </Button>
      </Group>
      <LiveAlert message={props.error} />
    </>
  );
}

interface Upload {
  id: string;
  createdAt: string;
  fileName: string;
}

/** Recent uploads, newest first, each with a third column of its own (status or counts) and "Show". */
export function RecentUploads<T extends Upload>(props: {
  id: string;
  items: readonly T[];
  thirdColumn: { label: string; cell: (item: T) => ReactNode };
  onShow: (id: string) => void;
}) {
  const { t, i18n } = useTranslation();
  if (props.items.length === 0) return null;
  return (
    <section aria-labelledby={props.id}>
      <Title order={2} size="h3" id={props.id} mb="sm">
        {t('offendersBatch.recent')}
      </Title>
      <Table verticalSpacing="xs">
        <Table.Thead>
          <Table.Tr>
            <Table.Th scope="col">{t('offendersBatch.columns.started')}</Table.Th>
            <Table.Th scope="col">{t('offendersBatch.columns.file')}</Table.Th>
            <Table.Th scope="col">{props.thirdColumn.label}</Table.Th>
            <Table.Th scope="col">{t('offendersBatch.columns.actions')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {props.items.map((item) => (
            <Table.Tr key={item.id}>
              <Table.Td>{formatDateTime(item.createdAt, i18n.resolvedLanguage)}</Table.Td>
              <Table.Td lang="en">{item.fileName}</Table.Td>
              <Table.Td>{props.thirdColumn.cell(item)}</Table.Td>
              <Table.Td>
                <Button size="xs" variant="subtle" onClick={() => props.onShow(item.id)}>
                  {t('offendersBatch.show')}
                </Button>
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </section>
  );
}
