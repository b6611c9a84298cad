import type { BadgeTone } from '@/components/ui/badge';
import type { VoucherAction, VoucherStatus } from '../api/types';

export const STATUS_LABELS: Record<VoucherStatus, string> = {
  available: 'Available',
  sold: 'Sold',
  in_use: 'In use',
  expired: 'Expired',
  disabled: 'Disabled',
  refunded: 'Refunded',
};

export const STATUS_TONES: Record<VoucherStatus, BadgeTone> = {
  available: 'info',
  sold: 'success',
  in_use: 'success',
  expired: 'neutral',
  disabled: 'danger',
  refunded: 'warning',
};

export const ACTION_LABELS: Record<VoucherAction, string> = {
  disable: 'Disable',
  enable: 'Re-enable',
  refund: 'Refund',
  transfer: 'Transfer',
  extend: 'Extend validity',
};

const money = new Intl.NumberFormat('en-KE', { maximumFractionDigits: 0 });
export const formatPrice = (price: number, currency: string) => `${currency} ${money.format(price)}`;
export const formatCount = (n: number) => money.format(n);

export function formatSeconds(seconds: number | null | undefined): string {
  if (seconds == null) return '—';
  const d = Math.floor(seconds / 86400);
  const h = Math.floor((seconds % 86400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const parts: string[] = [];
  if (d) parts.push(`${d} day${d === 1 ? '' : 's'}`);
  if (h) parts.push(`${h} h`);
  if (m) parts.push(`${m} min`);
  return parts.join(' ') || `${seconds} s`;
}

export function formatBytes(bytes: number | null | undefined): string {
  if (bytes == null) return '—';
  if (bytes >= 1024 ** 3) return `${Number((bytes / 1024 ** 3).toFixed(2))} GB`;
  return `${Number((bytes / 1024 ** 2).toFixed(1))} MB`;
}

/** "2025-03-01" (a day in Nairobi) → the ISO instant it starts; `end` gives the next day's start. */
export function nairobiDay(date: string, end = false): string | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) return undefined;
  const start = new Date(`${date}T00:00:00+03:00`);
  if (end) start.setUTCDate(start.getUTCDate() + 1);
  return start.toISOString();
}

/** The Nairobi calendar day of an ISO instant, for a date input. */
export function dayOf(iso: string | undefined, end = false): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  if (end) d.setUTCDate(d.getUTCDate() - 1);
  return new Date(d.getTime() + 3 * 3600_000).toISOString().slice(0, 10);
}
