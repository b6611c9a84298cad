import { foldDesiredState } from './desired-state';
import type { HotspotUserSpec, ProvisioningOpInput } from './provisioning.types';

const R1 = '00000000-0000-4000-8000-000000000001';
const R2 = '00000000-0000-4000-8000-000000000002';
const user = (name: string, extra: Partial<HotspotUserSpec> = {}): HotspotUserSpec => ({ name, password: name, profile: 'p', comment: `wavu:${name}`, ...extra });
const upsert = (routerId: string, name: string): ProvisioningOpInput => ({ routerId, type: 'upsert_user', target: name, user: user(name) });

describe('foldDesiredState', () => {
  it('keeps the last word per router and name, in order', () => {
    const change = foldDesiredState([
      upsert(R1, 'A'),
      { routerId: R1, type: 'remove_user', target: 'A' },
      { routerId: R1, type: 'remove_user', target: 'B' },
      upsert(R1, 'B'),
      upsert(R2, 'A'),
    ]);
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
