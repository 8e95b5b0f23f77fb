import { Box, Group, Text } from '@mantine/core';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { LanguageSwitcher } from './LanguageSwitcher';

/**
 * The frame of the public pages (log-in, invitation, not found): the brand, the language switcher and
 * a centred main region. No navigation: nothing else is reachable before signing in.
 */
export function PublicFrame({ children }: { children: ReactNode }) {
  const { t } = useTranslation();
  return (
    <div className="public-frame">
      <header className="public-header">
        <Group h="100%" px="md" justify="space-between" wrap="nowrap" gap="sm">
          <Text component="span" fw={700} size="lg">
            {/* The brand is bilingual on purpose: each half carries its own lang for screen readers. */}
            <span lang="en">Karpear</span> / <span lang="km">ការពារ</span>
          </Text>
          <LanguageSwitcher />
        </Group>
      </header>
      <Box component="main" id="main-content" tabIndex={-1} className="public-main">
        {children}
      </Box>
      <footer className="public-footer">
        <Text size="sm" c="dimmed" ta="center">
          {t('app.tagline')}
        </Text>
      </footer>
    </div>
  );
}
