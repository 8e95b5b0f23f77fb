import {
  Badge,
  Button,
  Card,
  Group,
  List,
  Modal,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { useNavigate, useParams } from '@tanstack/react-router';
import { type ReactNode, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDocumentTitle } from '../../app/useDocumentTitle';
import { errorMessage, fieldErrors } from '../../components/apiErrors';
import { LiveAlert } from '../../components/LiveAlert';
import { formatDateTime } from '../../i18n/format';
import { useMe } from '../auth/me';
import { OffendersTabs } from './OffendersTabs';
import {
  type EntryDetail,
  useDecideActivation,
  useEntry,
  useExpireEntry,
  useRemoveEntry,
  useRequestActivation,
} from './offenders.api';
import { StatusBadge } from './StatusBadge';
import './styles';

/** `/offenders/$entryId`: one entry, its activation (four eyes) and what the reader may do with it. */
export default function EntryDetailPage() {
  const { t } = useTranslation();
  const { entryId } = useParams({ strict: false }) as { entryId: string };
  const entry = useEntry(entryId);
  useDocumentTitle(entry.data?.reference ?? t('offenders.register.title'));
  return (
    <Stack gap="lg" maw={960}>
      <OffendersTabs />
      <LiveAlert message={entry.isError ? errorMessage(t, entry.error) : null} />
      {entry.isPending && <Text>{t('common.loading')}</Text>}
      {entry.data && <EntryView entry={entry.data} />}
    </Stack>
  );
}

function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <Stack gap={2}>
      <Text size="sm" fw={700}>
        {label}
      </Text>
      <div>{children ?? '—'}</div>
    </Stack>
  );
}

function EntryView({ entry }: { entry: EntryDetail }) {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const can = (action: string) => entry.abilities.includes(action);
  const date = (iso: string | null) => (iso ? formatDateTime(iso, i18n.resolvedLanguage) : '—');
  return (
    <>
      <Group justify="space-between" align="flex-start">
        <Stack gap={4}>
          <Title order={1} lang="en">
            {entry.reference}
          </Title>
          <Text size="xl" dir="auto">
            {entry.primaryName}
          </Text>
        </Stack>
        <Group gap="xs">
          <StatusBadge status={entry.status} lapsed={entry.lapsed} />
          <Badge variant="light" color={entry.riskLevel === 'high' ? 'red.9' : 'gray.7'} tt="none">
            {t(`offenders.risk.${entry.riskLevel}`)}
          </Badge>
        </Group>
      </Group>
      {entry.lapsed && <Text c="dimmed">{t('offenders.detail.lapsedNote')}</Text>}
      {entry.status === 'removed' && entry.removedReason && (
        <Text>{t('offenders.detail.removedBecause', { reason: entry.removedReason })}</Text>
      )}
      <Card withBorder padding="lg">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <Field label={t('offenders.form.names')}>
            <List size="sm">
              {entry.names.map((n) => (
                <List.Item key={n.name} dir="auto">
                  {n.name} {n.primary && <Badge size="xs">{t('offenders.form.primary')}</Badge>}
                </List.Item>
              ))}
            </List>
          </Field>
          <Field label={t('offenders.form.basis')}>{t(`offenders.basis.${entry.basis}`)}</Field>
          <Field label={t('offenders.form.dob')}>{entry.dob}</Field>
          <Field label={t('offenders.form.gender')}>
            {entry.gender && t(`offenders.gender.${entry.gender}`)}
          </Field>
          <Field label={t('offenders.form.nationalities')}>{entry.nationalities.join(', ') || null}</Field>
          <Field label={t('offenders.form.passports')}>
            {entry.passports.length > 0
              ? entry.passports.map((p) => (
                  <Text key={`${p.country}${p.number}`} size="sm" lang="en">
                    {p.country ?? '??'} {p.number}
                  </Text>
                ))
              : null}
          </Field>
          <Field label={t('offenders.form.offences')}>
            {entry.offences.length > 0 ? (
              <List size="sm">
                {entry.offences.map((o) => (
                  <List.Item key={o}>{o}</List.Item>
                ))}
              </List>
            ) : null}
          </Field>
          <Field label={t('offenders.form.legalBasis')}>{entry.legalBasis}</Field>
          <Field label={t('offenders.form.sourceDocument')}>{entry.sourceDocument}</Field>
          <Field label={t('offenders.form.photoRef')}>{entry.photoRef}</Field>
          <Field label={t('offenders.form.reviewDate')}>{entry.reviewDate}</Field>
          <Field label={t('offenders.form.expiresAt')}>{entry.expiresAt && date(entry.expiresAt)}</Field>
          <Field label={t('offenders.form.instructions')}>{entry.instructions}</Field>
          <Field label={t('offenders.detail.activatedAt')}>
            {entry.activatedAt && date(entry.activatedAt)}
          </Field>
        </SimpleGrid>
      </Card>
      <ActivationPanel entry={entry} />
      <Group>
        {can('offenders.update') && (
          <Button
            variant="default"
            onClick={() => navigate({ to: '/offenders/$entryId/edit', params: { entryId: entry.id } })}
          >
            {t('common.edit')}
          </Button>
        )}
        {can('offenders.expire') && <ExpireButton entry={entry} />}
        {can('offenders.remove') && <RemoveButton entry={entry} />}
      </Group>
    </>
  );
}

