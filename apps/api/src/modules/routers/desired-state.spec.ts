import { foldDesiredState, restartOrReplacement, userMatches } from './desired-state';
import type { HotspotUserSpec, ProvisioningOpInput } from './provisioning.types';

const R1 = '00000000-0000-4000-8000-000000000001';
const R2 = '00000000-0000-4000-8000-000000000002';
const user = (name: string, extra: Partial<HotspotUserSpec> = {}): HotspotUserSpec => ({ name, password: name, profile: 'p', comment: `wavu:${name}`, ...extra });
const upsert = (routerId: string, name: string): ProvisioningOpInput => ({ routerId, type: 'upsert_user', target: name, user: user(name) });

describe('foldDesiredState', () => {
  it('keeps the last word per router and name, in order', () => {
    const change = foldDesiredState([upsert(R1, 'A'), { routerId: R1, type: 'remove_user', target: 'A' }, { routerId: R1, type: 'remove_user', target: 'B' }, upsert(R1, 'B'), upsert(R2, 'A')]);
    expect(change.userRemovals).toEqual([{ routerId: R1, name: 'A' }]);
    expect(change.userUpserts.map((u) => [u.routerId, u.spec.name])).toEqual([
      [R1, 'B'],
      [R2, 'A'],
    ]);
  });

  it('folds disable/enable into a pending upsert, or keeps it as a flag change', () => {
    const change = foldDesiredState([
      upsert(R1, 'A'),
      { routerId: R1, type: 'disable_user', target: 'A' },
      { routerId: R1, type: 'disable_user', target: 'C' },
      { routerId: R1, type: 'enable_user', target: 'C' },
      { routerId: R1, type: 'remove_user', target: 'D' },
      { routerId: R1, type: 'disable_user', target: 'D' },
    ]);
    expect(change.userUpserts).toEqual([{ routerId: R1, spec: user('A', { disabled: true }) }]);
    expect(change.userDisabled).toEqual([{ routerId: R1, name: 'C', disabled: false }]);
    expect(change.userRemovals).toEqual([{ routerId: R1, name: 'D' }]);
  });

  it('folds profiles the same way', () => {
    const change = foldDesiredState([
      { routerId: R1, type: 'upsert_profile', target: 'p1', profile: { name: 'p1', sharedUsers: 1 } },
      { routerId: R1, type: 'upsert_profile', target: 'p1', profile: { name: 'p1', sharedUsers: 2 } },
      { routerId: R1, type: 'remove_profile', target: 'p2' },
    ]);
    expect(change.profileUpserts).toEqual([{ routerId: R1, spec: { name: 'p1', sharedUsers: 2 } }]);
    expect(change.profileRemovals).toEqual([{ routerId: R1, name: 'p2' }]);
  });
});

describe('userMatches', () => {
  const wanted: HotspotUserSpec = { name: 'AB12', password: 'AB12', profile: 'p1', comment: 'wavu:1', limitUptimeSeconds: 3600 };
  const onRouter = { profile: 'p1', disabled: false, comment: 'wavu:1', limitUptimeSeconds: 3600, limitBytesTotal: null };

  it('matches the fields the platform sets, treating absent limits as zero', () => {
    expect(userMatches(onRouter, wanted)).toBe(true);
    expect(userMatches({ ...onRouter, limitBytesTotal: 0 }, wanted)).toBe(true);
  });

  it('differs on profile, disabled, comment or a limit', () => {
    expect(userMatches({ ...onRouter, profile: 'p2' }, wanted)).toBe(false);
    expect(userMatches({ ...onRouter, disabled: true }, wanted)).toBe(false);
    expect(userMatches({ ...onRouter, comment: null }, wanted)).toBe(false);
    expect(userMatches({ ...onRouter, limitUptimeSeconds: 60 }, wanted)).toBe(false);
    expect(userMatches(onRouter, { ...wanted, limitBytesTotal: 1000 })).toBe(false);
  });
});

describe('restartOrReplacement', () => {
  const before = { uptimeSeconds: 90_000, identity: 'kiosk-1', boardName: 'hAP ac^2' };

  it('sees a restart when the uptime went back', () => {
    expect(restartOrReplacement(before, { uptimeSeconds: 120, identity: 'kiosk-1', boardName: 'hAP ac^2' })).toEqual({
      kind: 'restarted',
      message: 'Router restarted (uptime went from 1d 1h back to 2m 0s)',
    });
    expect(restartOrReplacement(before, { uptimeSeconds: 90_060, identity: 'kiosk-1', boardName: 'hAP ac^2' })).toBeNull();
  });

  it('sees a reset or replacement when the identity or board changed', () => {
    expect(restartOrReplacement(before, { uptimeSeconds: 95_000, identity: 'MikroTik', boardName: 'hAP ac^2' })?.kind).toBe('replaced');
    expect(restartOrReplacement(before, { uptimeSeconds: 10, identity: 'kiosk-1', boardName: 'hEX' })).toMatchObject({ kind: 'replaced', message: expect.stringContaining('hAP ac^2 to hEX') });
  });

  it('says nothing on the first reading', () => {
    expect(restartOrReplacement({ uptimeSeconds: null, identity: null, boardName: null }, { uptimeSeconds: 5, identity: 'x', boardName: null })).toBeNull();
  });
});
