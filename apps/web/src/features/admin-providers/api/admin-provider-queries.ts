import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import type { ProviderStatus } from '@/lib/api/types';

export interface ProviderListFilters {
  status?: ProviderStatus | undefined;
  search?: string | undefined;
}

const PAGE_SIZE = 20;

/** Query keys + options for the super-admin providers screens (TkDodo-style factory). */
export const adminProviderQueries = {
  all: () => ['admin-providers'] as const,
  lists: () => [...adminProviderQueries.all(), 'list'] as const,
  list: (filters: ProviderListFilters) =>
    infiniteQueryOptions({
      queryKey: [...adminProviderQueries.lists(), { status: filters.status ?? null, search: filters.search ?? '' }] as const,
      queryFn: ({ pageParam, signal }) =>
        unwrap(
          api.GET('/api/v1/admin/providers', {
            params: {
              query: {
                ...(filters.status ? { status: filters.status } : {}),
                ...(filters.search ? { search: filters.search } : {}),
                limit: PAGE_SIZE,
                ...(pageParam ? { cursor: pageParam } : {}),
              },
            },
            signal,
          }),
        ),
      initialPageParam: null as string | null,
      getNextPageParam: (lastPage) => lastPage.nextCursor ?? undefined,
    }),
  details: () => [...adminProviderQueries.all(), 'detail'] as const,
  detail: (id: string) =>
    queryOptions({
      queryKey: [...adminProviderQueries.details(), id] as const,
      queryFn: () => unwrap(api.GET('/api/v1/admin/providers/{id}', { params: { path: { id } } })),
    }),
};
