import { queryOptions } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';

export const authQueries = {
  all: () => ['auth'] as const,
  me: () =>
    queryOptions({
      queryKey: [...authQueries.all(), 'me'] as const,
      queryFn: () => unwrap(api.GET('/api/v1/auth/me')),
      staleTime: 60_000,
    }),
};
