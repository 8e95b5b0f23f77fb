import { Menu, Text, UnstyledButton } from '@mantine/core';
import { lazy, Suspense, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { authApi } from '../features/auth/auth.api';
import { useMe } from '../features/auth/me';
import { localName } from '../i18n/format';
import { browserLocation } from './navigation';

const ChangePasswordDialog = lazy(() => import('../features/auth/ChangePasswordDialog'));

/** The header's account menu: who is signed in and for which agency; change password; sign out. */
export function UserMenu() {
  const { t, i18n } = useTranslation();
  const me = useMe();
  const [changingPassword, setChangingPassword] = useState(false);
  const [signingOut, setSigningOut] = useState(false);
  const agency = localName(me.agency, i18n.resolvedLanguage);

  const signOut = async () => {
    setSigningOut(true);
    try {
      await authApi.logout();
    } finally {
      // A full load of the login page: nothing of the signed-in app stays in memory.
      browserLocation.assign('/login');
    }
  };

  return (
    <>
      <Menu position="bottom-end" width={260} withinPortal>
        <Menu.Target>
          <UnstyledButton className="user-menu-target mantine-focus-auto" data-testid="user-menu">
            <Text component="span" fw={700} size="sm" className="user-menu-name">
              {me.displayName}
            </Text>
            <Text component="span" size="xs" c="dimmed" className="user-menu-agency" visibleFrom="sm">
              {agency}
            </Text>
          </UnstyledButton>
        </Menu.Target>
        <Menu.Dropdown>
          <Menu.Label>
            <Text size="sm" fw={700} c="var(--mantine-color-text)">
              {me.displayName}
            </Text>
            <Text size="xs">{agency}</Text>
            {me.unit && <Text size="xs">{localName(me.unit, i18n.resolvedLanguage)}</Text>}
          </Menu.Label>
          <Menu.Divider />
          <Menu.Item onClick={() => setChangingPassword(true)}>{t('account.changePassword')}</Menu.Item>
          <Menu.Item onClick={signOut} disabled={signingOut}>
            {t('account.signOut')}
          </Menu.Item>
        </Menu.Dropdown>
      </Menu>
      {changingPassword && (
        <Suspense fallback={null}>
          <ChangePasswordDialog onClose={() => setChangingPassword(false)} />
        </Suspense>
      )}
    </>
  );
}
