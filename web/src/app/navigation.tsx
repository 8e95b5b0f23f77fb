import { createContext, useContext } from 'react';

/**
 * The app has two "worlds": the public pages (log-in, invitation), which ship in the first chunk and
 * need no router, and the signed-in app (TanStack Router, TanStack Query, the shell), loaded on demand.
 * Pages shared by both navigate through this small interface instead of a router.
 */
export interface Navigation {
  /** Go to an in-app path (`/users?q=x`); `replace` replaces the current history entry. */
  go(path: string, options?: { replace?: boolean }): void;
}

/** Paths served by the public world; everything else belongs to the signed-in app (or its 404). */
export const PUBLIC_PATHS = ['/login', '/invite'] as const;

export function isPublicPath(pathname: string): boolean {
  const path = pathname.length > 1 ? pathname.replace(/\/+$/, '') : pathname;
  return (PUBLIC_PATHS as readonly string[]).includes(path);
}

/**
 * Where to go after signing in: the `next` parameter if it is a same-site path, else home. Guards against
 * open redirects (`//evil.example`, `https://…`, `/\evil`) and against looping back to a public page.
 */
export function safeNextPath(next: string | null | undefined): string {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  try {
    const url = new URL(next, 'http://karpear.invalid');
    if (url.origin !== 'http://karpear.invalid' || isPublicPath(url.pathname)) return '/';
    return `${url.pathname}${url.search}${url.hash}`;
  } catch {
    return '/';
  }
}

/** The login page address that brings the user back to `current` afterwards. */
export function loginPath(current?: string, reason?: 'expired'): string {
  const params = new URLSearchParams();
  if (current && safeNextPath(current) !== '/') params.set('next', safeNextPath(current));
  if (reason) params.set('reason', reason);
  const query = params.toString();
  return query ? `/login?${query}` : '/login';
}

const fallback: Navigation = {
  go: (path, options) => (options?.replace ? window.location.replace(path) : window.location.assign(path)),
};

export const NavigationContext = createContext<Navigation>(fallback);

export function useNavigation(): Navigation {
  return useContext(NavigationContext);
}

/**
 * Full-page navigation, used to leave the signed-in app (sign-out, session ended): the reload drops
 * every cached record from memory. An object so tests can replace `assign`.
 */
export const browserLocation = {
  assign(url: string): void {
    window.location.assign(url);
  },
};
