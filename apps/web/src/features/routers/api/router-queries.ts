import { queryOptions } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';

const LIVE_MS = 10_000;

/** Query keys and options for the routers feature; live data polls while shown. */
export const routerQueries = {
  all: () => ['routers'] as const,
  list: () =>
    queryOptions({
      queryKey: [...routerQueries.all(), 'list'] as const,
      queryFn: () => unwrap(api.GET('/api/v1/routers', { params: { query: { limit: 100 } } })),
      refetchInterval: LIVE_MS,
    }),
  detail: (id: string) =>
    queryOptions({
      queryKey: [...routerQueries.all(), 'detail', id] as const,
      queryFn: () => unwrap(api.GET('/api/v1/routers/{id}', { params: { path: { id } } })),
      refetchInterval: LIVE_MS,
    }),
  sessions: (id: string) =>
    queryOptions({
      queryKey: [...routerQueries.all(), 'detail', id, 'sessions'] as const,
      queryFn: () => unwrap(api.GET('/api/v1/routers/{id}/sessions', { params: { path: { id } } })),
      refetchInterval: LIVE_MS,
      retry: false,
    }),
  interfaces: (id: string) =>
    queryOptions({
      queryKey: [...routerQueries.all(), 'detail', id, 'interfaces'] as const,
      queryFn: () => unwrap(api.GET('/api/v1/routers/{id}/interfaces', { params: { path: { id } } })),
      refetchInterval: LIVE_MS,
      retry: false,
    }),
  log: (id: string) =>
    queryOptions({
      queryKey: [...routerQueries.all(), 'detail', id, 'log'] as const,
      queryFn: () => unwrap(api.GET('/api/v1/routers/{id}/log', { params: { path: { id } } })),
      retry: false,
    }),
  events: (id: string) =>
    queryOptions({
      queryKey: [...routerQueries.all(), 'detail', id, 'events'] as const,
      queryFn: () => unwrap(api.GET('/api/v1/routers/{id}/events', { params: { path: { id }, query: { limit: 50 } } })),
      refetchInterval: LIVE_MS,
    }),
  /** Who is online: every router's live sessions (a router that cannot be read carries its error). */
  online: () =>
    queryOptions({
      queryKey: [...routerQueries.all(), 'online'] as const,
      queryFn: () => unwrap(api.GET('/api/v1/routers/online')),
      refetchInterval: LIVE_MS,
    }),
  sync: (id: string) =>
    queryOptions({
      queryKey: [...routerQueries.all(), 'detail', id, 'sync'] as const,
      queryFn: () => unwrap(api.GET('/api/v1/routers/{id}/sync', { params: { path: { id } } })),
      refetchInterval: LIVE_MS,
    }),
};
