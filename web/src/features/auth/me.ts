import type { Me as ContractMe } from '@karpear/contracts';
import { queryOptions, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';

/**
 * `GET /api/v1/me`: who is signed in, and what the interface may offer them. The shape is the server's
 * (contracts/src/auth.ts); a type-only import, so no schema code reaches the browser bundle.
 */
export type Me = ContractMe;

export const ME_QUERY_KEY = ['me'] as const;

export const meQuery = queryOptions({
  queryKey: ME_QUERY_KEY,
  // The session check itself must not bounce to the login page: the route guard decides what to do.
  queryFn: ({ signal }) => api<Me>('GET', '/api/v1/me', undefined, { signal, quietUnauthenticated: true }),
  staleTime: 5 * 60_000,
  retry: false,
});

/** The signed-in user; only used below the authenticated layout, where the guard has loaded it. */
export function useMe(): Me {
  const { data } = useQuery(meQuery);
  if (!data) throw new Error('useMe() used outside the signed-in layout');
  return data;
}

/** True when any ability starts with one of the prefixes (`users.` → any users.* action). */
export function hasAbility(me: Pick<Me, 'abilities'>, ...prefixes: string[]): boolean {
  return me.abilities.some((ability) =>
    prefixes.some((prefix) => (prefix.endsWith('.') ? ability.startsWith(prefix) : ability === prefix)),
  );
}

export const acknowledgeBanner = () => api<void>('POST', '/api/v1/me/banner');
