import type { DarajaSimulator } from '@wavu/daraja-sim';
import { DEMO_APP, startDarajaSimulator } from '@wavu/daraja-sim';
import type { SimRouter } from '@wavu/routeros-sim';
import type { Sandbox } from '@wavu/sandbox';
import { startSandbox } from '@wavu/sandbox';
import type { Session } from '../factories';
import { acceptInvitation, createApiKey, createProvider, createSuperAdmin } from '../factories';
import { freePort } from '../setup/free-port';
import type { TestApp } from '../setup/test-app';
import { startTestApp } from '../setup/test-app';

/**
 * The owner's first day (docs/getting-started.md): the checklist starts empty and each step ticks
 * only after the real action — a router added with a password the platform generated, the
 * simulated router given that password by the setup kit's own line and answering the test, a plan
 * put on the router, the M-Pesa settings saved, a purchase through the Daraja simulator.
 */
type Step = { key: string; done: boolean };

const PLATFORM_ADDRESS = '203.0.113.9';
/** The password the setup kit's `/user add` line gives the API user. */
const kitPassword = (script: string, user = 'wavu-api'): string => {
  const line = script.split('\n').find((l) => l.includes(`/user add name="${user}"`));
  if (!line) throw new Error(`the setup kit creates no ${user} user`);
  return /\/user add name="[^"]+" password="([^"]*)"/.exec(line)![1];
};

describe('getting started (e2e: RouterOS and Daraja simulators)', () => {
  jest.setTimeout(60_000);
  let t: TestApp;
  let sandbox: Sandbox;
  let sim: SimRouter;
  let daraja: DarajaSimulator;
  let admin: Session;

  const checklist = async (owner: Session) => {
    const res = await t.http().get('/api/v1/overview/getting-started').set(owner.auth).expect(200);
    return { ...res.body, done: Object.fromEntries((res.body.steps as Step[]).map((s) => [s.key, s.done])) as Record<string, boolean> };
  };
  const setupKit = async (owner: Session, routerId: string) =>
    (await t.http().get(`/api/v1/routers/${routerId}/setup-kit.rsc`).query({ platformAddress: PLATFORM_ADDRESS }).set(owner.auth).expect(200)).text;

  beforeAll(async () => {
    [daraja, sandbox] = await Promise.all([
      startDarajaSimulator({ apps: [DEMO_APP], logger: { debug: () => undefined, warn: () => undefined, error: () => undefined } }),
      startSandbox({ routers: 1, routerPassword: 'sim-admin-pass' }),
    ]);
    sim = sandbox.routers[0];
    const port = await freePort();
    t = await startTestApp({ DARAJA_BASE_URL: daraja.url, DARAJA_CALLBACK_BASE_URL: `http://127.0.0.1:${port}`, DARAJA_TIMEOUT_MS: '3000', ROUTER_CALL_TIMEOUT_MS: '1000' });
    await t.app.listen(port, '127.0.0.1');
    admin = await createSuperAdmin(t);
  });
  afterAll(async () => {
    await t?.close();
    await sandbox?.stop();
    await daraja?.close();
  });

  it('starts unticked and ticks each step only after the real action', async () => {
    const a = await createProvider(t, admin);
    const first = await checklist(a.owner);
    expect(first.steps.map((s: Step) => s.key)).toEqual(['router', 'connected', 'plan', 'mpesa', 'sale']);
    expect(first.done).toEqual({ router: false, connected: false, plan: false, mpesa: false, sale: false });
    expect(first).toMatchObject({ complete: false, routerId: null, mpesaMode: null, platformCollectionAvailable: true });

    // (a) the setup-kit-first form: name and address, no credentials
    const created = await t.http().post('/api/v1/routers').set(a.owner.auth).send({ name: 'Kawangware shop', host: '127.0.0.1', apiPort: sim.port, useTls: false }).expect(201);
    const routerId = created.body.id as string;
    expect(created.body.username).toBe('wavu-api');
    let now = await checklist(a.owner);
    expect(now.done).toEqual({ router: true, connected: false, plan: false, mpesa: false, sale: false });
    expect(now).toMatchObject({ routerId, routerName: 'Kawangware shop', connectedRouterName: null });

    // the router does not know the password yet: the test fails at login and nothing ticks
    const before = await t.http().post(`/api/v1/routers/${routerId}/test`).set(a.owner.auth).expect(200);
    expect(before.body.ok).toBe(false);
    expect(before.body.steps.find((s: { status: string }) => s.status === 'failed')).toMatchObject({ step: 'login' });
    expect((await checklist(a.owner)).done.connected).toBe(false);

    // (b) the setup kit's line runs on the router (the simulator is given exactly that user), then the test passes
    const password = kitPassword(await setupKit(a.owner, routerId));
    expect(password.length).toBeGreaterThanOrEqual(20);
    sim.state.addApiUser('wavu-api', password, ['read', 'write', 'api', 'test']);
    const tested = await t.http().post(`/api/v1/routers/${routerId}/test`).set(a.owner.auth).expect(200);
    expect(tested.body.ok).toBe(true);
    now = await checklist(a.owner);
    expect(now.done).toEqual({ router: true, connected: true, plan: false, mpesa: false, sale: false });
    expect(now.connectedRouterName).toBe('Kawangware shop');

    // (c) a plan offered on the router counts; an archived one does not
    const plan = await t
      .http()
      .post('/api/v1/plans')
      .set(a.owner.auth)
      .send({ name: '1 hour', price: 20, kind: 'time', uptimeLimitSeconds: 3600, routerScope: 'selected', routerIds: [routerId] })
      .expect(201);
    expect((await checklist(a.owner)).done.plan).toBe(true);
    await t.http().post(`/api/v1/plans/${plan.body.id}/archive`).set(a.owner.auth).expect(200);
    expect((await checklist(a.owner)).done.plan).toBe(false);
    await t.http().post(`/api/v1/plans/${plan.body.id}/restore`).set(a.owner.auth).expect(200);
    now = await checklist(a.owner);
    expect(now.done).toEqual({ router: true, connected: true, plan: true, mpesa: false, sale: false });
    expect(now.planName).toBe('1 hour');

    // (d) opening the M-Pesa page is not a choice; saving platform collection is
    await t.http().get('/api/v1/payments/settings').set(a.owner.auth).expect(200);
    now = await checklist(a.owner);
    expect(now).toMatchObject({ mpesaMode: 'platform' });
    expect(now.done.mpesa).toBe(false);
    await t.http().put('/api/v1/payments/settings').set(a.owner.auth).send({ mode: 'platform' }).expect(200);
    now = await checklist(a.owner);
    expect(now.done).toEqual({ router: true, connected: true, plan: true, mpesa: true, sale: false });

    // (e) a customer buys on the captive portal; the Daraja simulator approves the push
    const purchase = await t.http().post('/api/v1/captive/purchases').send({ routerId, planId: plan.body.id, phone: '0712 340 000', mac: '02:11:22:33:44:55', ip: '10.5.50.77' }).expect(201);
    await daraja.idle();
    const until = Date.now() + 8000;
    let status = 'pending';
    while (status === 'pending' && Date.now() < until) {
      status = (await t.http().get(`/api/v1/captive/purchases/${purchase.body.id}`).query({ routerId }).set('x-purchase-token', purchase.body.token).expect(200)).body.status;
      if (status === 'pending') await new Promise((r) => setTimeout(r, 25));
    }
    expect(status).toBe('paid');
    const [ledger] = await t.dataSource.query(`SELECT count(*)::int AS n FROM ledger_entries WHERE provider_id = $1`, [a.providerId]);
    expect(ledger.n).toBe(1);
    now = await checklist(a.owner);
    expect(now.done).toEqual({ router: true, connected: true, plan: true, mpesa: true, sale: true });
    expect(now.complete).toBe(true);
  });

  it('own-account M-Pesa ticks only once Daraja accepted the keys', async () => {
    const b = await createProvider(t, admin);
    const own = { mode: 'own_account', environment: 'sandbox', shortcodeType: 'paybill', shortcode: '600100', consumerKey: 'wrong-key', consumerSecret: 'wrong-secret', passkey: 'pass-key-x' };
    await t.http().put('/api/v1/payments/settings').set(b.owner.auth).send(own).expect(200);
    expect((await checklist(b.owner)).done.mpesa).toBe(false);
    expect((await t.http().post('/api/v1/payments/settings/test').set(b.owner.auth).expect(200)).body.ok).toBe(false);
    expect((await checklist(b.owner)).done.mpesa).toBe(false);
    await t.http().put('/api/v1/payments/settings').set(b.owner.auth).send({ mode: 'own_account', consumerKey: DEMO_APP.consumerKey, consumerSecret: DEMO_APP.consumerSecret }).expect(200);
    expect((await t.http().post('/api/v1/payments/settings/test').set(b.owner.auth).expect(200)).body.ok).toBe(true);
    const now = await checklist(b.owner);
    expect(now).toMatchObject({ mpesaMode: 'own_account' });
    expect(now.done.mpesa).toBe(true);
  });

  it("is the owner's: staff get 403, and each provider sees only its own progress", async () => {
    const a = await createProvider(t, admin);
    const b = await createProvider(t, admin);
    await t.http().post('/api/v1/routers').set(b.owner.auth).send({ name: 'Only B', host: '127.0.0.1', apiPort: sim.port, useTls: false }).expect(201);
    const created = await t
      .http()
      .post('/api/v1/staff')
      .set(a.owner.auth)
      .send({ name: 'Wanjiru', email: `staff-gs-${Date.now()}@example.test` })
      .expect(201);
    const staff = await acceptInvitation(t, created.body.user.email, 'staff-password-123');
    const refused = await t.http().get('/api/v1/overview/getting-started').set(staff.auth).expect(403);
    expect(refused.body.code).toBe('FORBIDDEN');
    await t.http().get('/api/v1/overview/getting-started').set(admin.auth).expect(403);
    expect((await checklist(a.owner)).done.router).toBe(false);
    expect((await checklist(b.owner)).done.router).toBe(true);
  });

  it("a router added without a password gets a generated one: long, different per router, never returned, only in the owner's setup kit", async () => {
    const a = await createProvider(t, admin);
    const one = await t.http().post('/api/v1/routers').set(a.owner.auth).send({ name: 'Gen one', host: '127.0.0.1', apiPort: sim.port, useTls: false }).expect(201);
    const two = await t.http().post('/api/v1/routers').set(a.owner.auth).send({ name: 'Gen two', host: '127.0.0.1', apiPort: sim.port, useTls: false }).expect(201);
    const p1 = kitPassword(await setupKit(a.owner, one.body.id));
    const p2 = kitPassword(await setupKit(a.owner, two.body.id));
    expect(p1.length).toBeGreaterThanOrEqual(20);
    expect(p2.length).toBeGreaterThanOrEqual(20);
    expect(p1).not.toBe(p2);
    // the kit is stable: downloading it again gives the same password (the router keeps working)
    expect(kitPassword(await setupKit(a.owner, one.body.id))).toBe(p1);

    const key = await createApiKey(t, a.owner, 'full');
    const created = await t
      .http()
      .post('/api/v1/staff')
      .set(a.owner.auth)
      .send({ name: 'Otieno', email: `staff-kit-${Date.now()}@example.test` })
      .expect(201);
    const staff = await acceptInvitation(t, created.body.user.email, 'staff-password-123');
    const answers = [
      JSON.stringify(one.body),
      JSON.stringify(two.body),
      (await t.http().get(`/api/v1/routers/${one.body.id}`).set(a.owner.auth).expect(200)).text,
      (await t.http().get('/api/v1/routers').query({ limit: 100 }).set(a.owner.auth).expect(200)).text,
      (await t.http().get('/api/v1/routers').query({ limit: 100 }).set(key.auth).expect(200)).text,
      (await t.http().get(`/api/v1/routers/${one.body.id}`).set(staff.auth).expect(200)).text,
      (await t.http().get('/api/v1/audit-logs').query({ limit: 100 }).set(a.owner.auth).expect(200)).text,
      (await t.http().get('/api/v1/overview/getting-started').set(a.owner.auth).expect(200)).text,
    ];
    for (const text of answers) {
      expect(text).not.toContain(p1);
      expect(text).not.toContain(p2);
    }
    // the setup kit (which carries it) is for the owner signed in as a person only
    await t.http().get(`/api/v1/routers/${one.body.id}/setup-kit.rsc`).query({ platformAddress: PLATFORM_ADDRESS }).set(staff.auth).expect(403);
    await t.http().get(`/api/v1/routers/${one.body.id}/setup-kit.rsc`).query({ platformAddress: PLATFORM_ADDRESS }).set(key.auth).expect(403);
    // sealed at rest like any router password; the audit says it was generated, not what it is
    const rows = await t.dataSource.query(`SELECT password_sealed FROM routers WHERE id = ANY($1)`, [[one.body.id, two.body.id]]);
    for (const r of rows) {
      expect(r.password_sealed).toMatch(/^v1\./);
      expect(r.password_sealed).not.toContain(p1);
    }
    const [audit] = await t.dataSource.query(`SELECT metadata FROM audit_logs WHERE action = 'router.create' AND target_id = $1`, [one.body.id]);
    expect(audit.metadata).toMatchObject({ name: 'Gen one', password: 'generated' });

    // explicit credentials still work (API compatibility), and an empty password stays an explicit empty one
    const given = await t
      .http()
      .post('/api/v1/routers')
      .set(a.owner.auth)
      .send({ name: 'Given', host: '127.0.0.1', apiPort: sim.port, useTls: false, username: 'api-own', password: 'own-pass-1' })
      .expect(201);
    expect(given.body.username).toBe('api-own');
    expect(kitPassword(await setupKit(a.owner, given.body.id), 'api-own')).toBe('own-pass-1');
    const empty = await t
      .http()
      .post('/api/v1/routers')
      .set(a.owner.auth)
      .send({ name: 'Empty', host: '127.0.0.1', apiPort: sim.port, useTls: false, username: 'api-empty', password: '' })
      .expect(201);
    const [emptyAudit] = await t.dataSource.query(`SELECT metadata FROM audit_logs WHERE action = 'router.create' AND target_id = $1`, [empty.body.id]);
    expect(emptyAudit.metadata.password).toBe('given');
    // bad credentials are still a 400 naming the field
    const bad = await t.http().post('/api/v1/routers').set(a.owner.auth).send({ name: 'Bad', host: '127.0.0.1', apiPort: sim.port, useTls: false, password: 'tab\there' }).expect(400);
    expect(bad.body.details.map((d: { field: string }) => d.field)).toContain('password');
  });

  it('a pending account sees its status and edits its profile, nothing else (docs/product.md §2b): what the status page says', async () => {
    const p = await createProvider(t, admin, { pending: true });
    expect((await t.http().get('/api/v1/auth/me').set(p.owner.auth).expect(200)).body.provider).toMatchObject({ status: 'pending' });
    await t.http().patch('/api/v1/provider').set(p.owner.auth).send({ location: 'Kibera, Nairobi' }).expect(200);
    expect((await t.http().get('/api/v1/provider').set(p.owner.auth).expect(200)).body).toMatchObject({ status: 'pending', location: 'Kibera, Nairobi' });
    // the pricing it may choose from once approved is public
    expect((await t.http().get('/api/v1/platform-plans/trial').expect(200)).body).toMatchObject({ trialDays: 14, maxRouters: 10 });
    // no router, plan, payment settings or checklist before approval: the platform does no work for it
    for (const [method, path, body] of [
      ['post', '/api/v1/routers', { name: 'Pending shop', host: '127.0.0.1', apiPort: sim.port, useTls: false }],
      ['post', '/api/v1/plans', { name: '1 day', price: 50, kind: 'unlimited', validitySeconds: 86400 }],
      ['put', '/api/v1/payments/settings', { mode: 'platform' }],
      ['get', '/api/v1/overview/getting-started', undefined],
      ['get', '/api/v1/subscription', undefined],
    ] as const) {
      const res = await (t.http() as any)[method](path).set(p.owner.auth).send(body);
      expect([path, res.status, res.body.code]).toEqual([path, 403, 'PROVIDER_NOT_ACTIVE']);
      expect(res.body.message).toMatch(/waiting for approval/);
    }
    // approved: the same session may now set up
    await t.http().post(`/api/v1/admin/providers/${p.providerId}/approve`).set(admin.auth).expect(200);
    const router = await t.http().post('/api/v1/routers').set(p.owner.auth).send({ name: 'Approved shop', host: '127.0.0.1', apiPort: sim.port, useTls: false }).expect(201);
    await setupKit(p.owner, router.body.id);
  });

  it('a suspended account keeps its data, sign-in and read-only API keys but neither sells nor writes: what the banner says', async () => {
    const p = await createProvider(t, admin);
    const router = await t.http().post('/api/v1/routers').set(p.owner.auth).send({ name: 'Suspended shop', host: '127.0.0.1', apiPort: sim.port, useTls: false }).expect(201);
    await t.http().post('/api/v1/plans').set(p.owner.auth).send({ name: '1 day', price: 50, kind: 'unlimited', validitySeconds: 86400 }).expect(201);
    const key = await createApiKey(t, p.owner, 'read');
    await t.http().get('/api/v1/routers').set(key.auth).expect(200);
    expect((await t.http().get(`/api/v1/captive/routers/${router.body.id}`).expect(200)).body.sales).toBe('open');

    await t.http().post(`/api/v1/admin/providers/${p.providerId}/suspend`).set(admin.auth).send({ reason: 'Unpaid invoices' }).expect(200);
    expect((await t.http().get('/api/v1/provider').set(p.owner.auth).expect(200)).body).toMatchObject({ status: 'suspended', statusReason: 'Unpaid invoices' });
    expect((await t.http().get('/api/v1/routers').set(p.owner.auth).expect(200)).body.items).toHaveLength(1);
    expect((await t.http().get(`/api/v1/captive/routers/${router.body.id}`).expect(200)).body.sales).toBe('unavailable');
    await t.http().get('/api/v1/routers').set(key.auth).expect(200);
    const refused = await t.http().post('/api/v1/plans').set(p.owner.auth).send({ name: '2 days', price: 80, kind: 'unlimited', validitySeconds: 172800 }).expect(403);
    expect(refused.body).toMatchObject({ code: 'PROVIDER_NOT_ACTIVE', message: expect.stringContaining('suspended') });
    expect((await t.http().get(`/api/v1/routers/${router.body.id}/sessions`).set(p.owner.auth).expect(403)).body.code).toBe('PROVIDER_NOT_ACTIVE');
  });
});
