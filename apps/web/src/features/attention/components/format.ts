import type { BadgeTone } from '@/components/ui/badge';
import type { AttentionKind, AttentionState } from '../api/types';

export const KIND_LABELS: Record<AttentionKind, string> = {
  flagged_payment: 'Payment held for review',
  unmatched_c2b: 'Paybill money with an unknown reference',
  unmatched_statement_line: 'Statement line that matched nothing',
  expired_stk_claim: 'Expired push the customer says they paid',
};

export const STATE_LABELS: Record<AttentionState, string> = {
  open: 'Needs attention',
  voucher_issued: 'Voucher issued',
  refund_due: 'Refund due',
  dismissed: 'Dismissed',
};

export const STATE_TONES: Record<AttentionState, BadgeTone> = { open: 'warning', voucher_issued: 'success', refund_due: 'danger', dismissed: 'neutral' };

export const STATE_FILTERS: { value: AttentionState; label: string }[] = [
  { value: 'open', label: 'Open' },
  { value: 'voucher_issued', label: 'Voucher issued' },
  { value: 'refund_due', label: 'Refund due' },
  { value: 'dismissed', label: 'Dismissed' },
];
