import type { ProviderType } from './api/types';

// amounts: in their own small file so the captive portal can use them without the rest of this one
export { formatAmount, formatMoney } from './money';

const dateTime = new Intl.DateTimeFormat('en-KE', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'Africa/Nairobi',
});

/** A timestamp shown in East Africa Time (docs/architecture.md rule 8). */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  return Number.isNaN(date.getTime()) ? '—' : dateTime.format(date);
}

/** 254712345678 → +254 712 345 678 */
export function formatPhone(msisdn: string): string {
  const m = /^254(\d{3})(\d{3})(\d{3})$/.exec(msisdn);
  return m ? `+254 ${m[1]} ${m[2]} ${m[3]}` : msisdn;
}

export const PROVIDER_TYPE_LABELS: Record<ProviderType, string> = {
  homeowner: 'Homeowner',
  personal: 'Personal',
  isp: 'ISP',
  enterprise: 'Enterprise',
};

/** A time range in Nairobi: "4 Dec 2026, 19:13 – 20:14" on one day, both dates otherwise; "—" when unknown. */
export function formatPeriod(from: string | null | undefined, to: string | null | undefined): string {
  if (!from && !to) return '—';
  const [a, b] = [formatDateTime(from), formatDateTime(to)];
  const split = (s: string) => [s.slice(0, s.lastIndexOf(', ')), s.slice(s.lastIndexOf(', ') + 2)] as const;
  const [dayA] = split(a);
  const [dayB, timeB] = split(b);
  return from && to && dayA === dayB ? `${a} – ${timeB}` : `${a} – ${b}`;
}

/** 0.973 → "97.3 %"; null → "—". */
export function formatRate(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? '—' : `${(rate * 100).toLocaleString('en-KE', { maximumFractionDigits: 1 })} %`;
}

/** 2000 basis points → "20 %". */
export function formatBasisPoints(bp: number): string {
  return `${(bp / 100).toLocaleString('en-KE', { maximumFractionDigits: 2 })} %`;
}

const whole = new Intl.NumberFormat('en-KE', { maximumFractionDigits: 0 });

/** 12345 → "12,345". */
export const formatCount = (n: number): string => whole.format(n);

/** 5400 → "1 h 30 min"; 86400 → "1 day"; null → "—". */
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

/** A data limit or usage: 1073741824 → "1 GB", smaller in MB; null → "—". */
export function formatDataSize(bytes: number | null | undefined): string {
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

/** The Nairobi calendar day of an ISO instant, for a date input (`end`: the day before an exclusive end). */
export function dayOf(iso: string | undefined, end = false): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  if (end) d.setUTCDate(d.getUTCDate() - 1);
  return new Date(d.getTime() + 3 * 3600_000).toISOString().slice(0, 10);
}
