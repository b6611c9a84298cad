import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api, unwrap } from '@/lib/api-client';
import { attentionQueries } from './attention-queries';
import type { AttentionItemDto, AttentionScope } from './types';

/** `issue` with a choice (super admin, unmatched C2B money): the open purchase or the payment reference the money paid for. */
export type AttentionAction = { kind: 'issue'; choice?: { paymentId: string } | { reference: string } } | { kind: 'refund'; note?: string } | { kind: 'dismiss'; reason: string };

function send(scope: AttentionScope, id: string, action: AttentionAction): Promise<AttentionItemDto & { voucherCode?: string }> {
  const params = { path: { id } };
  const admin = scope === 'admin';
  if (action.kind === 'issue') {
    return unwrap(admin ? api.POST('/api/v1/admin/attention/{id}/issue-voucher', { params, body: action.choice ?? {} }) : api.POST('/api/v1/payments/attention/{id}/issue-voucher', { params }));
  }
  if (action.kind === 'refund') {
    const body = action.note ? { note: action.note } : {};
    return unwrap(admin ? api.POST('/api/v1/admin/attention/{id}/refund-due', { params, body }) : api.POST('/api/v1/payments/attention/{id}/refund-due', { params, body }));
  }
  const body = { reason: action.reason };
  return unwrap(admin ? api.POST('/api/v1/admin/attention/{id}/dismiss', { params, body }) : api.POST('/api/v1/payments/attention/{id}/dismiss', { params, body }));
}

/** Resolves an item; the returned item replaces the cached one and the queue and badge refetch. */
export function useResolveAttention(scope: AttentionScope, id: string) {
  const qc = useQueryClient();
  return useMutation({
    mutationFn: (action: AttentionAction) => send(scope, id, action),
    onSuccess: (item) => {
      qc.setQueryData(attentionQueries.detail(scope, id).queryKey, item);
      void qc.invalidateQueries({ queryKey: attentionQueries.all() });
      // a voucher issued settles a payment: the payments list and the overviews refetch
      void qc.invalidateQueries({ queryKey: ['payments'] });
    },
  });
}
