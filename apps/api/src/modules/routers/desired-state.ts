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

/** The fields of a hotspot user the platform sets and compares (the password is not read back). */
export interface ComparableUser {
  profile: string;
  disabled: boolean;
  comment: string | null;
  limitUptimeSeconds: number | null;
  limitBytesTotal: number | null;
}

/** Whether the user found on the router is the one the platform wants. */
export function userMatches(actual: ComparableUser, wanted: HotspotUserSpec): boolean {
  return (
    actual.profile === wanted.profile &&
    actual.disabled === Boolean(wanted.disabled) &&
    (actual.comment ?? '') === wanted.comment &&
    (actual.limitUptimeSeconds ?? 0) === (wanted.limitUptimeSeconds ?? 0) &&
    (actual.limitBytesTotal ?? 0) === (wanted.limitBytesTotal ?? 0)
  );
}

/**
 * A router that lost state: its uptime went back (it restarted) or its identity or board changed
 * (reset or replaced). Null when nothing suggests it; the first reading of a router never does.
 */
export function restartOrReplacement(
  before: { uptimeSeconds: number | null; identity: string | null; boardName: string | null },
  now: { uptimeSeconds: number; identity: string; boardName: string | null },
): { kind: 'restarted' | 'replaced'; message: string } | null {
  if (before.identity && now.identity && before.identity !== now.identity)
    return { kind: 'replaced', message: `Router identity changed from "${before.identity}" to "${now.identity}" (reset or replaced?)` };
  if (before.boardName && now.boardName && before.boardName !== now.boardName) return { kind: 'replaced', message: `Router board changed from ${before.boardName} to ${now.boardName} (replaced?)` };
  if (before.uptimeSeconds !== null && now.uptimeSeconds < before.uptimeSeconds)
    return { kind: 'restarted', message: `Router restarted (uptime went from ${formatUptime(before.uptimeSeconds)} back to ${formatUptime(now.uptimeSeconds)})` };
  return null;
}

function formatUptime(seconds: number): string {
  const d = Math.floor(seconds / 86_400);
  const h = Math.floor((seconds % 86_400) / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  return d ? `${d}d ${h}h` : h ? `${h}h ${m}m` : `${m}m ${seconds % 60}s`;
}
