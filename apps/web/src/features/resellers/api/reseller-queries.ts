import { queryOptions } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import type { ResellerRange } from './types';

/** Drops empty range ends so keys and query strings stay canonical. */
export function cleanRange(range: ResellerRange): ResellerRange {
  return { ...(range.from ? { from: range.from } : {}), ...(range.to ? { to: range.to } : {}) };
}

/** Query keys and options for the resellers feature. */
export const resellerQueries = {
  all: () => ['resellers'] as const,
  list: (includeArchived: boolean) =>
    queryOptions({
      queryKey: [...resellerQueries.all(), 'list', includeArchived] as const,
      queryFn: ({ signal }) => unwrap(api.GET('/api/v1/resellers', { params: { query: includeArchived ? { includeArchived: true } : {} }, signal })),
    }),
  detail: (id: string) =>
    queryOptions({
      queryKey: [...resellerQueries.all(), 'detail', id] as const,
      queryFn: ({ signal }) => unwrap(api.GET('/api/v1/resellers/{id}', { params: { path: { id } }, signal })),
    }),
  statement: (id: string, range: ResellerRange) =>
    queryOptions({
      queryKey: [...resellerQueries.all(), 'statement', id, cleanRange(range)] as const,
      queryFn: ({ signal }) => unwrap(api.GET('/api/v1/resellers/{id}/statement', { params: { path: { id }, query: cleanRange(range) }, signal })),
    }),
  /** Ready printed batches for the handover picker (the newest 50). */
  batches: () =>
    queryOptions({
      queryKey: [...resellerQueries.all(), 'batches'] as const,
      queryFn: async ({ signal }) => (await unwrap(api.GET('/api/v1/voucher-batches', { params: { query: { limit: 50 } }, signal }))).items.filter((b) => b.status === 'ready'),
      staleTime: 10_000,
    }),
};
