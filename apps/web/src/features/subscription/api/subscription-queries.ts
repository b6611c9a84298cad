import { queryOptions } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import type { SubscriptionStatus } from './types';

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

/** Super admin: provider subscriptions (first 100, optionally by status) and the providers' names. */
export const adminSubscriptionQueries = {
  all: () => ['admin', 'subscriptions'] as const,
  list: (status?: SubscriptionStatus) =>
    queryOptions({
      queryKey: [...adminSubscriptionQueries.all(), 'list', status ?? 'all'] as const,
      queryFn: () => unwrap(api.GET('/api/v1/admin/subscriptions', { params: { query: { limit: 100, ...(status ? { status } : {}) } } })),
    }),
  providerNames: () =>
    queryOptions({
      queryKey: [...adminSubscriptionQueries.all(), 'provider-names'] as const,
      queryFn: async () => new Map((await unwrap(api.GET('/api/v1/admin/providers', { params: { query: { limit: 100 } } }))).items.map((p) => [p.id, p.businessName])),
    }),
};
