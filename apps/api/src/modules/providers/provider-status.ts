import type { ProviderStatus } from './entities/provider.entity';
import { ProviderErrorCode, ProviderException } from './providers.exception';

export const PROVIDER_ACTIONS = ['approve', 'reject', 'suspend', 'reactivate'] as const;
export type ProviderAction = (typeof PROVIDER_ACTIONS)[number];

/** The provider life cycle: pending → active ↔ suspended, pending → rejected. */
const TRANSITIONS: Record<ProviderAction, { from: ProviderStatus[]; to: ProviderStatus }> = {
  approve: { from: ['pending'], to: 'active' },
  reject: { from: ['pending'], to: 'rejected' },
  suspend: { from: ['active'], to: 'suspended' },
  reactivate: { from: ['suspended'], to: 'active' },
};

/** The status after `action`, or PROVIDER_INVALID_TRANSITION. The one place the rules live. */
export function nextProviderStatus(current: ProviderStatus, action: ProviderAction): ProviderStatus {
  const rule = TRANSITIONS[action];
  if (!rule.from.includes(current)) {
    throw new ProviderException(ProviderErrorCode.PROVIDER_INVALID_TRANSITION, `Cannot ${action} a provider that is ${current}`);
  }
  return rule.to;
}

export function allowedProviderActions(current: ProviderStatus): ProviderAction[] {
  return PROVIDER_ACTIONS.filter((action) => TRANSITIONS[action].from.includes(current));
}
