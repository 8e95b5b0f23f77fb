import { Alert, Badge, Group, Stack, Text, Title } from '@mantine/core';
import { useMatches } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { CAPABILITIES } from '../../app/capabilities';
import { useDocumentTitle } from '../../app/useDocumentTitle';

/**
 * An honest placeholder for a capability that is not built yet: it names the capability and its
 * pillar, and shows no data — invented records would mislead the people who will rely on this.
 */
export function CapabilityPlaceholderPage() {
  const { t } = useTranslation();
  const capabilityId = useMatches({ select: (matches) => matches.at(-1)?.staticData.capabilityId });
  const capability = CAPABILITIES.find((candidate) => candidate.id === capabilityId);
  const name = capability ? t(`capabilities.${capability.id}`) : '';
  useDocumentTitle(name);
  if (!capability) return null; // Only mounted by capability routes, which always set the id.

  const pillar = t(`pillars.${capability.pillar}.name`);
  return (
    <Stack gap="md" maw={720}>
      <Group gap="sm" align="center">
        <Title order={1}>{name}</Title>
        <Badge variant="light" size="lg">
          {t('placeholder.badge')}
        </Badge>
      </Group>
      <Text fw={700}>{t('placeholder.pillar', { pillar })}</Text>
      <Text>{t('placeholder.body', { capability: name, pillar })}</Text>
      <Alert variant="light" color="gray">
        {t('placeholder.noData')}
      </Alert>
    </Stack>
  );
}
