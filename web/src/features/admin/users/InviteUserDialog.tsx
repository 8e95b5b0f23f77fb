import type { Role } from '@karpear/contracts';
import { Button, Group, Modal, Select, Stack, TextInput } from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage, fieldErrors, onlyFieldIssues } from '../../../components/apiErrors';
import { LiveAlert } from '../../../components/LiveAlert';
import { localName } from '../../../i18n/format';
import { useMe } from '../../auth/me';
import { useAgencies } from '../agencies/agencies.api';
import { OneTimeLink } from '../OneTimeLink';
import { RolesField, UnitField } from './UserFields';
import { absoluteUrl, useInviteUser } from './users.api';

const FIELDS = ['email', 'name', 'roles', 'unitId', 'agencyId'] as const;

/** Invite a user: e-mail, name, roles, agency (system administrators) and unit; then the link, once. */
export function InviteUserDialog({ onClose }: { onClose(): void }) {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const agencies = useAgencies();
  const invite = useInviteUser();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [roles, setRoles] = useState<Role[]>([]);
  const [agencyId, setAgencyId] = useState<string>(me.agency.id);
  const [unitId, setUnitId] = useState<string | null>(null);
  const [missing, setMissing] = useState<Set<string>>(new Set());
  const chooseAgency = (agencies.data?.items.length ?? 0) > 1;
  const serverField = fieldErrors(t, invite.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const nowMissing = new Set<string>();
    if (!email.trim()) nowMissing.add('email');
    if (!name.trim()) nowMissing.add('name');
    if (roles.length === 0) nowMissing.add('roles');
    setMissing(nowMissing);
    if (nowMissing.size > 0) return;
    invite.mutate({
      email: email.trim(),
      name: name.trim(),
      roles,
      ...(unitId ? { unitId } : {}),
      ...(chooseAgency && agencyId !== me.agency.id ? { agencyId } : {}),
    });
  };

  const fieldError = (field: (typeof FIELDS)[number]) =>
    missing.has(field)
      ? t(`admin.users.missing.${field === 'roles' ? 'roles' : 'text'}`)
      : serverField(field);
  const title = invite.isSuccess ? t('admin.users.invite.sentTitle') : t('admin.users.invite.title');

  return (
    <Modal
      opened
      onClose={onClose}
      title={title}
      size="lg"
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {invite.isSuccess ? (
        <Stack gap="md">
          <OneTimeLink
            url={absoluteUrl(invite.data.invitationUrl)}
            label={t('admin.users.invite.link')}
            explanation={t('admin.users.invite.linkExplanation', { name: invite.data.user.displayName })}
          />
          <Group justify="flex-end">
            <Button onClick={onClose}>{t('common.done')}</Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack gap="md">
            <LiveAlert
              message={
                invite.isError && !onlyFieldIssues(invite.error, FIELDS)
                  ? errorMessage(t, invite.error)
                  : null
              }
            />
            <TextInput
              data-autofocus
              label={t('admin.users.fields.email')}
              type="email"
              autoComplete="off"
              required
              value={email}
              onChange={(event) => setEmail(event.currentTarget.value)}
              error={fieldError('email')}
            />
            <TextInput
              label={t('admin.users.fields.name')}
              autoComplete="off"
              required
              value={name}
              onChange={(event) => setName(event.currentTarget.value)}
              error={fieldError('name')}
            />
            {chooseAgency && (
              <Select
                label={t('admin.users.fields.agency')}
                data={(agencies.data?.items ?? []).map((agency) => ({
                  value: agency.id,
                  label: localName(agency, i18n.resolvedLanguage),
                }))}
                value={agencyId}
                onChange={(next) => {
                  if (next) setAgencyId(next);
                  setUnitId(null);
                }}
                allowDeselect={false}
                searchable
                error={fieldError('agencyId')}
              />
            )}
            <UnitField agencyId={agencyId} value={unitId} onChange={setUnitId} error={fieldError('unitId')} />
            <RolesField value={roles} onChange={setRoles} error={fieldError('roles')} />
            <Group justify="flex-end">
              <Button variant="default" onClick={onClose}>
                {t('common.cancel')}
              </Button>
              <Button type="submit" loading={invite.isPending}>
                {t('admin.users.invite.submit')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
