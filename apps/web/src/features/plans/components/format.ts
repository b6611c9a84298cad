import type { PlanDto, PlanKind } from '../api/types';

export const KIND_LABELS: Record<PlanKind, string> = {
  time: 'Time',
  data: 'Data',
  time_and_data: 'Time and data',
  unlimited: 'Unlimited',
};

const money = new Intl.NumberFormat('en-KE', { maximumFractionDigits: 0 });

/** 50, 'KES' → "KES 50" */
export function formatPrice(price: number, currency: string): string {
  return `${currency} ${money.format(price)}`;
}

/** 5400 → "1 h 30 min"; 86400 → "1 day" */
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

/** 1073741824 → "1 GB" */
export function formatBytes(bytes: number | null | undefined): string {
  if (bytes == null) return '—';
  const gb = bytes / 1024 ** 3;
  if (gb >= 1) return `${Number(gb.toFixed(2))} GB`;
  return `${Number((bytes / 1024 ** 2).toFixed(1))} MB`;
}

/** What the plan allows, in one line. */
export function formatLimits(p: Pick<PlanDto, 'kind' | 'uptimeLimitSeconds' | 'dataLimitBytes'>): string {
  const parts: string[] = [];
  if (p.kind === 'time' || p.kind === 'time_and_data') parts.push(formatSeconds(p.uptimeLimitSeconds) + ' online');
  if (p.kind === 'data' || p.kind === 'time_and_data') parts.push(formatBytes(p.dataLimitBytes));
  return parts.length ? parts.join(' + ') : 'No limit';
}

export function formatValidity(p: Pick<PlanDto, 'validitySeconds' | 'validityFrom'>): string {
  if (p.validitySeconds == null) return 'Until used up';
  return `${formatSeconds(p.validitySeconds)} from ${p.validityFrom === 'first_login' ? 'first login' : 'purchase'}`;
}

export function formatSpeed(p: Pick<PlanDto, 'downloadRate' | 'uploadRate' | 'burstDownloadRate'>): string {
  if (!p.downloadRate || !p.uploadRate) return 'Unlimited';
  return `↓ ${p.downloadRate} / ↑ ${p.uploadRate}${p.burstDownloadRate ? ' (burst)' : ''}`;
}
