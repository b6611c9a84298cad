import { commissionRateBp, DEFAULT_COMMISSION_BP, splitCommission } from './commission';

describe('commission', () => {
  it('uses the SPEC defaults per provider type for platform collection', () => {
    expect(DEFAULT_COMMISSION_BP).toEqual({ homeowner: 2000, personal: 2000, isp: 0, enterprise: 0 });
    expect(commissionRateBp('platform', 'homeowner', null)).toBe(2000);
    expect(commissionRateBp('platform', 'isp', null)).toBe(0);
  });

  it('charges the highest default while the type is only self-declared (not confirmed at approval)', () => {
    expect(commissionRateBp('platform', null, null)).toBe(2000);
    expect(commissionRateBp('platform', null, 500)).toBe(500);
    expect(commissionRateBp('own_account', null, null)).toBe(0);
  });

  it('lets a super-admin override win, and own account is always 0 %', () => {
    expect(commissionRateBp('platform', 'homeowner', 1250)).toBe(1250);
    expect(commissionRateBp('platform', 'isp', 500)).toBe(500);
    expect(commissionRateBp('own_account', 'homeowner', 1250)).toBe(0);
  });

  it('splits with integer maths, rounding half up, and always adds up', () => {
    expect(splitCommission(5000, 2000)).toEqual({ commissionMinor: 1000, netMinor: 4000 });
    expect(splitCommission(1, 5000)).toEqual({ commissionMinor: 1, netMinor: 0 }); // 0.5 → 1
    expect(splitCommission(3, 1250)).toEqual({ commissionMinor: 0, netMinor: 3 }); // 0.375 → 0
    expect(splitCommission(333, 3333)).toEqual({ commissionMinor: 111, netMinor: 222 }); // 110.99 → 111
    for (let gross = 0; gross < 2000; gross += 7) {
      for (const bp of [0, 1, 999, 2000, 3333, 10_000]) {
        const { commissionMinor, netMinor } = splitCommission(gross, bp);
        expect(commissionMinor + netMinor).toBe(gross);
        expect(Number.isInteger(commissionMinor)).toBe(true);
        expect(Math.abs(commissionMinor - (gross * bp) / 10_000)).toBeLessThanOrEqual(0.5);
      }
    }
  });

  it('is exact for amounts far beyond float precision of a product', () => {
    expect(splitCommission(Number.MAX_SAFE_INTEGER, 10_000)).toEqual({ commissionMinor: Number.MAX_SAFE_INTEGER, netMinor: 0 });
  });

  it('refuses nonsense', () => {
    expect(() => splitCommission(-1, 100)).toThrow(RangeError);
    expect(() => splitCommission(1.5, 100)).toThrow(RangeError);
    expect(() => splitCommission(100, 10_001)).toThrow(RangeError);
  });
});
