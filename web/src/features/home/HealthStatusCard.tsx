import { Badge, Button, Card, Group, Loader, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { type Health, useHealth } from '../../api/health';

/** Whether the server and its database answer; the first thing to check when something seems off. */
export function HealthStatusCard() {
  const { t } = useTranslation();
  const health = useHealth();

  return (
    <Card withBorder padding="lg" component="section" aria-labelledby="health-title">
      <Title order={2} size="h3" id="health-title" mb="sm">
        {t('health.title')}
      </Title>
      {/* aria-live so a result arriving after the page loaded is announced. */}
      <div aria-live="polite">
        {health.isPending && (
          <Group gap="sm">
            <Loader size="sm" aria-hidden />
            <Text>{t('health.loading')}</Text>
          </Group>
        )}
        {health.isError && (
          <Group gap="sm">
            <Text c="red.9" fw={700}>
              {t('health.error')}
            </Text>
            <Button variant="default" size="xs" onClick={() => void health.refetch()}>
              {t('health.retry')}
            </Button>
          </Group>
        )}
        {health.isSuccess && <HealthDetails health={health.data} />}
      </div>
    </Card>
  );
}

function HealthDetails({ health }: { health: Health }) {
  const { t } = useTranslation();
  const { database } = health;
  const isOk = health.status === 'ok';
  return (
    <Stack gap={6}>
      <Row label={t('health.status')}>
        {/* Filled with explicit shades: both keep ≥ 4.5:1 text contrast (yellow gets dark text). */}
        <Badge color={isOk ? 'teal.9' : 'yellow.4'} variant="filled" autoContrast size="lg" tt="none">
          {isOk ? t('health.statusOk') : t('health.statusDegraded')}
        </Badge>
      </Row>
      <Row label={t('health.database')}>
        {database.engine === 'pglite' ? t('health.enginePglite') : t('health.enginePostgres')}
        {' · '}
        {database.reachable ? t('health.reachable') : t('health.unreachable')}
      </Row>
      <Row label={t('health.migrations')}>
        {database.migrationsCurrent ? t('health.migrationsCurrent') : t('health.migrationsPending')}
      </Row>
      <Row label={t('health.version')}>
        <span lang="en">{health.version}</span>
      </Row>
    </Stack>
  );
}

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <Group gap="xs" wrap="wrap">
      <Text component="span" fw={700}>
        {label}:
      </Text>
      <Text component="span">{children}</Text>
    </Group>
  );
}
