import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import { attentionQueries } from './attention-queries';
import type { AttentionItemDto } from './types';

export type AttentionAction = { kind: 'issue' } | { kind: 'refund'; note?: string } | { kind: 'dismiss'; reason: string };

/** Resolves an item; the returned item replaces the cached one and the queue and badge refetch. */
export function useResolveAttention(id: string, onResolved?: () => void) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (action: AttentionAction): Promise<AttentionItemDto & { voucherCode?: string }> => {
      const path = { params: { path: { id } } };
      if (action.kind === 'issue') return unwrap(api.POST('/api/v1/payments/attention/{id}/issue-voucher', path));
      if (action.kind === 'refund') return unwrap(api.POST('/api/v1/payments/attention/{id}/refund-due', { ...path, body: action.note ? { note: action.note } : {} }));
      return unwrap(api.POST('/api/v1/payments/attention/{id}/dismiss', { ...path, body: { reason: action.reason } }));
    },
    onSuccess: (item) => {
      qc.setQueryData(attentionQueries.detail(id).queryKey, item);
      void qc.invalidateQueries({ queryKey: attentionQueries.all() });
      // a voucher issued settles a payment: the payments list and the overviews refetch
      void qc.invalidateQueries({ queryKey: ['payments'] });
      onResolved?.();
    },
  });
}
