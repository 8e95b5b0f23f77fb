import { CASE_OFFENCES, CASE_ROLES, type CaseOffence, type CaseRole } from '@karpear/contracts';
import {
  Badge,
  Button,
  Group,
  MultiSelect,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import type { TFunction } from 'i18next';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { errorMessage, fieldErrors } from '../../components/apiErrors';
import { LiveAlert } from '../../components/LiveAlert';
import { CaseStatusDialog } from './CaseStatusDialog';
import { type CaseDetail, useAddMember, useMemberRole, useRemoveMember, useUpdateCase } from './cases.api';

/** Status (with the change dialog), offences and summary (edited at the version read), and the team. */
export function CaseOverview({ detail }: { detail: CaseDetail }) {
  const { t } = useTranslation();
  const [changing, setChanging] = useState(false);
  const can = (ability: string) => detail.abilities.includes(ability);
  return (
    <Stack gap="lg">
      <Group>
        <Text fw={600}>{t('cases.fields.status')}:</Text>
        <Badge size="lg" variant="light">
          {t(`cases.status.${detail.status}`)}
        </Badge>
        {can('cases.change_status') && (
          <Button variant="light" onClick={() => setChanging(true)}>
            {t('cases.statusChange.open')}
          </Button>
        )}
      </Group>
      {detail.closedReason && (
        <Text>
          {t('cases.fields.closedReason')}: {detail.closedReason}
        </Text>
      )}
      {changing && <CaseStatusDialog detail={detail} onClose={() => setChanging(false)} />}
      <SummaryEditor detail={detail} editable={can('cases.update')} />
      <Team detail={detail} manage={can('cases.manage_team')} />
    </Stack>
  );
}

function SummaryEditor({ detail, editable }: { detail: CaseDetail; editable: boolean }) {
  const { t } = useTranslation();
  const update = useUpdateCase(detail.id);
  const [editing, setEditing] = useState(false);
  const [summary, setSummary] = useState(detail.summary ?? '');
  const [offences, setOffences] = useState<string[]>(detail.offences);
  const conflict = isApiError(update.error, 'conflict');

  const submit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate(
      { version: detail.version, summary: summary.trim() || null, offences: offences as CaseOffence[] },
      { onSuccess: () => setEditing(false) },
    );
  };

  if (!editing) {
    return (
      <Stack gap="xs">
        <Title order={2} size="h3">
          {t('cases.fields.offences')}
        </Title>
        <Text>{detail.offences.map((o) => t(`cases.offence.${o}`)).join(', ') || t('cases.none')}</Text>
        <Title order={2} size="h3">
          {t('cases.fields.summary')}
        </Title>
        <Text style={{ whiteSpace: 'pre-wrap' }}>{detail.summary || t('cases.none')}</Text>
        {editable && (
          <Group>
            <Button
              variant="light"
              onClick={() => {
                setSummary(detail.summary ?? '');
                setOffences(detail.offences);
                update.reset();
                setEditing(true);
              }}
            >
              {t('cases.summary.edit')}
            </Button>
          </Group>
        )}
      </Stack>
    );
  }
  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="sm">
        <LiveAlert
          message={
            conflict ? t('cases.summary.conflict') : update.isError ? errorMessage(t, update.error) : null
          }
        />
        <MultiSelect
          label={t('cases.fields.offences')}
          data={CASE_OFFENCES.map((value) => ({ value, label: t(`cases.offence.${value}`) }))}
          value={offences}
          onChange={setOffences}
        />
        <Textarea
          label={t('cases.fields.summary')}
          autosize
          minRows={4}
          maxLength={10_000}
          value={summary}
          onChange={(event) => setSummary(event.currentTarget.value)}
          error={fieldErrors(t, update.error)('body.summary')}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={() => setEditing(false)}>
            {t('common.cancel')}
          </Button>
          <Button type="submit" loading={update.isPending}>
            {t('common.save')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

const roleData = (t: TFunction) => CASE_ROLES.map((value) => ({ value, label: t(`cases.role.${value}`) }));

function Team({ detail, manage }: { detail: CaseDetail; manage: boolean }) {
  const { t } = useTranslation();
  const role = useMemberRole(detail.id);
  const remove = useRemoveMember(detail.id);
  const error = role.error ?? remove.error;
  return (
    <Stack gap="xs">
      <Title order={2} size="h3">
        {t('cases.team.title')}
      </Title>
      <LiveAlert message={error ? errorMessage(t, error) : null} />
      <Table>
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('cases.team.name')}</Table.Th>
            <Table.Th>{t('cases.team.role')}</Table.Th>
            {manage && <Table.Th>{t('common.actions')}</Table.Th>}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {detail.team.map((member) => (
            <Table.Tr key={member.userId}>
              <Table.Td>{member.displayName}</Table.Td>
              <Table.Td>
                {manage && member.caseRole !== 'lead' ? (
                  <Select
                    aria-label={t('cases.team.roleOf', { name: member.displayName })}
                    data={roleData(t)}
                    value={member.caseRole}
                    allowDeselect={false}
                    onChange={(value) =>
                      value && role.mutate({ userId: member.userId, caseRole: value as CaseRole })
                    }
                  />
                ) : (
                  t(`cases.role.${member.caseRole}`)
                )}
              </Table.Td>
              {manage && (
                <Table.Td>
                  {member.caseRole !== 'lead' && (
                    <Button variant="subtle" color="red" onClick={() => remove.mutate(member.userId)}>
                      {t('cases.team.remove', { name: member.displayName })}
                    </Button>
                  )}
                </Table.Td>
              )}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      {manage && <AddMember caseId={detail.id} />}
    </Stack>
  );
}

/** No member directory is offered to investigators: the user's id comes from an administrator. */
function AddMember({ caseId }: { caseId: string }) {
  const { t } = useTranslation();
  const add = useAddMember(caseId);
  const [userId, setUserId] = useState('');
  const [caseRole, setCaseRole] = useState<CaseRole>('member');
  const server = fieldErrors(t, add.error);
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (userId.trim())
          add.mutate({ userId: userId.trim(), caseRole }, { onSuccess: () => setUserId('') });
      }}
    >
      <Group align="flex-end">
        <TextInput
          label={t('cases.team.userId')}
          value={userId}
          onChange={(event) => setUserId(event.currentTarget.value)}
          error={
            server('body.userId') ??
            (add.isError && !server('body.userId') ? errorMessage(t, add.error) : undefined)
          }
        />
        <Select
          label={t('cases.team.role')}
          data={roleData(t)}
          value={caseRole}
          allowDeselect={false}
          onChange={(value) => value && setCaseRole(value as CaseRole)}
        />
        <Button type="submit" variant="light" loading={add.isPending}>
          {t('cases.team.add')}
        </Button>
      </Group>
    </form>
  );
}
