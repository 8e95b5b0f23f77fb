import { Badge, Button, Card, Group, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { errorMessage } from '../../components/apiErrors';
import { formatDateTime } from '../../i18n/format';
import { type AuditStatus, useAuditStatus } from './audit.api';

/** Filled badges with explicit shades: each keeps ≥ 4.5:1 text contrast (yellow gets dark text). */
const COLOR: Record<AuditStatus['status'], string> = {
  ok: 'teal.9',
  empty: 'gray.7',
  unanchored: 'yellow.4',
  incomplete: 'yellow.4',
  tampered: 'red.9',
};

const PROBLEMS = [
  'gap',
  'malformed_row',
  'prev_mismatch',
  'hash_mismatch',
  'checkpoint_mismatch',
  'truncated',
  'malformed',
  'bad_signature',
  'foreign_key',
] as const;
type Problem = (typeof PROBLEMS)[number];
const isProblem = (p: string | null): p is Problem => PROBLEMS.includes(p as Problem);

/** Whether the hash chain still verifies against the signed checkpoints (GET /api/v1/audit/status). */
export function AuditStatusCard() {
  const { t } = useTranslation();
  const status = useAuditStatus();
  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="audit-status-title">
      <Group justify="space-between" align="flex-start" mb="sm">
        <Title order={2} size="h3" id="audit-status-title">
          {t('audit.status.title')}
        </Title>
        <Button
          variant="default"
          size="xs"
          onClick={() => void status.refetch()}
          loading={status.isFetching}
          disabled={status.isFetching}
        >
          {t('audit.status.recheck')}
        </Button>
      </Group>
      {/* aria-live so a result arriving after the page loaded is announced. */}
      <div aria-live="polite">
        {status.isPending && <Text>{t('audit.status.loading')}</Text>}
        {status.isError && (
          <Text c="red.9" fw={700}>
            {errorMessage(t, status.error)}
          </Text>
        )}
        {status.isSuccess && <StatusDetails status={status.data} />}
      </div>
    </Card>
  );
}

function StatusDetails({ status }: { status: AuditStatus }) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage;
  return (
    <Stack gap={6}>
      <Group gap="sm">
        <Badge color={COLOR[status.status]} variant="filled" autoContrast size="lg" tt="none">
          {t(`audit.status.${status.status}`)}
        </Badge>
        <Text size="sm">{t(`audit.status.explain.${status.status}`)}</Text>
      </Group>
      {status.firstBadPosition !== null && (
        <Text fw={700} c="red.9">
          {t('audit.status.firstBad', { position: status.firstBadPosition })}{' '}
          {isProblem(status.problem) ? t(`audit.problems.${status.problem}`) : status.problem}
        </Text>
      )}
      <Text size="sm">
        {t('audit.status.summary', { events: status.events, checkpoints: status.checkpoints })}
      </Text>
      {status.latestCheckpoint && (
        <Text size="sm">
          {t('audit.status.latest', {
            position: status.latestCheckpoint.position,
            date: formatDateTime(status.latestCheckpoint.at, language),
          })}
        </Text>
      )}
      {status.unanchoredTail > 0 && status.status === 'ok' && (
        <Text size="sm">{t('audit.status.tail', { count: status.unanchoredTail })}</Text>
      )}
      <Text size="sm" c="dimmed">
        {t('audit.status.checkedAt', { date: formatDateTime(status.checkedAt, language) })}
      </Text>
    </Stack>
  );
}
