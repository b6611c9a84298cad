import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';

export const customerQueries = {
  all: () => ['customers'] as const,
  list: (search: string) =>
    infiniteQueryOptions({
      queryKey: [...customerQueries.all(), 'list', { search }] as const,
      queryFn: ({ pageParam }) => unwrap(api.GET('/api/v1/customers', { params: { query: { search: search || undefined, limit: 25, cursor: pageParam } } })),
      initialPageParam: undefined as string | undefined,
      getNextPageParam: (last) => last.nextCursor ?? undefined,
    }),
  purchases: (id: string) =>
    queryOptions({
      queryKey: [...customerQueries.all(), 'purchases', id] as const,
      queryFn: () => unwrap(api.GET('/api/v1/customers/{id}/purchases', { params: { path: { id } } })),
    }),
};
