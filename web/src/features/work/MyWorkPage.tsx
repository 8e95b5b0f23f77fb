import { TASK_STATUSES, type TaskView } from '@karpear/contracts';
import { Badge, Select, Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { AnchorLink } from '../../app/links';
import { useDocumentTitle } from '../../app/useDocumentTitle';
import { errorMessage } from '../../components/apiErrors';
import { LiveAlert } from '../../components/LiveAlert';
import { formatDateTime } from '../../i18n/format';
import { hasAbility, useMe } from '../auth/me';
import { useTaskStatus } from '../cases/cases.api';
import { useMyWork } from './work.api';

/** `/work`: the user's open tasks across cases and tips, and the tips assigned to them; overdue first and marked. */
export default function MyWorkPage() {
  const { t, i18n } = useTranslation();
  useDocumentTitle(t('work.title'));
  const me = useMe();
  const work = useMyWork();
  const status = useTaskStatus(null);
  const canUpdate = hasAbility(me, 'cases.tasks.update');
  const language = i18n.resolvedLanguage;
  return (
    <Stack gap="md">
      <Title order={1}>{t('work.title')}</Title>
      <LiveAlert
        message={
          work.isError ? errorMessage(t, work.error) : status.isError ? errorMessage(t, status.error) : null
        }
      />
      <section aria-labelledby="work-tasks">
        <Title order={2} size="h3" id="work-tasks">
          {t('work.tasks')}
        </Title>
        {work.data && work.data.tasks.length === 0 && <Text>{t('work.noTasks')}</Text>}
        {work.data && work.data.tasks.length > 0 && (
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('work.record')}</Table.Th>
                <Table.Th>{t('cases.tasks.task')}</Table.Th>
                <Table.Th>{t('cases.tasks.due')}</Table.Th>
                <Table.Th>{t('cases.tasks.status')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {work.data.tasks.map((task) => (
                <Table.Tr key={task.id} bg={task.overdue ? 'var(--mantine-color-red-light)' : undefined}>
                  <Table.Td>
                    {task.caseId ? (
                      <AnchorLink to="/cases/$caseId" params={{ caseId: task.caseId }}>
                        {task.reference}
                      </AnchorLink>
                    ) : task.tipId ? (
                      <AnchorLink to="/tips/$tipId" params={{ tipId: task.tipId }}>
                        {task.reference}
                      </AnchorLink>
                    ) : (
                      task.reference
                    )}
                  </Table.Td>
                  <Table.Td>{task.title}</Table.Td>
                  <Table.Td>
                    {formatDateTime(task.dueAt, language)}{' '}
                    {task.overdue && (
                      <Badge color="red" variant="filled">
                        {t('cases.tasks.overdue')}
                      </Badge>
                    )}
                  </Table.Td>
                  <Table.Td>
                    {canUpdate ? (
                      <Select
                        aria-label={t('cases.tasks.statusOf', { title: task.title })}
                        data={TASK_STATUSES.map((value) => ({
                          value,
                          label: t(`cases.taskStatus.${value}`),
                        }))}
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
      </section>
      <section aria-labelledby="work-tips">
        <Title order={2} size="h3" id="work-tips">
          {t('work.tips')}
        </Title>
        {work.data && work.data.tips.length === 0 && <Text>{t('work.noTips')}</Text>}
        {work.data && work.data.tips.length > 0 && (
          <Table>
            <Table.Thead>
              <Table.Tr>
                <Table.Th>{t('work.record')}</Table.Th>
                <Table.Th>{t('cases.tasks.status')}</Table.Th>
                <Table.Th>{t('cases.tasks.due')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {work.data.tips.map((tip) => {
                const overdue = tip.dueAt !== null && new Date(tip.dueAt).getTime() < Date.now();
                return (
                  <Table.Tr key={tip.id} bg={overdue ? 'var(--mantine-color-red-light)' : undefined}>
                    <Table.Td>
                      <AnchorLink to="/tips/$tipId" params={{ tipId: tip.id }}>
                        {tip.reference}
                      </AnchorLink>
                    </Table.Td>
                    <Table.Td>{t(`tips.status.${tip.status}`, { defaultValue: tip.status })}</Table.Td>
                    <Table.Td>
                      {formatDateTime(tip.dueAt, language)}{' '}
                      {overdue && (
                        <Badge color="red" variant="filled">
                          {t('cases.tasks.overdue')}
                        </Badge>
                      )}
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        )}
      </section>
    </Stack>
  );
}
