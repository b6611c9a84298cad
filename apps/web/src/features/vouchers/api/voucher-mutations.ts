import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import type { BulkAction, CashSaleBody, CreateBatchBody, PrintLayout, RefundMethod, VoucherDto, VoucherFilters } from './types';
import { cleanFilters, voucherQueries } from './voucher-queries';

export type SingleAction =
  | { kind: 'push' }
  | { kind: 'disable' }
  | { kind: 'enable' }
  | { kind: 'refund'; method: RefundMethod; reference?: string; reason: string }
  | { kind: 'transfer'; routerId: string }
  | { kind: 'extend'; seconds: number }
  | { kind: 'resend_sms' };

/** One voucher action; the returned voucher replaces the cached one, lists and counts refetch. */
export function useVoucherAction(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (action: SingleAction): Promise<VoucherDto> => {
      const path = { params: { path: { id } } };
      switch (action.kind) {
        case 'push':
          return unwrap(api.POST('/api/v1/vouchers/{id}/push', path));
        case 'disable':
          return unwrap(api.POST('/api/v1/vouchers/{id}/disable', path));
        case 'enable':
          return unwrap(api.POST('/api/v1/vouchers/{id}/enable', path));
        case 'refund':
          return unwrap(api.POST('/api/v1/vouchers/{id}/refund', { ...path, body: { method: action.method, reason: action.reason, ...(action.reference ? { reference: action.reference } : {}) } }));
        case 'transfer':
          return unwrap(api.POST('/api/v1/vouchers/{id}/transfer', { ...path, body: { routerId: action.routerId } }));
        case 'extend':
          return unwrap(api.POST('/api/v1/vouchers/{id}/extend', { ...path, body: { seconds: action.seconds } }));
        case 'resend_sms':
          // queued (202); the voucher itself does not change
          return unwrap(api.POST('/api/v1/vouchers/{id}/resend-sms', path)).then(() => unwrap(api.GET('/api/v1/vouchers/{id}', path)));
      }
    },
    onSuccess: (voucher) => {
      void qc.invalidateQueries({ queryKey: voucherQueries.detail(voucher.id).queryKey });
      void qc.invalidateQueries({ queryKey: voucherQueries.lists() });
      void qc.invalidateQueries({ queryKey: [...voucherQueries.all(), 'counts'] });
    },
  });
}

export function useBulkVoucherAction() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: { action: BulkAction; ids: string[] }) => unwrap(api.POST('/api/v1/vouchers/bulk', { body })),
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: voucherQueries.lists() });
      void qc.invalidateQueries({ queryKey: [...voucherQueries.all(), 'counts'] });
    },
  });
}

/** Records printed cards as sold for cash (docs/cash-sales.md); lists, counts and batches refetch. */
export function useRecordCashSale() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CashSaleBody) => unwrap(api.POST('/api/v1/cash-sales', { body })),
    onSettled: () => {
      void qc.invalidateQueries({ queryKey: voucherQueries.all() });
    },
  });
}

/** "Push to routers" on a batch: the batch (with its new push) replaces the cached one and polls again. */
export function usePushBatch(id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: () => unwrap(api.POST('/api/v1/voucher-batches/{id}/push', { params: { path: { id } } })),
    onSuccess: (batch) => {
      qc.setQueryData(voucherQueries.batch(batch.id).queryKey, batch);
      void qc.invalidateQueries({ queryKey: voucherQueries.batches().queryKey });
    },
  });
}

export function useCreateBatch() {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateBatchBody) => unwrap(api.POST('/api/v1/voucher-batches', { body })),
    onSuccess: (batch) => {
      qc.setQueryData(voucherQueries.batch(batch.id).queryKey, batch);
      void qc.invalidateQueries({ queryKey: voucherQueries.batches().queryKey });
    },
  });
}

type BlobResult = { data?: unknown; error?: unknown; response: Response };

/** The batch's CSV or PDF as a Blob (fetched with the session's token). */
async function fetchBatchFile(id: string, kind: 'csv' | PrintLayout): Promise<Blob> {
  const result: BlobResult =
    kind === 'csv'
      ? await api.GET('/api/v1/voucher-batches/{id}/vouchers.csv', { params: { path: { id } }, parseAs: 'blob' })
      : await api.GET('/api/v1/voucher-batches/{id}/print.pdf', { params: { path: { id }, query: { layout: kind } }, parseAs: 'blob' });
  return (await unwrap(Promise.resolve(result))) as Blob;
}

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

/** Downloads a batch file (CSV, A4 PDF or thermal PDF). */
export function useDownloadBatchFile() {
  return useMutation({
    mutationFn: async ({ id, kind }: { id: string; kind: 'csv' | PrintLayout }) => {
      const blob = await fetchBatchFile(id, kind);
      const short = id.slice(0, 8);
      saveBlob(blob, kind === 'csv' ? `vouchers-${short}.csv` : `vouchers-${short}-${kind}.pdf`);
    },
  });
}

/** CSV of the vouchers matching the list filters. */
export function useExportVouchers() {
  return useMutation({
    mutationFn: async (filters: VoucherFilters) => {
      const result: BlobResult = await api.GET('/api/v1/vouchers/export.csv', { params: { query: cleanFilters(filters) }, parseAs: 'blob' });
      saveBlob((await unwrap(Promise.resolve(result))) as Blob, 'vouchers.csv');
    },
  });
}
