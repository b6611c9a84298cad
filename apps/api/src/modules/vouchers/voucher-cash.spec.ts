import type { CashCandidate, ResellerCandidate } from './voucher-cash';
import { cashOutcome, cashSaleKey, codeFromScan, handoverRefusal, resellerPrice, resellerSaleKey, returnRefusal } from './voucher-cash';
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

describe('reseller cards', () => {
  const card = (over: Partial<ResellerCandidate> = {}): ResellerCandidate => ({ ...voucher(), resellerId: null, ...over });
  const SHOP = 'shop-1';

  it('prices a card at a unit price, or at a whole-percent discount rounded half up to whole units', () => {
    expect(resellerPrice(5000, 'KES', { unitPriceMinor: 4100 })).toBe(4100);
    expect(resellerPrice(5000, 'KES', { discountPercent: 20 })).toBe(4000);
    expect(resellerPrice(5000, 'KES', { discountPercent: 15 })).toBe(4300); // 42.50 → 43
    expect(resellerPrice(5000, 'KES', { discountPercent: 17 })).toBe(4200); // 41.50 → 42
    expect(resellerPrice(5000, 'KES', { discountPercent: 33 })).toBe(3400); // 33.50 → 34
    expect(resellerPrice(5000, 'KES', { discountPercent: 0 })).toBe(5000);
    expect(resellerPrice(5000, 'KES', { discountPercent: 100 })).toBe(0);
    expect(resellerPrice(1000, 'UGX', { discountPercent: 15 })).toBe(850); // no minor unit
    expect(resellerPrice(1, 'UGX', { discountPercent: 50 })).toBe(1); // 0.5 → 1
  });

  it('hands over only available, unsold batch cards held by nobody', () => {
    expect(handoverRefusal(card(), SHOP, NOW)).toBeNull();
    expect(handoverRefusal(card({ status: 'sold' }), SHOP, NOW)).toBe('not_available');
    expect(handoverRefusal(card({ status: 'disabled' }), SHOP, NOW)).toBe('not_available');
    expect(handoverRefusal(card({ saleKey: 'x' }), SHOP, NOW)).toBe('sale_recorded');
    expect(handoverRefusal(card({ batchId: null }), SHOP, NOW)).toBe('reserved_for_mpesa');
    expect(handoverRefusal(card({ expiresAt: NOW }), SHOP, NOW)).toBe('expired_unsold');
    expect(handoverRefusal(card({ resellerId: SHOP }), SHOP, NOW)).toBe('with_this_reseller');
    expect(handoverRefusal(card({ resellerId: 'other' }), SHOP, NOW)).toBe('with_another_reseller');
  });

  it('takes back only unsold cards the reseller holds', () => {
    expect(returnRefusal(card({ resellerId: SHOP }), SHOP)).toBeNull();
    expect(returnRefusal(card(), SHOP)).toBe('not_with_this_reseller');
    expect(returnRefusal(card({ resellerId: SHOP, saleKey: resellerSaleKey(ID), status: 'in_use' }), SHOP)).toBe('sale_recorded');
    expect(returnRefusal(card({ resellerId: SHOP, status: 'expired' }), SHOP)).toBe('not_available');
  });

  it('reports a recorded reseller sale as skipped, never recorded again', () => {
    expect(cashOutcome(voucher({ status: 'in_use', saleKey: resellerSaleKey(ID), soldAt: NOW }), NOW)).toEqual({ kind: 'skip', reason: 'reseller' });
  });
});
