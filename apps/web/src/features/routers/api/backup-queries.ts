import { queryOptions } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import type { RestoreDto } from './types';

/** How often a restore that is still running or waiting for the reboot is read again. */
const RESTORE_POLL_MS = 1_000;

/** A restore is finished once it succeeded or failed; until then the page follows it. */
export const restoreFinished = (restore: Pick<RestoreDto, 'status'>): boolean => restore.status === 'succeeded' || restore.status === 'failed';

/** Query keys and options for a router's backups, their diffs and restores (docs/backups.md). */
export const backupQueries = {
  all: (routerId: string) => ['routers', 'detail', routerId, 'backups'] as const,
  list: (routerId: string) =>
    queryOptions({
      queryKey: [...backupQueries.all(routerId), 'list'] as const,
      queryFn: () => unwrap(api.GET('/api/v1/routers/{id}/backups', { params: { path: { id: routerId } } })),
    }),
  diff: (routerId: string, backupId: string) =>
    queryOptions({
      queryKey: [...backupQueries.all(routerId), 'diff', backupId] as const,
      queryFn: () => unwrap(api.GET('/api/v1/routers/{id}/backups/{backupId}/diff', { params: { path: { id: routerId, backupId } } })),
      retry: false,
      staleTime: Infinity,
    }),
  restores: (routerId: string) =>
    queryOptions({
      queryKey: [...backupQueries.all(routerId), 'restores'] as const,
      queryFn: () => unwrap(api.GET('/api/v1/routers/{id}/restores', { params: { path: { id: routerId } } })),
      // keep following while one of them is under way
      refetchInterval: (query) => (query.state.data?.some((r) => !restoreFinished(r)) ? RESTORE_POLL_MS : false),
    }),
  /** One restore, read every second until it finished (a binary restore: until the router is back after its reboot). */
  restore: (routerId: string, restoreId: string) =>
    queryOptions({
      queryKey: [...backupQueries.all(routerId), 'restores', restoreId] as const,
      queryFn: () => unwrap(api.GET('/api/v1/routers/{id}/restores/{restoreId}', { params: { path: { id: routerId, restoreId } } })),
      refetchInterval: (query) => (query.state.data && restoreFinished(query.state.data) ? false : RESTORE_POLL_MS),
    }),
};
