import { queryOptions } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';

/** The signed-in provider's subscription, invoices and notifications; platform plans; revenue. */
export const subscriptionQueries = {
  all: () => ['subscription'] as const,
  current: () => queryOptions({ queryKey: [...subscriptionQueries.all(), 'current'] as const, queryFn: () => unwrap(api.GET('/api/v1/subscription')), retry: false }),
  invoices: () =>
    queryOptions({ queryKey: [...subscriptionQueries.all(), 'invoices'] as const, queryFn: () => unwrap(api.GET('/api/v1/subscription/invoices', { params: { query: { limit: 50 } } })) }),
  notifications: () =>
    queryOptions({ queryKey: [...subscriptionQueries.all(), 'notifications'] as const, queryFn: () => unwrap(api.GET('/api/v1/notifications', { params: { query: { limit: 20 } } })) }),
  publicPlans: () => queryOptions({ queryKey: ['platform-plans', 'public'] as const, queryFn: () => unwrap(api.GET('/api/v1/platform-plans')) }),
};

export const platformPlanQueries = {
  all: () => ['admin', 'platform-plans'] as const,
  list: () => queryOptions({ queryKey: [...platformPlanQueries.all(), 'list'] as const, queryFn: () => unwrap(api.GET('/api/v1/admin/platform-plans')) }),
  settings: () => queryOptions({ queryKey: [...platformPlanQueries.all(), 'settings'] as const, queryFn: () => unwrap(api.GET('/api/v1/admin/platform-settings')) }),
  revenue: () => queryOptions({ queryKey: ['admin', 'subscription-revenue'] as const, queryFn: () => unwrap(api.GET('/api/v1/admin/subscriptions/revenue')) }),
};
