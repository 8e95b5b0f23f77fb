import type { PlanContent } from '@karpear/contracts';
import {
  Alert,
  Badge,
  Button,
  Grid,
  Group,
  Modal,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { errorMessage, fieldErrors } from '../../components/apiErrors';
import { CopyTextButton } from '../../components/CopyTextButton';
import { LiveAlert } from '../../components/LiveAlert';
import { formatDateTime } from '../../i18n/format';
import {
  type CaseDetail,
  type PlanView,
  useDecidePlan,
  usePlanDiff,
  usePlans,
  useSaveDraft,
  useSubmitPlan,
} from './cases.api';
import { cleanPlan, PlanEditor } from './PlanEditor';
import { EMPTY_PLAN, type PlanSection, planAsText } from './planText';

const EDITABLE = new Set(['draft', 'returned']);

/**
 * The investigation plan: the current version (editable while a draft or returned; read-only when
 * submitted or approved), submit, the supervisor's decision, and the versions with a diff view.
 */
export function PlanTab({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const plans = usePlans(detail.id, true);
  if (plans.isPending) return <Text>{t('common.loading')}</Text>;
  if (plans.isError) return <LiveAlert message={errorMessage(t, plans.error)} />;
  return (
    <Stack gap="lg">
      <CurrentPlan detail={detail} current={plans.data.current} onReload={() => plans.refetch()} />
      <Versions caseId={detail.id} versions={plans.data.versions} />
    </Stack>
  );
}

function CurrentPlan(props: { detail: CaseDetail; current: PlanView | null; onReload(): Promise<unknown> }) {
  const { t, i18n } = useTranslation();
  const { detail, current } = props;
  const can = (ability: string) => detail.abilities.includes(ability);
  const [editing, setEditing] = useState<PlanContent | null>(null);
  // After a refused save: the user's own text, kept beside the reloaded plan to copy from.
  const [kept, setKept] = useState<string | null>(null);
  const save = useSaveDraft(detail.id);
  const submit = useSubmitPlan(detail.id);
  const [deciding, setDeciding] = useState<'approved' | 'returned' | null>(null);
  const conflict = isApiError(save.error, 'conflict');
  const label = (section: PlanSection): string => t(`cases.plan.section.${section}`);

  const startEditing = () => {
    save.reset();
    setEditing(current ? structuredClone(current.content) : structuredClone(EMPTY_PLAN));
  };
  const saveDraft = () => {
    if (!editing) return;
    const content = cleanPlan(editing);
    save.mutate(
      { content, ...(current ? { lockVersion: current.lockVersion } : {}) },
      {
        onSuccess: () => {
          setEditing(null);
          setKept(null);
        },
        onError: (error) => {
          if (isApiError(error, 'conflict')) setKept(planAsText(content, label));
        },
      },
    );
  };
  const reload = async () => {
    await props.onReload();
    // The editor closes on the fresh version; the user's text stays in the side panel.
    setEditing(null);
    save.reset();
  };

  const editable = !current || EDITABLE.has(current.status) || current.status === 'approved';
  return (
    <Grid>
      <Grid.Col span={{ base: 12, md: kept ? 8 : 12 }}>
        <Stack gap="md">
          <Group>
            <Title order={2} size="h3">
              {current ? t('cases.plan.versionTitle', { version: current.version }) : t('cases.plan.none')}
            </Title>
            {current && <Badge variant="light">{t(`cases.planStatus.${current.status}`)}</Badge>}
          </Group>
          {current?.decisionReason && (
            <Text>
              {t('cases.plan.decisionReason')}: {current.decisionReason}
            </Text>
          )}
          {current?.status === 'approved' && <Text c="dimmed">{t('cases.plan.frozen')}</Text>}
          {conflict && (
            <Alert color="red" role="alert" title={t('cases.plan.conflictTitle')}>
              <Stack gap="xs">
                <Text>{t('cases.plan.conflict')}</Text>
                <Group>
                  <Button onClick={() => void reload()}>{t('cases.plan.reload')}</Button>
                </Group>
              </Stack>
            </Alert>
          )}
          {!conflict && (
            <LiveAlert
              message={
                save.isError
                  ? errorMessage(t, save.error)
                  : submit.isError
                    ? errorMessage(t, submit.error)
                    : null
              }
            />
          )}
          {editing ? (
            <>
              <PlanEditor value={editing} onChange={setEditing} errorOf={fieldErrors(t, save.error)} />
              <Group justify="flex-end">
                <Button variant="default" onClick={() => setEditing(null)}>
                  {t('common.cancel')}
                </Button>
                <Button onClick={saveDraft} loading={save.isPending}>
                  {t('cases.plan.saveDraft')}
                </Button>
              </Group>
            </>
          ) : (
            <>
              {current && <PlanReadOnly plan={current} />}
              <Group>
                {can('cases.plans.edit') && editable && (
                  <Button variant="light" onClick={startEditing}>
                    {current?.status === 'approved'
                      ? t('cases.plan.newVersion')
                      : current
                        ? t('cases.plan.edit')
                        : t('cases.plan.start')}
                  </Button>
                )}
                {can('cases.plans.edit') && current?.status === 'draft' && (
                  <Button onClick={() => submit.mutate()} loading={submit.isPending}>
                    {t('cases.plan.submit')}
                  </Button>
                )}
                {can('cases.plans.decide') && current?.status === 'submitted' && (
                  <>
                    <Button color="green" onClick={() => setDeciding('approved')}>
                      {t('cases.plan.approve')}
                    </Button>
                    <Button color="orange" variant="light" onClick={() => setDeciding('returned')}>
                      {t('cases.plan.return')}
                    </Button>
                  </>
                )}
              </Group>
              {current?.submittedAt && (
                <Text size="sm" c="dimmed">
                  {t('cases.plan.submittedAt', {
                    at: formatDateTime(current.submittedAt, i18n.resolvedLanguage),
                  })}
                </Text>
              )}
            </>
          )}
          {deciding && (
            <DecisionDialog caseId={detail.id} decision={deciding} onClose={() => setDeciding(null)} />
          )}
        </Stack>
      </Grid.Col>
      {kept && (
        <Grid.Col span={{ base: 12, md: 4 }}>
          <section aria-labelledby="kept-plan-heading">
            <Stack gap="xs">
              <Title order={3} size="h4" id="kept-plan-heading">
                {t('cases.plan.keptTitle')}
              </Title>
              <Text size="sm">{t('cases.plan.keptHelp')}</Text>
              <Textarea readOnly autosize minRows={6} aria-labelledby="kept-plan-heading" value={kept} />
              <Group>
                <CopyTextButton value={kept} />
                <Button variant="subtle" onClick={() => setKept(null)}>
                  {t('cases.plan.keptDismiss')}
                </Button>
              </Group>
            </Stack>
          </section>
        </Grid.Col>
      )}
    </Grid>
  );
}

function PlanReadOnly({ plan }: { plan: PlanView }) {
  const { t } = useTranslation();
  const c = plan.content;
  const list = (section: PlanSection, items: readonly string[]) => (
    <div key={section}>
      <Text fw={600}>{t(`cases.plan.section.${section}`)}</Text>
      {items.length === 0 ? (
        <Text c="dimmed">{t('cases.none')}</Text>
      ) : (
        <ul>
          {items.map((item, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: a frozen list, items may repeat
            <li key={index}>{item}</li>
          ))}
        </ul>
      )}
    </div>
  );
  return (
    <Stack gap="xs">
      {list('objectives', c.objectives)}
      {list(
        'suspectedOffences',
        c.suspectedOffences.map((o) => t(`cases.offence.${o}`)),
      )}
      {list(
        'linesOfEnquiry',
        c.linesOfEnquiry.map((l) => `[${l.key}] ${l.title}${l.description ? ` — ${l.description}` : ''}`),
      )}
      {list('evidenceToGather', c.evidenceToGather)}
      {list(
        'legalAuthorities',
        c.legalAuthorities.map(
          (a) => `${t(`cases.plan.authority.${a.kind}`)}: ${a.description} (${a.status})`,
        ),
      )}
      {list('risksToChild', c.risksToChild)}
      {list('safeguardingActions', c.safeguardingActions)}
      {list('victimSupportPlan', c.victimSupportPlan ? [c.victimSupportPlan] : [])}
    </Stack>
  );
}

function DecisionDialog(props: { caseId: string; decision: 'approved' | 'returned'; onClose(): void }) {
  const { t } = useTranslation();
  const decide = useDecidePlan(props.caseId);
  const [reason, setReason] = useState('');
  const [missing, setMissing] = useState(false);
  const returning = props.decision === 'returned';
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const lacking = returning && reason.trim().length < 3;
    setMissing(lacking);
    if (lacking) return;
    decide.mutate(
      { decision: props.decision, ...(reason.trim() ? { reason: reason.trim() } : {}) },
      { onSuccess: props.onClose },
    );
  };
  return (
    <Modal
      opened
      onClose={props.onClose}
      title={returning ? t('cases.plan.return') : t('cases.plan.approve')}
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      <form onSubmit={submit} noValidate>
        <Stack gap="md">
          <LiveAlert message={decide.isError ? errorMessage(t, decide.error) : null} />
          <Textarea
            data-autofocus
            label={t('cases.plan.decisionReason')}
            required={returning}
            autosize
            minRows={3}
            maxLength={2000}
            value={reason}
            onChange={(event) => setReason(event.currentTarget.value)}
            error={missing ? t('cases.plan.reasonMissing') : fieldErrors(t, decide.error)('body.reason')}
          />
          <Group justify="flex-end">
            <Button variant="default" onClick={props.onClose}>
              {t('common.cancel')}
            </Button>
            <Button type="submit" loading={decide.isPending}>
              {t('cases.plan.confirmDecision')}
            </Button>
          </Group>
        </Stack>
      </form>
    </Modal>
  );
}

function Versions({ caseId, versions }: { caseId: string; versions: PlanView[] }) {
  const { t, i18n } = useTranslation();
  const [from, setFrom] = useState<string | null>(null);
  const [to, setTo] = useState<string | null>(null);
  const diff = usePlanDiff(caseId, from ? Number(from) : null, to ? Number(to) : null);
  if (versions.length === 0) return null;
  const options = versions.map((v) => ({
    value: String(v.version),
    label: t('cases.plan.versionTitle', { version: v.version }),
  }));
  return (
    <section aria-labelledby="plan-versions-heading">
      <Stack gap="sm">
        <Title order={2} size="h3" id="plan-versions-heading">
          {t('cases.plan.versions')}
        </Title>
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('cases.plan.version')}</Table.Th>
              <Table.Th>{t('cases.fields.status')}</Table.Th>
              <Table.Th>{t('cases.fields.updatedAt')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {versions.map((v) => (
              <Table.Tr key={v.id}>
                <Table.Td>{v.version}</Table.Td>
                <Table.Td>{t(`cases.planStatus.${v.status}`)}</Table.Td>
                <Table.Td>{formatDateTime(v.updatedAt, i18n.resolvedLanguage)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
        {versions.length > 1 && (
          <Group align="flex-end">
            <Select label={t('cases.plan.diffFrom')} data={options} value={from} onChange={setFrom} />
            <Select label={t('cases.plan.diffTo')} data={options} value={to} onChange={setTo} />
          </Group>
        )}
        {diff.data && (
          <Stack gap="xs">
            {diff.data.changes.length === 0 && <Text>{t('cases.plan.noChanges')}</Text>}
            {diff.data.changes.map((change) => (
              <div key={change.field}>
                <Text fw={600}>
                  {t(`cases.plan.section.${change.field}`, { defaultValue: change.field })}
                </Text>
                {change.added.map((item) => (
                  <Text key={`+${item}`} c="green.9">
                    + {item}
                  </Text>
                ))}
                {change.removed.map((item) => (
                  <Text key={`-${item}`} c="red.9">
                    − {item}
                  </Text>
                ))}
              </div>
            ))}
          </Stack>
        )}
      </Stack>
    </section>
  );
}
