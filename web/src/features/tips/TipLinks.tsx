import { List, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { AnchorLink } from '../../app/links';
import { WARNING_COLOR } from './TipBadges';
import type { TipDetail } from './tips.api';

type Related = TipDetail['related'][number];

/** The identifiers in the tip (phones, e-mails, usernames…), and how many other tips share each. */
export function TipEntities({ tip }: { tip: TipDetail }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="tip-entities">
      <Title order={2} id="tip-entities" size="h3" mb="sm">
        {t('tips.entities.title')}
      </Title>
      {tip.entities.length === 0 ? (
        <Text size="sm">{t('tips.entities.none')}</Text>
      ) : (
        <List spacing={6} size="sm">
          {tip.entities.map((entity) => (
            <List.Item key={`${entity.identifierId}-${entity.role}`}>
              <Text span fw={700} size="sm">
                {t(`tips.identifierKind.${entity.kind}`)}:
              </Text>{' '}
              <Text span size="sm" lang="en" style={{ wordBreak: 'break-all' }}>
                {entity.value}
              </Text>{' '}
              {entity.stopListed ? (
                <Text span size="sm" c="dimmed">
                  — {t('tips.entities.stopListed')}
                </Text>
              ) : (
                entity.otherTips > 0 && (
                  <Text span size="sm" c={WARNING_COLOR} fw={700}>
                    — {t('tips.entities.shared', { count: entity.otherTips })}
                  </Text>
                )
              )}
            </List.Item>
          ))}
        </List>
      )}
    </section>
  );
}

/**
 * Other tips and cases sharing an identifier. A record the user may not read shows only who holds it
 * (deconfliction: talk to them before acting), never its content.
 */
export function TipRelated({ tip }: { tip: TipDetail }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="tip-related">
      <Title order={2} id="tip-related" size="h3" mb="sm">
        {t('tips.related.title')}
      </Title>
      {tip.related.length === 0 ? (
        <Text size="sm">{t('tips.related.none')}</Text>
      ) : (
        <List spacing={6} size="sm">
          {tip.related.map((record, index) => (
            <List.Item key={record.id ?? `hidden-${index}`}>
              <RelatedRecord record={record} />
            </List.Item>
          ))}
        </List>
      )}
    </section>
  );
}

function RelatedRecord({ record }: { record: Related }) {
  const { t, i18n } = useTranslation();
  // A tip's status has a translation; other records' statuses are shown as the server names them.
  const statusLabel = (type: Related['recordType'], status: string) => {
    const key = `tips.status.${status}`;
    return type === 'tip' && i18n.exists(key) ? String(t(key as 'tips.status.new')) : status;
  };
  const shared = record.sharedIdentifiers
    .map((identifier) =>
      identifier.value
        ? `${t(`tips.identifierKind.${identifier.kind}`)} ${identifier.value}`
        : t(`tips.identifierKind.${identifier.kind}`),
    )
    .join(', ');
  const type = t(`tips.related.type.${record.recordType}`);
  if (!record.visible || !record.id) {
    const holder = record.holder.unitCode
      ? t('tips.related.heldByUnit', { unit: record.holder.unitCode, agency: record.holder.agencyCode })
      : t('tips.related.heldByAgency', { agency: record.holder.agencyCode });
    return (
      <Text size="sm">
        {type}: {holder}
        {shared && (
          <Text span size="sm" c="dimmed">
            {' '}
            · {t('tips.related.sharing', { identifiers: shared })}
          </Text>
        )}
      </Text>
    );
  }
  return (
    <Text size="sm">
      {type}:{' '}
      {record.recordType === 'tip' ? (
        <AnchorLink to="/tips/$tipId" params={{ tipId: record.id }} lang="en">
          {record.reference ?? record.id}
        </AnchorLink>
      ) : (
        <Text span lang="en" size="sm">
          {record.reference ?? record.id}
        </Text>
      )}
      {record.status && (
        <Text span size="sm">
          {' '}
          ({statusLabel(record.recordType, record.status)})
        </Text>
      )}
      {shared && (
        <Text span size="sm" c="dimmed">
          {' '}
          · {t('tips.related.sharing', { identifiers: shared })}
        </Text>
      )}
    </Text>
  );
}
