import { queryOptions, useQuery } from '@tanstack/react-query';

/**
 * `GET /api/health`. Declared here until the OpenAPI-generated client exists (ARCHITECTURE.md web/api);
 * replace with the generated type then.
 */
export interface Health {
  status: 'ok' | 'degraded';
  database: {
    engine: 'pglite' | 'postgres';
    reachable: boolean;
    migrationsCurrent: boolean;
  };
  version: string;
}

function isHealth(value: unknown): value is Health {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as Partial<Health>;
  const database = candidate.database;
  return (
    (candidate.status === 'ok' || candidate.status === 'degraded') &&
    typeof candidate.version === 'string' &&
    typeof database === 'object' &&
    database !== null &&
    (database.engine === 'pglite' || database.engine === 'postgres') &&
    typeof database.reachable === 'boolean' &&
    typeof database.migrationsCurrent === 'boolean'
  );
}

export async function fetchHealth(signal?: AbortSignal): Promise<Health> {
  const response = await fetch('/api/health', {
    signal,
    credentials: 'same-origin',
    headers: { accept: 'application/json', 'x-requested-with': 'karpear' },
  });
  // A degraded server may answer 503 with the same body; show it rather than a bare error.
  const body: unknown = await response.json().catch(() => undefined);
  if (isHealth(body)) return body;
  throw new Error(`Unexpected health response (HTTP ${response.status})`);
}

export const healthQuery = queryOptions({
  queryKey: ['health'],
  queryFn: ({ signal }) => fetchHealth(signal),
  // Status is worth a re-check now and then, not on every focus.
  staleTime: 30_000,
  retry: 1,
});

export function useHealth() {
  return useQuery(healthQuery);
}
