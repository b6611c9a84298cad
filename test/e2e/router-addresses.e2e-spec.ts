import type { AddressInfo, Server, Socket } from 'node:net';
import { createServer } from 'node:net';
import { inTransaction } from '../../apps/api/src/database/transaction';
import { HostResolver } from '../../apps/api/src/modules/routers/address-guard';
import { OutboxWorker } from '../../apps/api/src/modules/routers/outbox.worker';
import { RouterMonitorService } from '../../apps/api/src/modules/routers/router-monitor.service';
import { RoutersService } from '../../apps/api/src/modules/routers/routers.service';
import type { ProviderFixture } from '../factories';
import { createProvider, createSuperAdmin } from '../factories';
import type { TestApp } from '../setup/test-app';
import { startTestApp } from '../setup/test-app';

/**
 * Issue 17, router addresses: every entry point (create, update, CSV import, test connection
 * before and after saving, and every connect: calls, monitoring, usage sync, outbox, bulk push)
 * refuses internal addresses and disallowed ports with ROUTER_ADDRESS_NOT_ALLOWED, and never
 * opens a socket to them. The policy here: 10.8.0.0/16 allowed (a tunnel prefix), ports 8728,
 * 8729 and 30000-65535 (so a listener on an ephemeral loopback port is refused for its address,
 * not its port). Names resolve through an injected table (HostResolver), never DNS.
 */
