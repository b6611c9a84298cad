import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import type { AttentionScope, AttentionState, WebhookLogFilters } from './types';

const PAGE_SIZE = 50;

/** Query keys and options for Needs attention (queue, count, item; a provider's or, for the super admin, every provider's) and the webhook log. */
export const attentionQueries = {
  all: () => ['attention'] as const,
  count: (scope: AttentionScope) =>
    queryOptions({
      queryKey: [...attentionQueries.all(), scope, 'count'] as const,
      queryFn: ({ signal }) => unwrap(scope === 'admin' ? api.GET('/api/v1/admin/attention/count', { signal }) : api.GET('/api/v1/payments/attention/count', { signal })),
      staleTime: 30_000,
    }),
  list: (scope: AttentionScope, state: AttentionState) =>
    infiniteQueryOptions({
      queryKey: [...attentionQueries.all(), scope, 'list', state] as const,
      queryFn: ({ pageParam, signal }) => {
        const params = { query: { state, limit: PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) } };
        return unwrap(scope === 'admin' ? api.GET('/api/v1/admin/attention', { params, signal }) : api.GET('/api/v1/payments/attention', { params, signal }));
      },
      initialPageParam: null as string | null,
      getNextPageParam: (last) => last.nextCursor ?? undefined,
    }),
  detail: (scope: AttentionScope, id: string) =>
    queryOptions({
      queryKey: [...attentionQueries.all(), scope, 'detail', id] as const,
      queryFn: ({ signal }) => {
        const params = { path: { id } };
        return unwrap(scope === 'admin' ? api.GET('/api/v1/admin/attention/{id}', { params, signal }) : api.GET('/api/v1/payments/attention/{id}', { params, signal }));
      },
    }),
  /** A provider's own callbacks, or (super admin) the platform shortcode's, optionally only those that reached no provider. */
  webhookLogs: (filters: WebhookLogFilters, scope: AttentionScope = 'provider') =>
    infiniteQueryOptions({
      queryKey: ['webhook-logs', scope, filters.search ?? '', filters.unrouted ?? false] as const,
      queryFn: ({ pageParam, signal }) => {
        const query = { ...(filters.search ? { search: filters.search } : {}), limit: PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) };
        return unwrap(
          scope === 'admin'
            ? api.GET('/api/v1/admin/payments/webhook-logs', { params: { query: { ...query, ...(filters.unrouted ? { routing: 'unrouted' as const } : {}) } }, signal })
            : api.GET('/api/v1/payments/webhook-logs', { params: { query }, signal }),
        );
      },
      initialPageParam: null as string | null,
      getNextPageParam: (last) => last.nextCursor ?? undefined,
    }),
};
