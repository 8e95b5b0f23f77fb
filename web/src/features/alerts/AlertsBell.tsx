import { ActionIcon, Indicator } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useAlertCount } from './alerts.api';

/**
 * The header's bell: how many alerts (to the user or their unit) nobody acknowledged, polled every
 * minute while the tab is visible. A failed poll shows the plain bell rather than an error.
 */
export function AlertsBell() {
  const { t } = useTranslation();
  const { data } = useAlertCount();
  const count = data?.unacknowledged ?? 0;
  const label = count > 0 ? t('alerts.bellCount', { count }) : t('alerts.bell');
  return (
    <Indicator
      label={count > 99 ? '99+' : count}
      disabled={count === 0}
      size={18}
      color="red"
      offset={4}
      data-testid="alerts-bell-count"
    >
      <ActionIcon
        component={Link}
        to="/alerts"
        variant="subtle"
        color="gray"
        size="lg"
        aria-label={label}
        title={label}
        data-testid="alerts-bell"
      >
        <svg width="20" height="20" viewBox="0 0 24 24" fill="none" aria-hidden="true">
          <path
            d="M12 3a6 6 0 0 0-6 6v3.6L4.3 15.4A1 1 0 0 0 5.2 17h13.6a1 1 0 0 0 .9-1.6L18 12.6V9a6 6 0 0 0-6-6Zm-2 15a2 2 0 0 0 4 0"
            stroke="currentColor"
            strokeWidth="1.8"
            strokeLinecap="round"
            strokeLinejoin="round"
          />
        </svg>
      </ActionIcon>
    </Indicator>
  );
}
