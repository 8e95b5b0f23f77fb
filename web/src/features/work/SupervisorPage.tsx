import { Stack, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { AnchorLink } from '../../app/links';
import { useDocumentTitle } from '../../app/useDocumentTitle';
import { errorMessage } from '../../components/apiErrors';
import { LiveAlert } from '../../components/LiveAlert';
import { formatDateTime } from '../../i18n/format';
import { useSupervisorView } from './work.api';

/** `/cases/supervisor`: the unit's caseload by status, ages of open cases, overdue tasks, plans awaiting approval. */
export default function SupervisorPage() {
  const { t, i18n } = useTranslation();
  useDocumentTitle(t('work.supervisor.title'));
  const view = useSupervisorView();
  const language = i18n.resolvedLanguage;
  const data = view.data;
  return (
    <Stack gap="md">
      <Title order={1}>{t('work.supervisor.title')}</Title>
      <LiveAlert message={view.isError ? errorMessage(t, view.error) : null} />
      {data && (
        <>
          <Section id="sup-caseload" title={t('work.supervisor.caseload')} empty={data.caseload.length === 0}>
            <Table>
              <Table.Tbody>
                {data.caseload.map((row) => (
                  <Table.Tr key={row.status}>
                    <Table.Th scope="row">
                      {t(`cases.status.${row.status}`, { defaultValue: row.status })}
                    </Table.Th>
                    <Table.Td>{row.count}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Section>
          <Section
            id="sup-plans"
            title={t('work.supervisor.plans')}
            empty={data.plansAwaitingApproval.length === 0}
          >
            <ul>
              {data.plansAwaitingApproval.map((plan) => (
                <li key={`${plan.caseId}-${plan.version}`}>
                  <AnchorLink underline="always" to="/cases/$caseId" params={{ caseId: plan.caseId }}>
                    {plan.reference}
                  </AnchorLink>{' '}
                  {t('cases.plan.versionTitle', { version: plan.version })} ·{' '}
                  {formatDateTime(plan.submittedAt, language)}
                </li>
              ))}
            </ul>
          </Section>
          <Section
            id="sup-overdue"
            title={t('work.supervisor.overdue')}
            empty={data.overdueTasks.length === 0}
          >
            <ul>
              {data.overdueTasks.map((task) => (
                <li key={task.id}>
                  {task.caseId ? (
                    <AnchorLink underline="always" to="/cases/$caseId" params={{ caseId: task.caseId }}>
                      {task.reference}
                    </AnchorLink>
                  ) : (
                    task.reference
                  )}{' '}
                  · {formatDateTime(task.dueAt, language)}
                </li>
              ))}
            </ul>
          </Section>
          <Section id="sup-open" title={t('work.supervisor.openCases')} empty={data.openCases.length === 0}>
            <Table>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('cases.fields.reference')}</Table.Th>
                  <Table.Th>{t('cases.fields.status')}</Table.Th>
                  <Table.Th>{t('work.supervisor.age')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {data.openCases.map((item) => (
                  <Table.Tr key={item.id}>
                    <Table.Td>
                      <AnchorLink to="/cases/$caseId" params={{ caseId: item.id }}>
                        {item.reference}
                      </AnchorLink>
                    </Table.Td>
                    <Table.Td>{t(`cases.status.${item.status}`, { defaultValue: item.status })}</Table.Td>
                    <Table.Td>{t('work.supervisor.days', { count: item.ageDays })}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Section>
        </>
      )}
    </Stack>
  );
}

function Section(props: { id: string; title: string; empty: boolean; children: React.ReactNode }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby={props.id}>
      <Title order={2} size="h3" id={props.id}>
        {props.title}
      </Title>
      {props.empty ? <Text>{t('cases.none')}</Text> : props.children}
    </section>
  );
}
