import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import { lookupQueries } from '@/lib/lookup-queries';
import type { VoucherBatchDto, VoucherFilters, VoucherSort } from './types';

const PAGE_SIZE = 50;

/** Drops empty filters so the keys and the query strings stay canonical. */
export function cleanFilters(f: VoucherFilters): VoucherFilters {
  const out: VoucherFilters = {};
  for (const [k, v] of Object.entries(f) as [keyof VoucherFilters, string | undefined][]) if (v) (out as Record<string, string>)[k] = v;
  return out;
}

/** True while a batch is still generating or pushing to a router (keep polling). */
export function batchBusy(b: VoucherBatchDto): boolean {
  return b.status === 'generating' || b.routers.some((r) => r.status === 'queued' || r.status === 'running');
}

/** Query keys and options for the vouchers feature. */
export const voucherQueries = {
  all: () => ['vouchers'] as const,
  lists: () => [...voucherQueries.all(), 'list'] as const,
  list: (filters: VoucherFilters, sort: VoucherSort) =>
    infiniteQueryOptions({
      queryKey: [...voucherQueries.lists(), cleanFilters(filters), sort] as const,
      queryFn: ({ pageParam, signal }) =>
        unwrap(
          api.GET('/api/v1/vouchers', {
            params: { query: { ...cleanFilters(filters), sort, limit: PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) } },
            signal,
          }),
        ),
      initialPageParam: null as string | null,
      getNextPageParam: (last) => last.nextCursor ?? undefined,
    }),
  counts: (filters: VoucherFilters) => {
    const { status: _ignored, ...rest } = cleanFilters(filters);
    return queryOptions({
      queryKey: [...voucherQueries.all(), 'counts', rest] as const,
      queryFn: ({ signal }) => unwrap(api.GET('/api/v1/vouchers/counts', { params: { query: rest }, signal })),
    });
  },
  detail: (id: string) =>
    queryOptions({
      queryKey: [...voucherQueries.all(), 'detail', id] as const,
      queryFn: ({ signal }) => unwrap(api.GET('/api/v1/vouchers/{id}', { params: { path: { id } }, signal })),
    }),
  batches: () =>
    infiniteQueryOptions({
      queryKey: [...voucherQueries.all(), 'batches'] as const,
      queryFn: ({ pageParam, signal }) => unwrap(api.GET('/api/v1/voucher-batches', { params: { query: { limit: 20, ...(pageParam ? { cursor: pageParam } : {}) } }, signal })),
      initialPageParam: null as string | null,
      getNextPageParam: (last) => last.nextCursor ?? undefined,
      refetchInterval: (q) => (q.state.data?.pages.some((p) => p.items.some(batchBusy)) ? 2000 : false),
    }),
  /** A batch with its progress; polls every second while it is generating or pushing. */
  batch: (id: string) =>
    queryOptions({
      queryKey: [...voucherQueries.all(), 'batch', id] as const,
      queryFn: ({ signal }) => unwrap(api.GET('/api/v1/voucher-batches/{id}', { params: { path: { id } }, signal })),
      refetchInterval: (q) => (q.state.data && !batchBusy(q.state.data) ? false : 1000),
    }),
  /** Names for the filter and form pickers (shared with the other features). */
  plans: lookupQueries.plans,
  routers: lookupQueries.routerNames,
};
