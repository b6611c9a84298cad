import { expiryAtFirstLogin, expiryAtGeneration, expiryAtSale, extendValidity, isExhausted } from './voucher-expiry';

const t0 = new Date('2030-01-01T00:00:00Z');
const at = (hours: number) => new Date(t0.getTime() + hours * 3600_000);
const day = { validitySeconds: 86400, uptimeLimitSeconds: null, dataLimitBytes: null };

describe('voucher expiry maths', () => {
  it('activation expiry: N days after generation, none when switched off', () => {
    expect(expiryAtGeneration(30, t0)).toEqual(at(30 * 24));
    expect(expiryAtGeneration(null, t0)).toBeNull();
  });

  it('purchase expiry starts the window at the sale and replaces activation expiry', () => {
    expect(expiryAtSale({ ...day, validityFrom: 'purchase' }, at(5))).toEqual(at(29));
    expect(expiryAtFirstLogin({ ...day, validityFrom: 'purchase' }, at(29), at(20))).toEqual(at(29));
  });

  it('usage expiry: no end at the sale, the window starts at first login', () => {
    expect(expiryAtSale({ ...day, validityFrom: 'first_login' }, at(5))).toBeNull();
    expect(expiryAtFirstLogin({ ...day, validityFrom: 'first_login' }, null, at(50))).toEqual(at(74));
  });

  it('no validity window: only the router limits end the voucher', () => {
    const terms = { validitySeconds: null, validityFrom: 'purchase' as const, uptimeLimitSeconds: 3600, dataLimitBytes: null };
    expect(expiryAtSale(terms, at(1))).toBeNull();
    expect(isExhausted(terms, { uptimeSeconds: 3599, bytes: 0, limitReached: false })).toBe(false);
    expect(isExhausted(terms, { uptimeSeconds: 3600, bytes: 0, limitReached: false })).toBe(true);
  });

  it('exhaustion: either limit, or the router refusing logins', () => {
    const terms = { validitySeconds: null, validityFrom: 'purchase' as const, uptimeLimitSeconds: 7200, dataLimitBytes: 1_000_000 };
    expect(isExhausted(terms, { uptimeSeconds: 10, bytes: 1_000_000, limitReached: false })).toBe(true);
    expect(isExhausted(terms, { uptimeSeconds: 10, bytes: 10, limitReached: true })).toBe(true);
    expect(isExhausted(terms, { uptimeSeconds: 10, bytes: 10, limitReached: false })).toBe(false);
  });

  it('extends a running window from its end, an elapsed one from now, an unstarted one by length', () => {
    expect(extendValidity(at(10), 86400, 3600, at(5))).toEqual({ expiresAt: at(11), validitySeconds: 86400 });
    expect(extendValidity(at(1), 86400, 3600, at(5))).toEqual({ expiresAt: at(6), validitySeconds: 86400 });
    expect(extendValidity(null, 86400, 3600, at(5))).toEqual({ expiresAt: null, validitySeconds: 90000 });
  });
});
