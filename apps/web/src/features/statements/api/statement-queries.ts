import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import type { StatementLineFilters, StatementScope } from './types';

const LINES_PAGE_SIZE = 50;
const UPLOADS_PAGE_SIZE = 20;

/** Drops empty filters so the keys and the query strings stay canonical. */
function clean<T extends object>(f: T): T {
  const out = {} as T;
  for (const [k, v] of Object.entries(f)) if (v) (out as Record<string, unknown>)[k] = v;
  return out;
}

const page = (limit: number, cursor: string | null) => ({ limit, ...(cursor ? { cursor } : {}) });

/**
 * Query keys and options for statement reconciliation, per scope: the provider's own shortcode
 * (`['statements', 'provider', …]`) or the platform's (`['statements', 'platform', …]`, super admin).
 */
export const statementQueries = {
  all: () => ['statements'] as const,
  scope: (scope: StatementScope) => [...statementQueries.all(), scope] as const,
  /** Provider: own shortcode (null under platform collection), Pull health, unmatched count. */
  reconciliation: () =>
    queryOptions({
      queryKey: [...statementQueries.scope('provider'), 'reconciliation'] as const,
      queryFn: ({ signal }) => unwrap(api.GET('/api/v1/payments/reconciliation', { signal })),
    }),
  /** Super admin: every pulled shortcode with its health. */
  sources: () =>
    queryOptions({
      queryKey: [...statementQueries.scope('platform'), 'sources'] as const,
      queryFn: ({ signal }) => unwrap(api.GET('/api/v1/admin/payments/statement-sources', { signal })),
    }),
  lines: (scope: StatementScope, filters: StatementLineFilters) =>
    infiniteQueryOptions({
      queryKey: [...statementQueries.scope(scope), 'lines', clean(filters)] as const,
      queryFn: ({ pageParam, signal }) => {
        const { status, shortcode } = clean(filters);
        return scope === 'platform'
          ? unwrap(api.GET('/api/v1/admin/payments/statement-lines', { params: { query: { ...clean({ status, shortcode }), ...page(LINES_PAGE_SIZE, pageParam) } }, signal }))
          : unwrap(api.GET('/api/v1/payments/statement-lines', { params: { query: { ...clean({ status }), ...page(LINES_PAGE_SIZE, pageParam) } }, signal }));
      },
      initialPageParam: null as string | null,
      getNextPageParam: (last) => last.nextCursor ?? undefined,
    }),
  uploads: (scope: StatementScope) =>
    infiniteQueryOptions({
      queryKey: [...statementQueries.scope(scope), 'uploads'] as const,
      queryFn: ({ pageParam, signal }) => {
        const query = page(UPLOADS_PAGE_SIZE, pageParam);
        return scope === 'platform'
          ? unwrap(api.GET('/api/v1/admin/payments/statements', { params: { query }, signal }))
          : unwrap(api.GET('/api/v1/payments/statements', { params: { query }, signal }));
      },
      initialPageParam: null as string | null,
      getNextPageParam: (last) => last.nextCursor ?? undefined,
    }),
  /** One upload with its preview (or result) lines. */
  upload: (scope: StatementScope, id: string) =>
    queryOptions({
      queryKey: [...statementQueries.scope(scope), 'upload', id] as const,
      queryFn: ({ signal }) => {
        const params = { path: { id } };
        return scope === 'platform' ? unwrap(api.GET('/api/v1/admin/payments/statements/{id}', { params, signal })) : unwrap(api.GET('/api/v1/payments/statements/{id}', { params, signal }));
      },
    }),
};
