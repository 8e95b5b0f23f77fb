import type { QueryClient } from '@tanstack/react-query';
import {
  createRootRouteWithContext,
  createRoute,
  createRouter,
  lazyRouteComponent,
  Outlet,
  type RouterHistory,
} from '@tanstack/react-router';
import type { ReactElement } from 'react';
import { isApiError } from '../api/client';
import { hasAbility, meQuery, useMe } from '../features/auth/me';
import { HomePage } from '../features/home/HomePage';
import { parseTipSearch } from '../features/tips/tipSearch';
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

// Capabilities with pages of their own are routed below, not by the placeholder.
const BUILT_CAPABILITIES: readonly CapabilityId[] = ['tips', 'offenders', 'entities', 'cases'];

const capabilityRoutes = CAPABILITIES.filter((capability) => !BUILT_CAPABILITIES.includes(capability.id)).map(
  (capability) =>
    createRoute({
      getParentRoute: () => signedInRoute,
      path: capability.path,
      staticData: { capabilityId: capability.id },
      component: CapabilityPlaceholderPage,
    }),
);

/**
 * Tips (issue 5): the queue, operator intake and a tip's page, one lazy chunk each. The queue's
 * filters are search parameters (features/tips/tipSearch.ts, no runtime imports).
 */
function tipsRoute<TPath extends string>(
  path: TPath,
  load: () => Promise<{ default: () => ReactElement }>,
  abilities: string[],
) {
  const Page = lazyRouteComponent(load);
  return createRoute({
    getParentRoute: () => signedInRoute,
    path,
    // Fetch the page's chunk while the route loads, not by suspending inside the gate's render.
    loader: () => Page.preload?.(),
    component: function TipsGate() {
      return hasAbility(useMe(), ...abilities) ? <Page /> : <NotFoundPage />;
    },
  });
}
const tipsQueueRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/tips',
  validateSearch: parseTipSearch,
  component: lazyRouteComponent(() => import('../features/tips/TipQueuePage')),
});
const tipsRoutes = [
  tipsQueueRoute,
  tipsRoute('/tips/new', () => import('../features/tips/NewTipPage'), ['tips.create']),
  tipsRoute('/tips/import', () => import('../features/tips/import/ImportPage'), ['tips.import']),
  tipsRoute('/tips/$tipId', () => import('../features/tips/TipDetailPage'), ['tips.read']),
];

/**
 * Offender register, travel notifications and the border desk (issue 6), one lazy chunk each; a page
 * is offered only to users whose abilities allow it (the server decides every request anyway).
 */
function offendersRoute<TPath extends string>(
  path: TPath,
  load: () => Promise<{ default: () => ReactElement }>,
  abilities: string[],
) {
  const Page = lazyRouteComponent(load);
  return createRoute({
    getParentRoute: () => signedInRoute,
    path,
    component: function OffendersGate() {
      return hasAbility(useMe(), ...abilities) ? <Page /> : <NotFoundPage />;
    },
  });
}
const offendersRoutes = [
  // Also the section's landing for those who only file travel notifications or screen.
  offendersRoute('/offenders', () => import('../features/offenders/RegisterPage'), [
    'offenders.list',
    'offenders.travel_list',
    'offenders.travel_create',
    'screening.check',
  ]),
  offendersRoute('/offenders/new', () => import('../features/offenders/EntryFormPage'), ['offenders.create']),
  offendersRoute('/offenders/travel', () => import('../features/offenders/TravelPage'), [
    'offenders.travel_list',
    'offenders.travel_create',
  ]),
  offendersRoute('/offenders/$entryId', () => import('../features/offenders/EntryDetailPage'), [
    'offenders.read',
  ]),
  offendersRoute('/offenders/$entryId/edit', () => import('../features/offenders/EntryFormPage'), [
    'offenders.update',
  ]),
  offendersRoute('/screening/check', () => import('../features/offenders/BorderCheckPage'), [
    'screening.check',
  ]),
  offendersRoute('/screening/batch', () => import('../features/offenders/batch/BatchScreeningPage'), [
    'screening.batch',
  ]),
  offendersRoute('/screening/guests', () => import('../features/offenders/batch/GuestRegisterPage'), [
    'screening.guest_import',
  ]),
];

/** Entities (issue 5): identifier search and an identifier's page, for the roles that read tips. */
function entitiesRoute<TPath extends string>(
  path: TPath,
  load: () => Promise<{ default: () => ReactElement }>,
) {
  const Page = lazyRouteComponent(load);
  return createRoute({
    getParentRoute: () => signedInRoute,
    path,
    component: function EntitiesGate() {
      return hasAbility(useMe(), 'entities.list') ? <Page /> : <NotFoundPage />;
    },
  });
}
const entitiesRoutes = [
  entitiesRoute('/entities', () => import('../features/entities/EntitiesPage')),
  // The link chart (issue 7): a static segment, so it wins over `$entityId`.
  entitiesRoute('/entities/graph', () => import('../features/graph/GraphPage')),
  entitiesRoute('/entities/$entityId', () => import('../features/entities/EntityPage')),
];

/** Cases (issue 7), one lazy chunk each; my work and the supervisor view are in adminNav.ts. */
function casesRoute<TPath extends string>(
  path: TPath,
  load: () => Promise<{ default: () => ReactElement }>,
  abilities: string[],
) {
  const Page = lazyRouteComponent(load);
  return createRoute({
    getParentRoute: () => signedInRoute,
    path,
    component: function CasesGate() {
      return hasAbility(useMe(), ...abilities) ? <Page /> : <NotFoundPage />;
    },
  });
}
const casesRoutes = [
  casesRoute('/cases', () => import('../features/cases/CaseListPage'), ['cases.list']),
  casesRoute('/cases/new', () => import('../features/cases/NewCasePage'), ['cases.create']),
  casesRoute('/cases/$caseId', () => import('../features/cases/CasePage'), ['cases.list']),
];

// Alerts (issue 5): every signed-in user has some; the header's bell links here.
const alertsRoute = createRoute({
  getParentRoute: () => signedInRoute,
  path: '/alerts',
  component: lazyRouteComponent(() => import('../features/alerts/AlertsPage')),
});

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
  signedInRoute.addChildren([
    homeRoute,
    ...capabilityRoutes,
    ...tipsRoutes,
    ...offendersRoutes,
    ...entitiesRoutes,
    ...casesRoutes,
    alertsRoute,
    ...adminRoutes,
  ]),
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
