import type { ErrorDetail } from '../../common/errors/app-exception';
import type { HotspotProfileSpec } from '../routers';
import type { Plan, PlanKind } from './entities/plan.entity';

/** RouterOS rate: digits with an optional k (1,000) or M (1,000,000), e.g. `512k`, `2M`. */
export const RATE_PATTERN = /^[1-9]\d{0,8}[kM]?$/;

/** A RouterOS-safe, stable profile name: `wavu-<slug of the name>-<first 6 hex of the id>`. */
export function profileNameFor(planName: string, planId: string): string {
  const slug = planName
    .toLowerCase()
    .normalize('NFKD')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
    .replace(/-+$/, '');
  const hex = planId.replace(/-/g, '').slice(0, 6);
  return `wavu-${slug || 'plan'}-${hex}`;
}

type RateFields = Pick<Plan, 'downloadRate' | 'uploadRate' | 'burstDownloadRate' | 'burstUploadRate' | 'burstThresholdDownload' | 'burstThresholdUpload' | 'burstTimeSeconds'>;

/**
 * The profile `rate-limit`, seen from the router: rx = client upload, tx = client download.
 * `up/down [burstUp/burstDown thresholdUp/thresholdDown time/time]`; undefined = unlimited.
 */
export function rateLimitFor(plan: RateFields): string | undefined {
  if (!plan.downloadRate || !plan.uploadRate) return undefined;
  const base = `${plan.uploadRate}/${plan.downloadRate}`;
  if (!plan.burstDownloadRate || !plan.burstUploadRate) return base;
  const threshold = `${plan.burstThresholdUpload ?? plan.uploadRate}/${plan.burstThresholdDownload ?? plan.downloadRate}`;
  const time = plan.burstTimeSeconds ?? 10;
  return `${base} ${plan.burstUploadRate}/${plan.burstDownloadRate} ${threshold} ${time}/${time}`;
}

/** The hotspot user profile a plan wants on each router offering it. */
export function profileSpecFor(plan: Plan): HotspotProfileSpec {
  const spec: HotspotProfileSpec = { name: plan.profileName, sharedUsers: plan.sharedUsers };
  const rateLimit = rateLimitFor(plan);
  if (rateLimit) spec.rateLimit = rateLimit;
  if (plan.idleTimeoutSeconds) spec.idleTimeoutSeconds = plan.idleTimeoutSeconds;
  // one session never outlasts the whole uptime allowance
  if (plan.uptimeLimitSeconds) spec.sessionTimeoutSeconds = plan.uptimeLimitSeconds;
  return spec;
}

const NEEDS: Record<PlanKind, { uptime: boolean; data: boolean }> = {
  time: { uptime: true, data: false },
  data: { uptime: false, data: true },
  time_and_data: { uptime: true, data: true },
  unlimited: { uptime: false, data: false },
};

/** Cross-field rules of a plan (the DTO checks each field alone). Empty = valid. */
export function planProblems(plan: Pick<Plan, 'kind' | 'uptimeLimitSeconds' | 'dataLimitBytes' | 'validitySeconds' | 'routerScope' | 'routerIds'> & RateFields): ErrorDetail[] {
  const problems: ErrorDetail[] = [];
  const need = NEEDS[plan.kind];
  const add = (field: string, message: string) => problems.push({ field, messages: [message] });
  if (need.uptime && !plan.uptimeLimitSeconds) add('uptimeLimitSeconds', `a ${plan.kind} plan needs an uptime limit`);
  if (!need.uptime && plan.uptimeLimitSeconds) add('uptimeLimitSeconds', `a ${plan.kind} plan has no uptime limit`);
  if (need.data && !plan.dataLimitBytes) add('dataLimitBytes', `a ${plan.kind} plan needs a data limit`);
  if (!need.data && plan.dataLimitBytes) add('dataLimitBytes', `a ${plan.kind} plan has no data limit`);
  if (plan.kind === 'unlimited' && !plan.validitySeconds) add('validitySeconds', 'an unlimited plan needs a validity window');
  if (Boolean(plan.downloadRate) !== Boolean(plan.uploadRate)) add('downloadRate', 'give both download and upload rates, or neither');
  const burst = [plan.burstDownloadRate, plan.burstUploadRate];
  if (burst.some(Boolean) && !burst.every(Boolean)) add('burstDownloadRate', 'give both burst rates, or neither');
  if (burst.some(Boolean) && !plan.downloadRate) add('burstDownloadRate', 'a burst needs a base rate');
  if (plan.routerScope === 'selected' && plan.routerIds.length === 0) add('routerIds', 'choose at least one router, or offer the plan on all routers');
  return problems;
}
