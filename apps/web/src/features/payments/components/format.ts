import type { BadgeTone } from '@/components/ui/badge';
import type { PaymentSource, PaymentStatus, SettledVia } from '../api/types';

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

/** How a paid payment became paid (the API's `settledVia`). */
export const SETTLED_VIA_LABELS: Record<SettledVia, string> = {
  callback: 'M-Pesa callback',
  query: 'STK query',
  c2b: 'Paybill (C2B)',
  statement: 'Statement',
  manual: 'Manual',
};

/** A statement settlement stands out: its notifications were lost and the statement proved the payment. */
export const SETTLED_VIA_TONES: Record<SettledVia, BadgeTone> = { callback: 'neutral', query: 'neutral', c2b: 'neutral', statement: 'info', manual: 'warning' };

export const SETTLED_VIA_HINTS: Record<SettledVia, string> = {
  callback: 'Safaricom’s payment notification (STK callback) arrived.',
  query: 'The callback never came; Wavu asked Safaricom (STK Query) and it confirmed the payment.',
  c2b: 'Safaricom’s paybill/till confirmation (C2B) arrived.',
  statement: 'Every notification was lost; the payment was found on the M-Pesa statement (Pull Transactions or an uploaded statement).',
  manual: 'Held for review, then a person issued the voucher from Needs attention.',
};
