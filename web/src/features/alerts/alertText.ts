import type { TFunction } from 'i18next';
import type { Alert } from './alerts.api';

type KindKey = `alerts.kind.${Alert['kind'] | 'unknown'}`;

/** The alert's sentence in the current language, from its kind, reference and id-only params. */
export function alertText(t: TFunction, exists: (key: string) => boolean, alert: Alert): string {
  const key: KindKey = exists(`alerts.kind.${alert.kind}`)
    ? `alerts.kind.${alert.kind}`
    : 'alerts.kind.unknown';
  const priority = typeof alert.params.priority === 'string' ? alert.params.priority : '';
  return String(
    t(key, {
      reference: alert.reference ?? t('alerts.noReference'),
      priority,
      interpolation: { escapeValue: false },
    }),
  );
}
