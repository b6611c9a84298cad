import { queryOptions } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';

export const alertQueries = {
  all: () => ['alerts'] as const,
  preferences: () =>
    queryOptions({
      queryKey: [...alertQueries.all(), 'preferences'] as const,
      queryFn: () => unwrap(api.GET('/api/v1/auth/me/alert-preferences')),
    }),
};
