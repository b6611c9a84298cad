import { createHash } from 'node:crypto';
import { classifyC2bMsisdn, c2bMsisdnMatches } from '@wavu/daraja';
import type { PlatformReferenceFacts } from './platform-c2b';
import { decidePlatformValidation, purchasesMatchingPayer } from './platform-c2b';

const available: PlatformReferenceFacts = { voucher: { status: 'available', priceMinor: 5000 }, provider: { mode: 'platform', active: true } };
const code = (reference: string, amount: number, facts: PlatformReferenceFacts) => decidePlatformValidation(reference, amount, facts).ResultCode;

describe('paybill by reference on the platform shortcode: validation', () => {
  it('accepts an available reference of an active platform-collection provider at its exact price', () => {
    expect(decidePlatformValidation('K7M2P9QX', 50, available)).toEqual({ ResultCode: '0', ResultDesc: 'Accepted', ThirdPartyTransID: 'K7M2P9QX' });
  });

  it('accepts money without an account number: it is matched by phone and amount when confirmed', () => {
    expect(decidePlatformValidation('', 50, { voucher: null, provider: null })).toEqual({ ResultCode: '0', ResultDesc: 'Accepted' });
  });

  it('refuses an unknown or malformed reference as an invalid account number', () => {
    expect(code('NOPE2345', 50, { voucher: null, provider: null })).toBe('C2B00012');
    expect(code('K7M2-P9QX', 50, available)).toBe('C2B00012');
    expect(code('K7M2P9QXK7M2P', 50, available)).toBe('C2B00012');
  });

  it("refuses an own-account provider's reference: that money belongs on the provider's own shortcode", () => {
    expect(code('K7M2P9QX', 50, { ...available, provider: { mode: 'own_account', active: true } })).toBe('C2B00012');
  });

  it('refuses a suspended provider with "other error", before looking at the voucher or amount', () => {
    expect(code('K7M2P9QX', 50, { ...available, provider: { mode: 'platform', active: false } })).toBe('C2B00016');
    expect(code('K7M2P9QX', 49, { voucher: { status: 'sold', priceMinor: 5000 }, provider: { mode: 'platform', active: false } })).toBe('C2B00016');
  });

  it('refuses a voucher already sold, and a wrong or fractional amount', () => {
    expect(code('K7M2P9QX', 50, { ...available, voucher: { status: 'sold', priceMinor: 5000 } })).toBe('C2B00012');
    expect(code('K7M2P9QX', 49, available)).toBe('C2B00013');
    expect(code('K7M2P9QX', 51, available)).toBe('C2B00013');
    expect(code('K7M2P9QX', 49.5, available)).toBe('C2B00013');
  });
});

describe('paying without an account number: matching the payer to open purchases', () => {
  const hash = (phone: string) => createHash('sha256').update(phone).digest('hex');
  const purchases = [
    { id: 'a', phone: '254712345126' },
    { id: 'b', phone: '254798765126' },
    { id: 'c', phone: '254712345127' },
    { id: 'd', phone: null },
    { id: 'e', phone: '254112345126' },
  ];

  it('v1: the SHA-256 of the stored 2547… digits equals the hash (in any case)', () => {
    expect(purchasesMatchingPayer(classifyC2bMsisdn(hash('254712345126')), purchases).map((p) => p.id)).toEqual(['a']);
    expect(purchasesMatchingPayer(classifyC2bMsisdn(hash('254712345126').toUpperCase()), purchases).map((p) => p.id)).toEqual(['a']);
    expect(purchasesMatchingPayer(classifyC2bMsisdn(hash('254700000999')), purchases)).toEqual([]);
  });

  it('v2: the visible head and tail of `2547 ***** 126` match, so two phones can both match (ambiguous)', () => {
    expect(purchasesMatchingPayer(classifyC2bMsisdn('2547 ***** 126'), purchases).map((p) => p.id)).toEqual(['a', 'b']);
    expect(purchasesMatchingPayer(classifyC2bMsisdn('2547*****127'), purchases).map((p) => p.id)).toEqual(['c']);
    expect(purchasesMatchingPayer(classifyC2bMsisdn('2541 ***** 126'), purchases).map((p) => p.id)).toEqual(['e']);
  });

  it('a mask without a visible head or tail, or too short, matches nobody', () => {
    for (const masked of ['***** 126', '2547 *****', '************', '25 ***** 126', '2547 ***** 6']) {
      expect(c2bMsisdnMatches(classifyC2bMsisdn(masked), '254712345126')).toBe(false);
    }
    // the hidden part must hide at least one digit
    expect(c2bMsisdnMatches(classifyC2bMsisdn('254712345 * 126'), '254712345126')).toBe(false);
    expect(c2bMsisdnMatches(classifyC2bMsisdn('2547 ***** 126'), '2547126')).toBe(false);
  });

  it('an unreadable MSISDN matches nothing', () => {
    expect(purchasesMatchingPayer(classifyC2bMsisdn(''), purchases)).toEqual([]);
    expect(purchasesMatchingPayer(classifyC2bMsisdn('JOHN'), purchases)).toEqual([]);
  });
});
