import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import { cleanFilters, paymentQueries } from './payment-queries';
import type { CreatePayoutBody, RevenueFilters, StatementRange, UpdatePaymentSettingsBody } from './types';

/** Saves the collection settings; the returned settings replace the cached ones. */
export function useSavePaymentSettings() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: UpdatePaymentSettingsBody) => unwrap(api.PUT('/api/v1/payments/settings', { body })),
    onSuccess: (settings) => {
      qc.setQueryData(paymentQueries.settings().queryKey, settings);
      void qc.invalidateQueries({ queryKey: paymentQueries.balance().queryKey });
    },
  });
}

/** Asks Daraja for a token with the stored consumer key/secret; the settings refetch (last test). */
export function useTestCredentials() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/payments/settings/test')),
    onSettled: () => void qc.invalidateQueries({ queryKey: paymentQueries.settings().queryKey }),
  });
}

export function useRegisterC2b() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/payments/settings/c2b-registration')),
    onSettled: () => void qc.invalidateQueries({ queryKey: paymentQueries.settings().queryKey }),
  });
}

/** Super admin: registers the platform shortcode's C2B URLs with Daraja; the status refetches. */
export function useRegisterPlatformC2b() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/admin/payments/platform-c2b/registration')),
    onSettled: () => void qc.invalidateQueries({ queryKey: paymentQueries.platformC2b().queryKey }),
  });
}

/** Replaces the secret in the Daraja callback URLs; the returned settings replace the cached ones. */
export function useRotateCallbackSecret() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/payments/settings/callback-secret')),
    onSuccess: (settings) => qc.setQueryData(paymentQueries.settings().queryKey, settings),
  });
}

type BlobResult = { data?: unknown; error?: unknown; response: Response };

function saveBlob(blob: Blob, filename: string) {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

function filenameOf(response: Response, fallback: string): string {
  const m = /filename="([^"]+)"/.exec(response.headers.get('Content-Disposition') ?? '');
  return m?.[1] ?? fallback;
}

/** Ledger transactions (gross, commission, net…) in a date range, as a CSV download. */
export function useDownloadLedger() {
  return useMutation({
    mutationFn: async (range: { from?: string | undefined; to?: string | undefined }) => {
      const result: BlobResult = await api.GET('/api/v1/payments/ledger.csv', { params: { query: cleanFilters(range) }, parseAs: 'blob' });
      const blob = (await unwrap(Promise.resolve(result))) as Blob;
      saveBlob(blob, filenameOf(result.response, 'ledger.csv'));
    },
  });
}

/** The revenue report as a CSV download (`platform`: the super admin's whole-platform report). */
export function useDownloadRevenue(platform = false) {
  return useMutation({
    mutationFn: async (filters: RevenueFilters) => {
      const query = cleanFilters(filters);
      const result: BlobResult = platform
        ? await api.GET('/api/v1/admin/payments/revenue.csv', { params: { query }, parseAs: 'blob' })
        : await api.GET('/api/v1/payments/reports/revenue.csv', { params: { query }, parseAs: 'blob' });
      const blob = (await unwrap(Promise.resolve(result))) as Blob;
      saveBlob(blob, filenameOf(result.response, `revenue-${filters.groupBy}.csv`));
    },
  });
}

/** A payout statement as a CSV download: the owner's own, or (with `providerId`) any provider's for the super admin. */
export function useDownloadStatement(providerId?: string) {
  return useMutation({
    mutationFn: async (range: StatementRange) => {
      const query = cleanFilters(range);
      const result: BlobResult = providerId
        ? await api.GET('/api/v1/admin/payments/providers/{id}/statement.csv', { params: { path: { id: providerId }, query }, parseAs: 'blob' })
        : await api.GET('/api/v1/payments/payouts/statement.csv', { params: { query }, parseAs: 'blob' });
      const blob = (await unwrap(Promise.resolve(result))) as Blob;
      saveBlob(blob, filenameOf(result.response, 'payout-statement.csv'));
    },
  });
}

/** Super admin records a payout; the owed list and that provider's statements refetch. */
export function useRecordPayout(providerId: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreatePayoutBody) => unwrap(api.POST('/api/v1/admin/payments/providers/{id}/payouts', { params: { path: { id: providerId } }, body })),
    onSuccess: () => {
      void qc.invalidateQueries({ queryKey: paymentQueries.adminBalances().queryKey });
      void qc.invalidateQueries({ queryKey: [...paymentQueries.all(), 'admin-statement', providerId] });
    },
  });
}