describe('router addresses (e2e)', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof createSuperAdmin>>;
  let a: ProviderFixture;
  // a TCP listener on loopback that counts connections: a refused target must never reach it
  let listener: Server;
  let openPort: number;
  let closedPort: number;
  const accepted: Socket[] = [];
  const names: Record<string, string[]> = {
    'router.example.test': ['203.0.113.10'],
    'internal.example.test': ['10.1.2.3'],
    'metadata.example.test': ['169.254.169.254'],
    'mixed.example.test': ['203.0.113.10', '192.168.1.1'],
    localhost: ['127.0.0.1', '::1'],
    'tunnel.example.test': ['10.8.0.5'],
  };

  beforeAll(async () => {
    t = await startTestApp({ ROUTER_ALLOWED_CIDRS: '10.8.0.0/16', ROUTER_ALLOWED_PORTS: '30000-65535', ROUTER_CALL_TIMEOUT_MS: '300', ROUTER_OUTBOX_BACKOFF_MS: '60000' });
    jest.spyOn(t.app.get(HostResolver), 'lookup').mockImplementation(async (host: string) => {
      const found = names[host];
      if (!found) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
      return found;
    });
    listener = createServer((s) => accepted.push(s.on('error', () => undefined)));
    await new Promise<void>((r) => listener.listen(0, '127.0.0.1', r));
    openPort = (listener.address() as AddressInfo).port;
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    closedPort = (probe.address() as AddressInfo).port;
    await new Promise((r) => probe.close(r));
    admin = await createSuperAdmin(t);
    // one trial provider adds a router per address swept: lift the trial's default router limit
    await t.http().put('/api/v1/admin/platform-settings').set(admin.auth).send({ defaultMaxRouters: null }).expect(200);
    a = await createProvider(t, admin);
  });
  afterAll(async () => {
    for (const s of accepted) s.destroy();
    await new Promise((r) => listener?.close(r));
    await t?.close();
  });

  const routerBody = (host: string, apiPort?: number, name = `R ${Math.random().toString(36).slice(2, 8)}`) => ({
    name,
    host,
    ...(apiPort ? { apiPort } : {}),
    // port 8728 is the plaintext API: chosen explicitly
    ...(apiPort === 8728 ? { useTls: false } : {}),
    username: 'api',
    password: 'router-pw',
  });

  const refused = (): Array<[string, string, number, 'host' | 'apiPort']> => [
    ['localhost (name resolving to loopback)', 'localhost', openPort, 'host'],
    ['127.0.0.1', '127.0.0.1', openPort, 'host'],
    ['2130706433 (decimal)', '2130706433', openPort, 'host'],
    ['0x7f.1 (hex)', '0x7f.1', openPort, 'host'],
    ['0177.0.0.1 (octal)', '0177.0.0.1', openPort, 'host'],
    ['[::1]', '[::1]', 8728, 'host'],
    ['::ffff:127.0.0.1 (IPv4-mapped)', '::ffff:127.0.0.1', openPort, 'host'],
    ['169.254.169.254 (metadata)', '169.254.169.254', 8728, 'host'],
    ['name resolving to metadata', 'metadata.example.test', 8728, 'host'],
    ['10.0.0.1 (RFC 1918)', '10.0.0.1', 8728, 'host'],
    ['172.16.0.1 (RFC 1918)', '172.16.0.1', 8728, 'host'],
    ['192.168.88.1 (RFC 1918)', '192.168.88.1', 8728, 'host'],
    ['100.64.0.1 (CGNAT)', '100.64.0.1', 8728, 'host'],
    ['0.0.0.0', '0.0.0.0', 8728, 'host'],
    ['fd00::1 (ULA)', 'fd00::1', 8728, 'host'],
    ['fe80::1 (link-local)', 'fe80::1', 8728, 'host'],
    ['internal name', 'internal.example.test', 8728, 'host'],
    ['name with one internal address', 'mixed.example.test', 8728, 'host'],
    ['port 22', '203.0.113.10', 22, 'apiPort'],
    ['port 5432 by name', 'router.example.test', 5432, 'apiPort'],
  ];
  const allowed: Array<[string, string, number | undefined]> = [
    ['public address, default port', '203.0.113.10', undefined],
    ['public name, api-ssl', 'router.example.test', 8729],
    ['allowed CIDR (tunnel)', '10.8.1.2', 8728],
    ['name in the allowed CIDR', 'tunnel.example.test', 8728],
    ['allowed port', '203.0.113.10', 40000],
  ];

  it('refuses every internal target and disallowed port on create, update, import and test connection; nothing is saved, no socket is opened', async () => {
    const { id } = (
      await t
        .http()
        .post('/api/v1/routers')
        .set(a.owner.auth)
        .send(routerBody('203.0.113.10', 8728, 'Base'))
        .expect(201)
    ).body;
    for (const [label, host, port, field] of refused()) {
      const create = await t.http().post('/api/v1/routers').set(a.owner.auth).send(routerBody(host, port));
      expect([label, create.status, create.body.code, create.body.details]).toEqual([label, 400, 'ROUTER_ADDRESS_NOT_ALLOWED', [{ field, messages: [expect.any(String)] }]]);

      const update = await t.http().patch(`/api/v1/routers/${id}`).set(a.owner.auth).send({ host, apiPort: port, useTls: false });
      expect([label, update.status, update.body.code, update.body.details?.[0]?.field]).toEqual([label, 400, 'ROUTER_ADDRESS_NOT_ALLOWED', field]);

      const csv = ['name,host,apiPort,useTls,username,password', `Good,203.0.113.20,8728,no,api,pw`, `Bad,"${host}",${port},no,api,pw`].join('\n');
      const imported = await t.http().post('/api/v1/routers/import').set(a.owner.auth).send({ csv });
      expect([label, imported.status, imported.body.code, imported.body.details]).toEqual([label, 400, 'ROUTER_ADDRESS_NOT_ALLOWED', [{ field: `rows[3].${field}`, messages: [expect.any(String)] }]]);

      const test = await t.http().post('/api/v1/routers/test-connection').set(a.owner.auth).send({ host, apiPort: port, useTls: false, username: 'api', password: 'pw' });
      expect([label, test.status, test.body.code, test.body.details?.[0]?.field]).toEqual([label, 400, 'ROUTER_ADDRESS_NOT_ALLOWED', field]);
    }
    const list = await t.http().get('/api/v1/routers').query({ limit: 100 }).set(a.owner.auth).expect(200);
    expect(list.body.items.map((r: { name: string; host: string; apiPort: number }) => [r.name, r.host, r.apiPort])).toEqual([['Base', '203.0.113.10', 8728]]);
    expect(accepted).toHaveLength(0);
  });

  it.each(allowed)('allows %s (%s:%s) on create, update, import and test connection', async (_label, host, port) => {
    const create = await t.http().post('/api/v1/routers').set(a.owner.auth).send(routerBody(host, port)).expect(201);
    await t
      .http()
      .patch(`/api/v1/routers/${create.body.id}`)
      .set(a.owner.auth)
      .send({ host, apiPort: port ?? 8728, useTls: false })
      .expect(200);
    const csv = ['name,host,apiPort,useTls,username,password', `Imp ${create.body.id.slice(0, 8)},"${host}",${port ?? 8728},no,api,pw`].join('\n');
    await t.http().post('/api/v1/routers/import').set(a.owner.auth).send({ csv }).expect(201);
    // the test runs (200 with its steps; whether anything answers there depends on the network)
    const test = await t.http().post('/api/v1/routers/test-connection').set(a.owner.auth).send({ host, apiPort: port, useTls: false, username: 'api', password: 'pw' }).expect(200);
    expect(test.body.steps.map((s: { step: string }) => s.step)).toEqual(['tcp', 'handshake', 'login', 'permission', 'identity']);
    expect(JSON.stringify(test.body)).not.toMatch(/NOT_ALLOWED/);
  });

  it('a refused internal port answers the same whether it is open or closed (no port-scanner oracle)', async () => {
    const answers = [];
    for (const port of [openPort, closedPort]) {
      const res = await t.http().post('/api/v1/routers/test-connection').set(a.owner.auth).send({ host: '127.0.0.1', apiPort: port, useTls: false, username: 'api', password: 'pw' });
      answers.push({ status: res.status, code: res.body.code, message: res.body.message.replace(String(port), 'PORT'), details: JSON.stringify(res.body.details).replace(String(port), 'PORT') });
    }
    expect(answers[0]).toEqual(answers[1]);
    expect(answers[0]).toMatchObject({ status: 400, code: 'ROUTER_ADDRESS_NOT_ALLOWED' });
    expect(accepted).toHaveLength(0);
  });

  it('a name that resolved to a public address and then to loopback is refused at every connect (no DNS rebinding)', async () => {
    let answer = ['203.0.113.10'];
    names['rebind.example.test'] = answer;
    const created = await t
      .http()
      .post('/api/v1/routers')
      .set(a.owner.auth)
      .send(routerBody('rebind.example.test', openPort, 'Rebinder'))
      .expect(201);
    const id: string = created.body.id;
    answer = names['rebind.example.test'] = ['127.0.0.1'];

    // an API call on the saved router
    const sessions = await t.http().get(`/api/v1/routers/${id}/sessions`).set(a.owner.auth).expect(400);
    expect(sessions.body.code).toBe('ROUTER_ADDRESS_NOT_ALLOWED');
    // test connection on the saved router
    const test = await t.http().post(`/api/v1/routers/${id}/test`).set(a.owner.auth).expect(400);
    expect(test.body.code).toBe('ROUTER_ADDRESS_NOT_ALLOWED');
    // monitoring and usage sync
    const router = await t.app.get(RoutersService).requireRouter(a.providerId, id);
    const checked = await t.app.get(RouterMonitorService).checkRouter(router);
    expect(checked.status).toBe('error');
    expect(checked.lastError).toMatch(/^ROUTER_ADDRESS_NOT_ALLOWED: /);
    expect(await t.app.get(RouterMonitorService).syncUsage(checked)).toBeNull();
    // the outbox: the operation waits (the router's fault, never dead-lettered)
    await inTransaction(t.dataSource, (m) =>
      t.app
        .get(RoutersService)
        .enqueue(m, a.providerId, [
          { routerId: id, type: 'upsert_user', target: 'code-1', user: { name: 'code-1', password: 'code-1', profile: 'default', limitUptimeSeconds: 3600, comment: 'wavu:code-1' } },
        ]),
    );
    await t.app.get(OutboxWorker).drainOnce();
    const ops = await t.dataSource.query('SELECT status, last_error_code FROM router_provisioning_ops WHERE router_id = $1', [id]);
    expect(ops).toEqual([{ status: 'pending', last_error_code: 'ADDRESS_NOT_ALLOWED' }]);
    // a bulk push
    const push = await t.http().post(`/api/v1/routers/${id}/sync/push`).set(a.owner.auth).expect(202);
    await t.app.get(RoutersService).settled();
    const sync = await t.http().get(`/api/v1/routers/bulk-syncs/${push.body.id}`).set(a.owner.auth).expect(200);
    expect(sync.body).toMatchObject({ status: 'failed', error: expect.stringMatching(/^ROUTER_ADDRESS_NOT_ALLOWED: /) });

    const detail = await t.http().get(`/api/v1/routers/${id}`).set(a.owner.auth).expect(200);
    expect(detail.body).toMatchObject({ status: 'error', lastError: expect.stringMatching(/^ROUTER_ADDRESS_NOT_ALLOWED: /) });
    expect(accepted).toHaveLength(0);
  });
});
