import { Group } from '@mantine/core';
import { useRouterState } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { RouterNavLink } from '../../app/links';
import { hasAbility, useMe } from '../auth/me';

/** The section's pages, each shown only to those whose abilities allow it. */
export function OffendersTabs() {
  const { t } = useTranslation();
  const me = useMe();
  const pathname = useRouterState({ select: (state) => state.location.pathname });
  return (
    <Group gap="xs" component="nav" aria-label={t('capabilities.offenders')}>
      {hasAbility(me, 'offenders.list') && (
        <RouterNavLink
          to="/offenders"
          label={t('offenders.nav.register')}
          active={pathname === '/offenders' || /^\/offenders\/(?!travel)/.test(pathname)}
          w="auto"
        />
      )}
      {hasAbility(me, 'offenders.travel_list', 'offenders.travel_create') && (
        <RouterNavLink
          to="/offenders/travel"
          label={t('offenders.nav.travel')}
          active={pathname === '/offenders/travel'}
          w="auto"
        />
      )}
      {hasAbility(me, 'screening.check') && (
        <RouterNavLink
          to="/screening/check"
          label={t('offenders.nav.borderCheck')}
          active={pathname === '/screening/check'}
          w="auto"
        />
      )}
      {hasAbility(me, 'screening.batch') && (
        <RouterNavLink
          to="/screening/batch"
          label={t('offendersBatch.batch.title')}
          active={pathname === '/screening/batch'}
          w="auto"
        />
      )}
      {hasAbility(me, 'screening.guest_import') && (
        <RouterNavLink
          to="/screening/guests"
          label={t('offendersBatch.guests.title')}
          active={pathname === '/screening/guests'}
          w="auto"
        />
      )}
    </Group>
  );
}
