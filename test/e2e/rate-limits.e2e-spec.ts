import { Logger } from '@nestjs/common';
import { SharedRateLimiter } from '../../apps/api/src/common/http/rate-limit';
import type { TestApp } from '../setup/test-app';
import { startTestApp } from '../setup/test-app';

/**
 * Real client IPs (TRUST_PROXY), IPv6 /64 keys, shared limits across instances and the captive
 * portal's device keys. Sign-up is limited to 10 an hour per client; the guard counts before
 * validation, so empty bodies (400) spend the budget without creating anything.
 */
const SIGNUP_LIMIT = 10;
const signup = (t: TestApp, forwardedFor?: string) => {
  const req = t.http().post('/api/v1/providers/signup');
  return (forwardedFor ? req.set('X-Forwarded-For', forwardedFor) : req).send({});
};
/** Spends a client's whole sign-up budget; the next request is refused. */
const spend = async (t: TestApp, forwardedFor: string | undefined, n = SIGNUP_LIMIT) => {
  for (let i = 0; i < n; i++) expect((await signup(t, forwardedFor)).status).toBe(400);
};

describe('rate limits: client IPs, /64s, shared counters, devices (e2e)', () => {
  describe('default TRUST_PROXY (loopback): the proxy names the client', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp();
    });
    afterAll(() => t?.close());

    it('gives two clients behind the proxy separate budgets', async () => {
      await spend(t, '203.0.113.10');
      const refused = await signup(t, '203.0.113.10').expect(429);
      expect(refused.body.code).toBe('RATE_LIMITED');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
      await signup(t, '203.0.113.11').expect(400);
    });

    it('keys IPv6 clients by their /64 and an IPv4-mapped address as the IPv4', async () => {
      await spend(t, '2001:db8:1:2::1', 6);
      await spend(t, '2001:db8:1:2:ffff:ffff:ffff:fffe', 4);
      await signup(t, '2001:db8:1:2::abcd').expect(429); // same /64, another address
      await signup(t, '2001:db8:1:3::1').expect(400); // the next /64
      await spend(t, '::ffff:198.51.100.20', SIGNUP_LIMIT);
      await signup(t, '198.51.100.20').expect(429);
    });

    it('deletes ended windows in the cleanup', async () => {
      await t.dataSource.query(`UPDATE rate_limit_windows SET expires_at = now() - interval '1 second' WHERE key = 'ip:203.0.113.10'`);
      expect(await t.app.get(SharedRateLimiter).cleanup()).toBe(1);
      await signup(t, '203.0.113.10').expect(400);
    });
  });

  it('ignores X-Forwarded-For from a proxy that is not trusted (TRUST_PROXY=10.9.0.0/16): one budget for the socket address', async () => {
    const t = await startTestApp({ TRUST_PROXY: '10.9.0.0/16' });
    try {
      for (let i = 0; i < SIGNUP_LIMIT; i++) await signup(t, `203.0.113.${i}`).expect(400);
      await signup(t, '203.0.113.99').expect(429);
    } finally {
      await t.close();
    }
  });

  it('TRUST_PROXY=1 trusts exactly one hop: a client-supplied X-Forwarded-For entry is not believed', async () => {
    const t = await startTestApp({ TRUST_PROXY: '1' });
    try {
      // the proxy appends the address it saw (203.0.113.30) after whatever the client claimed
      for (let i = 0; i < SIGNUP_LIMIT; i++) await signup(t, `198.51.100.${i}, 203.0.113.30`).expect(400);
      await signup(t, '198.51.100.99, 203.0.113.30').expect(429);
      await signup(t, '198.51.100.1, 203.0.113.31').expect(400);
    } finally {
      await t.close();
    }
  });

  it('logs the effective TRUST_PROXY at start with a worked example', async () => {
    const log = jest.spyOn(Logger.prototype, 'log');
    const t = await startTestApp({ TRUST_PROXY: '1' });
    try {
      const lines = log.mock.calls.map((c) => String(c[0])).filter((m) => m.startsWith('TRUST_PROXY='));
      expect(lines).toEqual([
        'TRUST_PROXY=1 hop(s): a request from 127.0.0.1 with X-Forwarded-For: 203.0.113.7 → client 203.0.113.7 (limits key 203.0.113.7); from 10.0.0.2 with X-Forwarded-For: 203.0.113.7 → client 203.0.113.7 (limits key 203.0.113.7); IPv6 clients are keyed by their /64',
      ]);
    } finally {
      log.mockRestore();
      await t.close();
    }
  });

  it('refuses a TRUST_PROXY that is not a hop count, CIDRs or keywords', async () => {
    await expect(startTestApp({ TRUST_PROXY: 'everyone' })).rejects.toThrow(/TRUST_PROXY/);
    await expect(startTestApp({ TRUST_PROXY: '10.0.0.0/99' })).rejects.toThrow(/TRUST_PROXY/);
  });

  it('shares one budget between two API instances on one database', async () => {
    const one = await startTestApp();
    const two = await startTestApp({}, { db: one.db });
    try {
      await spend(one, '203.0.113.50', 6);
      await spend(two, '203.0.113.50', 4);
      await signup(one, '203.0.113.50').expect(429);
      await signup(two, '203.0.113.50').expect(429);
      await signup(two, '203.0.113.51').expect(400);
    } finally {
      await two.close();
      await one.close();
    }
  });

  describe('captive portal: one budget per device (router + MAC), not per hotspot NAT address', () => {
    let t: TestApp;
    beforeAll(async () => {
      t = await startTestApp();
    });
    afterAll(() => t?.close());
    const routerId = '8b7d8c1e-0c1a-4c5e-9a55-3f0c9d0b1a22';
    // an invalid plan: answered 400 after the limit counted, so no router or payment is needed
    const purchase = (mac?: string) => t.http().post('/api/v1/captive/purchases').set('X-Forwarded-For', '203.0.113.77').send({ routerId, planId: 'not-a-plan', phone: '0712345678', mac });

    it('limits one device on a shared NAT address while the other devices there still buy', async () => {
      for (let i = 0; i < 10; i++) await purchase('AA:BB:CC:00:00:01').expect(400);
      expect((await purchase('aa-bb-cc-00-00-01').expect(429)).body.code).toBe('RATE_LIMITED');
      for (let d = 2; d < 30; d++) await purchase(`AA:BB:CC:00:00:${String(d).padStart(2, '0')}`).expect(400);
      const [{ keys }] = await t.dataSource.query(`SELECT count(*)::int AS keys FROM rate_limit_windows WHERE bucket = 'captive-purchase' AND key LIKE 'device:%'`);
      expect(keys).toBe(29);
    });

    it('falls back to the client IP without a MAC', async () => {
      for (let i = 0; i < 10; i++) await purchase().expect(400);
      await purchase().expect(429);
    });
  });
});
