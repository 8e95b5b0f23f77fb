import { Center, Loader } from '@mantine/core';
import { useTranslation } from 'react-i18next';

/** Shown while a lazily loaded page chunk arrives (slow provincial links). */
export function PageLoading() {
  const { t } = useTranslation();
  return (
    <Center py="xl" role="status">
      <Loader aria-label={t('app.loadingPage')} />
    </Center>
  );
}
