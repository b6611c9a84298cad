import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import type { AttentionState, WebhookLogFilters } from './types';

const PAGE_SIZE = 50;

/** Query keys and options for Needs attention (queue, count, item) and the webhook log. */
export const attentionQueries = {
  all: () => ['attention'] as const,
  count: () =>
    queryOptions({
      queryKey: [...attentionQueries.all(), 'count'] as const,
      queryFn: ({ signal }) => unwrap(api.GET('/api/v1/payments/attention/count', { signal })),
      staleTime: 30_000,
    }),
  list: (state: AttentionState) =>
    infiniteQueryOptions({
      queryKey: [...attentionQueries.all(), 'list', state] as const,
      queryFn: ({ pageParam, signal }) => unwrap(api.GET('/api/v1/payments/attention', { params: { query: { state, limit: PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) } }, signal })),
      initialPageParam: null as string | null,
      getNextPageParam: (last) => last.nextCursor ?? undefined,
    }),
  detail: (id: string) =>
    queryOptions({
      queryKey: [...attentionQueries.all(), 'detail', id] as const,
      queryFn: ({ signal }) => unwrap(api.GET('/api/v1/payments/attention/{id}', { params: { path: { id } }, signal })),
    }),
  webhookLogs: (filters: WebhookLogFilters) =>
    infiniteQueryOptions({
      queryKey: ['webhook-logs', filters.search ?? ''] as const,
      queryFn: ({ pageParam, signal }) =>
        unwrap(
          api.GET('/api/v1/payments/webhook-logs', {
            params: { query: { ...(filters.search ? { search: filters.search } : {}), limit: PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) } },
            signal,
          }),
        ),
      initialPageParam: null as string | null,
      getNextPageParam: (last) => last.nextCursor ?? undefined,
    }),
};
