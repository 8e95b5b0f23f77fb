import { MantineProvider } from '@mantine/core';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { RouterProvider } from '@tanstack/react-router';
import type { i18n as I18n } from 'i18next';
import { I18nextProvider } from 'react-i18next';
import type { AppRouter } from './router';
import { cssVariablesResolver, theme } from './theme';

export function createQueryClient(): QueryClient {
  return new QueryClient({
    defaultOptions: {
      queries: {
        // Slow provincial links: do not hammer the server on every tab switch.
        refetchOnWindowFocus: false,
        staleTime: 30_000,
      },
    },
  });
}

export interface AppProps {
  router: AppRouter;
  i18n: I18n;
  queryClient: QueryClient;
}

/** All providers in one place; main.tsx and the component tests build the same tree. */
export function App({ router, i18n, queryClient }: AppProps) {
  return (
    <I18nextProvider i18n={i18n}>
      <MantineProvider theme={theme} cssVariablesResolver={cssVariablesResolver} defaultColorScheme="light">
        <QueryClientProvider client={queryClient}>
          <RouterProvider router={router} />
        </QueryClientProvider>
      </MantineProvider>
    </I18nextProvider>
  );
}
