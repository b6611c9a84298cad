import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import { lookupQueries } from '@/lib/lookup-queries';
import type { PaymentFilters, RevenueFilters, StatementRange } from './types';

const PAGE_SIZE = 50;

/** Drops empty filters so the keys and the query strings stay canonical. */
export function cleanFilters<T extends object>(f: T): T {
  const out = {} as T;
  for (const [k, v] of Object.entries(f)) if (v) (out as Record<string, unknown>)[k] = v;
  return out;
}

/** Query keys and options for the payments feature (settings, list, detail, revenue, balance). */
export const paymentQueries = {
  all: () => ['payments'] as const,
  settings: () =>
    queryOptions({
      queryKey: [...paymentQueries.all(), 'settings'] as const,
      queryFn: ({ signal }) => unwrap(api.GET('/api/v1/payments/settings', { signal })),
    }),
  balance: () =>
    queryOptions({
      queryKey: [...paymentQueries.all(), 'balance'] as const,
      queryFn: ({ signal }) => unwrap(api.GET('/api/v1/payments/balance', { signal })),
    }),
  lists: () => [...paymentQueries.all(), 'list'] as const,
  list: (filters: PaymentFilters) =>
    infiniteQueryOptions({
      queryKey: [...paymentQueries.lists(), cleanFilters(filters)] as const,
      queryFn: ({ pageParam, signal }) =>
        unwrap(
          api.GET('/api/v1/payments', {
            params: { query: { ...cleanFilters(filters), limit: PAGE_SIZE, ...(pageParam ? { cursor: pageParam } : {}) } },
            signal,
          }),
        ),
      initialPageParam: null as string | null,
      getNextPageParam: (last) => last.nextCursor ?? undefined,
    }),
  detail: (id: string) =>
    queryOptions({
      queryKey: [...paymentQueries.all(), 'detail', id] as const,
      queryFn: ({ signal }) => unwrap(api.GET('/api/v1/payments/{id}', { params: { path: { id } }, signal })),
    }),
  revenue: (filters: RevenueFilters) =>
    queryOptions({
      queryKey: [...paymentQueries.all(), 'revenue', cleanFilters(filters)] as const,
      queryFn: ({ signal }) => unwrap(api.GET('/api/v1/payments/reports/revenue', { params: { query: cleanFilters(filters) }, signal })),
    }),
  /** Super admin: the whole platform's revenue (commission is the platform's revenue). */
  platformRevenue: (filters: RevenueFilters) =>
    queryOptions({
      queryKey: [...paymentQueries.all(), 'platform-revenue', cleanFilters(filters)] as const,
      queryFn: ({ signal }) => unwrap(api.GET('/api/v1/admin/payments/revenue', { params: { query: cleanFilters(filters) }, signal })),
    }),
  /** The owner's payout statement (platform collection). */
  statement: (range: StatementRange) =>
    queryOptions({
      queryKey: [...paymentQueries.all(), 'statement', cleanFilters(range)] as const,
      queryFn: ({ signal }) => unwrap(api.GET('/api/v1/payments/payouts/statement', { params: { query: cleanFilters(range) }, signal })),
    }),
  /** Super admin: what the platform owes each provider. */
  adminBalances: () =>
    queryOptions({
      queryKey: [...paymentQueries.all(), 'admin-balances'] as const,
      queryFn: ({ signal }) => unwrap(api.GET('/api/v1/admin/payments/payouts', { signal })),
    }),
  /** Super admin: whether the platform shortcode's C2B URLs are registered (paybill by reference, till by phone). */
  platformC2b: () =>
    queryOptions({
      queryKey: [...paymentQueries.all(), 'platform-c2b'] as const,
      queryFn: ({ signal }) => unwrap(api.GET('/api/v1/admin/payments/platform-c2b', { signal })),
    }),
  /** Super admin: one provider's payout statement. */
  adminStatement: (providerId: string, range: StatementRange) =>
    queryOptions({
      queryKey: [...paymentQueries.all(), 'admin-statement', providerId, cleanFilters(range)] as const,
      queryFn: ({ signal }) => unwrap(api.GET('/api/v1/admin/payments/providers/{id}/statement', { params: { path: { id: providerId }, query: cleanFilters(range) }, signal })),
    }),
  /** Names for the filter pickers (shared with the other features). */
  plans: lookupQueries.plans,
  routers: lookupQueries.routerNames,
};
