import type { DarajaCredentials } from '.';
import { DarajaError, TokenCache } from '.';

const creds: DarajaCredentials = { environment: 'sandbox', consumerKey: 'k1', consumerSecret: 's1' };

function setup(expiresInSec = 3599) {
  let clock = 1_000_000;
  let issued = 0;
  let fail = false;
  const pending: Array<() => void> = [];
  let gate = false;
  const cache = new TokenCache(
    async () => {
      issued++;
      if (gate) await new Promise<void>((r) => pending.push(r));
      if (fail) throw new DarajaError('INVALID_CREDENTIALS', 'no');
      return { token: `t${issued}`, expiresInSec };
    },
    { now: () => clock },
  );
  return {
    cache,
    issued: () => issued,
    advance: (ms: number) => (clock += ms),
    setFail: (v: boolean) => (fail = v),
    hold: () => (gate = true),
    release: () => {
      gate = false;
      pending.splice(0).forEach((r) => r());
    },
  };
}

describe('TokenCache', () => {
  it('reuses a token until less than 10 minutes remain, then refreshes', async () => {
    const s = setup();
    expect(await s.cache.get(creds)).toBe('t1');
    s.advance(49 * 60_000);
    expect(await s.cache.get(creds)).toBe('t1');
    s.advance(2 * 60_000);
    expect(await s.cache.get(creds)).toBe('t2');
    expect(s.issued()).toBe(2);
  });

  it('shares one OAuth call among concurrent callers', async () => {
    const s = setup();
    s.hold();
    const all = Promise.all(Array.from({ length: 10 }, () => s.cache.get(creds)));
    s.release();
    expect(await all).toEqual(Array(10).fill('t1'));
    expect(s.issued()).toBe(1);
  });

  it('keys by environment and consumer key, and replaces the entry when the secret changes', async () => {
    const s = setup();
    await s.cache.get(creds);
    await s.cache.get({ ...creds, environment: 'production' });
    await s.cache.get({ ...creds, consumerKey: 'k2' });
    expect(s.issued()).toBe(3);
    expect(await s.cache.get({ ...creds, consumerSecret: 'new' })).toBe('t4');
    expect(s.cache.size).toBe(3);
  });

  it('invalidate drops only the token it was told about', async () => {
    const s = setup();
    await s.cache.get(creds);
    s.cache.invalidate(creds, 'stale-other');
    expect(await s.cache.get(creds)).toBe('t1');
    s.cache.invalidate(creds, 't1');
    expect(await s.cache.get(creds)).toBe('t2');
  });

  it('refreshActive refreshes soon-expiring active tokens, evicts idle ones and reports failures', async () => {
    const s = setup();
    await s.cache.get(creds);
    await s.cache.get({ ...creds, consumerKey: 'idle' });
    s.advance(25 * 60_000);
    await s.cache.get(creds);
    s.advance(100 * 60_000); // 'idle' last used 125 min ago; creds 100 min ago
    const report = await s.cache.refreshActive();
    expect(report).toEqual({ refreshed: 1, failed: [], evicted: 1 });
    expect(s.cache.size).toBe(1);
    expect(await s.cache.get(creds)).toBe('t3');
    s.setFail(true);
    s.advance(30 * 60_000);
    const failed = await s.cache.refreshActive();
    expect(failed.failed).toEqual([{ environment: 'sandbox', consumerKey: 'k1', code: 'INVALID_CREDENTIALS' }]);
  });

  it('a failed refresh is not cached', async () => {
    const s = setup();
    s.setFail(true);
    await expect(s.cache.get(creds)).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS' });
    s.setFail(false);
    expect(await s.cache.get(creds)).toBe('t2');
  });
});
