import type { components } from '@/lib/api/schema';

/** approve | reject | suspend | reactivate — the API lists the legal ones per provider (`allowedActions`). */
export type ProviderAction = components['schemas']['ProviderAction'];

export const ACTION_NEEDS_REASON: Record<ProviderAction, boolean> = {
  approve: false,
  reject: true,
  suspend: true,
  reactivate: false,
};
