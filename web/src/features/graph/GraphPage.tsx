import { Alert, Stack, Title } from '@mantine/core';
import { useSearch } from '@tanstack/react-router';
import { useTranslation } from 'react-i18next';
import { useDocumentTitle } from '../../app/useDocumentTitle';
import { LinkChart } from './LinkChart';

const ROOT = /^(tip|case|register_entry|identifier|person):[0-9a-f-]{36}$/i;

/** `/entities/graph?root=<type>:<id>&hops=1..3`: the link chart on its own page. */
export default function GraphPage() {
  const { t } = useTranslation();
  useDocumentTitle(t('graph.title'));
  const search = useSearch({ strict: false }) as Record<string, unknown>;
  const root = typeof search.root === 'string' ? search.root : '';
  const hops = Math.min(3, Math.max(1, Number(search.hops) || 1));
  return (
    <Stack gap="md">
      <Title order={1}>{t('graph.title')}</Title>
      {ROOT.test(root) ? (
        <LinkChart root={root} hops={hops} />
      ) : (
        <Alert color="yellow" role="alert">
          {t('graph.badRoot')}
        </Alert>
      )}
    </Stack>
  );
}
