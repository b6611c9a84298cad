import { queryOptions } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';

export const landingQueries = {
  trial: () => queryOptions({ queryKey: ['landing', 'trial'] as const, queryFn: () => unwrap(api.GET('/api/v1/platform-plans/trial')), staleTime: 5 * 60_000 }),
  platformPlans: () => queryOptions({ queryKey: ['landing', 'platform-plans'] as const, queryFn: () => unwrap(api.GET('/api/v1/platform-plans')), staleTime: 5 * 60_000 }),
};
