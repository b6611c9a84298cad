import type { Session } from '../../factories';
import { createSuperAdmin, login } from '../../factories';
import type { TestApp } from '../../setup/test-app';
import { startTestApp } from '../../setup/test-app';

/**
 * Issue 19: login throttling that parallel guesses cannot outrun, that nobody can use to lock
 * someone else out, and that two instances share. LOGIN_MAX_FAILURES = 5 (per account and IP),
 * 20 per IP, first wait 60 s doubling up to LOGIN_LOCK_SECONDS.
 */
describe('login attacks (e2e)', () => {
  let t: TestApp;
  let admin: Session & { email: string; password: string };

  beforeAll(async () => {
    t = await startTestApp({ LOGIN_MAX_FAILURES: '5', LOGIN_LOCK_SECONDS: '900' });
    admin = await createSuperAdmin(t);
  });
  afterAll(() => t?.close());

  const attempt = (app: TestApp, email: string, password: string, ip: string) => app.http().post('/api/v1/auth/login').set('X-Forwarded-For', ip).send({ email, password });
  const verifiedFailures = async (email: string) =>
    (await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_logs WHERE action = 'auth.login_failed' AND actor_email = $1`, [email]))[0].n as number;

  it('50 parallel wrong guesses from one IP: at most the limit are verified, the rest 429', async () => {
    const victim = await createSuperAdmin(t);
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => attempt(t, victim.email, `guess-${i}`, '203.0.113.5')));
    const statuses = results.map((r) => r.status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(45);
    expect(await verifiedFailures(victim.email)).toBe(5);
    const refused = results.find((r) => r.status === 429)!;
    expect(refused.body.code).toBe('LOGIN_THROTTLED');
    expect(Number(refused.headers['retry-after'])).toBeGreaterThanOrEqual(59);
    // even the right password waits, from that IP
    await attempt(t, victim.email, victim.password, '203.0.113.5').expect(429);
  });

  it('waits grow after the limit: 60 s, then 120 s after the next failure', async () => {
    const victim = await createSuperAdmin(t);
    for (let i = 0; i < 5; i++) await attempt(t, victim.email, 'guess', '203.0.113.6').expect(401);
    const first = await attempt(t, victim.email, 'guess', '203.0.113.6').expect(429);
    expect(Number(first.headers['retry-after'])).toBeLessThanOrEqual(60);
    // the first wait is over
    await t.dataSource.query(`UPDATE login_throttles SET blocked_until = now() - interval '1 second' WHERE key = $1`, [`${victim.email}|203.0.113.6`]);
    await attempt(t, victim.email, 'guess', '203.0.113.6').expect(401);
    const second = await attempt(t, victim.email, 'guess', '203.0.113.6').expect(429);
    expect(Number(second.headers['retry-after'])).toBeGreaterThan(60);
    expect(Number(second.headers['retry-after'])).toBeLessThanOrEqual(120);
  });

  it('limits one IP across accounts (password spraying) at 4 × the limit', async () => {
    const ip = '203.0.113.7';
    const statuses: number[] = [];
    for (let i = 0; i < 25; i++) statuses.push((await attempt(t, `nobody-${i}@wavu.test`, 'guess', ip)).status);
    expect(statuses.filter((s) => s === 401)).toHaveLength(20);
    expect(statuses.slice(20).every((s) => s === 429)).toBe(true);
    // a real login from that IP waits too; another IP does not
    await attempt(t, admin.email, admin.password, ip).expect(429);
    await attempt(t, admin.email, admin.password, '203.0.113.8').expect(200);
  });

  it('failures from many IPs lock nobody out: the super admin still logs in from their own IP, and an alert is recorded', async () => {
    const owner = await createSuperAdmin(t);
    await attempt(t, owner.email, owner.password, '198.51.100.1').expect(200); // their usual address
    // 30 attacker addresses, 5 guesses each, some of them in parallel
    for (let a = 0; a < 30; a += 10) {
      await Promise.all(
        Array.from({ length: 10 }, async (_, k) => {
          for (let g = 0; g < 5; g++) await attempt(t, owner.email, `spray-${g}`, `192.0.2.${a + k + 1}`).expect(401);
        }),
      );
    }
    await attempt(t, owner.email, owner.password, '198.51.100.1').expect(200);
    await attempt(t, owner.email, owner.password, '198.51.100.1').expect(200);
    const alerts = await t.dataSource.query(`SELECT actor_user_id, metadata FROM audit_logs WHERE action = 'auth.account_under_attack' AND actor_user_id = $1`, [owner.userId]);
    expect(alerts).toHaveLength(1); // raised once per window, not per failure
    expect(alerts[0].metadata.failures).toBe(20);
    // the admin sees it in the audit log in words
    const log = await t.http().get('/api/v1/audit-logs').query({ action: 'auth.account_under_attack' }).set(admin.auth).expect(200);
    expect(log.body.items[0].actionLabel).toMatch(/^Many failed logins from several addresses/);
    // and in system health
    const health = await t.http().get('/api/v1/admin/system-health').set(admin.auth).expect(200);
    expect(health.body.loginAlerts).toEqual([{ userId: owner.userId, email: owner.email, failures: 20, at: expect.any(String) }]);
  });

  it('a success clears the (account, IP) counter only', async () => {
    const user = await createSuperAdmin(t);
    for (let i = 0; i < 4; i++) await attempt(t, user.email, 'guess', '203.0.113.9').expect(401);
    await attempt(t, user.email, user.password, '203.0.113.9').expect(200);
    for (let i = 0; i < 4; i++) await attempt(t, user.email, 'guess', '203.0.113.9').expect(401);
    await attempt(t, user.email, user.password, '203.0.113.9').expect(200);
    const [ip] = await t.dataSource.query(`SELECT failures FROM login_throttles WHERE scope = 'ip' AND key = '203.0.113.9'`);
    expect(ip.failures).toBe(8); // the IP's failures stay counted; the successes gave their reservations back
  });

  it('two instances on one database share the throttle', async () => {
    const two = await startTestApp({ LOGIN_MAX_FAILURES: '5', LOGIN_LOCK_SECONDS: '900' }, { db: t.db });
    try {
      const user = await createSuperAdmin(t);
      for (let i = 0; i < 3; i++) await attempt(t, user.email, 'guess', '203.0.113.12').expect(401);
      for (let i = 0; i < 2; i++) await attempt(two, user.email, 'guess', '203.0.113.12').expect(401);
      await attempt(t, user.email, user.password, '203.0.113.12').expect(429);
      await attempt(two, user.email, user.password, '203.0.113.12').expect(429);
      await login(t, user.email, user.password); // from another address: not throttled
    } finally {
      await two.close();
    }
  });
});
