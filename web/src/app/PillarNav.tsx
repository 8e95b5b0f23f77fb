import { Box, Text } from '@mantine/core';
import { useRouterState } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { capabilitiesOf, PILLARS } from './capabilities';
import { RouterNavLink } from './links';

/** Side navigation: Home, then the planned capabilities grouped under the action plan's pillars. */
export function PillarNav({ onNavigate }: { onNavigate?: () => void }) {
  const { t } = useTranslation();
  const pathname = useRouterState({ select: (state) => state.location.pathname });

  return (
    <>
      <RouterNavLink to="/" label={t('app.home')} active={pathname === '/'} onClick={onNavigate} />
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
                active={pathname === capability.path}
                onClick={onNavigate}
              />
            ))}
          </Box>
        );
      })}
    </>
  );
}
