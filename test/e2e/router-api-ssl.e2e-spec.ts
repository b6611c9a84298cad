import type { Sandbox } from '@wavu/sandbox';
import { startSandbox } from '@wavu/sandbox';
import type { SimRouter } from '@wavu/routeros-sim';
import { inTransaction } from '../../apps/api/src/database/transaction';
import { OutboxWorker } from '../../apps/api/src/modules/routers/outbox.worker';
import { RoutersService } from '../../apps/api/src/modules/routers/routers.service';
import type { ProviderFixture, Session } from '../factories';
import { createProvider, createSuperAdmin } from '../factories';
import type { TestApp } from '../setup/test-app';
import { startTestApp } from '../setup/test-app';

const PLAINTEXT = 'port 8728 is the plaintext API: send useTls false to choose it, or use 8729 with api-ssl';
const CHANGED_HINT =
  'The router presented a different TLS certificate than the one recorded. If you reset or replaced the router, compare the fingerprint and accept the new certificate on the router page; otherwise someone may be intercepting the connection.';

/**
 * Issue 17, encrypted router connections by default (docs/router-addresses.md, "Encrypted
 * connections"): new routers use api-ssl on 8729 and plaintext only by explicit choice; the
 * router's certificate is pinned at the first login, a different one stops the platform before
 * the password is sent (ROUTER_CERTIFICATE_CHANGED, kept as pending) until the owner accepts it.
 * Against the RouterOS simulator's api-ssl over real sockets.
 */
