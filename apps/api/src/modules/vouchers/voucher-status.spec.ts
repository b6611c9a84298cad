import type { VoucherEvent, VoucherStatus } from './voucher-status';
import { allowedVoucherActions, assertActionAllowed, canApply, nextVoucherStatus, statusesAllowing, VOUCHER_EVENTS, VOUCHER_STATUSES } from './voucher-status';
import { VoucherException } from './vouchers.exception';

const LEGAL: [VoucherStatus, VoucherEvent, VoucherStatus][] = [
  ['available', 'sell', 'sold'],
  ['sold', 'first_login', 'in_use'],
  ['in_use', 'expire', 'expired'],
  ['available', 'expire', 'expired'],
  ['sold', 'expire', 'expired'],
  ['sold', 'refund', 'refunded'],
  ['available', 'disable', 'disabled'],
  ['sold', 'disable', 'disabled'],
  ['in_use', 'disable', 'disabled'],
  ['expired', 'disable', 'disabled'],
  ['refunded', 'disable', 'disabled'],
];

describe('voucher status machine', () => {
  it.each(LEGAL)('%s --%s--> %s', (from, event, to) => {
    expect(nextVoucherStatus(from, event)).toBe(to);
  });

  it('rejects every other transition with VOUCHER_INVALID_TRANSITION (never a silent no-op)', () => {
    let rejected = 0;
    for (const status of VOUCHER_STATUSES) {
      for (const event of VOUCHER_EVENTS) {
        const legal = LEGAL.some(([f, e]) => f === status && e === event) || (status === 'disabled' && event === 'enable');
        if (legal) continue;
        expect(canApply(status, event)).toBe(false);
        try {
          nextVoucherStatus(status, event);
          throw new Error(`${status} --${event}--> should fail`);
        } catch (error) {
          expect(error).toBeInstanceOf(VoucherException);
          expect((error as VoucherException).code).toBe('VOUCHER_INVALID_TRANSITION');
          expect((error as VoucherException).httpStatus).toBe(409);
        }
        rejected++;
      }
    }
    expect(rejected).toBe(VOUCHER_STATUSES.length * VOUCHER_EVENTS.length - LEGAL.length - 1);
  });

  it('refunds only sold vouchers and never an expired or in-use one', () => {
    expect(() => nextVoucherStatus('in_use', 'refund')).toThrow(VoucherException);
    expect(() => nextVoucherStatus('expired', 'refund')).toThrow(/Cannot refund a voucher that is expired/);
    expect(() => nextVoucherStatus('available', 'first_login')).toThrow(VoucherException);
    expect(() => nextVoucherStatus('expired', 'sell')).toThrow(VoucherException);
  });

  it('re-enables to the status the voucher had before it was disabled', () => {
    expect(nextVoucherStatus('disabled', 'enable', 'sold')).toBe('sold');
    expect(nextVoucherStatus('disabled', 'enable', 'in_use')).toBe('in_use');
    expect(nextVoucherStatus('disabled', 'enable', null)).toBe('available');
    expect(() => nextVoucherStatus('sold', 'enable', 'sold')).toThrow(VoucherException);
  });

  it('gives the expiry job its source statuses from the same rules', () => {
    expect(statusesAllowing('expire').sort()).toEqual(['available', 'in_use', 'sold']);
  });

  it('lists the dashboard actions per status', () => {
    // resend_sms: while the code can still log in (the voucher DTO also needs a buyer phone for it)
    expect(allowedVoucherActions('available')).toEqual(['disable', 'transfer', 'extend', 'push', 'resend_sms']);
    expect(allowedVoucherActions('sold')).toEqual(['disable', 'refund', 'transfer', 'extend', 'push', 'resend_sms']);
    expect(allowedVoucherActions('in_use')).toEqual(['disable', 'transfer', 'extend', 'push', 'resend_sms']);
    expect(allowedVoucherActions('disabled')).toEqual(['enable']);
    expect(allowedVoucherActions('expired')).toEqual(['disable']);
    expect(() => assertActionAllowed('expired', 'resend_sms')).toThrow(/Cannot text the code of a voucher that is expired/);
    expect(() => assertActionAllowed('expired', 'extend')).toThrow(/Cannot extend a voucher that is expired/);
    expect(() => assertActionAllowed('refunded', 'push')).toThrow(/Cannot push a voucher that is refunded/);
  });
});
