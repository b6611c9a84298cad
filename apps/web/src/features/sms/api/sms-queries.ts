import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import type { SmsLogFilters } from './types';

const PAGE_SIZE = 50;

/** Drops empty filters so the keys and the query strings stay canonical. */
function cleanFilters(f: SmsLogFilters): SmsLogFilters {
  const out: SmsLogFilters = {};
  for (const [k, v] of Object.entries(f) as [keyof SmsLogFilters, string | undefined][]) if (v) (out as Record<string, string>)[k] = v;
  return out;
}

/** Query keys and options for the SMS feature (settings, this month's usage, the message log). */
export const smsQueries = {
  all: () => ['sms'] as const,
  settings: () =>
    queryOptions({
      queryKey: [...smsQueries.all(), 'settings'] as const,
      queryFn: ({ signal }) => unwrap(api.GET('/api/v1/sms/settings', { signal })),
    }),
  usage: () =>
    queryOptions({
      queryKey: [...smsQueries.all(), 'usage'] as const,
      queryFn: ({ signal }) => unwrap(api.GET('/api/v1/sms/usage', { signal })),
    }),
  logs: () => [...smsQueries.all(), 'log'] as const,
  log: (filters: SmsLogFilters) =>
    infiniteQueryOptions({
      queryKey: [...smsQueries.logs(), cleanFilters(filters)] as const,
      queryFn: ({ pageParam, signal }) =>
        unwrap(
          api.GET('/api/v1/sms/messages', {
            params: { query: { ...cleanFilters(filters), limit: PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) } },
            signal,
          }),
        ),
      initialPageParam: null as string | null,
      getNextPageParam: (last) => last.nextCursor ?? undefined,
    }),
};
