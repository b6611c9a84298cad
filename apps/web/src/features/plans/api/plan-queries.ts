import { queryOptions } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import { lookupQueries } from '@/lib/lookup-queries';
import type { PlanStatus } from './types';

/** Query keys and options for the plans feature. */
export const planQueries = {
  all: () => ['plans'] as const,
  lists: () => [...planQueries.all(), 'list'] as const,
  list: (status?: PlanStatus) =>
    queryOptions({
      queryKey: [...planQueries.lists(), { status: status ?? null }] as const,
      queryFn: ({ signal }) => unwrap(api.GET('/api/v1/plans', { params: { query: status ? { status } : {} }, signal })),
    }),
  detail: (id: string) =>
    queryOptions({
      queryKey: [...planQueries.all(), 'detail', id] as const,
      queryFn: ({ signal }) => unwrap(api.GET('/api/v1/plans/{id}', { params: { path: { id } }, signal })),
    }),
  /** The provider's routers, for "which routers offer it" (names only). */
  routers: lookupQueries.routerNames,
};