/** Ask for activation (with a justification), or decide a request someone else made. */
function ActivationPanel({ entry }: { entry: EntryDetail }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const request = useRequestActivation();
  const decide = useDecideActivation();
  const [justification, setJustification] = useState('');
  const [note, setNote] = useState('');
  const approval = entry.approval;
  const canAsk = entry.abilities.includes('offenders.request_activation');
  const canDecide = entry.abilities.includes('offenders.decide_activation');
  if (!approval && !canAsk) return null;
  const requestErrors = fieldErrors(t, request.error);
  const decideErrors = fieldErrors(t, decide.error);
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="activation-title">
      <Stack gap="sm">
        <Title order={2} size="h4" id="activation-title">
          {t('offenders.detail.activation')}
        </Title>
        {approval && (
          <Stack gap={4}>
            <Text size="sm">
              {t(`offenders.detail.approvalState.${approval.state}`)} ·{' '}
              {formatDateTime(approval.requestedAt, i18n.resolvedLanguage)}
              {approval.requestedBy === me.id && ` · ${t('offenders.detail.yourRequest')}`}
            </Text>
            <Text style={{ whiteSpace: 'pre-wrap' }}>{approval.justification}</Text>
            {approval.decisionNote && (
              <Text size="sm" c="dimmed">
                {t('offenders.detail.decisionNote', { note: approval.decisionNote })}
              </Text>
            )}
          </Stack>
        )}
        {canAsk && (
          <form
            onSubmit={(event) => {
              event.preventDefault();
              request.mutate({ id: entry.id, justification });
            }}
          >
            <Stack gap="xs">
              <Textarea
                label={t('offenders.detail.justification')}
                description={t('offenders.detail.justificationHelp')}
                value={justification}
                onChange={(event) => setJustification(event.currentTarget.value)}
                error={requestErrors('justification')}
                autosize
                minRows={2}
                required
              />
              <LiveAlert message={request.isError ? errorMessage(t, request.error) : null} />
              <Button type="submit" loading={request.isPending} w="fit-content">
                {t('offenders.detail.requestActivation')}
              </Button>
            </Stack>
          </form>
        )}
        {canDecide && (
          <Stack gap="xs">
            <Textarea
              label={t('offenders.detail.note')}
              description={t('offenders.detail.noteHelp')}
              value={note}
              onChange={(event) => setNote(event.currentTarget.value)}
              error={decideErrors('note')}
              autosize
              minRows={2}
            />
            <LiveAlert message={decide.isError ? errorMessage(t, decide.error) : null} />
            <Group>
              <Button
                loading={decide.isPending}
                onClick={() => decide.mutate({ id: entry.id, decision: 'approved', note })}
              >
                {t('offenders.detail.approve')}
              </Button>
              <Button
                variant="default"
                loading={decide.isPending}
                onClick={() => decide.mutate({ id: entry.id, decision: 'rejected', note })}
              >
                {t('offenders.detail.reject')}
              </Button>
            </Group>
          </Stack>
        )}
      </Stack>
    </Card>
  );
}

function ExpireButton({ entry }: { entry: EntryDetail }) {
  const { t } = useTranslation();
  const expire = useExpireEntry();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button variant="default" color="orange" onClick={() => setOpen(true)}>
        {t('offenders.detail.expire')}
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title={t('offenders.detail.expire')}>
        <Stack>
          <Text>{t('offenders.detail.expireConfirm')}</Text>
          <LiveAlert message={expire.isError ? errorMessage(t, expire.error) : null} />
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setOpen(false)}>
              {t('common.cancel')}
            </Button>
            <Button
              color="orange"
              loading={expire.isPending}
              onClick={() =>
                expire.mutate({ id: entry.id, version: entry.version }, { onSuccess: () => setOpen(false) })
              }
            >
              {t('offenders.detail.expire')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </>
  );
}

function RemoveButton({ entry }: { entry: EntryDetail }) {
  const { t } = useTranslation();
  const remove = useRemoveEntry();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  return (
    <>
      <Button variant="default" color="red" onClick={() => setOpen(true)}>
        {t('offenders.detail.remove')}
      </Button>
      <Modal opened={open} onClose={() => setOpen(false)} title={t('offenders.detail.remove')}>
        <form
          onSubmit={(event) => {
            event.preventDefault();
            remove.mutate({ id: entry.id, reason }, { onSuccess: () => setOpen(false) });
          }}
        >
          <Stack>
            <Textarea
              label={t('offenders.detail.removeReason')}
              value={reason}
              onChange={(event) => setReason(event.currentTarget.value)}
              error={fieldErrors(t, remove.error)('reason')}
              required
              autosize
              minRows={2}
            />
            <LiveAlert message={remove.isError ? errorMessage(t, remove.error) : null} />
            <Group justify="flex-end">
              <Button variant="default" onClick={() => setOpen(false)}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" color="red" loading={remove.isPending}>
                {t('offenders.detail.remove')}
              </Button>
            </Group>
          </Stack>
        </form>
      </Modal>
    </>
  );
}
