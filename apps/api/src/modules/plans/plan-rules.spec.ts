import type { Plan } from './entities/plan.entity';
import { planProblems, profileNameFor, profileSpecFor, rateLimitFor } from './plan-rules';

const base = {
  kind: 'time' as const,
  uptimeLimitSeconds: 3600,
  dataLimitBytes: null,
  validitySeconds: 86400,
  routerScope: 'all' as const,
  routerIds: [],
  downloadRate: null,
  uploadRate: null,
  burstDownloadRate: null,
  burstUploadRate: null,
  burstThresholdDownload: null,
  burstThresholdUpload: null,
  burstTimeSeconds: null,
};

describe('plan rules', () => {
  it('derives a RouterOS-safe profile name that is stable for the plan id', () => {
    const id = '3f9a2c11-0000-4000-8000-000000000000';
    expect(profileNameFor('1 Hour @ 5 Mbps!', id)).toBe('wavu-1-hour-5-mbps-3f9a2c');
    expect(profileNameFor('Saa moja – ñ', id)).toMatch(/^wavu-[a-z0-9-]+-3f9a2c$/);
    expect(profileNameFor('!!!', id)).toBe('wavu-plan-3f9a2c');
    expect(profileNameFor('x'.repeat(80), id).length).toBeLessThanOrEqual(64);
  });

  it('writes rate-limit from the router view (rx = client upload) with optional burst', () => {
    expect(rateLimitFor({ ...base })).toBeUndefined();
    expect(rateLimitFor({ ...base, downloadRate: '5M', uploadRate: '2M' })).toBe('2M/5M');
    expect(
      rateLimitFor({ ...base, downloadRate: '5M', uploadRate: '2M', burstDownloadRate: '10M', burstUploadRate: '4M', burstThresholdDownload: '4M', burstThresholdUpload: '1M', burstTimeSeconds: 8 }),
    ).toBe('2M/5M 4M/10M 1M/4M 8/8');
    expect(rateLimitFor({ ...base, downloadRate: '5M', uploadRate: '2M', burstDownloadRate: '10M', burstUploadRate: '4M' })).toBe('2M/5M 4M/10M 2M/5M 10/10');
  });

  it('maps a plan to its hotspot profile', () => {
    const plan = { ...base, profileName: 'wavu-x-abcdef', sharedUsers: 2, idleTimeoutSeconds: 300, downloadRate: '5M', uploadRate: '2M' } as unknown as Plan;
    expect(profileSpecFor(plan)).toEqual({ name: 'wavu-x-abcdef', sharedUsers: 2, rateLimit: '2M/5M', idleTimeoutSeconds: 300, sessionTimeoutSeconds: 3600 });
  });

  it('checks the limits each kind needs', () => {
    expect(planProblems(base)).toEqual([]);
    expect(planProblems({ ...base, uptimeLimitSeconds: null }).map((p) => p.field)).toEqual(['uptimeLimitSeconds']);
    expect(planProblems({ ...base, kind: 'data', uptimeLimitSeconds: null, dataLimitBytes: 1e9 })).toEqual([]);
    expect(planProblems({ ...base, kind: 'data' }).map((p) => p.field)).toEqual(['uptimeLimitSeconds', 'dataLimitBytes']);
    expect(planProblems({ ...base, kind: 'time_and_data', dataLimitBytes: 1e9 })).toEqual([]);
    expect(planProblems({ ...base, kind: 'unlimited', uptimeLimitSeconds: null, validitySeconds: null }).map((p) => p.field)).toEqual(['validitySeconds']);
    expect(planProblems({ ...base, downloadRate: '5M' }).map((p) => p.field)).toEqual(['downloadRate']);
    expect(planProblems({ ...base, burstDownloadRate: '5M', burstUploadRate: '1M' }).map((p) => p.field)).toEqual(['burstDownloadRate']);
    expect(planProblems({ ...base, routerScope: 'selected' }).map((p) => p.field)).toEqual(['routerIds']);
  });
});
