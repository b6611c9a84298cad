import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import { adminSubscriptionQueries, platformPlanQueries, subscriptionQueries } from './subscription-queries';
import type { CreatePlatformPlanBody, ExtendSubscriptionBody, UpdatePlatformPlanBody, WaiveSubscriptionBody } from './types';

/** Creates the invoice + Pesapal order; the caller sends the browser to `redirectUrl`. */
export function useCheckout() {
  return useMutation({ mutationFn: (planId: string) => unwrap(api.POST('/api/v1/subscription/checkout', { body: { planId } })) });
}

/** Asks the API to re-check a pending invoice with Pesapal (the return page polls this). */
export function useRefreshInvoice() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.POST('/api/v1/subscription/invoices/{id}/refresh', { params: { path: { id } } })),
    onSuccess: (invoice) => {
      if (invoice.status !== 'pending') void qc.invalidateQueries({ queryKey: subscriptionQueries.all() });
    },
  });
}

export function useSavePlatformPlan() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: ({ id, body }: { id?: string; body: CreatePlatformPlanBody | UpdatePlatformPlanBody }) =>
      id ? unwrap(api.PATCH('/api/v1/admin/platform-plans/{id}', { params: { path: { id } }, body })) : unwrap(api.POST('/api/v1/admin/platform-plans', { body: body as CreatePlatformPlanBody })),
    onSuccess: () => void qc.invalidateQueries({ queryKey: platformPlanQueries.all() }),
  });
}

export function useDeletePlatformPlan() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/v1/admin/platform-plans/{id}', { params: { path: { id } } })),
    onSuccess: () => void qc.invalidateQueries({ queryKey: platformPlanQueries.all() }),
  });
}

/** The default limits of an account with no paid plan (the free trial); null = unlimited. */
export function useSavePlatformSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { defaultMaxRouters: number | null; defaultMaxVouchersPerMonth: number | null; defaultMaxSmsPerMonth: number | null }) =>
      unwrap(api.PUT('/api/v1/admin/platform-settings', { body })),
    onSuccess: (settings) => qc.setQueryData(platformPlanQueries.settings().queryKey, settings),
  });
}

/** Super admin: extend a provider's subscription by some days, or waive periods of a plan (both audited). */
export function useAdminSubscriptionAction(providerId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (action: { kind: 'extend'; body: ExtendSubscriptionBody } | { kind: 'waive'; body: WaiveSubscriptionBody }) =>
      action.kind === 'extend'
        ? unwrap(api.POST('/api/v1/admin/subscriptions/{id}/extend', { params: { path: { id: providerId } }, body: action.body }))
        : unwrap(api.POST('/api/v1/admin/subscriptions/{id}/waive', { params: { path: { id: providerId } }, body: action.body })),
    onSuccess: () => void qc.invalidateQueries({ queryKey: adminSubscriptionQueries.all() }),
  });
}
