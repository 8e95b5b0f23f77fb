import { useQuery } from '@tanstack/react-query';
import { meQuery } from '../features/auth/me';
import { AppLayout } from './AppLayout';
import { NotFoundPage } from './NotFoundPage';
import { PageLoading } from './PageLoading';
import { PublicFrame } from './PublicFrame';

/**
 * An address no route matches. Signed in (banner accepted): inside the shell, with the navigation.
 * Otherwise: the public frame, without asking anyone to sign in first.
 */
export function RootNotFound() {
  const me = useQuery(meQuery);
  if (me.isPending) return <PageLoading />;
  if (me.isSuccess && me.data.bannerAcknowledged) {
    return (
      <AppLayout>
        <NotFoundPage />
      </AppLayout>
    );
  }
  return (
    <PublicFrame>
      <NotFoundPage />
    </PublicFrame>
  );
}
