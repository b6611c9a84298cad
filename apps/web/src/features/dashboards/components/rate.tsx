import { formatRate } from '@/lib/format';
import type { Rate } from '../api/dashboard-queries';

export function rateHint(r: Rate): string {
  return r.total === 0 ? `nothing in the last ${r.windowDays === 1 ? 'day' : `${r.windowDays} days`}` : `${r.succeeded} of ${r.total}, last ${r.windowDays === 1 ? '24 h' : `${r.windowDays} days`}`;
}

export function rateTone(r: Rate): 'danger' | 'warning' | undefined {
  if (r.rate === null) return undefined;
  return r.rate < 0.8 ? 'danger' : r.rate < 0.95 ? 'warning' : undefined;
}

export { formatRate };
