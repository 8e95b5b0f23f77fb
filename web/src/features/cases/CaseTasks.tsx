import { TASK_STATUSES, type TaskView } from '@karpear/contracts';
import { Badge, Button, Group, Select, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage, fieldErrors, onlyFieldIssues } from '../../components/apiErrors';
import { LiveAlert } from '../../components/LiveAlert';
import { formatDateTime } from '../../i18n/format';
import { type CaseDetail, useCreateTask, usePlans, useTaskStatus } from './cases.api';

/** The due moment of a date picked in the form: the end of that day, local time. */
export function dueAtOf(date: string): Date | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return null;
  const due = new Date(`${date}T23:59:00`);
  return Number.isNaN(due.getTime()) ? null : due;
}

/** The case's tasks (status changes at their version) and the form for a new one. */
export function CaseTasks({ detail }: { detail: CaseDetail }) {
  const { t, i18n } = useTranslation();
  const status = useTaskStatus(detail.id);
  const canUpdate = detail.abilities.includes('cases.tasks.update');
  return (
    <Stack gap="md">
      <LiveAlert message={status.isError ? errorMessage(t, status.error) : null} />
      {detail.tasks.length === 0 && <Text>{t('cases.tasks.empty')}</Text>}
      {detail.tasks.length > 0 && (
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('cases.tasks.task')}</Table.Th>
              <Table.Th>{t('cases.tasks.line')}</Table.Th>
              <Table.Th>{t('cases.tasks.owner')}</Table.Th>
              <Table.Th>{t('cases.tasks.due')}</Table.Th>
              <Table.Th>{t('cases.tasks.status')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {detail.tasks.map((task) => (
              <Table.Tr key={task.id}>
                <Table.Td>{task.title}</Table.Td>
                <Table.Td>{task.lineKey ?? ''}</Table.Td>
                <Table.Td>{detail.team.find((m) => m.userId === task.ownerId)?.displayName ?? ''}</Table.Td>
                <Table.Td>
                  {formatDateTime(task.dueAt, i18n.resolvedLanguage)}{' '}
                  {task.overdue && (
                    <Badge color="red" variant="light">
                      {t('cases.tasks.overdue')}
                    </Badge>
                  )}
                </Table.Td>
                <Table.Td>
                  {canUpdate ? (
                    <Select
                      aria-label={t('cases.tasks.statusOf', { title: task.title })}
                      data={TASK_STATUSES.map((value) => ({ value, label: t(`cases.taskStatus.${value}`) }))}
                      value={task.status}
                      allowDeselect={false}
                      onChange={(value) =>
                        value &&
                        value !== task.status &&
                        status.mutate({
                          taskId: task.id,
                          status: value as TaskView['status'],
                          version: task.version,
                        })
                      }
                    />
                  ) : (
                    t(`cases.taskStatus.${task.status}`)
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {detail.abilities.includes('cases.tasks.create') && <NewTask detail={detail} />}
    </Stack>
  );
}

const FIELDS = ['body.title', 'body.ownerId', 'body.dueAt', 'body.lineKey'];

function NewTask({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const create = useCreateTask(detail.id);
  const plans = usePlans(detail.id, detail.abilities.includes('cases.plans.read'));
  const lines =
    (plans.data?.current ?? plans.data?.versions.find((v) => v.status === 'approved'))?.content
      .linesOfEnquiry ?? [];
  const [title, setTitle] = useState('');
  const [ownerId, setOwnerId] = useState<string | null>(null);
  const [due, setDue] = useState('');
  const [lineKey, setLineKey] = useState<string | null>(null);
  const [problems, setProblems] = useState<{ title?: string; owner?: string; due?: string }>({});
  const server = fieldErrors(t, create.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const dueAt = dueAtOf(due);
    const now: typeof problems = {};
    if (title.trim().length < 3) now.title = t('cases.tasks.titleMissing');
    if (!ownerId) now.owner = t('cases.tasks.ownerMissing');
    if (!dueAt) now.due = t('cases.tasks.dueMissing');
    else if (dueAt.getTime() <= Date.now()) now.due = t('cases.tasks.dueInPast');
    setProblems(now);
    if (Object.keys(now).length > 0 || !dueAt || !ownerId) return;
    create.mutate(
      { title: title.trim(), ownerId, dueAt: dueAt.toISOString(), ...(lineKey ? { lineKey } : {}) },
      {
        onSuccess: () => {
          setTitle('');
          setDue('');
          setLineKey(null);
        },
      },
    );
  };

  return (
    <form onSubmit={submit} noValidate aria-labelledby="new-task-heading">
      <Stack gap="sm">
        <Title order={2} size="h3" id="new-task-heading">
          {t('cases.tasks.new')}
        </Title>
        <LiveAlert
          message={
            create.isError && !onlyFieldIssues(create.error, FIELDS) ? errorMessage(t, create.error) : null
          }
        />
        <TextInput
          label={t('cases.tasks.task')}
          required
          maxLength={300}
          value={title}
          onChange={(event) => setTitle(event.currentTarget.value)}
          error={problems.title ?? server('body.title')}
        />
        <Group grow align="flex-start">
          <Select
            label={t('cases.tasks.owner')}
            required
            data={detail.team.map((m) => ({ value: m.userId, label: m.displayName }))}
            value={ownerId}
            onChange={setOwnerId}
            error={problems.owner ?? server('body.ownerId')}
          />
          <TextInput
            type="date"
            label={t('cases.tasks.due')}
            required
            value={due}
            onChange={(event) => setDue(event.currentTarget.value)}
            error={problems.due ?? server('body.dueAt')}
          />
          <Select
            label={t('cases.tasks.line')}
            clearable
            data={lines.map((line) => ({ value: line.key, label: `${line.key} — ${line.title}` }))}
            value={lineKey}
            onChange={setLineKey}
            error={server('body.lineKey')}
          />
        </Group>
        <Group justify="flex-end">
          <Button type="submit" loading={create.isPending}>
            {t('cases.tasks.create')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
