import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { LoginPage } from '../features/auth/LoginPage';
import { loadSignedInApp } from './loadSignedInApp';
import { isPublicPath, type Navigation, NavigationContext } from './navigation';
import { PageLoading } from './PageLoading';
import { PublicFrame } from './PublicFrame';

// The signed-in app (router, queries, shell, admin) is a separate chunk: the login page never loads it.
const RoutedApp = lazy(loadSignedInApp);
// Invitations are opened once per person; their page is not worth a byte of the login page.
const InvitePage = lazy(() => import('../features/auth/InvitePage'));

function currentLocation(): string {
  return `${window.location.pathname}${window.location.search}${window.location.hash}`;
}

/**
 * Chooses the world from the address: public pages are rendered here without a router; any other
 * address loads the signed-in app, whose router guards its pages and answers unknown addresses.
 */
export function Root() {
  const [location, setLocation] = useState(currentLocation);

  useEffect(() => {
    const onPopState = () => setLocation(currentLocation());
    window.addEventListener('popstate', onPopState);
    return () => window.removeEventListener('popstate', onPopState);
  }, []);

  const navigation = useMemo<Navigation>(
    () => ({
      go(path, options) {
        if (options?.replace) window.history.replaceState(null, '', path);
        else window.history.pushState(null, '', path);
        setLocation(currentLocation());
      },
    }),
    [],
  );

  const pathname = new URL(location, window.location.origin).pathname;
  if (!isPublicPath(pathname)) {
    return (
      <Suspense fallback={<PageLoading />}>
        <RoutedApp />
      </Suspense>
    );
  }
  return (
    <NavigationContext.Provider value={navigation}>
      <PublicFrame>
        {pathname.startsWith('/invite') ? (
          <Suspense fallback={<PageLoading />}>
            <InvitePage />
          </Suspense>
        ) : (
          <LoginPage key={location} />
        )}
      </PublicFrame>
    </NavigationContext.Provider>
  );
}
