import type { Sandbox } from '@wavu/sandbox';
import { startSandbox } from '@wavu/sandbox';
import { inTransaction } from '../../apps/api/src/database/transaction';
import { OutboxWorker } from '../../apps/api/src/modules/routers/outbox.worker';
import { RoutersService } from '../../apps/api/src/modules/routers/routers.service';
import type { ProviderFixture } from '../factories';
import { createProvider, createSuperAdmin } from '../factories';
import type { TestApp } from '../setup/test-app';
import { startTestApp } from '../setup/test-app';

const profile = { name: 'wavu-1h-online', rateLimit: '2M/5M', sharedUsers: 1, sessionTimeoutSeconds: 3600 };
const user = (name: string) => ({ name, password: name, profile: profile.name, limitUptimeSeconds: 3600, comment: `wavu:${name}` });

/** GET /routers/online: every router's live sessions in one answer; a failing router carries its error. */
describe('who is online (e2e, two simulated routers)', () => {
  let t: TestApp;
  let sandbox: Sandbox;
  let a: ProviderFixture;
  let b: ProviderFixture;
  const ids: string[] = [];

  beforeAll(async () => {
    [t, sandbox] = await Promise.all([startTestApp({ ROUTER_CALL_TIMEOUT_MS: '400', ROUTER_OUTBOX_BACKOFF_MS: '60000' }), startSandbox({ routers: 2, routerPassword: 'sim-pass-1' })]);
    const admin = await createSuperAdmin(t);
    a = await createProvider(t, admin);
    b = await createProvider(t, admin);
    for (const [i, sim] of sandbox.routers.entries()) {
      const res = await t
        .http()
        .post('/api/v1/routers')
        .set(a.owner.auth)
        .send({ name: `Shop ${i + 1}`, host: '127.0.0.1', apiPort: sim.port, useTls: false, username: 'admin', password: 'sim-pass-1' })
        .expect(201);
      ids.push(res.body.id);
    }
    await inTransaction(t.dataSource, (m) =>
      t.app.get(RoutersService).enqueue(m, a.providerId, [
        { routerId: ids[0], type: 'upsert_profile', target: profile.name, profile },
        { routerId: ids[0], type: 'upsert_user', target: 'on-1', user: user('on-1') },
        { routerId: ids[1], type: 'upsert_profile', target: profile.name, profile },
        { routerId: ids[1], type: 'upsert_user', target: 'on-2', user: user('on-2') },
      ]),
    );
    await t.app.get(OutboxWorker).drainOnce();
    sandbox.loginDevices(sandbox.routers[0], [{ user: 'on-1', password: 'on-1', ip: '10.5.50.31', mac: 'AA:BB:CC:00:02:01' }]);
    sandbox.loginDevices(sandbox.routers[1], [{ user: 'on-2', password: 'on-2', ip: '10.5.50.32', mac: 'AA:BB:CC:00:02:02' }]);
  });
  afterAll(async () => {
    await t?.close();
    await sandbox?.stop();
  });

  it("lists every router's active sessions with the router's name", async () => {
    const res = await t.http().get('/api/v1/routers/online').set(a.owner.auth).expect(200);
    expect(res.body.total).toBe(2);
    expect(res.body.routers).toEqual([
      expect.objectContaining({
        id: ids[0],
        name: 'Shop 1',
        errorCode: null,
        error: null,
        sessions: [expect.objectContaining({ user: 'on-1', address: '10.5.50.31', macAddress: 'AA:BB:CC:00:02:01' })],
      }),
      expect.objectContaining({ id: ids[1], name: 'Shop 2', errorCode: null, error: null, sessions: [expect.objectContaining({ user: 'on-2', address: '10.5.50.32' })] }),
    ]);
  });

  it('reports a router that cannot be read inline and still lists the others', async () => {
    await sandbox.routers[1].setFaults({ refuseConnections: true });
    try {
      const res = await t.http().get('/api/v1/routers/online').set(a.owner.auth).expect(200);
      expect(res.body.total).toBe(1);
      expect(res.body.routers[0]).toMatchObject({ name: 'Shop 1', error: null, sessions: [expect.objectContaining({ user: 'on-1' })] });
      expect(res.body.routers[1]).toMatchObject({ name: 'Shop 2', sessions: [], errorCode: 'ROUTER_UNREACHABLE', error: expect.stringContaining('Shop 2') });
    } finally {
      await sandbox.routers[1].clearFaults();
    }
  });

  it("shows a provider only its own routers (another provider's list is empty)", async () => {
    const res = await t.http().get('/api/v1/routers/online').set(b.owner.auth).expect(200);
    expect(res.body).toEqual({ total: 0, routers: [] });
  });
});
