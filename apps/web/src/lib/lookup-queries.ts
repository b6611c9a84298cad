import { queryOptions } from '@tanstack/react-query';
import { api, unwrap } from './api-client';

/**
 * The provider's plans and router names for pickers and table cells. Several features show
 * them (plans, vouchers, payments); one cache entry each means one request, not one per
 * feature. Plan and router mutations invalidate `lookupQueries.all()`.
 */
export const lookupQueries = {
  all: () => ['lookup'] as const,
  plans: () =>
    queryOptions({
      queryKey: [...lookupQueries.all(), 'plans'] as const,
      queryFn: async ({ signal }) => (await unwrap(api.GET('/api/v1/plans', { signal }))).items,
      staleTime: 30_000,
    }),
  routerNames: () =>
    queryOptions({
      queryKey: [...lookupQueries.all(), 'router-names'] as const,
      queryFn: async ({ signal }) => (await unwrap(api.GET('/api/v1/routers', { params: { query: { limit: 100 } }, signal }))).items.map((r) => ({ id: r.id, name: r.name })),
      staleTime: 30_000,
    }),
};
