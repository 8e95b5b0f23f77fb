import {
  createRootRoute,
  createRoute,
  createRouter,
  lazyRouteComponent,
  type RouterHistory,
} from '@tanstack/react-router';
import { HomePage } from '../features/home/HomePage';
import { AppLayout } from './AppLayout';
import { CAPABILITIES, type CapabilityId } from './capabilities';
import { NotFoundPage } from './NotFoundPage';
import { PageLoading } from './PageLoading';

declare module '@tanstack/react-router' {
  interface StaticDataRouteOption {
    /** Set on capability routes so the shared placeholder page knows which one it is showing. */
    capabilityId?: CapabilityId;
  }
}

const rootRoute = createRootRoute({
  component: AppLayout,
  notFoundComponent: NotFoundPage,
});

// The home page is the first page most people see, so it ships in the entry chunk (no waterfall).
const homeRoute = createRoute({ getParentRoute: () => rootRoute, path: '/', component: HomePage });

// Capability pages load on demand so they never weigh on the first page; today they share one
// placeholder chunk, and each will get its own chunk when its feature folder lands.
const CapabilityPlaceholderPage = lazyRouteComponent(
  () => import('../features/capabilities/CapabilityPlaceholderPage'),
  'CapabilityPlaceholderPage',
);

const capabilityRoutes = CAPABILITIES.map((capability) =>
  createRoute({
    getParentRoute: () => rootRoute,
    path: capability.path,
    staticData: { capabilityId: capability.id },
    component: CapabilityPlaceholderPage,
  }),
);

const routeTree = rootRoute.addChildren([homeRoute, ...capabilityRoutes]);

/** A router per call: the app creates one; tests create their own with a memory history. */
export function createAppRouter(history?: RouterHistory) {
  return createRouter({
    routeTree,
    history,
    defaultPendingComponent: PageLoading,
    // Start fetching a capability chunk when the user points at or focuses its link.
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