describe('routers over api-ssl with a pinned certificate (e2e)', () => {
  let t: TestApp;
  let sandbox: Sandbox;
  let sim: SimRouter;
  let sslPort: number;
  let admin: Session;
  let a: ProviderFixture;
  let routerId: string;
  let firstFingerprint: string;
  let rotatedFingerprint: string;

  beforeAll(async () => {
    [t, sandbox] = await Promise.all([startTestApp({ ROUTER_CALL_TIMEOUT_MS: '1000', ROUTER_OUTBOX_BACKOFF_MS: '60000' }), startSandbox({ routers: 1, routerPassword: 'tls-pass' })]);
    sim = sandbox.routers[0];
    sslPort = sim.sslAddress!.port;
    admin = await createSuperAdmin(t);
    a = await createProvider(t, admin);
  });
  afterAll(async () => {
    await t?.close();
    await sandbox?.stop();
  });

  /** Monitoring "run now" (as the system-health page does), then the certificate pins it wrote. */
  const runMonitoring = async () => {
    await t.http().post('/api/v1/admin/system-health/jobs/router-monitor/run').set(admin.auth).expect(200);
    await t.app.get(RoutersService).settled();
  };
  const getRouter = async () => (await t.http().get(`/api/v1/routers/${routerId}`).set(a.owner.auth).expect(200)).body;
  const drain = () => t.app.get(OutboxWorker).drainOnce();
  const apiLogins = () => sim.state.log.entries().filter((e) => /\b(logged in|login failure)\b.* via api$/.test(e.message)).length;
  const create = (body: Record<string, unknown>) =>
    t
      .http()
      .post('/api/v1/routers')
      .set(a.owner.auth)
      .send({ name: `R ${Math.random().toString(36).slice(2, 8)}`, host: '203.0.113.10', username: 'api', password: 'pw', ...body });

  it('new routers use api-ssl on 8729; port 8728 (plaintext) only with an explicit useTls false, on create, import and update', async () => {
    const byDefault = (await create({}).expect(201)).body;
    expect(byDefault).toMatchObject({ apiPort: 8729, useTls: true, tls: { fingerprint: null, pendingFingerprint: null, pendingSince: null } });

    for (const body of [{ apiPort: 8728 }, { apiPort: 8728, useTls: true }]) {
      const refused = await create(body).expect(400);
      expect([refused.body.code, refused.body.details]).toEqual(['VALIDATION_FAILED', [{ field: 'useTls', messages: [PLAINTEXT] }]]);
    }
    expect((await create({ apiPort: 8728, useTls: false }).expect(201)).body).toMatchObject({ apiPort: 8728, useTls: false, tls: null });
    expect((await create({ useTls: false }).expect(201)).body).toMatchObject({ apiPort: 8728, useTls: false, tls: null });

    const implicit = await t
      .http()
      .post('/api/v1/routers/import')
      .set(a.owner.auth)
      .send({ csv: ['name,host,apiPort,username,password', 'Csv A,203.0.113.20,8729,api,pw', 'Csv B,203.0.113.21,8728,api,pw'].join('\n') })
      .expect(400);
    expect([implicit.body.code, implicit.body.details]).toEqual(['ROUTER_IMPORT_INVALID', [{ field: 'rows[3].useTls', messages: [PLAINTEXT] }]]);
    const imported = await t
      .http()
      .post('/api/v1/routers/import')
      .set(a.owner.auth)
      .send({ csv: ['name,host,apiPort,useTls,username,password', 'Csv A,203.0.113.20,,,api,pw', 'Csv B,203.0.113.21,8728,no,api,pw'].join('\n') })
      .expect(201);
    expect(imported.body.routers.map((r: { apiPort: number; useTls: boolean }) => [r.apiPort, r.useTls])).toEqual([
      [8729, true],
      [8728, false],
    ]);

    const moved = await t.http().patch(`/api/v1/routers/${byDefault.id}`).set(a.owner.auth).send({ apiPort: 8728 }).expect(400);
    expect(moved.body.details).toEqual([{ field: 'useTls', messages: [PLAINTEXT] }]);
    const plaintext = await t.http().patch(`/api/v1/routers/${byDefault.id}`).set(a.owner.auth).send({ apiPort: 8728, useTls: false }).expect(200);
    expect(plaintext.body).toMatchObject({ apiPort: 8728, useTls: false, tls: null });
    const audit = await t.http().get('/api/v1/audit-logs').query({ action: 'router.update' }).set(a.owner.auth).expect(200);
    expect(audit.body.items[0].details).toEqual(expect.arrayContaining([{ label: 'Encryption', value: 'plaintext API' }]));
  });

  it('a connection test over api-ssl answers the fingerprint of the certificate the router presented', async () => {
    const tls = await t.http().post('/api/v1/routers/test-connection').set(a.owner.auth).send({ host: '127.0.0.1', apiPort: sslPort, username: 'admin', password: 'tls-pass' }).expect(200);
    expect(tls.body).toMatchObject({ ok: true, identity: 'sim-router-1', tlsFingerprint: sim.certificateFingerprint });
    expect(sim.certificateFingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);

    const plain = await t
      .http()
      .post('/api/v1/routers/test-connection')
      .set(a.owner.auth)
      .send({ host: '127.0.0.1', apiPort: sim.port, useTls: false, username: 'admin', password: 'tls-pass' })
      .expect(200);
    expect(plain.body).toMatchObject({ ok: true, tlsFingerprint: null });
  });

  it("monitoring pins the router's certificate at the first login; the router is online and takes a profile and a user", async () => {
    routerId = (await create({ name: 'Shop TLS', host: '127.0.0.1', apiPort: sslPort, username: 'admin', password: 'tls-pass' }).expect(201)).body.id;
    firstFingerprint = sim.certificateFingerprint!;
    await runMonitoring();
    expect(await getRouter()).toMatchObject({ status: 'online', identity: 'sim-router-1', useTls: true, tls: { fingerprint: firstFingerprint, pendingFingerprint: null, pendingSince: null } });
    const events = await t.http().get(`/api/v1/routers/${routerId}/events`).set(a.owner.auth).expect(200);
    expect(events.body.items.filter((e: { type: string }) => e.type === 'certificate_pinned')).toHaveLength(1);

    const profile = { name: 'wavu-tls-1h', rateLimit: '2M/5M', sharedUsers: 1, sessionTimeoutSeconds: 3600 };
    await inTransaction(t.dataSource, (m) =>
      t.app.get(RoutersService).enqueue(m, a.providerId, [
        { routerId, type: 'upsert_profile', target: profile.name, profile },
        { routerId, type: 'upsert_user', target: 'TLS1001', user: { name: 'TLS1001', password: 'TLS1001', profile: profile.name, comment: 'wavu:tls1001' } },
      ]),
    );
    expect(await drain()).toMatchObject({ failed: 0, deadLettered: 0 });
    expect(sim.state.hotspot.userProfiles.find('name', profile.name)).toBeDefined();
    expect(sim.state.hotspot.findUser('TLS1001')).toMatchObject({ profile: profile.name });
  });

  it('a different certificate stops every connection before the password is sent: status error, ROUTER_CERTIFICATE_CHANGED, pending fingerprint', async () => {
    // a reset or replaced router: a new certificate, and the open connections are gone
    rotatedFingerprint = await sim.rotateCertificate();
    sim.dropConnections();
    expect(rotatedFingerprint).not.toBe(firstFingerprint);
    const loginsBefore = apiLogins();
    expect(loginsBefore).toBeGreaterThan(0); // the platform's earlier logins are in the router's log

    await runMonitoring();
    const router = await getRouter();
    expect(router).toMatchObject({
      status: 'error',
      lastError: expect.stringMatching(/^ROUTER_CERTIFICATE_CHANGED: /),
      tls: { fingerprint: firstFingerprint, pendingFingerprint: rotatedFingerprint },
    });
    expect(new Date(router.tls.pendingSince).getTime()).toBeGreaterThan(Date.now() - 60_000);
    expect(router.lastError).not.toContain(router.id); // words for the owner, not the connection's internal name

    const sessions = await t.http().get(`/api/v1/routers/${routerId}/sessions`).set(a.owner.auth).expect(502);
    expect(sessions.body.code).toBe('ROUTER_CERTIFICATE_CHANGED');

    // the outbox waits with backoff (the router's fault, never dead-lettered)
    await inTransaction(t.dataSource, (m) =>
      t.app
        .get(RoutersService)
        .enqueue(m, a.providerId, [{ routerId, type: 'upsert_user', target: 'TLS1002', user: { name: 'TLS1002', password: 'TLS1002', profile: 'default', comment: 'wavu:tls1002' } }]),
    );
    expect(await drain()).toMatchObject({ applied: 0, failed: 1, deadLettered: 0 });
    const sync = await t.http().get(`/api/v1/routers/${routerId}/sync`).set(a.owner.auth).expect(200);
    expect(sync.body.backlog[0]).toMatchObject({ lastErrorCode: 'CERTIFICATE_CHANGED', lastError: expect.stringMatching(/^ROUTER_CERTIFICATE_CHANGED: /) });

    // a test of the saved router says why, with the fingerprint to compare
    const test = await t.http().post(`/api/v1/routers/${routerId}/test`).set(a.owner.auth).expect(200);
    expect(test.body).toMatchObject({ ok: false, tlsFingerprint: rotatedFingerprint });
    expect(test.body.steps[1]).toMatchObject({ step: 'handshake', status: 'failed', hint: CHANGED_HINT });
    expect((await getRouter()).status).toBe('error');

    // one event per new certificate, however often it is presented
    await runMonitoring();
    const events = await t.http().get(`/api/v1/routers/${routerId}/events`).set(a.owner.auth).expect(200);
    expect(events.body.items.filter((e: { type: string }) => e.type === 'certificate_changed').map((e: { message: string }) => e.message)).toEqual([
      expect.stringContaining('Router presented a new certificate'),
    ]);
    // the password never reached the router: no login (good or bad) since the rotation
    expect(apiLogins()).toBe(loginsBefore);
    expect(sim.state.hotspot.findUser('TLS1002')).toBeUndefined();
  });

  it('the owner accepts the new certificate (the pending fingerprint only), audited; the next monitoring is online again', async () => {
    const wrong = await t.http().post(`/api/v1/routers/${routerId}/certificate/accept`).set(a.owner.auth).send({ fingerprint: firstFingerprint }).expect(409);
    expect(wrong.body.code).toBe('ROUTER_CERTIFICATE_MISMATCH');
    await t.http().post(`/api/v1/routers/${routerId}/certificate/accept`).set(a.owner.auth).send({ fingerprint: 'not a fingerprint' }).expect(400);
    expect((await getRouter()).tls).toMatchObject({ fingerprint: firstFingerprint, pendingFingerprint: rotatedFingerprint });

    const accepted = await t.http().post(`/api/v1/routers/${routerId}/certificate/accept`).set(a.owner.auth).send({ fingerprint: rotatedFingerprint.toLowerCase() }).expect(200);
    expect(accepted.body).toMatchObject({ status: 'unknown', lastError: null, tls: { fingerprint: rotatedFingerprint, pendingFingerprint: null, pendingSince: null } });
    const again = await t.http().post(`/api/v1/routers/${routerId}/certificate/accept`).set(a.owner.auth).send({ fingerprint: rotatedFingerprint }).expect(409);
    expect(again.body.code).toBe('ROUTER_CERTIFICATE_NOT_PENDING');

    const audit = await t.http().get('/api/v1/audit-logs').query({ action: 'router.certificate_accepted' }).set(a.owner.auth).expect(200);
    expect(audit.body.items).toHaveLength(1);
    expect(audit.body.items[0]).toMatchObject({ actionLabel: "Accepted a router's new api-ssl certificate", targetLabel: expect.stringContaining('Shop TLS') });
    expect(audit.body.items[0].details).toEqual(
      expect.arrayContaining([
        { label: 'Previous certificate (SHA-256)', value: firstFingerprint },
        { label: 'Certificate (SHA-256)', value: rotatedFingerprint },
      ]),
    );

    const loginsBefore = apiLogins();
    await runMonitoring();
    expect(await getRouter()).toMatchObject({ status: 'online', lastError: null, tls: { fingerprint: rotatedFingerprint, pendingFingerprint: null } });
    expect(apiLogins()).toBeGreaterThan(loginsBefore);
    // the waiting operation was woken when the router came back
    expect(await drain()).toMatchObject({ applied: 1, failed: 0 });
    expect(sim.state.hotspot.findUser('TLS1002')).toBeDefined();
  });
});
