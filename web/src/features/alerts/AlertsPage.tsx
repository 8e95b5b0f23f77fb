import { Button, Group, Alert as Notice, Paper, Stack, Switch, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AnchorLink } from '../../app/links';
import { useDocumentTitle } from '../../app/useDocumentTitle';
import { formatDateTime } from '../../i18n/format';
import { ALERTS_PAGE_SIZE, type Alert, useAcknowledgeAlert, useAlerts } from './alerts.api';
import { alertText } from './alertText';

/**
 * `/alerts`: the alerts addressed to the user or their unit, newest first, open ones only by default.
 * Each says what happened (translated per kind), links to the record where the app has a page for it
 * (tips), and can be acknowledged — for a unit alert, on behalf of the unit.
 */
export default function AlertsPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('alerts.title'));
  const [onlyOpen, setOnlyOpen] = useState(true);
  const [offset, setOffset] = useState(0);
  const alerts = useAlerts(offset, onlyOpen);
  const page = alerts.data;

  return (
    <Stack gap="md" maw={900}>
      <Title order={1}>{t('alerts.title')}</Title>
      <Text c="dimmed">{t('alerts.intro')}</Text>
      <Switch
        label={t('alerts.onlyOpen')}
        checked={onlyOpen}
        onChange={(event) => {
          setOnlyOpen(event.currentTarget.checked);
          setOffset(0);
        }}
      />
      {alerts.isError && (
        <Notice color="red" role="alert">
          {t('alerts.loadError')}
        </Notice>
      )}
      {page && page.items.length === 0 && <Text>{onlyOpen ? t('alerts.emptyOpen') : t('alerts.empty')}</Text>}
      {page && page.items.length > 0 && (
        <Stack gap="sm" component="ul" style={{ listStyle: 'none', padding: 0, margin: 0 }}>
          {page.items.map((alert) => (
            <AlertRow key={alert.id} alert={alert} />
          ))}
        </Stack>
      )}
      {page && page.total > ALERTS_PAGE_SIZE && (
        <Group justify="space-between">
          <Button
            variant="default"
            disabled={offset === 0}
            onClick={() => setOffset(Math.max(0, offset - ALERTS_PAGE_SIZE))}
          >
            {t('alerts.previous')}
          </Button>
          <Text size="sm">
            {t('alerts.pageOf', {
              from: offset + 1,
              to: Math.min(offset + ALERTS_PAGE_SIZE, page.total),
              total: page.total,
            })}
          </Text>
          <Button
            variant="default"
            disabled={offset + ALERTS_PAGE_SIZE >= page.total}
            onClick={() => setOffset(offset + ALERTS_PAGE_SIZE)}
          >
            {t('alerts.next')}
          </Button>
        </Group>
      )}
    </Stack>
  );
}

function AlertRow({ alert }: { alert: Alert }) {
  const { t, i18n } = useTranslation();
  const acknowledge = useAcknowledgeAlert();
  const text = alertText(t, (key) => i18n.exists(key), alert);
  const reference = alert.reference ?? t('alerts.noReference');
  const open = alert.acknowledgedAt === null;
  return (
    <Paper component="li" withBorder p="sm" data-testid="alert-row" data-alert-id={alert.id}>
      <Group justify="space-between" align="flex-start" wrap="nowrap">
        <Stack gap={4}>
          <Text fw={open ? 700 : 400}>{text}</Text>
          <Text size="xs" c="dimmed">
            <time dateTime={alert.createdAt}>
              {t('alerts.raised', { when: formatDateTime(alert.createdAt, i18n.resolvedLanguage) })}
            </time>
            {alert.acknowledgedAt &&
              ` · ${t('alerts.acknowledged', { when: formatDateTime(alert.acknowledgedAt, i18n.resolvedLanguage) })}`}
          </Text>
          {alert.recordType === 'tip' && alert.recordId ? (
            <AnchorLink to="/tips/$tipId" params={{ tipId: alert.recordId }} size="sm">
              {t('alerts.open', { reference })}
            </AnchorLink>
          ) : (
            <Text size="sm">{t('alerts.record', { reference })}</Text>
          )}
          {acknowledge.isError && (
            <Text size="sm" c="red" role="alert">
              {t('alerts.acknowledgeFailed')}
            </Text>
          )}
        </Stack>
        {open && (
          <Button
            size="xs"
            variant="light"
            loading={acknowledge.isPending}
            onClick={() => acknowledge.mutate(alert.id)}
            aria-label={`${t('alerts.acknowledge')}: ${text}`}
          >
            {t('alerts.acknowledge')}
          </Button>
        )}
      </Group>
    </Paper>
  );
}
