import { Alert, Badge, Group, List, Stack, Text, Title } from '@mantine/core';
import { useParams } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { AnchorLink } from '../../app/links';
import { NotFoundPage } from '../../app/NotFoundPage';
import { PageLoading } from '../../app/PageLoading';
import { useDocumentTitle } from '../../app/useDocumentTitle';
import { type EntityRecord, useEntity } from './entities.api';

/**
 * `/entities/:id`: one identifier and the records it appears in. A record the user may read links to
 * it; any other shows only who holds it — "contact them" — never its content (deconfliction).
 */
export default function EntityPage() {
  const { t } = useTranslation();
  const { entityId } = useParams({ strict: false }) as { entityId: string };
  const entity = useEntity(entityId);
  useDocumentTitle(t('entities.detailTitle'));
  if (entity.isPending) return <PageLoading />;
  if (entity.isError) {
    if (isApiError(entity.error) && entity.error.status === 404) return <NotFoundPage />;
    return (
      <Alert color="red" role="alert">
        {t('entities.loadError')}
      </Alert>
    );
  }
  const e = entity.data;
  const hidden = e.recordCount - e.records.length;
  return (
    <Stack gap="md" maw={900}>
      <AnchorLink to="/entities">{t('entities.back')}</AnchorLink>
      <Title order={1} lang="en" style={{ wordBreak: 'break-all' }}>
        {e.value}
      </Title>
      <Group gap="xs">
        <Badge variant="light">{t(`tips.identifierKind.${e.kind}`)}</Badge>
        {e.stopListed && (
          <Badge color="gray" variant="light">
            {t('entities.stopListed')}
          </Badge>
        )}
      </Group>
      {e.stopListed && <Text size="sm">{t('entities.stopListedNote')}</Text>}
      <section aria-labelledby="entity-records">
        <Title order={2} id="entity-records" size="h3" mb="sm">
          {t('entities.records', { count: e.recordCount })}
        </Title>
        {e.records.length === 0 ? (
          <Text size="sm">{t('entities.noRecords')}</Text>
        ) : (
          <List spacing={6} size="sm">
            {e.records.map((record, index) => (
              <List.Item key={record.id ?? `hidden-${index}`}>
                <RecordLine record={record} />
              </List.Item>
            ))}
          </List>
        )}
        {hidden > 0 && (
          <Text size="sm" c="dimmed" mt="xs">
            {t('entities.moreRecords', { count: hidden })}
          </Text>
        )}
      </section>
    </Stack>
  );
}

function RecordLine({ record }: { record: EntityRecord }) {
  const { t } = useTranslation();
  const type = t(`tips.related.type.${record.recordType}`);
  if (!record.visible || !record.id) {
    const holder = record.holder.unitCode
      ? t('tips.related.heldByUnit', { unit: record.holder.unitCode, agency: record.holder.agencyCode })
      : t('tips.related.heldByAgency', { agency: record.holder.agencyCode });
    return (
      <Text size="sm">
        {type}: {holder}
      </Text>
    );
  }
  const roles =
    record.roles.length > 0 ? ` · ${t('entities.asRoles', { roles: record.roles.join(', ') })}` : '';
  return (
    <Text size="sm">
      {type}:{' '}
      {record.recordType === 'tip' ? (
        <AnchorLink to="/tips/$tipId" params={{ tipId: record.id }} lang="en">
          {record.reference ?? record.id}
        </AnchorLink>
      ) : (
        <Text span lang="en" size="sm">
          {record.reference ?? record.id}
        </Text>
      )}
      {record.status &&
        ` · ${record.recordType === 'tip' ? t(`tips.status.${record.status}`, { defaultValue: record.status }) : record.status}`}
      <Text span size="sm" c="dimmed">
        {roles}
      </Text>
    </Text>
  );
}
