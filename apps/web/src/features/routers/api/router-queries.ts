import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import type { RouterListParams } from './types';

const LIVE_MS = 10_000;
/** Routers per page of the routers list. */
export const ROUTERS_PAGE_SIZE = 50;

/** Query keys and options for the routers feature; live data polls while shown. */
export const routerQueries = {
  all: () => ['routers'] as const,
  lists: () => [...routerQueries.all(), 'list'] as const,
  /** One page of the routers list (server-side search, filters, sort); the previous page stays shown while the next loads. */
  list: (params: RouterListParams) =>
    queryOptions({
      queryKey: [...routerQueries.lists(), params] as const,
      queryFn: ({ signal }) => unwrap(api.GET('/api/v1/routers', { params: { query: { limit: ROUTERS_PAGE_SIZE, ...params } }, signal })),
      refetchInterval: LIVE_MS,
      placeholderData: keepPreviousData,
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
