import './appStyles';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { registerAuthHandlers } from '../api/client';
import { StepUpHost, useStepUpHandler } from '../features/auth/StepUpHost';
import { addAppMessages } from '../i18n/appMessages';
import { browserLocation, loginPath } from './navigation';
import { createAppRouter } from './router';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Slow provincial links: do not hammer the server on every tab switch.
        refetchOnWindowFocus: false,
        staleTime: 30_000,
        // A 4xx will not get better by asking again; a dropped connection might.
        retry: (failureCount, error) =>
          failureCount < 1 && !(error instanceof Error && 'status' in error && Number(error.status) >= 400),
      },
    },
  });
}

/** The session is gone (expired, revoked, signed out elsewhere): back to the login page, then here. */
function sessionEnded(): void {
  const here = `${window.location.pathname}${window.location.search}`;
  browserLocation.assign(loginPath(here, 'expired'));
}

/**
 * The signed-in app: router, query cache and the step-up dialog. Loaded as its own chunk, so none of
 * this is in the login page's JavaScript.
 */
export default function RoutedApp() {
  const { i18n } = useTranslation();
  // Before any signed-in page renders: the translations that came with this chunk.
  useState(() => addAppMessages(i18n));
  const [queryClient] = useState(createQueryClient);
  const [router] = useState(() => createAppRouter({ queryClient }));
  const stepUp = useStepUpHandler();

  useEffect(
    () => registerAuthHandlers({ stepUp: stepUp.request, unauthenticated: sessionEnded }),
    [stepUp.request],
  );

  return (
    <QueryClientProvider client={queryClient}>
      <RouterProvider router={router} />
      <StepUpHost state={stepUp} />
    </QueryClientProvider>
  );
}
