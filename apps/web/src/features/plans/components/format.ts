import { formatDataSize, formatSeconds } from '@/lib/format';
import type { PlanDto, PlanKind } from '../api/types';

export const KIND_LABELS: Record<PlanKind, string> = {
  time: 'Time',
  data: 'Data',
  time_and_data: 'Time and data',
  unlimited: 'Unlimited',
};

/** What the plan allows, in one line. */
export function formatLimits(p: Pick<PlanDto, 'kind' | 'uptimeLimitSeconds' | 'dataLimitBytes'>): string {
  const parts: string[] = [];
  if (p.kind === 'time' || p.kind === 'time_and_data') parts.push(formatSeconds(p.uptimeLimitSeconds) + ' online');
  if (p.kind === 'data' || p.kind === 'time_and_data') parts.push(formatDataSize(p.dataLimitBytes));
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
