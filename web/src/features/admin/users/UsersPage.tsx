import type { UserStatus } from '@karpear/contracts';
import {
  Badge,
  Button,
  Group,
  Pagination,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  VisuallyHidden,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDocumentTitle } from '../../../app/useDocumentTitle';
import { errorMessage } from '../../../components/apiErrors';
import { LiveAlert } from '../../../components/LiveAlert';
import { formatDateTime, localName } from '../../../i18n/format';
import { hasAbility, useMe } from '../../auth/me';
import { useAgencies } from '../agencies/agencies.api';
import '../styles';
import { STATUS_COLOR, USER_STATUS_OPTIONS } from '../roles';
import { EditUserDialog } from './EditUserDialog';
import { InviteUserDialog } from './InviteUserDialog';
import { type AdminUser, useUsers } from './users.api';

const PAGE_SIZE = 50;
const ALL = '';

/** `/admin/users`: the users an administrator manages (own agency; all agencies for system admins). */
export default function UsersPage() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  useDocumentTitle(t('nav.users'));
  const [search, setSearch] = useState('');
  const [q] = useDebouncedValue(search.trim(), 400);
  const [status, setStatus] = useState<string>(ALL);
  const [agencyId, setAgencyId] = useState<string>(ALL);
  const [page, setPage] = useState(1);
  const [inviting, setInviting] = useState(false);
  const [editing, setEditing] = useState<AdminUser | null>(null);
  const agencies = useAgencies();
  const manyAgencies = (agencies.data?.items.length ?? 0) > 1;
  const users = useUsers({
    q: q || undefined,
    status: (status || undefined) as UserStatus | undefined,
    agencyId: agencyId || undefined,
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  });
  const agencyById = new Map((agencies.data?.items ?? []).map((agency) => [agency.id, agency]));
  const canInvite = hasAbility(me, 'users.create');
  const canEdit = hasAbility(me, 'users.update', 'users.unlock', 'users.reset');
  const pages = Math.max(1, Math.ceil((users.data?.total ?? 0) / PAGE_SIZE));
  const filter =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      set(value);
      setPage(1);
    };

  return (
    <Stack gap="lg" maw={1200}>
      <Group justify="space-between" align="flex-end">
        <Title order={1}>{t('nav.users')}</Title>
        {canInvite && <Button onClick={() => setInviting(true)}>{t('admin.users.invite.open')}</Button>}
      </Group>
      <Group gap="sm" align="flex-end" role="search" aria-label={t('admin.users.filters')}>
        <TextInput
          label={t('admin.users.search')}
          placeholder={t('admin.users.searchPlaceholder')}
          type="search"
          value={search}
          onChange={(event) => filter(setSearch)(event.currentTarget.value)}
          w={{ base: '100%', sm: 280 }}
        />
        <Select
          label={t('admin.users.fields.status')}
          data={[
            { value: ALL, label: t('admin.users.anyStatus') },
            ...USER_STATUS_OPTIONS.map((value) => ({ value, label: t(`userStatus.${value}`) })),
          ]}
          value={status}
          onChange={(value) => filter(setStatus)(value ?? ALL)}
          allowDeselect={false}
          w={{ base: '100%', sm: 200 }}
        />
        {manyAgencies && (
          <Select
            label={t('admin.users.fields.agency')}
            data={[
              { value: ALL, label: t('admin.users.anyAgency') },
              ...(agencies.data?.items ?? []).map((agency) => ({
                value: agency.id,
                label: localName(agency, i18n.resolvedLanguage),
              })),
            ]}
            value={agencyId}
            onChange={(value) => filter(setAgencyId)(value ?? ALL)}
            allowDeselect={false}
            searchable
            w={{ base: '100%', sm: 320 }}
          />
        )}
      </Group>
      <LiveAlert message={users.isError ? errorMessage(t, users.error) : null} />
      <Text size="sm" aria-live="polite">
        {users.isSuccess ? t('admin.users.count', { count: users.data.total }) : t('common.loading')}
      </Text>
      <div className="table-scroll">
        <Table striped highlightOnHover verticalSpacing="sm" miw={760} aria-busy={users.isFetching}>
          <Table.Thead>
            <Table.Tr>
              <Table.Th scope="col">{t('admin.users.fields.name')}</Table.Th>
              <Table.Th scope="col">{t('admin.users.fields.roles')}</Table.Th>
              {manyAgencies && <Table.Th scope="col">{t('admin.users.fields.agency')}</Table.Th>}
              <Table.Th scope="col">{t('admin.users.fields.status')}</Table.Th>
              <Table.Th scope="col">{t('admin.users.fields.lastLogin')}</Table.Th>
              {canEdit && (
                <Table.Th scope="col">
                  <VisuallyHidden>{t('common.actions')}</VisuallyHidden>
                </Table.Th>
              )}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {users.data?.items.map((user) => (
              <Table.Tr key={user.id}>
                <Table.Td>
                  <Text fw={700} size="sm">
                    {user.displayName}
                  </Text>
                  <Text size="sm" c="dimmed" lang="en">
                    {user.email}
                  </Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{user.roles.map((role) => t(`roles.${role}`)).join(', ')}</Text>
                </Table.Td>
                {manyAgencies && (
                  <Table.Td>
                    <Text size="sm">{localName(agencyById.get(user.agencyId), i18n.resolvedLanguage)}</Text>
                  </Table.Td>
                )}
                <Table.Td>
                  <Badge color={STATUS_COLOR[user.status]} variant="filled" tt="none">
                    {t(`userStatus.${user.status}`)}
                  </Badge>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">
                    {user.lastLoginAt
                      ? formatDateTime(user.lastLoginAt, i18n.resolvedLanguage)
                      : t('admin.users.never')}
                  </Text>
                </Table.Td>
                {canEdit && (
                  <Table.Td>
                    <Button
                      variant="default"
                      size="compact-sm"
                      onClick={() => setEditing(user)}
                      aria-label={t('admin.users.edit.open', { name: user.displayName })}
                    >
                      {t('common.edit')}
                    </Button>
                  </Table.Td>
                )}
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </div>
      {users.isSuccess && users.data.items.length === 0 && <Text>{t('admin.users.none')}</Text>}
      {pages > 1 && (
        <Pagination
          total={pages}
          value={page}
          onChange={setPage}
          getItemProps={(item) => ({ 'aria-label': t('common.page', { page: item }) })}
          getControlProps={(control) => ({ 'aria-label': t(`common.pageControl.${control}`) })}
        />
      )}
      {inviting && <InviteUserDialog onClose={() => setInviting(false)} />}
      {editing && <EditUserDialog user={editing} onClose={() => setEditing(null)} />}
    </Stack>
  );
}
