import { Card, List, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { capabilitiesOf, PILLARS, type Pillar } from '../../app/capabilities';
import { AnchorLink } from '../../app/links';
import { useDocumentTitle } from '../../app/useDocumentTitle';
import { HealthStatusCard } from './HealthStatusCard';

/** The first page: what Karpear is for, the action plan's five pillars, and whether the server is up. */
export function HomePage() {
  const { t } = useTranslation();
  useDocumentTitle(t('app.home'));
  return (
    <Stack gap="xl" maw={1200}>
      <Stack gap="xs">
        <Title order={1}>{t('home.title')}</Title>
        <Text size="lg">{t('home.intro')}</Text>
      </Stack>

      <HealthStatusCard />

      <section aria-labelledby="pillars-title">
        <Title order={2} id="pillars-title" mb="md">
          {t('home.pillarsHeading')}
        </Title>
        {/* A plain CSS grid (shell.css) rather than SimpleGrid keeps the first page lighter. */}
        <div className="pillar-grid">
          {PILLARS.map((pillar) => (
            <PillarCard key={pillar} pillar={pillar} />
          ))}
        </div>
      </section>
    </Stack>
  );
}

function PillarCard({ pillar }: { pillar: Pillar }) {
  const { t } = useTranslation();
  const listId = `pillar-${pillar}-capabilities`;
  return (
    <Card withBorder padding="lg" component="article" aria-labelledby={`pillar-${pillar}-title`}>
      <Title order={3} id={`pillar-${pillar}-title`} c="karpear.9" mb="xs">
        {t(`pillars.${pillar}.name`)}
      </Title>
      {/* Quoted from the national action plan (seed/action-plan.txt). */}
      <Text mb="sm">{t(`pillars.${pillar}.summary`)}</Text>
      <Text id={listId} size="sm" fw={700} mb={4}>
        {t('home.plannedCapabilities')}
      </Text>
      <List size="sm" spacing={4} aria-labelledby={listId}>
        {capabilitiesOf(pillar).map((capability) => (
          <List.Item key={capability.id}>
            <AnchorLink to={capability.path}>{t(`capabilities.${capability.id}`)}</AnchorLink>
          </List.Item>
        ))}
      </List>
    </Card>
  );
}
