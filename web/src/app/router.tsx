import type { QueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  lazyRouteComponent,
  Outlet,
  type RouterHistory,
} from '@tanstack/react-router';
import { isApiError } from '../api/client';
import { hasAbility, meQuery, useMe } from '../features/auth/me';
import { HomePage } from '../features/home/HomePage';
import { ADMIN_NAV } from './adminNav';
import { CAPABILITIES, type CapabilityId } from './capabilities';
import { NotFoundPage } from './NotFoundPage';
import { browserLocation, loginPath } from './navigation';
import { PageLoading } from './PageLoading';
import { RootNotFound } from './RootNotFound';
import { SignedInLayout } from './SignedInLayout';

declare module '@tanstack/react-router' {
  interface StaticDataRouteOption {
    /** Set on capability routes so the shared placeholder page knows which one it is showing. */
    capabilityId?: CapabilityId;
  }
}

export interface RouterContext {
  queryClient: QueryClient;
}

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: Outlet,
  notFoundComponent: RootNotFound,
});

/**
 * The auth gate: every page below needs a session. `GET /api/v1/me` decides; without a session the
 * browser goes to the login page (a full load, so nothing of this app stays in memory) and comes back.
 */
const signedInRoute = createRoute({
  getParentRoute: () => rootRoute,
  id: 'signed-in',
  beforeLoad: async ({ context, location }) => {
    try {
      return { me: await context.queryClient.ensureQueryData(meQuery) };
    } catch (error) {
      if (isApiError(error) && error.status === 401) {
        browserLocation.assign(loginPath(location.href));
        // The page is being replaced; never render the protected route meanwhile.
        return new Promise<never>(() => {});
      }
      throw error;
    }
  },
  component: SignedInLayout,
});

// The home page is the first page after signing in, so it ships with the signed-in chunk.
const homeRoute = createRoute({ getParentRoute: () => signedInRoute, path: '/', component: HomePage });

// Capability pages load on demand; today they share one placeholder chunk.
const CapabilityPlaceholderPage = lazyRouteComponent(
  () => import('../features/capabilities/CapabilityPlaceholderPage'),
  'CapabilityPlaceholderPage',
);

const capabilityRoutes = CAPABILITIES.map((capability) =>
  createRoute({
    getParentRoute: () => signedInRoute,
    path: capability.path,
    staticData: { capabilityId: capability.id },
    component: CapabilityPlaceholderPage,
  }),
);

/**
 * Administration and inbox pages, one lazy chunk each. A user without the ability gets the not-found
 * page inside the shell (the server would refuse anyway; this keeps the interface honest).
 */
const adminRoutes = ADMIN_NAV.map((entry) => {
  const Page = lazyRouteComponent(entry.load);
  return createRoute({
    getParentRoute: () => signedInRoute,
    path: entry.path,
    component: function AbilityGate() {
      return hasAbility(useMe(), ...entry.abilities) ? <Page /> : <NotFoundPage />;
    },
  });
});

const routeTree = rootRoute.addChildren([
  signedInRoute.addChildren([homeRoute, ...capabilityRoutes, ...adminRoutes]),
]);

export interface CreateAppRouterOptions {
  queryClient: QueryClient;
  history?: RouterHistory;
}

/** A router per signed-in app; tests create their own with a memory history. */
export function createAppRouter({ queryClient, history }: CreateAppRouterOptions) {
  return createRouter({
    routeTree,
    history,
    context: { queryClient },
    defaultPendingComponent: PageLoading,
    // Start fetching a page's chunk when the user points at or focuses its link.
    defaultPreload: 'intent',
    scrollRestoration: true,
  });
}

export type AppRouter = ReturnType<typeof createAppRouter>;

declare module '@tanstack/react-router' {
  interface Register {
    router: AppRouter;
  }
}
