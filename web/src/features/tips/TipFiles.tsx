import { Badge, Button, Table, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LegalAuthorityDialog } from './LegalAuthorityDialog';
import { WARNING_COLOR } from './TipBadges';
import type { TipDetail } from './tips.api';

type TipFile = TipDetail['files'][number];

/** Files reported with the tip: names and hashes only; locked until a legal authority is recorded. */
export function TipFiles({ tip, canUnlock }: { tip: TipDetail; canUnlock: boolean }) {
  const { t } = useTranslation();
  const [unlocking, setUnlocking] = useState<TipFile | null>(null);
  if (tip.files.length === 0) return null;
  return (
    <section aria-labelledby="tip-files">
      <Title order={2} id="tip-files" size="h3" mb="sm">
        {t('tips.files.title')}
      </Title>
      <div className="table-scroll">
        <Table verticalSpacing="xs" miw={640}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('tips.files.name')}</Table.Th>
              <Table.Th scope="col">{t('tips.files.hash')}</Table.Th>
              <Table.Th scope="col">{t('tips.files.state')}</Table.Th>
              <Table.Th scope="col">{t('tips.files.authority')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {tip.files.map((file) => (
              <Table.Tr key={file.id}>
                <Table.Td lang="en">{file.fileName ?? t('tips.files.unnamed')}</Table.Td>
                <Table.Td>
                  {file.hash && (
                    <Text size="xs" ff="monospace" lang="en" style={{ wordBreak: 'break-all' }}>
                      {file.hashKind ? `${file.hashKind}: ` : ''}
                      {file.hash}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  <Badge color={file.locked ? WARNING_COLOR : 'teal.9'} variant="filled" tt="none">
                    {file.locked ? t('tips.files.locked') : t('tips.files.unlocked')}
                  </Badge>
                  {file.viewedByPlatform === false && (
                    <Text size="xs" c="dimmed">
                      {t('tips.files.notViewed')}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td>
                  {file.legalAuthority ? (
                    <Text size="sm">{file.legalAuthority}</Text>
                  ) : (
                    file.locked &&
                    canUnlock && (
                      <Button
                        size="compact-sm"
                        variant="default"
                        onClick={() => setUnlocking(file)}
                        aria-label={t('tips.files.recordFor', {
                          file: file.fileName ?? t('tips.files.unnamed'),
                        })}
                      >
                        {t('tips.files.record')}
                      </Button>
                    )
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </div>
      {unlocking && (
        <LegalAuthorityDialog tipId={tip.id} file={unlocking} onClose={() => setUnlocking(null)} />
      )}
    </section>
  );
}
