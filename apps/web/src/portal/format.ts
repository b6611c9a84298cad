import { fill, type Dict } from './i18n';

/** The plan fields the card describes (a subset of the API's CaptivePlanDto). */
export interface PlanFacts {
  uptimeLimitSeconds: number | null;
  validitySeconds: number | null;
  dataLimitBytes: number | null;
  downloadRate: string | null;
}

/** "2 hours" / "saa 2": the dictionary's `amount` template says where the number goes. */
const amount = (t: Dict, n: number | string, unit: string): string => fill(t.amount, { n, u: unit });

function duration(seconds: number, t: Dict): string {
  const u = t.units;
  if (seconds % 604800 === 0) return amount(t, seconds / 604800, seconds === 604800 ? u.w : u.ws);
  if (seconds % 86400 === 0) return amount(t, seconds / 86400, seconds === 86400 ? u.d : u.ds);
  if (seconds % 3600 === 0) return amount(t, seconds / 3600, seconds === 3600 ? u.h : u.hs);
  return amount(t, Math.round(seconds / 60), u.m);
}

function dataSize(n: number, t: Dict): string {
  return n >= 1024 ** 3 ? amount(t, +(n / 1024 ** 3).toFixed(1), 'GB') : amount(t, Math.round(n / 1024 ** 2), 'MB');
}

/** A RouterOS rate ("5M", "512k", "1.5M") as "5 Mbps" / "Mbps 5"; anything else as it is. */
function rate(value: string, t: Dict): string {
  const m = /^(\d+(?:\.\d+)?)([kKMG]?)$/.exec(value.trim());
  if (!m) return value;
  return amount(t, m[1]!, `${m[2] ? m[2].replace('K', 'k') : ''}bps`);
}

export function planFacts(p: PlanFacts, t: Dict): string {
  const facts: string[] = [];
  if (p.uptimeLimitSeconds) facts.push(duration(p.uptimeLimitSeconds, t));
  if (p.dataLimitBytes) facts.push(fill(t.data, { v: dataSize(p.dataLimitBytes, t) }));
  if (!p.uptimeLimitSeconds && !p.dataLimitBytes) facts.push(t.unlimited);
  if (p.validitySeconds && p.validitySeconds !== p.uptimeLimitSeconds) facts.push(fill(t.valid, { v: duration(p.validitySeconds, t) }));
  if (p.downloadRate) facts.push(fill(t.speed, { v: rate(p.downloadRate, t) }));
  return facts.join(' · ');
}
