import { Button, Group, List, Stack, Text, Title } from '@mantine/core';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { browserLocation } from '../../app/navigation';
import { PublicFrame } from '../../app/PublicFrame';
import { useDocumentTitle } from '../../app/useDocumentTitle';
import { LiveAlert } from '../../components/LiveAlert';
import { useFocusOnMount } from '../../components/useFocusOnMount';
import { authApi } from './auth.api';
import { acknowledgeBanner, ME_QUERY_KEY } from './me';

/**
 * The terms of use every user acknowledges before the workspace opens (SECURITY.md B14): authorised
 * use only, everything is logged and audited, children's personal data is need-to-know.
 */
export function LoginBanner() {
  const { t } = useTranslation();
  useDocumentTitle(t('banner.title'));
  const headingRef = useFocusOnMount<HTMLHeadingElement>();
  const queryClient = useQueryClient();
  const accept = useMutation({
    mutationFn: acknowledgeBanner,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: ME_QUERY_KEY }),
  });

  const decline = async () => {
    await authApi.logout().catch(() => undefined);
    browserLocation.assign('/login');
  };

  return (
    <PublicFrame>
      <Stack gap="lg">
        <Title order={1} ref={headingRef} tabIndex={-1}>
          {t('banner.title')}
        </Title>
        <Text>{t('banner.intro')}</Text>
        <List spacing="sm">
          <List.Item>{t('banner.authorised')}</List.Item>
          <List.Item>{t('banner.logged')}</List.Item>
          <List.Item>{t('banner.needToKnow')}</List.Item>
          <List.Item>{t('banner.misuse')}</List.Item>
        </List>
        <LiveAlert message={accept.isError ? t('banner.failed') : null} />
        <Group gap="sm">
          <Button size="md" onClick={() => accept.mutate()} loading={accept.isPending}>
            {t('banner.accept')}
          </Button>
          <Button size="md" variant="default" onClick={decline}>
            {t('account.signOut')}
          </Button>
        </Group>
      </Stack>
    </PublicFrame>
  );
}
