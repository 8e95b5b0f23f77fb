import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../../api/client';
import type { Graph } from './types';

/** The neighbourhood of `root` (`case:<id>`, `tip:<id>`, `identifier:<id>`…) up to `hops` hops. */
export function useGraph(root: string, hops: number, limit = 1000) {
  return useQuery({
    queryKey: ['graph', root, hops, limit],
    queryFn: ({ signal }) =>
      api<Graph>(
        'GET',
        `/api/v1/graph?root=${encodeURIComponent(root)}&hops=${hops}&limit=${limit}`,
        undefined,
        { signal },
      ),
    // Keep the chart while a different hop count loads.
    placeholderData: keepPreviousData,
  });
}
