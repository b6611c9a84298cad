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
  /** Sales by method over the revenue report's default range (the last 30 days): cash sales have no buyer to list. */
  methods: () =>
    queryOptions({
      queryKey: [...customerQueries.all(), 'methods'] as const,
      queryFn: async () => (await unwrap(api.GET('/api/v1/payments/reports/revenue', { params: { query: { groupBy: 'method' } } }))).byMethod,
    }),
  purchases: (id: string) =>
    queryOptions({
      queryKey: [...customerQueries.all(), 'purchases', id] as const,
      queryFn: () => unwrap(api.GET('/api/v1/customers/{id}/purchases', { params: { path: { id } } })),
    }),
};
