import {
  Alert,
  Badge,
  Button,
  Group,
  List,
  Select,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { useParams } from '@tanstack/react-router';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { AnchorLink } from '../../app/links';
import { NotFoundPage } from '../../app/NotFoundPage';
import { PageLoading } from '../../app/PageLoading';
import { useDocumentTitle } from '../../app/useDocumentTitle';
import { errorMessage, fieldErrors } from '../../components/apiErrors';
import { LiveAlert } from '../../components/LiveAlert';
import { formatDateTime } from '../../i18n/format';
import {
  type EntityDetail,
  type EntityRecord,
  useEntities,
  useEntity,
  useMergeEntity,
  useUndoMerge,
} from './entities.api';

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
      <Merges entity={e} />
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

/**
 * Merges (issue 7 §5): "merged into X" with a link to the survivor (and its undo), the identifiers
 * merged into this one (each undoable), and "Merge into…" for users who may merge.
 */
function Merges({ entity: detail }: { entity: EntityDetail }) {
  const { t, i18n } = useTranslation();
  // Tolerate an answer from a server without merges (older build): nothing to show then.
  const entity = { ...detail, mergedInto: detail.mergedInto ?? null, mergedFrom: detail.mergedFrom ?? [] };
  const undo = useUndoMerge();
  const [merging, setMerging] = useState(false);
  return (
    <Stack gap="sm">
      <LiveAlert message={undo.isError ? errorMessage(t, undo.error) : null} />
      {entity.mergedInto && (
        <Alert color="yellow" title={t('entities.merge.mergedTitle')}>
          <Stack gap="xs">
            <Text size="sm">
              {t('entities.merge.mergedInto')}{' '}
              <AnchorLink to="/entities/$entityId" params={{ entityId: entity.mergedInto.id }} lang="en">
                {entity.mergedInto.value}
              </AnchorLink>{' '}
              ({formatDateTime(entity.mergedInto.mergedAt, i18n.resolvedLanguage)})
            </Text>
            {entity.canMerge && (
              <Group>
                <Button
                  variant="light"
                  loading={undo.isPending}
                  onClick={() => entity.mergedInto && undo.mutate(entity.mergedInto.mergeId)}
                >
                  {t('entities.merge.undo')}
                </Button>
              </Group>
            )}
          </Stack>
        </Alert>
      )}
      {entity.mergedFrom.length > 0 && (
        <section aria-labelledby="entity-merged-from">
          <Title order={2} id="entity-merged-from" size="h3" mb="xs">
            {t('entities.merge.mergedFrom')}
          </Title>
          <List spacing={6} size="sm">
            {entity.mergedFrom.map((m) => (
              <List.Item key={m.mergeId}>
                <Group gap="sm">
                  <AnchorLink to="/entities/$entityId" params={{ entityId: m.id }} lang="en">
                    {m.value}
                  </AnchorLink>
                  <Text span size="sm" c="dimmed">
                    {formatDateTime(m.mergedAt, i18n.resolvedLanguage)}
                  </Text>
                  {entity.canMerge && (
                    <Button
                      size="xs"
                      variant="light"
                      loading={undo.isPending && undo.variables === m.mergeId}
                      onClick={() => undo.mutate(m.mergeId)}
                    >
                      {t('entities.merge.undo')}
                    </Button>
                  )}
                </Group>
              </List.Item>
            ))}
          </List>
        </section>
      )}
      {entity.canMerge && !entity.mergedInto && (
        <Group>
          {!merging && (
            <Button variant="default" onClick={() => setMerging(true)}>
              {t('entities.merge.open')}
            </Button>
          )}
        </Group>
      )}
      {merging && !entity.mergedInto && <MergeForm entity={entity} onClose={() => setMerging(false)} />}
    </Stack>
  );
}

/** Pick another identifier of the same kind (the entities search, narrowed to the kind) and a reason. */
function MergeForm({ entity, onClose }: { entity: EntityDetail; onClose(): void }) {
  const { t } = useTranslation();
  const [text, setText] = useState('');
  // Searches are audited: one search per press of the button, not per keystroke.
  const [q, setQ] = useState('');
  const found = useEntities({ q, kind: entity.kind, offset: 0 });
  const [intoId, setIntoId] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const merge = useMergeEntity(entity.id);
  const server = fieldErrors(t, merge.error);
  const options = (found.data?.items ?? [])
    .filter((i) => i.id !== entity.id)
    .map((i) => ({ value: i.id, label: i.value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (!intoId || reason.trim().length < 5) {
      setMissing(true);
      return;
    }
    merge.mutate({ intoId, reason: reason.trim() }, { onSuccess: onClose });
  };

  return (
    <form onSubmit={submit} noValidate aria-labelledby="entity-merge-title">
      <Stack gap="sm" maw={600}>
        <Title order={2} id="entity-merge-title" size="h3">
          {t('entities.merge.title')}
        </Title>
        <Text size="sm">{t('entities.merge.help', { kind: t(`tips.identifierKind.${entity.kind}`) })}</Text>
        <LiveAlert
          message={
            merge.isError && !server('body.intoId') && !server('body.reason')
              ? errorMessage(t, merge.error)
              : null
          }
        />
        <Group align="flex-end">
          <TextInput
            label={t('entities.merge.search')}
            value={text}
            onChange={(event) => setText(event.currentTarget.value)}
            onKeyDown={(event) => {
              if (event.key === 'Enter') {
                event.preventDefault();
                setQ(text.trim());
              }
            }}
          />
          <Button variant="light" onClick={() => setQ(text.trim())}>
            {t('entities.merge.searchButton')}
          </Button>
        </Group>
        <Select
          label={t('entities.merge.into')}
          data={options}
          value={intoId}
          onChange={setIntoId}
          nothingFoundMessage={t('entities.merge.noneFound')}
          placeholder={found.isFetching ? t('entities.merge.searching') : t('entities.merge.pick')}
          error={server('body.intoId') ?? (missing && !intoId ? t('entities.merge.pickRequired') : undefined)}
          required
        />
        <Textarea
          label={t('entities.merge.reason')}
          description={t('entities.merge.reasonHelp')}
          value={reason}
          onChange={(event) => setReason(event.currentTarget.value)}
          maxLength={500}
          autosize
          minRows={2}
          error={
            server('body.reason') ??
            (missing && reason.trim().length < 5 ? t('entities.merge.reasonRequired') : undefined)
          }
          required
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={merge.isPending}>
            {t('entities.merge.submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
