import type { BadgeTone } from '@/components/ui/badge';
import type { PaymentSource, PaymentStatus } from '../api/types';

/** Minor units → the chart's number (whole shillings). */
export const minorToWhole = (minor: number, currency: string) => (currency === 'UGX' ? minor : minor / 100);

export const STATUS_LABELS: Record<PaymentStatus, string> = {
  pending: 'Pending',
  paid: 'Paid',
  failed: 'Failed',
  cancelled: 'Cancelled',
  expired: 'Expired',
  flagged: 'Flagged',
};

export const STATUS_TONES: Record<PaymentStatus, BadgeTone> = {
  pending: 'info',
  paid: 'success',
  failed: 'danger',
  cancelled: 'neutral',
  expired: 'neutral',
  flagged: 'warning',
};

export const SOURCE_LABELS: Record<PaymentSource, string> = { stk: 'STK push', c2b: 'C2B (paybill/till)' };
