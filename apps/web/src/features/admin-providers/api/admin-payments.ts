import { queryOptions, useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/lib/api/schema';

export type AdminPaymentSettingsDto = components['schemas']['PaymentSettingsDto'];
export type CreatePayoutBody = components['schemas']['CreatePayoutDto'];
export type PayoutMethod = CreatePayoutBody['method'];

/** A provider's M-Pesa payouts balance (super admin). */
export const adminPaymentQueries = {
  all: () => ['admin-providers', 'payments'] as const,
  balance: (providerId: string) =>
    queryOptions({
      queryKey: [...adminPaymentQueries.all(), 'balance', providerId] as const,
      queryFn: ({ signal }) => unwrap(api.GET('/api/v1/admin/payments/providers/{id}/balance', { params: { path: { id: providerId } }, signal })),
    }),
};

/** Overrides the platform-collection commission (basis points; null = the provider type's default). */
export function useSetCommission(providerId: string) {
  return useMutation({
    mutationFn: (rateBp: number | null) => unwrap(api.PUT('/api/v1/admin/payments/providers/{id}/commission', { params: { path: { id: providerId } }, body: { rateBp } })),
  });
}

/** Records a payout; the returned balance replaces the cached one. */
export function useRecordPayout(providerId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreatePayoutBody) => unwrap(api.POST('/api/v1/admin/payments/providers/{id}/payouts', { params: { path: { id: providerId } }, body })),
    onSuccess: (balance) => qc.setQueryData(adminPaymentQueries.balance(providerId).queryKey, balance),
  });
}
