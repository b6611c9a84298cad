import { infiniteQueryOptions, queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/lib/api/schema';

type S = components['schemas'];
export type Rate = S['RateDto'];
export type LedgerTotal = S['LedgerTotalDto'];
export type MethodTotal = S['MethodTotalDto'];
export type GettingStarted = S['GettingStartedDto'];
export type ProviderPerformance = S['ProviderPerformanceDto'];
export type PerformanceTotals = S['PerformanceTotalsDto'];
export type PushStats = S['PushStatsDto'];
export type PerformanceSort = S['PerformanceSort'];

/** The performance report's filters: range (ISO instants; absent = the API's default 30 days), sort, order, search. */
export interface PerformanceFilters {
  from?: string | undefined;
  to?: string | undefined;
  sort: PerformanceSort;
  order: 'asc' | 'desc';
  search?: string | undefined;
}

/** Overview pages refresh on live events; the polling is only a fallback when the stream is down. */
const FALLBACK_POLL_MS = 60_000;

export const dashboardQueries = {
  all: () => ['dashboards'] as const,
  overview: () =>
    queryOptions({
      queryKey: [...dashboardQueries.all(), 'overview'] as const,
      queryFn: () => unwrap(api.GET('/api/v1/overview')),
      refetchInterval: FALLBACK_POLL_MS,
    }),
  /** The owner's first-day checklist; refetched with the overview (live events invalidate ['dashboards']). */
  gettingStarted: () =>
    queryOptions({
      queryKey: [...dashboardQueries.all(), 'getting-started'] as const,
      queryFn: () => unwrap(api.GET('/api/v1/overview/getting-started')),
      refetchInterval: FALLBACK_POLL_MS,
    }),
  adminOverview: () =>
    queryOptions({
      queryKey: [...dashboardQueries.all(), 'admin-overview'] as const,
      queryFn: () => unwrap(api.GET('/api/v1/admin/overview')),
      refetchInterval: FALLBACK_POLL_MS,
    }),
  /** Super admin: per-provider performance, 20 rows a page ("Load more" follows nextCursor). */
  performance: (f: PerformanceFilters) =>
    infiniteQueryOptions({
      queryKey: [...dashboardQueries.all(), 'performance', { from: f.from ?? null, to: f.to ?? null, sort: f.sort, order: f.order, search: f.search ?? '' }] as const,
      queryFn: ({ pageParam, signal }) =>
        unwrap(
          api.GET('/api/v1/admin/providers/performance', {
            params: {
              query: {
                ...(f.from ? { from: f.from } : {}),
                ...(f.to ? { to: f.to } : {}),
                ...(f.search ? { search: f.search } : {}),
                sort: f.sort,
                order: f.order,
                limit: 20,
                ...(pageParam ? { cursor: pageParam } : {}),
              },
            },
            signal,
          }),
        ),
      initialPageParam: null as string | null,
      getNextPageParam: (lastPage) => lastPage.nextCursor ?? undefined,
    }),
  systemHealth: () =>
    queryOptions({
      queryKey: [...dashboardQueries.all(), 'system-health'] as const,
      queryFn: () => unwrap(api.GET('/api/v1/admin/system-health')),
      refetchInterval: 30_000,
    }),
};

export function useRunJob() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => unwrap(api.POST('/api/v1/admin/system-health/jobs/{name}/run', { params: { path: { name } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: dashboardQueries.systemHealth().queryKey }),
  });
}

export function useRetryOutbox() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (routerId: string) => unwrap(api.POST('/api/v1/admin/system-health/routers/{routerId}/retry', { params: { path: { routerId } } })),
    onSuccess: () => qc.invalidateQueries({ queryKey: dashboardQueries.systemHealth().queryKey }),
  });
}
