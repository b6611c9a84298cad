import type { BadgeTone } from '@/components/ui/badge';
import type { PaymentSource, PaymentStatus } from '../api/types';

const whole = new Intl.NumberFormat('en-KE', { maximumFractionDigits: 0 });
const minorFmt = new Intl.NumberFormat('en-KE', { minimumFractionDigits: 0, maximumFractionDigits: 2 });

/** 50, KES → "KES 50". */
export const formatAmount = (amount: number, currency: string) => `${currency} ${whole.format(amount)}`;

/** 250000, KES → "KES 2,500" (minor units; cents shown only when present; UGX has none). */
export function formatMinor(minor: number, currency: string): string {
  return `${currency} ${minorFmt.format(currency === 'UGX' ? minor : minor / 100)}`;
}

/** Minor units → the chart's number (whole shillings). */
export const minorToWhole = (minor: number, currency: string) => (currency === 'UGX' ? minor : minor / 100);

export const formatCount = (n: number) => whole.format(n);

/** 2000 basis points → "20 %". */
export const formatRate = (bp: number) => `${minorFmt.format(bp / 100)} %`;

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

/** "2025-03-01" (a day in Nairobi) → the ISO instant it starts; `end` gives the next day's start. */
export function nairobiDay(date: string, end = false): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return undefined;
  const start = new Date(`${date}T00:00:00+03:00`);
  if (end) start.setUTCDate(start.getUTCDate() + 1);
  return start.toISOString();
}

/** The Nairobi calendar day of an ISO instant, for a date input (`end`: the day before an exclusive end). */
export function dayOf(iso: string | undefined, end = false): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  if (end) d.setUTCDate(d.getUTCDate() - 1);
  return new Date(d.getTime() + 3 * 3600_000).toISOString().slice(0, 10);
}
