import { VoucherErrorCode, VoucherException } from './vouchers.exception';

export const VOUCHER_STATUSES = ['available', 'sold', 'in_use', 'expired', 'disabled', 'refunded'] as const;
export type VoucherStatus = (typeof VOUCHER_STATUSES)[number];

/**
 * Everything that changes a voucher's status. docs/product.md §5:
 * available → sold → in_use → expired; available → expired (activation expiry);
 * any → disabled (manual, and back with enable); sold → refunded.
 */
export const VOUCHER_EVENTS = ['sell', 'first_login', 'expire', 'disable', 'enable', 'refund'] as const;
export type VoucherEvent = (typeof VOUCHER_EVENTS)[number];

const FROM: Record<VoucherEvent, readonly VoucherStatus[]> = {
  sell: ['available'],
  first_login: ['sold'],
  expire: ['available', 'sold', 'in_use'],
  disable: ['available', 'sold', 'in_use', 'expired', 'refunded'],
  enable: ['disabled'],
  refund: ['sold'],
};

const TO: Record<Exclude<VoucherEvent, 'enable'>, VoucherStatus> = {
  sell: 'sold',
  first_login: 'in_use',
  expire: 'expired',
  disable: 'disabled',
  refund: 'refunded',
};

/** Statuses an event may start from — used by bulk SQL (e.g. the expiry job) so the rules stay here. */
export function statusesAllowing(event: VoucherEvent): VoucherStatus[] {
  return [...FROM[event]];
}

export function canApply(status: VoucherStatus, event: VoucherEvent): boolean {
  return FROM[event].includes(status);
}

/**
 * The status after `event`, or VOUCHER_INVALID_TRANSITION. `enable` returns to the status the
 * voucher had when it was disabled. The one place the voucher rules live.
 */
export function nextVoucherStatus(status: VoucherStatus, event: VoucherEvent, statusBeforeDisable: VoucherStatus | null = null): VoucherStatus {
  if (!canApply(status, event)) {
    throw new VoucherException(VoucherErrorCode.VOUCHER_INVALID_TRANSITION, `Cannot ${event.replace('_', ' ')} a voucher that is ${status.replace('_', ' ')}`, [
      { field: 'status', messages: [`${event} is not allowed from ${status}`] },
    ]);
  }
  if (event === 'enable') return statusBeforeDisable && statusBeforeDisable !== 'disabled' ? statusBeforeDisable : 'available';
  return TO[event];
}

/** Dashboard actions and when they apply (transfer/extend change no status). */
export const VOUCHER_ACTIONS = ['disable', 'enable', 'refund', 'transfer', 'extend', 'push', 'resend_sms'] as const;
export type VoucherAction = (typeof VOUCHER_ACTIONS)[number];

type StatuslessAction = 'transfer' | 'extend' | 'push' | 'resend_sms';

const ACTION_FROM: Record<StatuslessAction, readonly VoucherStatus[]> = {
  transfer: ['available', 'sold', 'in_use'],
  extend: ['available', 'sold', 'in_use'],
  // put (back) on its routers: only a voucher that can still log in
  push: ['available', 'sold', 'in_use'],
  // text the code again to its buyer (or the phone a batch was generated for): only while it can log in
  resend_sms: ['available', 'sold', 'in_use'],
};

const ACTION_VERBS: Record<StatuslessAction, string> = { transfer: 'transfer', extend: 'extend', push: 'push', resend_sms: 'text the code of' };

function isStatusless(action: VoucherAction): action is StatuslessAction {
  return action in ACTION_FROM;
}

export function allowedVoucherActions(status: VoucherStatus): VoucherAction[] {
  return VOUCHER_ACTIONS.filter((action) => (isStatusless(action) ? ACTION_FROM[action].includes(status) : canApply(status, action)));
}

export function assertActionAllowed(status: VoucherStatus, action: StatuslessAction): void {
  if (!ACTION_FROM[action].includes(status)) {
    throw new VoucherException(VoucherErrorCode.VOUCHER_ACTION_NOT_ALLOWED, `Cannot ${ACTION_VERBS[action]} a voucher that is ${status.replace('_', ' ')}`, [
      { field: 'status', messages: [`${action} is not allowed from ${status}`] },
    ]);
  }
}
