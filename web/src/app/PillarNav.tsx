import { Box, Text } from '@mantine/core';
import { useRouterState } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { hasAbility, useMe } from '../features/auth/me';
import { ADMIN_NAV, type AdminNavEntry } from './adminNav';
import { capabilitiesOf, PILLARS } from './capabilities';
import { RouterNavLink } from './links';

/**
 * Side navigation: Home and the user's daily inboxes, the planned capabilities under the action plan's
 * pillars (visible to everyone, as before), then administration — only what `abilities` allow.
 */
export function PillarNav({ onNavigate }: { onNavigate?: () => void }) {
  const { t } = useTranslation();
  const me = useMe();
  const pathname = useRouterState({ select: (state) => state.location.pathname });
  const offered = ADMIN_NAV.filter((entry) => hasAbility(me, ...entry.abilities));
  const work = offered.filter((entry) => entry.group === 'work');
  const admin = offered.filter((entry) => entry.group === 'admin');

  const entryLink = (entry: AdminNavEntry) => (
    <RouterNavLink
      key={entry.id}
      to={entry.path}
      label={entry.id === 'audit' ? t('audit.nav') : t(`nav.${entry.id}`)}
      active={pathname === entry.path || pathname.startsWith(`${entry.path}/`)}
      onClick={onNavigate}
    />
  );

  // The border desk (issue 6): its own entry; officers who only screen see nothing else to browse.
  const borderDesk = hasAbility(me, 'screening.check');
  const deskOnly = borderDesk && me.roles.every((role) => role === 'immigration_officer');
  const deskLink = borderDesk && (
    <RouterNavLink
      to="/screening/check"
      label={t('offenders.nav.borderCheck')}
      active={pathname === '/screening/check'}
      onClick={onNavigate}
    />
  );
  if (deskOnly)
    return (
      <>
        <RouterNavLink to="/" label={t('app.home')} active={pathname === '/'} onClick={onNavigate} />
        {deskLink}
        {work.map(entryLink)}
      </>
    );

  return (
    <>
      <RouterNavLink to="/" label={t('app.home')} active={pathname === '/'} onClick={onNavigate} />
      {work.map(entryLink)}
      {deskLink}
      {PILLARS.map((pillar) => {
        const headingId = `nav-pillar-${pillar}`;
        return (
          <Box key={pillar} role="group" aria-labelledby={headingId} mt="sm">
            <Text id={headingId} size="sm" fw={700} tt="uppercase" c="dimmed" px="sm" py={4}>
              {t(`pillars.${pillar}.name`)}
            </Text>
            {capabilitiesOf(pillar).map((capability) => (
              <RouterNavLink
                key={capability.id}
                to={capability.path}
                label={t(`capabilities.${capability.id}`)}
                // A capability's sub-pages (a tip, the intake form) keep its entry marked as current.
                active={pathname === capability.path || pathname.startsWith(`${capability.path}/`)}
                onClick={onNavigate}
              />
            ))}
          </Box>
        );
      })}
      {admin.length > 0 && (
        <Box role="group" aria-labelledby="nav-admin" mt="sm">
          <Text id="nav-admin" size="sm" fw={700} tt="uppercase" c="dimmed" px="sm" py={4}>
            {t('nav.administration')}
          </Text>
          {admin.map(entryLink)}
        </Box>
      )}
    </>
  );
}
