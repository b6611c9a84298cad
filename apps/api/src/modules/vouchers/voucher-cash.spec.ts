import type { CashCandidate } from './voucher-cash';
import { cashOutcome, cashSaleKey, codeFromScan } from './voucher-cash';
import { hotspotLoginUrl } from './voucher-routers';

const ID = '6f1c2b3a-4d5e-4f60-8a7b-9c0d1e2f3a4b';
const NOW = new Date('2026-12-01T09:00:00Z');
const voucher = (over: Partial<CashCandidate> = {}): CashCandidate => ({ id: ID, status: 'available', batchId: 'b', saleKey: null, paymentId: null, soldAt: null, expiresAt: null, ...over });

describe('codeFromScan', () => {
  it('reads a bare code in any case, without spaces or dashes', () => {
    expect(codeFromScan('AB3D7KQ9')).toBe('AB3D7KQ9');
    expect(codeFromScan('  ab3d 7kq9 ')).toBe('AB3D7KQ9');
    expect(codeFromScan('ab3d-7kq9')).toBe('AB3D7KQ9');
  });

  it('reads the username of the QR code a printed card carries', () => {
    expect(codeFromScan(hotspotLoginUrl('wifi.demo.test', 'KS4X9M2P', 'KS4X9M2P'))).toBe('KS4X9M2P');
    expect(codeFromScan(hotspotLoginUrl('10.5.50.1', 'KS4X9M2P', 'separate-pw'))).toBe('KS4X9M2P');
    expect(codeFromScan('HTTP://WIFI.DEMO.TEST/login?username=ks4x9m2p&password=ks4x9m2p')).toBe('KS4X9M2P');
  });

  it('refuses what is not a code', () => {
    expect(codeFromScan('')).toBeNull();
    expect(codeFromScan('AB1')).toBeNull();
    expect(codeFromScan('A'.repeat(25))).toBeNull();
    expect(codeFromScan('AB3D;7KQ9')).toBeNull();
    expect(codeFromScan('http://wifi.demo.test/login?password=x')).toBeNull();
    expect(codeFromScan('http://[not a url')).toBeNull();
    expect(codeFromScan('http://wifi.demo.test/login?username=%3Cscript%3E')).toBeNull();
  });
});

describe('cashOutcome', () => {
  it('sells an available printed card and records a used one', () => {
    expect(cashOutcome(voucher(), NOW)).toEqual({ kind: 'sell' });
    expect(cashOutcome(voucher({ status: 'in_use', soldAt: new Date() }), NOW)).toEqual({ kind: 'record' });
    expect(cashOutcome(voucher({ status: 'sold', soldAt: new Date() }), NOW)).toEqual({ kind: 'record' });
    expect(cashOutcome(voucher({ status: 'expired', soldAt: new Date() }), NOW)).toEqual({ kind: 'record' });
  });

  it('skips a voucher whose sale is recorded (cash or M-Pesa)', () => {
    expect(cashOutcome(voucher({ status: 'sold', saleKey: cashSaleKey(ID) }), NOW)).toEqual({ kind: 'skip', reason: 'cash' });
    expect(cashOutcome(voucher({ status: 'in_use', saleKey: 'QK12ABC345', paymentId: 'p' }), NOW)).toEqual({ kind: 'skip', reason: 'mpesa' });
  });

  it('refuses what was never sold or may not be sold', () => {
    expect(cashOutcome(voucher({ status: 'disabled' }), NOW)).toEqual({ kind: 'refuse', reason: 'disabled' });
    expect(cashOutcome(voucher({ status: 'refunded', soldAt: new Date(), saleKey: 'p', paymentId: 'p' }), NOW)).toEqual({ kind: 'refuse', reason: 'refunded' });
    expect(cashOutcome(voucher({ status: 'disabled', saleKey: cashSaleKey(ID) }), NOW)).toEqual({ kind: 'refuse', reason: 'disabled' });
    expect(cashOutcome(voucher({ status: 'expired' }), NOW)).toEqual({ kind: 'refuse', reason: 'expired_unsold' });
    expect(cashOutcome(voucher({ batchId: null }), NOW)).toEqual({ kind: 'refuse', reason: 'reserved_for_mpesa' });
    expect(cashOutcome(voucher({ expiresAt: NOW }), NOW)).toEqual({ kind: 'refuse', reason: 'expired_unsold' });
    expect(cashOutcome(voucher({ expiresAt: new Date(NOW.getTime() + 1000) }), NOW)).toEqual({ kind: 'sell' });
  });
});
