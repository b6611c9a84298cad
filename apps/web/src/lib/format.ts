import type { ProviderType } from './api/types';

const dateTime = new Intl.DateTimeFormat('en-KE', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'Africa/Nairobi',
});

/** A timestamp shown in East Africa Time (ARCHITECTURE rule 8). */
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

const MINOR_DIGITS: Record<string, number> = { KES: 2, UGX: 0, TZS: 2 };

/** Integer minor units → "KES 1,250" (whole units; cents only when present). */
export function formatMoney(minor: number, currency: string): string {
  const digits = MINOR_DIGITS[currency] ?? 2;
  return `${currency} ${(minor / 10 ** digits).toLocaleString('en-KE', { maximumFractionDigits: digits })}`;
}

/** 0.973 → "97.3 %"; null → "—". */
export function formatRate(rate: number | null | undefined): string {
  return rate === null || rate === undefined ? '—' : `${(rate * 100).toLocaleString('en-KE', { maximumFractionDigits: 1 })} %`;
}
