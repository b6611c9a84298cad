import type { SimRouter } from '@wavu/routeros-sim';
import { strFromU8, unzipSync } from 'fflate';
import type { Sandbox } from '@wavu/sandbox';
import { startSandbox } from '@wavu/sandbox';
import { inTransaction } from '../../apps/api/src/database/transaction';
import { OutboxWorker } from '../../apps/api/src/modules/routers/outbox.worker';
import { RoutersService } from '../../apps/api/src/modules/routers/routers.service';
import type { ProvisioningOpInput } from '../../apps/api/src/modules/routers/provisioning.types';
import type { ProviderFixture, Session } from '../factories';
import { createApiKey, createProvider, createSuperAdmin, databaseFingerprint } from '../factories';
import type { TestApp } from '../setup/test-app';
import { startTestApp } from '../setup/test-app';

const profile = { name: 'wavu-1h-5m', rateLimit: '2M/5M', sharedUsers: 1, sessionTimeoutSeconds: 3600 };
const user = (name: string, extra: Record<string, unknown> = {}) => ({ name, password: name, profile: profile.name, limitUptimeSeconds: 3600, comment: `wavu:${name}`, ...extra });

describe('routers (e2e, RouterOS simulator over TCP)', () => {
  let t: TestApp;
  let sandbox: Sandbox;
  let sim: SimRouter;
  let admin: Session;
  let a: ProviderFixture;
  let routerId: string;

  const enqueue = (providerId: string, ops: ProvisioningOpInput[]) => inTransaction(t.dataSource, (m) => t.app.get(RoutersService).enqueue(m, providerId, ops));
  const drain = () => t.app.get(OutboxWorker).drainOnce();

  beforeAll(async () => {
    [t, sandbox] = await Promise.all([startTestApp({ ROUTER_CALL_TIMEOUT_MS: '400', ROUTER_OUTBOX_BACKOFF_MS: '60000' }), startSandbox({ routers: 2, routerPassword: 'sim-pass-1' })]);
    sim = sandbox.routers[0];
    admin = await createSuperAdmin(t);
    a = await createProvider(t, admin);
  });
  afterAll(async () => {
    await t?.close();
    await sandbox?.stop();
  });
  afterEach(async () => {
    await sim.clearFaults();
  });

  it('tests a connection before saving, step by step, with a hint for the failing step', async () => {
    const ok = await t
      .http()
      .post('/api/v1/routers/test-connection')
      .set(a.owner.auth)
      .send({ host: '127.0.0.1', apiPort: sim.port, useTls: false, username: 'admin', password: 'sim-pass-1' })
      .expect(200);
    expect(ok.body.ok).toBe(true);
    expect(ok.body.steps.map((s: { step: string; status: string }) => `${s.step}:${s.status}`)).toEqual(['tcp:passed', 'handshake:passed', 'login:passed', 'permission:passed', 'identity:passed']);
    expect(ok.body).toMatchObject({ identity: 'sim-router-1', version: expect.stringMatching(/^7\./) });

    const badPassword = await t
      .http()
      .post('/api/v1/routers/test-connection')
      .set(a.owner.auth)
      .send({ host: '127.0.0.1', apiPort: sim.port, useTls: false, username: 'admin', password: 'wrong' })
      .expect(200);
    expect(badPassword.body.ok).toBe(false);
    expect(badPassword.body.steps.map((s: { status: string }) => s.status)).toEqual(['passed', 'passed', 'failed', 'skipped', 'skipped']);
    expect(badPassword.body.steps[2].hint).toMatch(/user name or password/);

    sim.state.addApiUser('reader', 'reader-pass', ['read', 'api']);
    const readOnly = await t
      .http()
      .post('/api/v1/routers/test-connection')
      .set(a.owner.auth)
      .send({ host: '127.0.0.1', apiPort: sim.port, useTls: false, username: 'reader', password: 'reader-pass' })
      .expect(200);
    expect(readOnly.body.steps[3]).toMatchObject({ step: 'permission', status: 'failed', hint: expect.stringMatching(/write/) });

    await sim.setFaults({ refuseConnections: true });
    const refused = await t
      .http()
      .post('/api/v1/routers/test-connection')
      .set(a.owner.auth)
      .send({ host: '127.0.0.1', apiPort: sim.port, useTls: false, username: 'admin', password: 'sim-pass-1' })
      .expect(200);
    expect(refused.body.steps[0]).toMatchObject({ step: 'tcp', status: 'failed', hint: expect.stringMatching(/\/ip service enable api/) });
  });

  it('adds a router (password sealed, never returned) and tests it on demand: online with identity and version', async () => {
    const res = await t
      .http()
      .post('/api/v1/routers')
      .set(a.owner.auth)
      .send({ name: 'Shop 1', host: '127.0.0.1', apiPort: sim.port, useTls: false, username: 'admin', password: 'sim-pass-1', hotspotDnsName: 'WiFi.Shop1.test', location: 'Kawangware' })
      .expect(201);
    routerId = res.body.id;
    expect(res.body).toMatchObject({ name: 'Shop 1', status: 'unknown', hotspotDnsName: 'wifi.shop1.test' });
    expect(JSON.stringify(res.body)).not.toContain('sim-pass-1');
    const [row] = await t.dataSource.query(`SELECT password_sealed FROM routers WHERE id = $1`, [routerId]);
    expect(row.password_sealed).toMatch(/^v1\./);
    expect(row.password_sealed).not.toContain('sim-pass-1');

    await t.http().post('/api/v1/routers').set(a.owner.auth).send({ name: 'Shop 1', host: '127.0.0.1', username: 'admin', password: 'x' }).expect(409);

    const tested = await t.http().post(`/api/v1/routers/${routerId}/test`).set(a.owner.auth).expect(200);
    expect(tested.body.ok).toBe(true);
    const got = await t.http().get(`/api/v1/routers/${routerId}`).set(a.owner.auth).expect(200);
    expect(got.body).toMatchObject({ status: 'online', identity: 'sim-router-1', version: expect.stringMatching(/^7\./), lastError: null, alert: null });
    expect(got.body.lastSeenAt).not.toBeNull();
    const events = await t.http().get(`/api/v1/routers/${routerId}/events`).set(a.owner.auth).expect(200);
    expect(events.body.items.map((e: { type: string }) => e.type)).toEqual(expect.arrayContaining(['created', 'status_changed']));
  });

  it('an edit form sending empty optional fields clears them; a bad value is still refused and changes nothing', async () => {
    const created = await t
      .http()
      .post('/api/v1/routers')
      .set(a.owner.auth)
      .send({ name: 'Clearable', host: '127.0.0.1', apiPort: sim.port, useTls: false, username: 'admin', password: 'sim-pass-1', hotspotServer: 'hotspot1', hotspotDnsName: 'wifi.clear.test' })
      .expect(201);
    await t.http().patch(`/api/v1/routers/${created.body.id}`).set(a.owner.auth).send({ hotspotDnsName: 'not a host!' }).expect(400);
    expect((await t.http().get(`/api/v1/routers/${created.body.id}`).set(a.owner.auth).expect(200)).body).toMatchObject({ hotspotServer: 'hotspot1', hotspotDnsName: 'wifi.clear.test' });
    const cleared = await t.http().patch(`/api/v1/routers/${created.body.id}`).set(a.owner.auth).send({ name: 'Clearable', hotspotServer: '', hotspotDnsName: '  ' }).expect(200);
    expect(cleared.body).toMatchObject({ hotspotServer: null, hotspotDnsName: null });
    await t.http().delete(`/api/v1/routers/${created.body.id}`).set(a.owner.auth).expect(204);
  });

  it('applies outbox entries in order: profile, user, duplicate converges, disable kicks, remove ends sessions and cookies', async () => {
    sim.state.hotspot.addUser({ name: 'dup-1', password: 'old', profile: 'default', comment: 'old' });
    await enqueue(a.providerId, [
      { routerId, type: 'upsert_profile', target: profile.name, profile },
      { routerId, type: 'upsert_user', target: 'code-1', user: user('code-1') },
      { routerId, type: 'upsert_user', target: 'dup-1', user: user('dup-1') },
    ]);
    const sync = await t.http().get(`/api/v1/routers/${routerId}/sync`).set(a.owner.auth).expect(200);
    expect(sync.body).toMatchObject({ pending: 3, failed: 0, desiredUsers: 2, desiredProfiles: 1 });

    expect(await drain()).toMatchObject({ applied: 3, failed: 0 });
    expect(sim.state.hotspot.userProfiles.find('name', profile.name)).toMatchObject({ 'rate-limit': '2M/5M', 'shared-users': '1' });
    expect(sim.state.hotspot.findUser('code-1')).toMatchObject({ profile: profile.name, password: 'code-1', 'limit-uptime': '1h', comment: 'wavu:code-1' });
    expect(sim.state.hotspot.findUser('dup-1')).toMatchObject({ profile: profile.name, password: 'dup-1', comment: 'wavu:dup-1' });
    const ops = await t.dataSource.query(`SELECT type, status, attempts FROM router_provisioning_ops WHERE router_id = $1 ORDER BY seq`, [routerId]);
    expect(ops).toEqual([
      { type: 'upsert_profile', status: 'done', attempts: 0 },
      { type: 'upsert_user', status: 'done', attempts: 0 },
      { type: 'upsert_user', status: 'done', attempts: 0 },
    ]);

    sandbox.loginDevices(sim, [{ user: 'code-1', password: 'code-1', ip: '10.5.50.10', mac: 'AA:BB:CC:00:00:01' }]);
    expect(sim.state.hotspot.cookies.filter((c) => c.user === 'code-1')).toHaveLength(1);
    await enqueue(a.providerId, [{ routerId, type: 'disable_user', target: 'code-1' }]);
    await drain();
    expect(sim.state.hotspot.findUser('code-1')?.disabled).toBe('true');
    expect(sim.state.hotspot.active.filter((s) => s.user === 'code-1')).toHaveLength(0);

    await enqueue(a.providerId, [{ routerId, type: 'enable_user', target: 'code-1' }]);
    await drain();
    sandbox.loginDevices(sim, [{ user: 'code-1', password: 'code-1', ip: '10.5.50.11', mac: 'AA:BB:CC:00:00:02' }]);
    await enqueue(a.providerId, [
      { routerId, type: 'remove_user', target: 'dup-1' },
      { routerId, type: 'remove_user', target: 'code-1' },
    ]);
    expect(await drain()).toMatchObject({ applied: 2 });
    expect(sim.state.hotspot.findUser('code-1')).toBeUndefined();
    expect(sim.state.hotspot.active.filter((s) => s.user === 'code-1')).toHaveLength(0);
    expect(sim.state.hotspot.cookies.filter((c) => c.user === 'code-1')).toHaveLength(0);
    // replaying a remove is harmless (idempotent)
    await enqueue(a.providerId, [{ routerId, type: 'remove_user', target: 'code-1' }]);
    expect(await drain()).toMatchObject({ applied: 1, failed: 0 });
  });

  it('refuses invalid operations and routers of another provider in enqueue', async () => {
    const b = await createProvider(t, admin);
    await expect(enqueue(b.providerId, [{ routerId, type: 'remove_user', target: 'x' }])).rejects.toMatchObject({ code: 'ROUTER_NOT_FOUND' });
    await expect(enqueue(a.providerId, [{ routerId, type: 'upsert_user', target: 'bad name', user: user('bad name') }])).rejects.toMatchObject({ code: 'ROUTER_OP_INVALID' });
  });

  it('lists active sessions and kicks one off the router', async () => {
    await enqueue(a.providerId, [
      { routerId, type: 'upsert_user', target: 'kick-1', user: user('kick-1') },
      { routerId, type: 'upsert_user', target: 'kick-2', user: user('kick-2') },
    ]);
    await drain();
    sandbox.loginDevices(sim, [
      { user: 'kick-1', password: 'kick-1', ip: '10.5.50.21', mac: 'AA:BB:CC:00:01:01', rateOut: 1000 },
      { user: 'kick-2', password: 'kick-2', ip: '10.5.50.22', mac: 'AA:BB:CC:00:01:02' },
    ]);
    sim.clock.advance(30_000);
    const list = await t.http().get(`/api/v1/routers/${routerId}/sessions`).set(a.owner.auth).expect(200);
    const s1 = list.body.find((s: { user: string }) => s.user === 'kick-1');
    expect(s1).toMatchObject({ address: '10.5.50.21', macAddress: 'AA:BB:CC:00:01:01', uptimeSeconds: 30, bytesOut: 30_000 });
    expect(s1.timeLeftSeconds).toBe(3570);

    await t.http().post(`/api/v1/routers/${routerId}/sessions/kick`).set(a.owner.auth).send({ sessionId: s1.id }).expect(204);
    expect(sim.state.hotspot.active.filter((s) => s.user === 'kick-1')).toHaveLength(0);
    expect(sim.state.hotspot.active.filter((s) => s.user === 'kick-2')).toHaveLength(1);
    const again = await t.http().post(`/api/v1/routers/${routerId}/sessions/kick`).set(a.owner.auth).send({ sessionId: s1.id }).expect(404);
    expect(again.body.code).toBe('ROUTER_SESSION_NOT_FOUND');
  });

  it('shows interfaces with traffic and the router log', async () => {
    const ifaces = await t.http().get(`/api/v1/routers/${routerId}/interfaces`).set(a.owner.auth).expect(200);
    expect(ifaces.body.find((i: { name: string }) => i.name === 'bridge-hotspot')).toMatchObject({ type: 'bridge', running: true, txBytes: expect.any(Number) });
    expect(ifaces.body.find((i: { name: string }) => i.name === 'bridge-hotspot').txBytes).toBeGreaterThan(0);
    const log = await t.http().get(`/api/v1/routers/${routerId}/log`).set(a.owner.auth).expect(200);
    expect(log.body.some((l: { message: string }) => l.message.includes('kick-2 (10.5.50.22): logged in'))).toBe(true);
  });

  it('reconcile repairs injected drift and lists unknown users', async () => {
    await enqueue(a.providerId, [
      { routerId, type: 'upsert_user', target: 'rec-1', user: user('rec-1') },
      { routerId, type: 'upsert_user', target: 'rec-2', user: user('rec-2') },
    ]);
    await drain();
    // drift: a wanted user deleted, another changed, a platform user no longer wanted, a hand-made user
    sim.state.hotspot.removeUserByName('rec-1');
    const rec2 = sim.state.hotspot.users.find('name', 'rec-2')!;
    sim.state.hotspot.users.update(rec2['.id'], { profile: 'default', disabled: 'true' });
    sim.state.hotspot.addUser({ name: 'stale-1', password: 'x', comment: 'wavu:00000000-0000-4000-8000-000000000001' });
    sim.state.hotspot.addUser({ name: 'owner-friend', password: 'x' });

    const res = await t.http().post(`/api/v1/routers/${routerId}/reconcile`).set(a.owner.auth).expect(200);
    expect(res.body).toMatchObject({ missingAdded: ['rec-1'], updated: ['rec-2'], staleRemoved: ['stale-1'], unknown: expect.arrayContaining(['owner-friend']), errors: [] });
    expect(sim.state.hotspot.findUser('rec-1')).toMatchObject({ profile: profile.name, comment: 'wavu:rec-1' });
    expect(sim.state.hotspot.findUser('rec-2')).toMatchObject({ profile: profile.name, disabled: 'false' });
    expect(sim.state.hotspot.findUser('stale-1')).toBeUndefined();
    expect(sim.state.hotspot.findUser('owner-friend')).toBeDefined();
    const second = await t.http().post(`/api/v1/routers/${routerId}/reconcile`).set(a.owner.auth).expect(200);
    expect(second.body).toMatchObject({ missingAdded: [], updated: [], staleRemoved: [] });
  });

  it('bulk-pushes the desired users with progress readable through the API', async () => {
    const users = Array.from({ length: 300 }, (_, i) => user(`bulk-${i}`));
    const started = await t.app.get(RoutersService).startBulkSync(a.providerId, routerId, users);
    expect(started).toMatchObject({ status: 'queued', total: 300 });
    await t.app.get(RoutersService).settled();
    const progress = await t.http().get(`/api/v1/routers/bulk-syncs/${started.id}`).set(a.owner.auth).expect(200);
    expect(progress.body).toMatchObject({ status: 'succeeded', total: 300, done: 300, failed: 0 });
    expect(sim.state.hotspot.listUsers(false).filter((u) => u.name.startsWith('bulk-'))).toHaveLength(300);

    sim.state.hotspot.removeUserByName('bulk-7');
    const push = await t.http().post(`/api/v1/routers/${routerId}/sync/push`).set(a.owner.auth).expect(202);
    await t.app.get(RoutersService).settled();
    const pushed = await t.http().get(`/api/v1/routers/bulk-syncs/${push.body.id}`).set(a.owner.auth).expect(200);
    expect(pushed.body).toMatchObject({ status: 'succeeded', failed: 0 });
    expect(pushed.body.total).toBeGreaterThanOrEqual(300);
    expect(sim.state.hotspot.findUser('bulk-7')).toBeDefined();
  });

  it('imports routers from CSV all or nothing, with an error per bad row', async () => {
    const before = await databaseFingerprint(t);
    const bad = [
      'name,host,apiPort,username,password,location',
      'North,203.0.113.1,8729,api,pw1,"Kibera, Nairobi"',
      'South,not a host!,8729,api,pw2,',
      'Shop 1,203.0.113.3,99999,api,pw3,',
      'North,203.0.113.4,8729,,pw4,',
    ].join('\n');
    const res = await t.http().post('/api/v1/routers/import').set(a.owner.auth).send({ csv: bad }).expect(400);
    expect(res.body.code).toBe('ROUTER_IMPORT_INVALID');
    const fields = res.body.details.map((d: { field: string }) => d.field);
    expect(fields).toEqual(expect.arrayContaining(['rows[3].host', 'rows[4].apiPort', 'rows[5].username', 'rows[5].name', 'rows[4].name']));
    expect(fields.some((f: string) => f.startsWith('rows[2]'))).toBe(false);
    expect(await databaseFingerprint(t)).toEqual(before);

    const good = ['name,host,apiPort,useTls,username,password,location', 'North,203.0.113.1,8728,no,api,pw1,"Kibera, Nairobi"', 'South,router.south.test,8729,yes,api,pw2,'].join('\r\n');
    const ok = await t.http().post('/api/v1/routers/import').set(a.owner.auth).send({ csv: good }).expect(201);
    expect(ok.body.imported).toBe(2);
    expect(ok.body.routers.map((r: { name: string; location: string | null; useTls: boolean }) => [r.name, r.location, r.useTls])).toEqual([
      ['North', 'Kibera, Nairobi', false],
      ['South', null, true],
    ]);
  });

  it("downloads the setup kit (.rsc and zip) with the plans' profiles; owner users only", async () => {
    const list = await t.http().get('/api/v1/routers').query({ limit: 100 }).set(a.owner.auth).expect(200);
    const north = list.body.items.find((r: { name: string }) => r.name === 'North');
    const noAddress = await t.http().get(`/api/v1/routers/${north.id}/setup-kit.rsc`).set(a.owner.auth).expect(400);
    expect(noAddress.body.details[0].field).toBe('platformAddress');
    await enqueue(a.providerId, [{ routerId: north.id, type: 'upsert_profile', target: profile.name, profile }]);

    const rsc = await t.http().get(`/api/v1/routers/${north.id}/setup-kit.rsc`).query({ platformAddress: '203.0.113.9', lanInterfaces: 'ether2,ether3' }).set(a.owner.auth).expect(200);
    expect(rsc.headers['content-type']).toMatch(/^text\/plain/);
    expect(rsc.headers['content-disposition']).toContain('wavu-setup.rsc');
    expect(rsc.text).toContain('/user add name="api" password="pw1" group="wavu-api" address="203.0.113.9/32"');
    expect(rsc.text).toContain('/ip hotspot user profile add name="wavu-1h-5m" rate-limit="2M/5M"');
    expect(rsc.text).toContain(`/ip hotspot walled-garden add dst-host="${new URL(t.config.http.publicUrl).hostname}"`);
    expect(rsc.text).toContain(`/portal/${north.id}\\?mac=\\$(mac-esc)`);

    const zip = await t
      .http()
      .get(`/api/v1/routers/${north.id}/setup-kit.zip`)
      .query({ platformAddress: '203.0.113.9' })
      .set(a.owner.auth)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      })
      .expect(200);
    expect(zip.headers['content-type']).toBe('application/zip');
    const files = unzipSync(new Uint8Array(zip.body as Buffer));
    expect(Object.keys(files).sort()).toEqual(['README.txt', 'wavu-hotspot/error.html', 'wavu-hotspot/login.html', 'wavu-hotspot/logout.html', 'wavu-hotspot/status.html', 'wavu-setup.rsc']);
    expect(strFromU8(files['wavu-hotspot/login.html'])).toContain(
      `/portal/${north.id}?mac=$(mac-esc)&ip=$(ip-esc)&link-login-only=$(link-login-only-esc)&link-orig=$(link-orig-esc)&error=$(error-esc)`,
    );

    const admin = await t.http().get(`/api/v1/routers/${routerId}/setup-kit.rsc`).query({ platformAddress: '203.0.113.9' }).set(a.owner.auth).expect(400);
    expect(admin.body).toMatchObject({ code: 'ROUTER_SETUP_KIT_INVALID', details: [{ field: 'username' }] });
    const key = await createApiKey(t, a.owner, 'full');
    await t.http().get(`/api/v1/routers/${north.id}/setup-kit.rsc`).query({ platformAddress: '203.0.113.9' }).set(key.auth).expect(403);
  });

  it("keeps providers apart: another provider's JWT and API key get 404 and change nothing", async () => {
    const b = await createProvider(t, admin);
    const key = await createApiKey(t, b.owner, 'full');
    sandbox.loginDevices(sim, [{ user: 'kick-1', password: 'kick-1', ip: '10.5.50.31', mac: 'AA:BB:CC:00:02:01' }]);
    const sessionId = sim.state.hotspot.active.find('user', 'kick-1')!['.id'];
    // api_keys: last_used_at moves on every use
    const before = await databaseFingerprint(t, ['api_keys']);
    for (const auth of [b.owner.auth, key.auth]) {
      const calls = [
        t.http().get(`/api/v1/routers/${routerId}`),
        t.http().patch(`/api/v1/routers/${routerId}`).send({ name: 'Stolen' }),
        t.http().delete(`/api/v1/routers/${routerId}`),
        t.http().post(`/api/v1/routers/${routerId}/test`),
        t.http().get(`/api/v1/routers/${routerId}/sessions`),
        t.http().post(`/api/v1/routers/${routerId}/sessions/kick`).send({ sessionId }),
        t.http().get(`/api/v1/routers/${routerId}/interfaces`),
        t.http().get(`/api/v1/routers/${routerId}/log`),
        t.http().get(`/api/v1/routers/${routerId}/events`),
        t.http().get(`/api/v1/routers/${routerId}/sync`),
        t.http().post(`/api/v1/routers/${routerId}/sync/retry`).send({}),
        t.http().post(`/api/v1/routers/${routerId}/sync/push`),
        t.http().post(`/api/v1/routers/${routerId}/reconcile`),
      ];
      for (const call of calls) {
        const res = await call.set(auth);
        expect({ status: res.status, code: res.body.code }).toEqual({ status: 404, code: 'ROUTER_NOT_FOUND' });
      }
      const list = await t.http().get('/api/v1/routers').set(auth).expect(200);
      expect(list.body.items).toEqual([]);
    }
    expect(await databaseFingerprint(t, ['api_keys'])).toEqual(before);
    expect(sim.state.hotspot.active.find('user', 'kick-1')).toBeDefined();
    await expect(t.app.get(RoutersService).requireRouters(b.providerId, [routerId])).rejects.toMatchObject({ code: 'ROUTER_NOT_FOUND' });
  });
});
