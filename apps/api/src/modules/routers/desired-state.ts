import type { DesiredStateChange } from './outbox.repository';
import type { HotspotProfileSpec, HotspotUserSpec, ProvisioningOpInput } from './provisioning.types';

type UserEffect = { kind: 'upsert'; spec: HotspotUserSpec } | { kind: 'remove' } | { kind: 'disabled'; disabled: boolean };
type ProfileEffect = { kind: 'upsert'; spec: HotspotProfileSpec } | { kind: 'remove' };

/**
 * Folds a batch of operations, in order, into its net effect on the desired state per
 * (router, name): an upsert followed by a remove is a remove, a disable after an upsert is an
 * upsert of a disabled user, and so on. The outbox itself keeps every operation in order.
 */
export function foldDesiredState(ops: ProvisioningOpInput[]): DesiredStateChange {
  const users = new Map<string, { routerId: string; name: string; effect: UserEffect }>();
  const profiles = new Map<string, { routerId: string; name: string; effect: ProfileEffect }>();
  const key = (routerId: string, name: string) => `${routerId}\u0000${name}`;

  for (const op of ops) {
    const k = key(op.routerId, op.target);
    switch (op.type) {
      case 'upsert_profile':
        profiles.set(k, { routerId: op.routerId, name: op.target, effect: { kind: 'upsert', spec: op.profile } });
        break;
      case 'remove_profile':
        profiles.set(k, { routerId: op.routerId, name: op.target, effect: { kind: 'remove' } });
        break;
      case 'upsert_user':
        users.set(k, { routerId: op.routerId, name: op.target, effect: { kind: 'upsert', spec: op.user } });
        break;
      case 'remove_user':
        users.set(k, { routerId: op.routerId, name: op.target, effect: { kind: 'remove' } });
        break;
      case 'disable_user':
      case 'enable_user': {
        const disabled = op.type === 'disable_user';
        const current = users.get(k)?.effect;
        if (current?.kind === 'remove') break; // nothing left to disable
        const effect: UserEffect = current?.kind === 'upsert' ? { kind: 'upsert', spec: { ...current.spec, disabled } } : { kind: 'disabled', disabled };
        users.set(k, { routerId: op.routerId, name: op.target, effect });
        break;
      }
    }
  }

  const change: DesiredStateChange = { profileUpserts: [], profileRemovals: [], userUpserts: [], userRemovals: [], userDisabled: [] };
  for (const { routerId, name, effect } of profiles.values()) {
    if (effect.kind === 'upsert') change.profileUpserts.push({ routerId, spec: effect.spec });
    else change.profileRemovals.push({ routerId, name });
  }
  for (const { routerId, name, effect } of users.values()) {
    if (effect.kind === 'upsert') change.userUpserts.push({ routerId, spec: effect.spec });
    else if (effect.kind === 'remove') change.userRemovals.push({ routerId, name });
    else change.userDisabled.push({ routerId, name, disabled: effect.disabled });
  }
  return change;
}
