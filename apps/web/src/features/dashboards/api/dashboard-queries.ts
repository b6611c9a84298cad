import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/lib/api/schema';

type S = components['schemas'];
export type Rate = S['RateDto'];
export type LedgerTotal = S['LedgerTotalDto'];
export type MethodTotal = S['MethodTotalDto'];
export type GettingStarted = S['GettingStartedDto'];

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
