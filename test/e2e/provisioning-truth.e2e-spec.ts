import type { SimRouter } from '@wavu/routeros-sim';
import type { Sandbox } from '@wavu/sandbox';
import { startSandbox } from '@wavu/sandbox';
import { OutboxWorker } from '../../apps/api/src/modules/routers/outbox.worker';
import { RouterMonitorService } from '../../apps/api/src/modules/routers/router-monitor.service';
import { RoutersRepository } from '../../apps/api/src/modules/routers/routers.repository';
import { RoutersService } from '../../apps/api/src/modules/routers/routers.service';
import { VoucherBatchesService } from '../../apps/api/src/modules/vouchers/voucher-batches.service';
import type { ProviderFixture, Session } from '../factories';
import { createProvider, createSuperAdmin } from '../factories';
import type { TestApp } from '../setup/test-app';
import { startTestApp } from '../setup/test-app';

/**
 * What the dashboard says is on a router is what the router confirmed (docs/provisioning.md):
 * default pushes, refused bulk pushes reported as failures, "push to routers", and drift noticed
 * and repaired without a click.
 */
describe('truth in provisioning (e2e, RouterOS simulator over TCP)', () => {
  let t: TestApp;
  let sandbox: Sandbox;
  let sim: SimRouter;
  let admin: Session;
  let p: ProviderFixture;
  let routerId: string;
  let planId: string;

  const api = (method: 'get' | 'post', path: string) => (t.http() as any)[method](`/api/v1${path}`).set(p.owner.auth);
  const drain = async () => {
    for (let i = 0; i < 5; i++) await t.app.get(OutboxWorker).drainOnce();
  };
  const waitBatch = async (id: string) => {
    await t.app.get(VoucherBatchesService).settled(id);
    await t.app.get(RoutersService).settled();
    return (await api('get', `/voucher-batches/${id}`).expect(200)).body;
  };
  const codesOf = async (batchId: string): Promise<string[]> =>
    (await t.dataSource.query(`SELECT code FROM vouchers WHERE batch_id = $1 ORDER BY batch_seq`, [batchId])).map((r: { code: string }) => r.code);
  const onSim = (codes: string[]) => codes.filter((c) => sim.state.hotspot.users.find('name', c));
  const router = async () => (await t.app.get(RoutersRepository).findById(routerId))!;
  const events = async () => (await api('get', `/routers/${routerId}/events`).expect(200)).body.items as Array<{ type: string; message: string }>;

  beforeAll(async () => {
    [t, sandbox] = await Promise.all([startTestApp(), startSandbox({ routers: 1 })]);
    sim = sandbox.routers[0];
    admin = await createSuperAdmin(t);
    p = await createProvider(t, admin);
    routerId = (await t.http().post('/api/v1/routers').set(p.owner.auth).send({ name: 'Githurai', host: '127.0.0.1', apiPort: sim.port, useTls: false, username: 'admin', password: '' }).expect(201))
      .body.id;
    planId = (await api('post', '/plans').send({ name: '2 hours', price: 30, kind: 'time', uptimeLimitSeconds: 7200, validitySeconds: 86400 }).expect(201)).body.id;
    await drain();
    await t.app.get(RouterMonitorService).checkRouter(await router());
  });
  afterAll(async () => {
    await t?.close();
    await sandbox?.stop();
  });

  it('a batch generated with the defaults is put on the router, and the router confirmed every card', async () => {
    const started = await api('post', '/voucher-batches').send({ planId, quantity: 10 }).expect(202);
    expect(started.body.pushToRouter).toBe(true);
    const batch = await waitBatch(started.body.id);
    const codes = await codesOf(batch.id);
    expect(onSim(codes)).toHaveLength(10);
    expect(batch.routers).toEqual([expect.objectContaining({ routerId, status: 'succeeded', total: 10, done: 10, failed: 0 })]);
    expect(batch.onRouters).toEqual([{ routerId, routerName: 'Githurai', usable: 10, pushed: 10, confirmed: 10 }]);
    const detail = (await api('get', `/vouchers/${(await t.dataSource.query(`SELECT id FROM vouchers WHERE code = $1`, [codes[0]]))[0].id}`).expect(200)).body;
    expect(detail.routers).toEqual([{ routerId, routerName: 'Githurai', state: 'on_router' }]);
    expect(detail.allowedActions).toContain('push');
  });

  it('a bulk push the router refuses half of is reported exactly so: failed push, unconfirmed users, sync status and the admin rate', async () => {
    await sim.setFaults({ refuseEveryNthUserAdd: 2 });
    const batch = await waitBatch((await api('post', '/voucher-batches').send({ planId, quantity: 20, label: 'Half refused' }).expect(202)).body.id);
    await sim.setFaults({ refuseEveryNthUserAdd: 0 });
    const codes = await codesOf(batch.id);
    expect(onSim(codes)).toHaveLength(10);
    expect(batch.routers).toEqual([expect.objectContaining({ status: 'failed', total: 20, done: 10, failed: 10, error: expect.stringContaining('not enough free space') })]);
    expect(batch.onRouters).toEqual([expect.objectContaining({ usable: 20, pushed: 20, confirmed: 10 })]);

    const sync = (await api('get', `/routers/${routerId}/sync`).expect(200)).body;
    expect(sync.inSync).toBe(false);
    expect(sync.desiredUsers - sync.confirmedUsers).toBe(10);
    expect(sync.bulkSyncs[0]).toMatchObject({ status: 'failed', done: 10, failed: 10 });
    expect((await events())[0]).toMatchObject({ type: 'bulk_sync_failed', message: expect.stringContaining('took 10 of 20 users; 10 refused') });

    // the admin's rate counts what bulk pushes placed and what they could not, from the tables
    const [ops] = await t.dataSource.query(`SELECT count(*) FILTER (WHERE status = 'done')::int AS done, count(*) FILTER (WHERE status = 'dead')::int AS dead FROM router_provisioning_ops`);
    const [bulk] = await t.dataSource.query(`SELECT coalesce(sum(done), 0)::int AS done, coalesce(sum(total - done) FILTER (WHERE status = 'failed'), 0)::int AS refused FROM router_bulk_syncs`);
    expect(bulk.refused).toBe(10);
    const overview = (await t.http().get('/api/v1/admin/overview').set(admin.auth).expect(200)).body;
    expect(overview.routerSync).toMatchObject({ succeeded: ops.done + bulk.done, total: ops.done + ops.dead + bulk.done + bulk.refused });
    expect(overview.routerSync.rate).toBeLessThan(1);
    const health = (await t.http().get('/api/v1/admin/system-health').set(admin.auth).expect(200)).body;
    expect(health.outbox).toEqual(expect.arrayContaining([expect.objectContaining({ routerId, unconfirmed: 10 })]));

    // "Push to routers" on the batch puts the rest there; then everything is confirmed
    const pushed = await api('post', `/voucher-batches/${batch.id}/push`).expect(200);
    expect(pushed.body.routers[0].status).toMatch(/queued|running|succeeded/);
    const after = await waitBatch(batch.id);
    expect(after.routers).toEqual([expect.objectContaining({ status: 'succeeded', done: 20, failed: 0 })]);
    expect(after.onRouters).toEqual([expect.objectContaining({ usable: 20, confirmed: 20 })]);
    expect(onSim(codes)).toHaveLength(20);
    await drain();
    expect((await api('get', `/routers/${routerId}/sync`).expect(200)).body).toMatchObject({ inSync: true, pending: 0, failed: 0 });
  });

  it('a batch generated without the push says its cards are not on the router; one voucher and the whole batch can be pushed', async () => {
    const batch = await waitBatch((await api('post', '/voucher-batches').send({ planId, quantity: 3, pushToRouter: false }).expect(202)).body.id);
    expect(batch.pushToRouter).toBe(false);
    expect(batch.onRouters).toEqual([expect.objectContaining({ usable: 3, pushed: 0, confirmed: 0 })]);
    const [first] = await t.dataSource.query(`SELECT id, code FROM vouchers WHERE batch_id = $1 ORDER BY batch_seq LIMIT 1`, [batch.id]);
    expect((await api('get', `/vouchers/${first.id}`).expect(200)).body.routers).toEqual([expect.objectContaining({ state: 'not_pushed' })]);

    await api('post', `/vouchers/${first.id}/push`).expect(200);
    expect((await api('get', `/vouchers/${first.id}`).expect(200)).body.routers).toEqual([expect.objectContaining({ state: 'waiting' })]);
    await drain();
    expect((await api('get', `/vouchers/${first.id}`).expect(200)).body.routers).toEqual([expect.objectContaining({ state: 'on_router' })]);
    expect(sim.state.hotspot.users.find('name', first.code)).toBeTruthy();

    await api('post', `/voucher-batches/${batch.id}/push`).expect(200);
    const after = await waitBatch(batch.id);
    expect(after).toMatchObject({ pushToRouter: true, onRouters: [expect.objectContaining({ usable: 3, pushed: 3, confirmed: 3 })] });
    expect(onSim(await codesOf(batch.id))).toHaveLength(3);
    // a disabled voucher is not one to push
    await api('post', `/vouchers/${first.id}/disable`).expect(200);
    expect((await api('post', `/vouchers/${first.id}/push`).expect(409)).body.code).toBe('VOUCHER_ACTION_NOT_ALLOWED');
    await drain();
    expect(sim.state.hotspot.users.find('name', first.code)).toMatchObject({ disabled: 'true' });
  });

  it('a router that restarted empty is noticed by the monitor and put back without a click', async () => {
    const wanted = (await t.dataSource.query(`SELECT name FROM router_users WHERE router_id = $1`, [routerId])).map((r: { name: string }) => r.name);
    expect(wanted.length).toBeGreaterThan(20);
    sim.clock.advance(600_000); // the router has been up a while…
    await t.app.get(RouterMonitorService).checkRouter(await router());
    sim.state.reboot({ wipe: true }); // …then comes back reset
    expect(onSim(wanted)).toHaveLength(0);

    await t.app.get(RouterMonitorService).checkRouter(await router());
    const [restarted, reconciled] = (await events()).slice(0, 2).reverse();
    expect(restarted).toMatchObject({ type: 'restarted', message: expect.stringContaining('Router restarted') });
    expect(reconciled).toMatchObject({ type: 'reconciled', message: expect.stringMatching(new RegExp(`^Reconcile after a restart: ${wanted.length} re-added`)) });
    expect(onSim(wanted)).toHaveLength(wanted.length);
    expect((await api('get', `/routers/${routerId}/sync`).expect(200)).body).toMatchObject({ inSync: true, confirmedUsers: wanted.length });
  });

  it('users removed from the router by hand are noticed by the usage read and put back', async () => {
    const [a, b] = (await t.dataSource.query(`SELECT name FROM router_users WHERE router_id = $1 ORDER BY name LIMIT 2`, [routerId])).map((r: { name: string }) => r.name);
    sim.state.hotspot.removeUserByName(a);
    sim.state.hotspot.removeUserByName(b);
    await t.app.get(RouterMonitorService).syncUsage(await router());
    const recent = await events();
    expect(recent.find((e) => e.type === 'drift')).toMatchObject({ message: expect.stringContaining('2 user(s) the router had confirmed are gone') });
    expect(recent[0]).toMatchObject({ type: 'reconciled', message: expect.stringContaining('after users went missing: 2 re-added') });
    expect(onSim([a, b])).toEqual([a, b]);
  });

  it('the captive portal can ask whether a code is on the router, and a refused login repairs that one user at once', async () => {
    const [row] = await t.dataSource.query(`SELECT name FROM router_users WHERE router_id = $1 AND NOT disabled ORDER BY name DESC LIMIT 1`, [routerId]);
    const routers = t.app.get(RoutersService);
    expect(await routers.userOnRouter(routerId, row.name)).toEqual({ wanted: true, confirmed: true });
    expect(await routers.userOnRouter(routerId, 'NOSUCHCODE')).toEqual({ wanted: false, confirmed: false });
    expect(await routers.restoreUser(routerId, row.name)).toBe('present');

    sim.state.hotspot.removeUserByName(row.name);
    expect(await routers.restoreUser(routerId, row.name)).toBe('restored');
    expect(sim.state.hotspot.users.find('name', row.name)).toBeTruthy();
    expect(await routers.userOnRouter(routerId, row.name)).toEqual({ wanted: true, confirmed: true });
    await routers.settled(); // the background reconcile of the whole router
    expect((await events()).map((e) => e.type)).toEqual(expect.arrayContaining(['drift', 'reconciled']));
    expect(await routers.restoreUser(routerId, 'NOSUCHCODE')).toBe('not_wanted');
  });
});
