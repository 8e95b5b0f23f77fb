import { Badge } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { RegisterStatus } from './offenders.api';

const COLOURS: Record<RegisterStatus, string> = {
  proposed: 'blue.9',
  active: 'red.9',
  expired: 'gray.7',
  removed: 'gray.7',
};

/** An entry's status; an active entry past its expiry date shows as lapsed (it no longer matches). */
export function StatusBadge({ status, lapsed }: { status: RegisterStatus; lapsed: boolean }) {
  const { t } = useTranslation();
  return (
    <Badge variant="filled" tt="none" color={lapsed ? 'gray.7' : COLOURS[status]}>
      {lapsed ? t('offenders.status.lapsed') : t(`offenders.status.${status}`)}
    </Badge>
  );
}
