import type { ProviderStatus } from '@/lib/api/types';

export type ProviderAction = 'approve' | 'reject' | 'suspend' | 'reactivate';

/** The provider state machine as the API enforces it (anything else answers 409). */
export const ACTIONS_BY_STATUS: Record<ProviderStatus, ProviderAction[]> = {
  pending: ['approve', 'reject'],
  active: ['suspend'],
  suspended: ['reactivate'],
  rejected: [],
};

export const ACTION_NEEDS_REASON: Record<ProviderAction, boolean> = {
  approve: false,
  reject: true,
  suspend: true,
  reactivate: false,
};
