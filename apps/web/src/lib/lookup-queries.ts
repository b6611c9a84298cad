import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { api, unwrap } from './api-client';

/** The most routers `routerNames` reads (100 per request): enough for any fleet we serve. */
const MAX_ROUTER_NAMES = 5000;

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
  /** Every router's id and name (page after page), for names in table cells; pickers search instead. */
  routerNames: () =>
    queryOptions({
      queryKey: [...lookupQueries.all(), 'router-names'] as const,
      queryFn: async ({ signal }) => {
        const names: { id: string; name: string }[] = [];
        let cursor: string | null = null;
        do {
          const page: { items: { id: string; name: string }[]; nextCursor: string | null } = await unwrap(
            api.GET('/api/v1/routers', { params: { query: { limit: 100, ...(cursor ? { cursor } : {}) } }, signal }),
          );
          names.push(...page.items.map((r) => ({ id: r.id, name: r.name })));
          cursor = page.nextCursor;
        } while (cursor && names.length < MAX_ROUTER_NAMES);
        return names;
      },
      staleTime: 30_000,
    }),
  /** The router picker's options: routers whose name, address or location contain `search`, 20 a page, by name. */
  routerSearch: (search: string) =>
    infiniteQueryOptions({
      queryKey: [...lookupQueries.all(), 'router-search', search] as const,
      queryFn: async ({ pageParam, signal }) =>
        unwrap(api.GET('/api/v1/routers', { params: { query: { limit: 20, sort: 'name', ...(search ? { search } : {}), ...(pageParam ? { cursor: pageParam } : {}) } }, signal })),
      initialPageParam: '',
      getNextPageParam: (last) => last.nextCursor ?? undefined,
      staleTime: 30_000,
    }),
  /** One router's name (a picker's current choice that is not among the options shown). */
  routerName: (id: string) =>
    queryOptions({
      queryKey: [...lookupQueries.all(), 'router-name', id] as const,
      queryFn: async ({ signal }) => (await unwrap(api.GET('/api/v1/routers/{id}', { params: { path: { id } }, signal }))).name,
      staleTime: 30_000,
    }),
};
