/** What a platform plan card lists: its limits first, then its features, each said once. */
export interface PlanLimits {
  maxRouters: number | null;
  maxVouchersPerMonth: number | null;
  /** SMS parts a month on the platform's SMS account: listed only when the plan sets a number */
  maxSmsPerMonth?: number | null | undefined;
  features: string[];
}

/** The same line however it is written: case, spaces, "up to", thousands separators, a final full stop. */
export function lineKey(line: string): string {
  return line
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/^up to /, '')
    .replace(/(\d)[,\s](?=\d{3}\b)/g, '$1')
    .replace(/\.$/, '');
}

export function planLines(plan: PlanLimits): string[] {
  const limits = [
    plan.maxRouters == null ? 'Unlimited routers' : `${plan.maxRouters.toLocaleString('en-KE')} router${plan.maxRouters === 1 ? '' : 's'}`,
    plan.maxVouchersPerMonth == null ? 'Unlimited vouchers' : `${plan.maxVouchersPerMonth.toLocaleString('en-KE')} vouchers a month`,
    // no line for "no cap": the platform's SMS account is not offered on every installation
    ...(plan.maxSmsPerMonth != null ? [`${plan.maxSmsPerMonth.toLocaleString('en-KE')} SMS a month`] : []),
  ];
  const seen = new Set<string>();
  const out: string[] = [];
  for (const line of [...limits, ...plan.features]) {
    const key = lineKey(line);
    if (!key || seen.has(key)) continue;
    seen.add(key);
    out.push(line.trim());
  }
  return out;
}

/** "14-day free trial" from the configured length. */
export function trialText(days: number): string {
  return days === 1 ? '1-day free trial' : `${days}-day free trial`;
}
