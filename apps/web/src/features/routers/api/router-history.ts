import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/lib/api/schema';
import { routerQueries } from './router-queries';

export type HistoryRange = components['schemas']['RouterHistoryRange'];
export type RouterHistory = components['schemas']['RouterHistoryDto'];
export type RouterLiveFigures = components['schemas']['RouterLiveFiguresDto'];

/** The router page's history charts (docs/monitoring.md): a new point a minute, so polled once a minute. */
export const routerHistoryQuery = (id: string, range: HistoryRange) =>
  queryOptions({
    queryKey: [...routerQueries.detail(id).queryKey, 'history', range] as const,
    queryFn: () => unwrap(api.GET('/api/v1/routers/{id}/history', { params: { path: { id }, query: { range } } })),
    refetchInterval: 60_000,
  });

/** Reads the router now (status, CPU, memory, sessions, traffic since the last minute); the page's figures follow. */
export function useRefreshRouter(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/routers/{id}/refresh', { params: { path: { id } } })),
    onSettled: () => void qc.invalidateQueries({ queryKey: routerQueries.detail(id).queryKey, exact: true }),
  });
}
