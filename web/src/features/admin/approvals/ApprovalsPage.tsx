import { Badge, Button, Card, Group, Pagination, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDocumentTitle } from '../../../app/useDocumentTitle';
import { errorMessage } from '../../../components/apiErrors';
import { LiveAlert } from '../../../components/LiveAlert';
import { formatDateTime } from '../../../i18n/format';
import '../styles';
import { type Approval, type Decision, useApprovals } from './approvals.api';
import { DecisionDialog } from './DecisionDialog';

const PAGE_SIZE = 20;

/** `/approvals`: four-eyes requests waiting for this user's decision (never their own). */
export default function ApprovalsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('nav.approvals'));
  const [page, setPage] = useState(1);
  const approvals = useApprovals((page - 1) * PAGE_SIZE, PAGE_SIZE);
  const [deciding, setDeciding] = useState<{ approval: Approval; decision: Decision } | null>(null);
  const pages = Math.max(1, Math.ceil((approvals.data?.total ?? 0) / PAGE_SIZE));

  return (
    <Stack gap="lg" maw={900}>
      <Stack gap={4}>
        <Title order={1}>{t('nav.approvals')}</Title>
        <Text c="dimmed">{t('approvals.intro')}</Text>
      </Stack>
      <LiveAlert message={approvals.isError ? errorMessage(t, approvals.error) : null} />
      {approvals.isPending && <Text>{t('common.loading')}</Text>}
      {approvals.isSuccess && approvals.data.items.length === 0 && <Text>{t('approvals.none')}</Text>}
      {approvals.data?.items.map((approval) => (
        <ApprovalCard
          key={approval.id}
          approval={approval}
          onDecide={(decision) => setDeciding({ approval, decision })}
        />
      ))}
      {pages > 1 && (
        <Pagination
          total={pages}
          value={page}
          onChange={setPage}
          getItemProps={(item) => ({ 'aria-label': t('common.page', { page: item }) })}
          getControlProps={(control) => ({ 'aria-label': t(`common.pageControl.${control}`) })}
        />
      )}
      {deciding && (
        <DecisionDialog
          approval={deciding.approval}
          decision={deciding.decision}
          onClose={() => setDeciding(null)}
        />
      )}
    </Stack>
  );
}

function ApprovalCard({ approval, onDecide }: { approval: Approval; onDecide(decision: Decision): void }) {
  const { t, i18n } = useTranslation();
  const language = i18n.resolvedLanguage;
  const titleId = `approval-${approval.id}`;
  const kindKey = `approvals.kinds.${approval.kind}`;
  const kind = i18n.exists(kindKey) ? String(t(kindKey as 'approvals.title')) : approval.kind;
  const canDecide = approval.state === 'pending' && approval.abilities.includes('approvals.decide');
  return (
    <Card withBorder padding="lg" component="article" aria-labelledby={titleId}>
      <Stack gap="xs">
        <Group justify="space-between" align="flex-start">
          <Title order={2} size="h4" id={titleId}>
            {kind}
          </Title>
          <Badge variant="filled" tt="none" color={approval.state === 'pending' ? 'blue.9' : 'gray.7'}>
            {t(`approvals.state.${approval.state}`)}
          </Badge>
        </Group>
        <Text size="sm">
          {t('approvals.requestedAt', { date: formatDateTime(approval.requestedAt, language) })}
          {' · '}
          {t('approvals.expiresAt', { date: formatDateTime(approval.expiresAt, language) })}
        </Text>
        <Text size="sm" c="dimmed">
          {t('approvals.record', { type: approval.recordType })}
        </Text>
        <Text fw={700} size="sm" mt="xs">
          {t('approvals.justification')}
        </Text>
        <Text style={{ whiteSpace: 'pre-wrap' }}>{approval.justification}</Text>
        {canDecide && (
          <Group gap="sm" mt="sm">
            <Button onClick={() => onDecide('approved')} aria-describedby={titleId}>
              {t('approvals.approve')}
            </Button>
            <Button variant="default" onClick={() => onDecide('rejected')} aria-describedby={titleId}>
              {t('approvals.reject')}
            </Button>
          </Group>
        )}
      </Stack>
    </Card>
  );
}
