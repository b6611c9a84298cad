import type { Sandbox } from '@wavu/sandbox';
import { startSandbox } from '@wavu/sandbox';
import type { SimRouter } from '@wavu/routeros-sim';
import { RouterMonitorService } from '../../apps/api/src/modules/routers/router-monitor.service';
import { RoutersService } from '../../apps/api/src/modules/routers/routers.service';
import type { ProviderFixture, Session } from '../factories';
import { createProvider, createSuperAdmin } from '../factories';
import type { TestApp } from '../setup/test-app';
import { startTestApp } from '../setup/test-app';

/**
 * Issue 17, no pivot into tenants' routers: connection tests are rate limited per provider and
 * per target; failed logins to one address:port are counted across providers (PostgreSQL) and,
 * after five in 15 minutes, nobody is let in there except a saved router whose credentials
 * already worked on it. Against the RouterOS simulator over TCP.
 */
describe('router logins: rate limits and failed-login backoff (e2e)', () => {
  let t: TestApp;
  let sandbox: Sandbox;
  let sim: SimRouter;
  let admin: Session;

  beforeAll(async () => {
    [t, sandbox] = await Promise.all([startTestApp({ ROUTER_CALL_TIMEOUT_MS: '1000' }), startSandbox({ routers: 1, routerPassword: 'owner-pass' })]);
    sim = sandbox.routers[0];
    admin = await createSuperAdmin(t);
  });
  afterAll(async () => {
    await t?.close();
    await sandbox?.stop();
  });

  const testConnection = (p: ProviderFixture, body: Record<string, unknown>) =>
    t
      .http()
      .post('/api/v1/routers/test-connection')
      .set(p.owner.auth)
      .send({ username: 'admin', ...body });
  const target = () => `127.0.0.1:${sim.port}`;
  const loginRow = async () =>
    (await t.dataSource.query('SELECT failures, locked_until FROM router_login_targets WHERE target = $1', [target()]))[0] as { failures: number; locked_until: Date | null } | undefined;
  /** login outcomes are recorded from the connection's hook, just after the answer */
  const until = async (what: () => Promise<boolean>) => {
    for (let i = 0; i < 100; i++) {
      if (await what()) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('condition not reached');
  };

  it('limits connection tests per provider (30 per 10 minutes) and per target (20, any provider)', async () => {
    const p = await createProvider(t, admin);
    // closed loopback ports: each test is a quick tcp failure, each a different target
    for (let port = 2; port < 32; port++) await testConnection(p, { host: '127.0.0.1', apiPort: port, useTls: false, password: 'x' }).expect(200);
    const limited = await testConnection(p, { host: '127.0.0.1', apiPort: 40, password: 'x' }).expect(429);
    expect(limited.body.code).toBe('RATE_LIMITED');
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);

    const [q, r, s] = [await createProvider(t, admin), await createProvider(t, admin), await createProvider(t, admin)];
    await testConnection(q, { host: '127.0.0.1', apiPort: 40, password: 'x' }).expect(200); // another provider is not limited by p
    for (let i = 0; i < 10; i++) await testConnection(q, { host: '127.0.0.1', apiPort: 41, password: 'x' }).expect(200);
    for (let i = 0; i < 10; i++) await testConnection(r, { host: '127.0.0.1', apiPort: 41, password: 'x' }).expect(200);
    const targetLimited = await testConnection(s, { host: '127.0.0.1', apiPort: 41, password: 'x' }).expect(429);
    expect(targetLimited.body.code).toBe('RATE_LIMITED');
    await testConnection(s, { host: '127.0.0.1', apiPort: 42, password: 'x' }).expect(200);
  });

  it('five failed logins lock the target for strangers; the owner whose stored credentials work is never locked out', async () => {
    const [owner, stranger, other] = [await createProvider(t, admin), await createProvider(t, admin), await createProvider(t, admin)];
    const saved = await t
      .http()
      .post('/api/v1/routers')
      .set(owner.owner.auth)
      .send({ name: 'Shop', host: '127.0.0.1', apiPort: sim.port, useTls: false, username: 'admin', password: 'owner-pass' })
      .expect(201);
    const ownerRouter: string = saved.body.id;
    expect((await t.http().post(`/api/v1/routers/${ownerRouter}/test`).set(owner.owner.auth).expect(200)).body.ok).toBe(true);
    await until(async () => (await t.dataSource.query('SELECT 1 FROM router_login_trust WHERE router_id = $1', [ownerRouter])).length === 1);

    // a stranger guesses passwords on the owner's router through the platform
    for (let i = 1; i <= 5; i++) {
      const res = await testConnection(stranger, { host: '127.0.0.1', apiPort: sim.port, useTls: false, password: `guess-${i}` }).expect(200);
      expect(res.body.steps[2]).toMatchObject({ step: 'login', status: 'failed' });
      await until(async () => (await loginRow())?.failures === i);
    }
    expect((await loginRow())!.locked_until!.getTime()).toBeGreaterThan(Date.now() + 14 * 60_000);

    // locked for everyone whose credentials have not worked there: more guesses, the right password, another account
    const connectionsBefore = sim.connectionCount;
    for (const [who, password] of [
      [stranger, 'guess-6'],
      [stranger, 'owner-pass'],
      [other, 'owner-pass'],
    ] as const) {
      const res = await testConnection(who, { host: '127.0.0.1', apiPort: sim.port, useTls: false, password }).expect(429);
      expect(res.body.code).toBe('ROUTER_LOGIN_LOCKED');
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(14 * 60);
    }
    // … and for a stranger's saved router pointing at it (its calls, its monitoring)
    const strangers = await t
      .http()
      .post('/api/v1/routers')
      .set(stranger.owner.auth)
      .send({ name: 'Not mine', host: '127.0.0.1', apiPort: sim.port, useTls: false, username: 'admin', password: 'guess-7' })
      .expect(201);
    const locked = await t.http().get(`/api/v1/routers/${strangers.body.id}/sessions`).set(stranger.owner.auth).expect(429);
    expect(locked.body.code).toBe('ROUTER_LOGIN_LOCKED');
    const strangerRouter = await t.app.get(RoutersService).requireRouter(stranger.providerId, strangers.body.id);
    const checked = await t.app.get(RouterMonitorService).checkRouter(strangerRouter);
    expect(checked).toMatchObject({ status: 'error', lastError: expect.stringMatching(/^ROUTER_LOGIN_LOCKED: /) });
    expect(sim.connectionCount).toBeLessThanOrEqual(connectionsBefore);
    expect((await loginRow())!.failures).toBe(5); // refused attempts never reached the router

    // the owner: live calls, a fresh test and monitoring all work
    await t.app.get(RoutersService).settled();
    await t.http().get(`/api/v1/routers/${ownerRouter}/sessions`).set(owner.owner.auth).expect(200);
    expect((await t.http().post(`/api/v1/routers/${ownerRouter}/test`).set(owner.owner.auth).expect(200)).body.ok).toBe(true);
    const ownerChecked = await t.app.get(RouterMonitorService).checkRouter(await t.app.get(RoutersService).requireRouter(owner.providerId, ownerRouter));
    expect(ownerChecked.status).toBe('online');

    // the lock ends; a new window counts from one
    await t.dataSource.query("UPDATE router_login_targets SET locked_until = now() - interval '1 second', window_started_at = now() - interval '16 minutes' WHERE target = $1", [target()]);
    const again = await testConnection(other, { host: '127.0.0.1', apiPort: sim.port, useTls: false, password: 'guess-8' }).expect(200);
    expect(again.body.steps[2]).toMatchObject({ step: 'login', status: 'failed' });
    await until(async () => (await loginRow())?.failures === 1);
  });

  it('changed credentials must work again before the router is trusted at a locked target', async () => {
    const owner = await createProvider(t, admin);
    const saved = await t
      .http()
      .post('/api/v1/routers')
      .set(owner.owner.auth)
      .send({ name: 'Kiosk', host: '127.0.0.1', apiPort: sim.port, useTls: false, username: 'admin', password: 'owner-pass' })
      .expect(201);
    await t.http().post(`/api/v1/routers/${saved.body.id}/test`).set(owner.owner.auth).expect(200);
    await until(async () => (await t.dataSource.query('SELECT 1 FROM router_login_trust WHERE router_id = $1', [saved.body.id])).length === 1);
    await t.http().patch(`/api/v1/routers/${saved.body.id}`).set(owner.owner.auth).send({ password: 'typo-pass' }).expect(200);
    expect(await t.dataSource.query('SELECT 1 FROM router_login_trust WHERE router_id = $1', [saved.body.id])).toHaveLength(0);
    await t.dataSource.query("UPDATE router_login_targets SET locked_until = now() + interval '15 minutes' WHERE target = $1", [target()]);
    const res = await t.http().post(`/api/v1/routers/${saved.body.id}/test`).set(owner.owner.auth).expect(429);
    expect(res.body.code).toBe('ROUTER_LOGIN_LOCKED');
  });
});
