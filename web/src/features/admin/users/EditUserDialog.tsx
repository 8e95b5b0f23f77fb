import type { Role } from '@karpear/contracts';
import {
  Badge,
  Button,
  Divider,
  Group,
  Modal,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorMessage, fieldErrors, onlyFieldIssues } from '../../../components/apiErrors';
import { LiveAlert } from '../../../components/LiveAlert';
import { OneTimeLink } from '../OneTimeLink';
import { STATUS_COLOR } from '../roles';
import { RolesField, UnitField } from './UserFields';
import {
  type AdminUser,
  absoluteUrl,
  type UpdateUserInput,
  useResetUser,
  useUnlockUser,
  useUpdateUser,
} from './users.api';

const FIELDS = ['displayName', 'roles', 'unitId', 'status'] as const;

function sameRoles(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && [...a].sort().join() === [...b].sort().join();
}

/** Change a user's name, roles, unit or status; unlock a locked account; issue a reset link. */
export function EditUserDialog({ user, onClose }: { user: AdminUser; onClose(): void }) {
  const { t } = useTranslation();
  const update = useUpdateUser();
  const unlock = useUnlockUser();
  const reset = useResetUser();
  const [displayName, setDisplayName] = useState(user.displayName);
  const [roles, setRoles] = useState<Role[]>(user.roles);
  const [unitId, setUnitId] = useState<string | null>(user.unitId);
  const [enabled, setEnabled] = useState(user.status !== 'disabled');
  const serverField = fieldErrors(t, update.error);

  const changes = (): UpdateUserInput => ({
    ...(displayName.trim() !== user.displayName ? { displayName: displayName.trim() } : {}),
    ...(!sameRoles(roles, user.roles) ? { roles } : {}),
    ...(unitId !== user.unitId ? { unitId } : {}),
    ...(enabled !== (user.status !== 'disabled') ? { status: enabled ? 'active' : 'disabled' } : {}),
  });

  const save = (event: FormEvent) => {
    event.preventDefault();
    const changed = changes();
    if (Object.keys(changed).length === 0) return onClose();
    update.mutate({ id: user.id, changes: changed }, { onSuccess: onClose });
  };

  const actionError = unlock.error ?? reset.error;
  const formError =
    update.isError && !onlyFieldIssues(update.error, FIELDS) ? errorMessage(t, update.error) : null;

  return (
    <Modal
      opened
      onClose={onClose}
      title={t('admin.users.edit.title', { name: user.displayName })}
      size="lg"
      closeButtonProps={{ 'aria-label': t('common.close') }}
    >
      {reset.isSuccess ? (
        <Stack gap="md">
          <OneTimeLink
            url={absoluteUrl(reset.data.resetUrl)}
            label={t('admin.users.reset.link')}
            explanation={t('admin.users.reset.linkExplanation', { name: user.displayName })}
          />
          <Group justify="flex-end">
            <Button onClick={onClose}>{t('common.done')}</Button>
          </Group>
        </Stack>
      ) : (
        <Stack gap="md">
          <Group gap="xs">
            <Text size="sm" lang="en">
              {user.email}
            </Text>
            <Badge color={STATUS_COLOR[user.status]} variant="filled">
              {t(`userStatus.${user.status}`)}
            </Badge>
          </Group>
          <LiveAlert message={formError ?? (actionError ? errorMessage(t, actionError) : null)} />
          <LiveAlert message={unlock.isSuccess ? t('admin.users.unlock.done') : null} tone="info" />
          <form onSubmit={save} noValidate>
            <Stack gap="md">
              <TextInput
                data-autofocus
                label={t('admin.users.fields.name')}
                required
                value={displayName}
                onChange={(event) => setDisplayName(event.currentTarget.value)}
                error={serverField('displayName')}
              />
              <UnitField
                agencyId={user.agencyId}
                value={unitId}
                onChange={setUnitId}
                error={serverField('unitId')}
              />
              <RolesField value={roles} onChange={setRoles} error={serverField('roles')} />
              <Stack gap={4}>
                <Text component="span" size="sm" fw={500} id={`status-${user.id}`}>
                  {t('admin.users.fields.access')}
                </Text>
                <SegmentedControl
                  aria-labelledby={`status-${user.id}`}
                  value={enabled ? 'active' : 'disabled'}
                  onChange={(value) => setEnabled(value === 'active')}
                  data={[
                    { value: 'active', label: t('admin.users.access.enabled') },
                    { value: 'disabled', label: t('admin.users.access.disabled') },
                  ]}
                />
                {serverField('status') && (
                  <Text size="sm" c="red.8">
                    {serverField('status')}
                  </Text>
                )}
              </Stack>
              <Group justify="flex-end">
                <Button variant="default" onClick={onClose}>
                  {t('common.cancel')}
                </Button>
                <Button type="submit" loading={update.isPending}>
                  {t('common.save')}
                </Button>
              </Group>
            </Stack>
          </form>
          <Divider label={t('admin.users.edit.signInHelp')} labelPosition="left" />
          <Text size="sm">{t('admin.users.edit.signInHelpText')}</Text>
          <Group gap="sm">
            {user.status === 'locked' && !unlock.isSuccess && (
              <Button variant="default" onClick={() => unlock.mutate(user.id)} loading={unlock.isPending}>
                {t('admin.users.unlock.button')}
              </Button>
            )}
            <Button variant="default" onClick={() => reset.mutate(user.id)} loading={reset.isPending}>
              {t('admin.users.reset.button')}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
