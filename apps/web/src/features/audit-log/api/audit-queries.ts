import { infiniteQueryOptions } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import type { QueryParams } from '@/lib/api/types';

export type AuditFilters = Omit<QueryParams<'/api/v1/audit-logs', 'get'>, 'cursor' | 'limit'>;

export const auditQueries = {
  all: () => ['audit-logs'] as const,
  list: (filters: AuditFilters) =>
    infiniteQueryOptions({
      queryKey: [...auditQueries.all(), 'list', filters] as const,
      queryFn: ({ pageParam }) => unwrap(api.GET('/api/v1/audit-logs', { params: { query: { ...filters, limit: 50, cursor: pageParam } } })),
      initialPageParam: undefined as string | undefined,
      getNextPageParam: (last) => last.nextCursor ?? undefined,
    }),
};
