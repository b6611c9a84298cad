import type { SimRouter } from '@wavu/routeros-sim';
import { ipAddresses } from '@wavu/routeros-sim';
import type { Sandbox } from '@wavu/sandbox';
import { startSandbox } from '@wavu/sandbox';
import { OutboxWorker } from '../../apps/api/src/modules/routers/outbox.worker';
import { RouterMonitorService } from '../../apps/api/src/modules/routers/router-monitor.service';
import { VoucherBatchesService } from '../../apps/api/src/modules/vouchers/voucher-batches.service';
import { VouchersJobs } from '../../apps/api/src/modules/vouchers/vouchers.jobs';
import type { ProviderFixture } from '../factories';
import { createProvider, createSuperAdmin, databaseFingerprint } from '../factories';
import type { TestApp } from '../setup/test-app';
import { startTestApp } from '../setup/test-app';

/**
 * "Hotspot users on the router" and interface enable/disable (docs/routers.md), against the
 * RouterOS simulator over TCP: the list, delete, adopt, complimentary vouchers through the outbox,
 * the refusal for the platform's own interface, tenancy, and a hostile router's list.
 */
describe('router hotspot users and interfaces (e2e, RouterOS simulator)', () => {
  let t: TestApp;
  let sandbox: Sandbox;
  let sim: SimRouter;
  let a: ProviderFixture;
  let b: ProviderFixture;
  let routerId: string;
  let plan: { id: string; profileName: string };

  const api = (p: ProviderFixture, method: 'get' | 'post' | 'delete', path: string) => (t.http() as any)[method](`/api/v1${path}`).set(p.owner.auth);
  const drain = async () => {
    for (let i = 0; i < 5; i++) await t.app.get(OutboxWorker).drainOnce();
  };
  const audit = (action: string) => t.dataSource.query(`SELECT metadata FROM audit_logs WHERE action = $1 AND provider_id = $2 ORDER BY created_at`, [action, a.providerId]);

  beforeAll(async () => {
    [t, sandbox] = await Promise.all([startTestApp({ ROUTER_CALL_TIMEOUT_MS: '10000' }), startSandbox({ routers: 2 })]);
    sim = sandbox.routers[0];
    const admin = await createSuperAdmin(t);
    a = await createProvider(t, admin);
    b = await createProvider(t, admin);
    routerId = (
      await api(a, 'post', '/routers').send({ name: 'Shop 1', host: '127.0.0.1', apiPort: sim.port, useTls: false, username: 'admin', password: '', hotspotDnsName: 'wifi.shop1.test' }).expect(201)
    ).body.id;
    plan = (await api(a, 'post', '/plans').send({ name: '1 day', price: 50, kind: 'unlimited', validitySeconds: 86400 }).expect(201)).body;
    await drain();
  });
  afterAll(async () => {
    await t?.close();
    await sandbox?.stop();
  });

  it('lists the router’s users as managed, unknown and disabled, with usage and who is online', async () => {
    const batch = await api(a, 'post', '/voucher-batches').send({ planId: plan.id, quantity: 2, routerId, pushToRouter: true }).expect(202);
    await t.app.get(VoucherBatchesService).settled(batch.body.id);
    await drain();
    const vouchers = (await api(a, 'get', '/vouchers').query({ batchId: batch.body.id }).expect(200)).body.items as Array<{ id: string; code: string }>;
    sim.state.hotspot.addUser({ name: 'owner-friend', password: 'friend-pw', comment: 'added by hand', 'bytes-in': '1000', 'bytes-out': '5000', uptime: '1h', 'limit-uptime': '2h' });
    sim.state.hotspot.addUser({ name: 'old-guest', password: 'x', disabled: 'true' });
    sandbox.loginDevices(sim, [{ user: 'owner-friend', password: 'friend-pw', ip: '10.5.50.40', mac: 'AA:BB:CC:00:40:01' }]);

    const res = await api(a, 'get', `/routers/${routerId}/hotspot-users`).expect(200);
    const byName = Object.fromEntries(res.body.items.map((u: { name: string }) => [u.name, u]));
    for (const v of vouchers) expect(byName[v.code]).toMatchObject({ kind: 'managed', voucherId: v.id, comment: `wavu:${v.id}`, profile: plan.profileName });
    expect(byName['owner-friend']).toMatchObject({ kind: 'unknown', voucherId: null, active: true, bytesIn: 1000, bytesOut: 5000, limitUptimeSeconds: 7200, disabled: false });
    expect(byName['owner-friend'].uptimeSeconds).toBeGreaterThanOrEqual(3600);
    expect(byName['old-guest']).toMatchObject({ kind: 'disabled', disabled: true, active: false });
    expect(res.body).toMatchObject({ total: res.body.items.length, limit: 2000, managed: 2, unknown: 1, disabled: 1 });
    const unknownOnly = await api(a, 'get', `/routers/${routerId}/hotspot-users`).query({ kind: 'unknown' }).expect(200);
    expect(unknownOnly.body.items.map((u: { name: string }) => u.name)).toEqual(['owner-friend']);
    await api(a, 'get', `/routers/${routerId}/hotspot-users`).query({ kind: 'nonsense' }).expect(400);
  });

  it('deletes an unknown user (its session ends, audited) and refuses to delete a voucher’s user', async () => {
    const managed = (await api(a, 'get', `/routers/${routerId}/hotspot-users`).query({ kind: 'managed' }).expect(200)).body.items[0];
    const before = await databaseFingerprint(t);
    const refused = await api(a, 'delete', `/routers/${routerId}/hotspot-users/${managed.name}`).expect(409);
    expect(refused.body.code).toBe('ROUTER_HOTSPOT_USER_MANAGED');
    expect(refused.body.message).toMatch(/voucher/);
    expect(sim.state.hotspot.findUser(managed.name)).toBeDefined();
    expect(await databaseFingerprint(t)).toEqual(before);

    await api(a, 'delete', `/routers/${routerId}/hotspot-users/old-guest`).expect(204);
    expect(sim.state.hotspot.findUser('old-guest')).toBeUndefined();
    // an online one: its session ends with it
    sim.state.hotspot.addUser({ name: 'walk-in', password: 'w' });
    sandbox.loginDevices(sim, [{ user: 'walk-in', password: 'w', ip: '10.5.50.41', mac: 'AA:BB:CC:00:41:01' }]);
    expect(sim.state.hotspot.active.filter((s) => s.user === 'walk-in')).toHaveLength(1);
    await api(a, 'delete', `/routers/${routerId}/hotspot-users/walk-in`).expect(204);
    expect(sim.state.hotspot.findUser('walk-in')).toBeUndefined();
    expect(sim.state.hotspot.active.filter((s) => s.user === 'walk-in')).toHaveLength(0);
    expect(await audit('router.hotspot_user_deleted')).toEqual([
      { metadata: expect.objectContaining({ user: 'old-guest', disabled: true }) },
      { metadata: expect.objectContaining({ user: 'walk-in', disabled: false }) },
    ]);
    expect((await api(a, 'delete', `/routers/${routerId}/hotspot-users/old-guest`).expect(404)).body.code).toBe('ROUTER_HOTSPOT_USER_NOT_FOUND');
  });

  it('adopts an unknown user: it becomes a voucher and the router user carries the platform comment', async () => {
    const res = await api(a, 'post', `/routers/${routerId}/hotspot-users/owner-friend/adopt`).send({ planId: plan.id }).expect(201);
    expect(res.body).toMatchObject({ code: 'owner-friend', password: 'friend-pw', status: 'sold', priceMinor: 0, planId: plan.id, routerId });
    await drain();
    expect(sim.state.hotspot.findUser('owner-friend')).toMatchObject({ comment: `wavu:${res.body.id}`, profile: plan.profileName, password: 'friend-pw' });
    const listed = (await api(a, 'get', `/routers/${routerId}/hotspot-users`).expect(200)).body.items.find((u: { name: string }) => u.name === 'owner-friend');
    expect(listed).toMatchObject({ kind: 'managed', voucherId: res.body.id });
    // now Wavu's: deleting it here is refused, adopting it again too
    expect((await api(a, 'delete', `/routers/${routerId}/hotspot-users/owner-friend`).expect(409)).body.code).toBe('ROUTER_HOTSPOT_USER_MANAGED');
    expect((await api(a, 'post', `/routers/${routerId}/hotspot-users/owner-friend/adopt`).send({ planId: plan.id }).expect(409)).body.code).toBe('ROUTER_HOTSPOT_USER_MANAGED');
    expect(await audit('voucher.adopted')).toEqual([{ metadata: expect.objectContaining({ code: 'owner-friend', routerId, priceMinor: 0 }) }]);

    // a given price is recorded on the voucher; a name too long for a voucher code is refused with its reason
    sim.state.hotspot.addUser({ name: 'paid-guest', password: 'pw' });
    expect((await api(a, 'post', `/routers/${routerId}/hotspot-users/paid-guest/adopt`).send({ planId: plan.id, price: 30 }).expect(201)).body.priceMinor).toBe(3000);
    sim.state.hotspot.addUser({ name: 'a-very-long-hotspot-user-name-x', password: 'pw' });
    const long = await api(a, 'post', `/routers/${routerId}/hotspot-users/a-very-long-hotspot-user-name-x/adopt`).send({ planId: plan.id }).expect(409);
    expect(long.body).toMatchObject({ code: 'VOUCHER_ADOPT_REFUSED', message: expect.stringMatching(/at most 24/) });
  });

  it('gives a complimentary voucher: price 0, on the router through the outbox, 0 revenue in reports, expires and is removed', async () => {
    expect((await api(a, 'post', `/routers/${routerId}/complimentary-vouchers`).send({ planId: plan.id }).expect(400)).body.code).toBe('VALIDATION_FAILED');
    const res = await api(a, 'post', `/routers/${routerId}/complimentary-vouchers`).send({ planId: plan.id, reason: 'Sorry for the outage' }).expect(201);
    const v = res.body;
    expect(v).toMatchObject({ priceMinor: 0, price: 0, status: 'sold', routerId });
    // queued, not written directly: the router has it only once the outbox ran
    expect(sim.state.hotspot.findUser(v.code)).toBeUndefined();
    await drain();
    expect(sim.state.hotspot.findUser(v.code)).toMatchObject({ comment: `wavu:${v.id}`, profile: plan.profileName });
    expect(await audit('voucher.complimentary')).toEqual([{ metadata: expect.objectContaining({ reason: 'Sorry for the outage', code: v.code }) }]);

    const report = (await api(a, 'get', '/payments/reports/revenue').expect(200)).body;
    expect(report.byMethod.find((m: { method: string }) => m.method === 'comp')).toMatchObject({ label: 'Complimentary', count: 1, grossMinor: 0, netMinor: 0, commissionMinor: 0 });
    expect(report.total.grossMinor).toBe(0);

    // the plan's window starts at first login: the guest logs in, usage sync starts the clock
    sandbox.loginDevices(sim, [{ user: v.code, password: v.code, ip: '10.5.50.91', mac: 'AA:BB:CC:00:09:91' }]);
    sim.clock.advance(10_000);
    await t.app.get(RouterMonitorService).syncUsageAll();
    const inUse = (await api(a, 'get', `/vouchers/${v.id}`).expect(200)).body;
    expect(inUse).toMatchObject({ status: 'in_use', priceMinor: 0 });
    const run = await t.app.get(VouchersJobs).runNow(new Date(new Date(inUse.expiresAt).getTime() + 1000));
    expect(run.status).toBe('succeeded');
    expect((await api(a, 'get', `/vouchers/${v.id}`).expect(200)).body.status).toBe('expired');
    await drain();
    expect(sim.state.hotspot.findUser(v.code)).toBeUndefined();
  });

  it('disables and enables an interface on the router, audited', async () => {
    const list = (await api(a, 'get', `/routers/${routerId}/interfaces`).expect(200)).body as Array<{ name: string; management: boolean }>;
    expect(list.filter((i) => i.management).map((i) => i.name)).toEqual(['ether1']);
    await api(a, 'post', `/routers/${routerId}/interfaces/ether3/disable`).expect(204);
    expect(sim.state.interfaces.find('name', 'ether3')?.disabled).toBe('true');
    expect((await api(a, 'get', `/routers/${routerId}/interfaces`).expect(200)).body.find((i: { name: string }) => i.name === 'ether3').disabled).toBe(true);
    await api(a, 'post', `/routers/${routerId}/interfaces/ether3/enable`).expect(204);
    expect(sim.state.interfaces.find('name', 'ether3')?.disabled).toBe('false');
    expect((await audit('router.interface_disabled')).map((r: { metadata: { interface: string } }) => r.metadata.interface)).toEqual(['ether3']);
    expect((await audit('router.interface_enabled')).map((r: { metadata: { interface: string } }) => r.metadata.interface)).toEqual(['ether3']);
    expect((await api(a, 'post', `/routers/${routerId}/interfaces/ether9/disable`).expect(404)).body.code).toBe('ROUTER_INTERFACE_NOT_FOUND');
  });

  it('refuses to disable the interface Wavu reaches the router through, and any interface when it cannot tell which', async () => {
    const refused = await api(a, 'post', `/routers/${routerId}/interfaces/ether1/disable`).expect(409);
    expect(refused.body).toMatchObject({ code: 'ROUTER_INTERFACE_PROTECTED', message: expect.stringContaining('127.0.0.1, which is on ether1') });
    expect(sim.state.interfaces.find('name', 'ether1')?.disabled).toBe('false');

    // the connect address on no interface (behind NAT): Wavu cannot tell, so it refuses rather than guess
    const addresses = ipAddresses(sim.state);
    const wan = addresses.find('address', '127.0.0.1/8')!;
    addresses.update(wan['.id'], { address: '192.0.2.10/24' });
    try {
      const unsure = await api(a, 'post', `/routers/${routerId}/interfaces/ether2/disable`).expect(409);
      expect(unsure.body).toMatchObject({ code: 'ROUTER_INTERFACE_PROTECTED', message: expect.stringMatching(/cannot tell/) });
      expect(sim.state.interfaces.find('name', 'ether2')?.disabled).toBe('false');
      expect((await api(a, 'get', `/routers/${routerId}/interfaces`).expect(200)).body.some((i: { management: boolean }) => i.management)).toBe(false);
    } finally {
      addresses.update(wan['.id'], { address: '127.0.0.1/8' });
    }
  });

  it("answers 404 to another provider for this router's users, interfaces and vouchers, changing nothing", async () => {
    const before = await databaseFingerprint(t);
    for (const [method, path, body] of [
      ['get', `/routers/${routerId}/hotspot-users`, undefined],
      ['delete', `/routers/${routerId}/hotspot-users/paid-guest`, undefined],
      ['post', `/routers/${routerId}/hotspot-users/paid-guest/adopt`, { planId: plan.id }],
      ['post', `/routers/${routerId}/complimentary-vouchers`, { planId: plan.id, reason: 'stolen' }],
      ['post', `/routers/${routerId}/interfaces/ether2/disable`, undefined],
    ] as const) {
      const req = api(b, method, path);
      const res = body ? await req.send(body) : await req;
      expect([path, res.status, res.body.code]).toEqual([path, 404, 'ROUTER_NOT_FOUND']);
    }
    expect(await databaseFingerprint(t)).toEqual(before);
    expect(sim.state.hotspot.findUser('paid-guest')).toBeDefined();

    // A's own router with B's plan: B's plan is not found, nothing is made
    sim.state.hotspot.addUser({ name: 'b-plan-guest', password: 'pw' });
    const bPlan = (await api(b, 'post', '/plans').send({ name: 'B day', price: 40, kind: 'unlimited', validitySeconds: 86400 }).expect(201)).body;
    const mid = await databaseFingerprint(t);
    expect((await api(a, 'post', `/routers/${routerId}/hotspot-users/b-plan-guest/adopt`).send({ planId: bPlan.id }).expect(404)).body.code).toBe('PLAN_NOT_FOUND');
    expect((await api(a, 'post', `/routers/${routerId}/complimentary-vouchers`).send({ planId: bPlan.id, reason: 'stolen' }).expect(404)).body.code).toBe('PLAN_NOT_FOUND');
    expect(await databaseFingerprint(t)).toEqual(mid);
    expect(sim.state.hotspot.findUser('b-plan-guest')?.comment).toBeUndefined();
    expect(sim.state.interfaces.find('name', 'ether2')?.disabled).toBe('false');
  });

  it('stays bounded on a hostile router: a huge list with huge fields and garbage counters', async () => {
    const hostile = sandbox.routers[1];
    const hostileId = (await api(a, 'post', '/routers').send({ name: 'Hostile', host: '127.0.0.1', apiPort: hostile.port, useTls: false, username: 'admin', password: '' }).expect(201)).body.id;
    const huge = 'x'.repeat(1_000);
    for (let i = 0; i < 2600; i++) {
      hostile.state.hotspot.addUser({ name: i < 3 ? `${huge}-${i}` : `flood-${i}`, password: huge, comment: huge, 'bytes-in': i % 2 ? 'garbage' : '-5', uptime: 'forever' });
    }
    const started = Date.now();
    const res = await api(a, 'get', `/routers/${hostileId}/hotspot-users`);
    if (res.status !== 200) throw new Error(`${res.status} ${JSON.stringify(res.body)}`);
    const elapsedMs = Date.now() - started;
    expect(res.body.total).toBe(2600);
    expect(res.body.items).toHaveLength(2000);
    expect(res.body.limit).toBe(2000);
    expect(Math.max(...res.body.items.map((u: { name: string }) => u.name.length))).toBeLessThanOrEqual(128);
    expect(Math.max(...res.body.items.map((u: { comment: string }) => u.comment.length))).toBeLessThanOrEqual(255);
    expect(res.body.items.every((u: { bytesIn: number; uptimeSeconds: number }) => u.bytesIn === 0 && Number.isFinite(u.uptimeSeconds))).toBe(true);
    expect(JSON.stringify(res.body).length).toBeLessThan(2_000_000);
    // within the call timeout: a router that takes longer answers 502 instead (the read never hangs)
    expect(elapsedMs).toBeLessThan(10_000);
    // the API still answers other requests
    await api(a, 'get', `/routers/${routerId}`).expect(200);

    // a reply that is not the RouterOS API at all (a word announced as 2 GB): a prompt 502, no hang
    await hostile.setFaults({ hostile: 'oversized-word', floodBytes: 256 * 1024, commandPrefix: '/ip/hotspot/user' });
    try {
      const brokenAt = Date.now();
      const broken = await api(a, 'get', `/routers/${hostileId}/hotspot-users`).expect(502);
      expect(broken.body.code).toBe('ROUTER_PROTOCOL_ERROR');
      expect(Date.now() - brokenAt).toBeLessThan(10_000);
    } finally {
      await hostile.clearFaults();
    }
    await api(a, 'get', `/routers/${routerId}/hotspot-users`).expect(200);
    console.log(`hostile router: 2600 users with 1 kB fields read and bounded in ${elapsedMs} ms, ${JSON.stringify(res.body).length} bytes answered`);
  });
});
