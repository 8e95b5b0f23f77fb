import { CASE_OFFENCES, CASE_ROLES, type CaseOffence, type CaseRole } from '@karpear/contracts';
import {
  Badge,
  Button,
  Group,
  Modal,
  MultiSelect,
  Select,
  Stack,
  Table,
  Text,
  Textarea,
  Title,
} from '@mantine/core';
import type { TFunction } from 'i18next';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { isApiError } from '../../api/client';
import { AnchorLink } from '../../app/links';
import { errorMessage, fieldErrors } from '../../components/apiErrors';
import { LiveAlert } from '../../components/LiveAlert';
import { useMe } from '../auth/me';
import { CaseStatusDialog } from './CaseStatusDialog';
import {
  type CaseDetail,
  type CaseIdentifier,
  useAddMember,
  useCaseIdentifiers,
  useDetachIdentifier,
  useJointPartners,
  useMemberRole,
  useRemoveMember,
  useUnitMembers,
  useUpdateCase,
} from './cases.api';

/**
 * Status (with the change dialog), offences and summary (edited at the version read), the team (members
 * picked from the unit) and the case's identifiers (remove with confirmation).
 */
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
      {can('cases.read_full') && <CaseIdentifiers detail={detail} edit={can('cases.update')} />}
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
      {manage && <AddMember detail={detail} />}
    </Stack>
  );
}

/**
 * Add a member picked by name, never by typing an id: the case unit's members (`GET /units/:id/members`)
 * and, for a joint case, prosecutors and liaison officers of other agencies (`GET /joint-partners`),
 * who join in that role (the server refuses any other). Members already on the team are left out.
 */
function AddMember({ detail }: { detail: CaseDetail }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const add = useAddMember(detail.id);
  const unitId = detail.unitId ?? me.unit?.id ?? null;
  const members = useUnitMembers(unitId);
  const [userId, setUserId] = useState<string | null>(null);
  const [caseRole, setCaseRole] = useState<CaseRole>('member');
  const server = fieldErrors(t, add.error);
  const partners = useJointPartners(true);
  const onTeam = new Set(detail.team.map((m) => m.userId));
  const rolesOf = (roles: string[]) => roles.map((r) => t(`roles.${r}`, { defaultValue: r })).join(', ');
  const unitOptions = (members.data ?? [])
    .filter((m) => !onTeam.has(m.id))
    .map((m) => ({ value: m.id, label: `${m.displayName} — ${rolesOf(m.roles)}` }));
  const partnerOptions = (partners.data ?? [])
    .filter((p) => !onTeam.has(p.id))
    .map((p) => ({
      value: p.id,
      label: `${p.displayName} — ${rolesOf(p.roles)} — ${i18n.resolvedLanguage === 'km' ? p.agencyNameKm : p.agencyNameEn}`,
    }));
  const options = [
    { group: t('cases.team.groupUnit'), items: unitOptions },
    ...(partnerOptions.length > 0 ? [{ group: t('cases.team.groupPartners'), items: partnerOptions }] : []),
  ];
  // A partner from another agency joins as prosecutor or liaison: preselect the role their post allows.
  const choose = (id: string | null) => {
    setUserId(id);
    const partner = partners.data?.find((p) => p.id === id);
    if (partner) setCaseRole(partner.roles.includes('prosecutor') ? 'prosecutor' : 'liaison');
  };
  return (
    <form
      onSubmit={(event) => {
        event.preventDefault();
        if (userId) add.mutate({ userId, caseRole }, { onSuccess: () => setUserId(null) });
      }}
    >
      <Group align="flex-end">
        <Select
          label={t('cases.team.member')}
          placeholder={
            members.isPending && unitId ? t('cases.team.loadingMembers') : t('cases.team.pickMember')
          }
          data={options}
          value={userId}
          onChange={choose}
          searchable
          nothingFoundMessage={t('cases.team.noMembers')}
          disabled={unitId === null || members.isError}
          miw={280}
          error={
            (members.isError ? t('cases.team.membersError') : undefined) ??
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
        <Button type="submit" variant="light" loading={add.isPending} disabled={!userId}>
          {t('cases.team.add')}
        </Button>
      </Group>
    </form>
  );
}

/**
 * The case's identifiers (phones, e-mails, passports…) with their role, for full readers of the case;
 * editors may remove one link (after a confirmation), which the timeline and the audit log record.
 */
function CaseIdentifiers({ detail, edit }: { detail: CaseDetail; edit: boolean }) {
  const { t } = useTranslation();
  const list = useCaseIdentifiers(detail.id, true);
  const detach = useDetachIdentifier(detail.id);
  const [confirming, setConfirming] = useState<CaseIdentifier | null>(null);
  return (
    <Stack gap="xs">
      <Title order={2} size="h3">
        {t('cases.identifiers.title')}
      </Title>
      <LiveAlert message={detach.isError ? errorMessage(t, detach.error) : null} />
      {list.isError && <Text c="red">{t('cases.identifiers.loadError')}</Text>}
      {list.data && list.data.items.length === 0 && <Text>{t('cases.none')}</Text>}
      {list.data && list.data.items.length > 0 && (
        <Table>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('cases.identifiers.value')}</Table.Th>
              <Table.Th>{t('cases.identifiers.kind')}</Table.Th>
              <Table.Th>{t('cases.identifiers.role')}</Table.Th>
              {edit && <Table.Th>{t('common.actions')}</Table.Th>}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {list.data.items.map((item) => (
              <Table.Tr key={item.linkId}>
                <Table.Td>
                  <AnchorLink to="/entities/$entityId" params={{ entityId: item.identifierId }} lang="en">
                    {item.value}
                  </AnchorLink>
                </Table.Td>
                <Table.Td>{t(`tips.identifierKind.${item.kind}`, { defaultValue: item.kind })}</Table.Td>
                <Table.Td>{t(`cases.identifiers.roles.${item.role}`, { defaultValue: item.role })}</Table.Td>
                {edit && (
                  <Table.Td>
                    <Button variant="subtle" color="red" onClick={() => setConfirming(item)}>
                      {t('cases.identifiers.remove', { value: item.value })}
                    </Button>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Modal
        opened={confirming !== null}
        onClose={() => setConfirming(null)}
        title={t('cases.identifiers.confirmTitle')}
      >
        <Stack>
          <Text>{t('cases.identifiers.confirm', { value: confirming?.value ?? '' })}</Text>
          <Group justify="flex-end">
            <Button variant="default" onClick={() => setConfirming(null)}>
              {t('common.cancel')}
            </Button>
            <Button
              color="red"
              loading={detach.isPending}
              onClick={() =>
                confirming && detach.mutate(confirming.linkId, { onSettled: () => setConfirming(null) })
              }
            >
              {t('cases.identifiers.confirmRemove')}
            </Button>
          </Group>
        </Stack>
      </Modal>
    </Stack>
  );
}
