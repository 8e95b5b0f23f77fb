import { Stack, Text, Title } from '@mantine/core';
import { Link } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useDocumentTitle } from './useDocumentTitle';

export function NotFoundPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('notFound.title'));
  return (
    <Stack gap="md" maw={640}>
      <Title order={1}>{t('notFound.title')}</Title>
      <Text>{t('notFound.body')}</Text>
      <Text>
        <Link to="/" className="mantine-focus-auto" style={{ color: 'var(--mantine-color-anchor)' }}>
          {t('notFound.home')}
        </Link>
      </Text>
    </Stack>
  );
}
