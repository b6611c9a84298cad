import { RouterMonitorService } from '../../apps/api/src/modules/routers/router-monitor.service';
import { RoutersRepository } from '../../apps/api/src/modules/routers/routers.repository';
import { wireGuardPublicKey } from '../../apps/api/src/modules/routers/tunnel/tunnel-keys';
import type { ProviderFixture } from '../factories';
import { changedTables, createProvider, createSuperAdmin, databaseFingerprint, insertTunnelHub } from '../factories';
import type { TestApp } from '../setup/test-app';
import { startTestApp } from '../setup/test-app';

/**
 * Routers reached through the WireGuard management tunnel, over HTTP (issue 18): the mode on
 * create, CSV import and update, the tunnel address and key, the setup kit, status from the hub's
 * handshakes and the onboarding steps. The real WireGuard path is in router-wireguard.e2e-spec.ts.
 */
describe('tunnel routers (e2e)', () => {
  let t: TestApp;
  let a: ProviderFixture;
  let hub: Awaited<ReturnType<typeof insertTunnelHub>>;
  const routers = () => t.http().post('/api/v1/routers').set(a.owner.auth);
  const tunnelRow = async (routerId: string) =>
    (await t.dataSource.query(`SELECT id, host(address) AS address, released_at FROM router_tunnels WHERE router_id = $1 ORDER BY created_at DESC LIMIT 1`, [routerId]))[0] as
      { id: string; address: string; released_at: Date | null } | undefined;

  beforeAll(async () => {
    // the tunnel prefix inside an allowed range: still refused for hosts typed by providers
    t = await startTestApp({ ROUTER_ALLOWED_CIDRS: '172.16.0.0/12', ROUTER_CALL_TIMEOUT_MS: '20000' });
    a = await createProvider(t, await createSuperAdmin(t));
  });
  afterAll(() => t?.close());

  it('answers 503 ROUTER_TUNNEL_UNAVAILABLE while the tunnel service has never started, changing nothing', async () => {
    const before = await databaseFingerprint(t);
    const res = await routers().send({ name: 'Too early', connectionMode: 'tunnel' }).expect(503);
    expect(res.body.code).toBe('ROUTER_TUNNEL_UNAVAILABLE');
    expect(changedTables(before, await databaseFingerprint(t))).toEqual([]);
    hub = await insertTunnelHub(t.dataSource);
  });

  it('adds a router with no public IP: a tunnel address from the prefix, the plaintext API inside the tunnel, onboarding at step 1', async () => {
    const res = await routers().send({ name: 'Kilimani CGNAT', connectionMode: 'tunnel' }).expect(201);
    const r = res.body;
    expect(r).toMatchObject({ connectionMode: 'tunnel', apiPort: 8728, useTls: false, tls: null });
    expect(r.host).toMatch(/^172\.30\.\d+\.\d+$/);
    expect(r.host).not.toBe(hub.address);
    expect(r.tunnel).toMatchObject({ address: r.host, hubAddress: hub.address, hubEndpoint: hub.endpoint, state: 'waiting', hubReporting: true, enrolledAt: null, rxBytes: 0, txBytes: 0 });
    expect(r.tunnel.onboarding.map((s: { step: string; done: boolean }) => [s.step, s.done])).toEqual([
      ['kit', false],
      ['handshake', false],
      ['api', false],
    ]);
    expect(r.tunnel.onboarding[0].hint).toMatch(/setup kit/);
    const audit = await t.http().get('/api/v1/audit-logs').query({ action: 'router.create' }).set(a.owner.auth).expect(200);
    expect(audit.body.items[0].details).toEqual(expect.arrayContaining([{ label: 'Reached', value: 'through the management tunnel' }]));
  });

  it('refuses a host sent with connectionMode tunnel, and a direct host inside the tunnel prefix (another router may live there)', async () => {
    const before = await databaseFingerprint(t);
    const withHost = await routers().send({ name: 'Both', connectionMode: 'tunnel', host: '203.0.113.9' }).expect(400);
    expect(withHost.body.details).toEqual([{ field: 'host', messages: [expect.stringMatching(/leave host out/)] }]);
    const intoTunnel = await routers().send({ name: 'Sneaky', host: '172.30.0.9', apiPort: 8729 }).expect(400);
    expect(intoTunnel.body.code).toBe('ROUTER_ADDRESS_NOT_ALLOWED');
    expect(intoTunnel.body.message).toMatch(/management tunnel/);
    // ROUTER_ALLOWED_CIDRS opens 172.16.0.0/12: an address outside the prefix is accepted
    const testOutside = await t.http().post('/api/v1/routers/test-connection').set(a.owner.auth).send({ host: '172.31.0.9', apiPort: 8729, username: 'u', password: 'p' });
    expect(testOutside.status).not.toBe(400);
    const testInside = await t.http().post('/api/v1/routers/test-connection').set(a.owner.auth).send({ host: '172.30.0.9', apiPort: 8729, username: 'u', password: 'p' }).expect(400);
    expect(testInside.body.code).toBe('ROUTER_ADDRESS_NOT_ALLOWED');
    expect(changedTables(before, await databaseFingerprint(t)).filter((x) => x !== 'router_login_attempts')).toEqual([]);
  });

  it("gives the router its own key in the setup kit (deriving the tunnel's public key), locks the API to the hub, and marks step 1 done", async () => {
    const r = (await routers().send({ name: 'Kit router', connectionMode: 'tunnel' }).expect(201)).body;
    const kit = (await t.http().get(`/api/v1/routers/${r.id}/setup-kit.rsc`).set(a.owner.auth).expect(200)).text;
    const key = /\/interface wireguard add name="wavu-wg" private-key="([^"]+)"/.exec(kit)?.[1];
    expect(key).toBeDefined();
    expect(wireGuardPublicKey(key!)).toBe(r.tunnel.publicKey);
    expect(kit).toContain(`public-key="${hub.publicKey}" endpoint-address="wg.wavu.test" endpoint-port=51820 allowed-address="${hub.address}/32"`);
    expect(kit).toContain(`/ip address add address="${r.host}/32" interface="wavu-wg"`);
    expect(kit).toContain(`/ip service set api address="${hub.address}/32" port=8728 disabled=no`);
    // no other router's key is in it
    const others: { public_key: string }[] = await t.dataSource.query(`SELECT public_key FROM router_tunnels WHERE router_id <> $1`, [r.id]);
    for (const o of others) expect(wireGuardPublicKey(key!)).not.toBe(o.public_key);
    const after = (await t.http().get(`/api/v1/routers/${r.id}`).set(a.owner.auth).expect(200)).body;
    expect(after.tunnel.onboarding[0]).toMatchObject({ step: 'kit', done: true, hint: null });
    expect(after.tunnel.onboarding[1].hint).toContain(hub.endpoint);
  });

  it('is offline with the reason at once while the hub has seen no handshake (no connection attempt, no timeout); up when it has', async () => {
    const r = (await routers().send({ name: 'Status router', connectionMode: 'tunnel' }).expect(201)).body;
    const monitor = t.app.get(RouterMonitorService);
    const repo = t.app.get(RoutersRepository);
    const started = Date.now();
    const checked = await monitor.checkRouter((await repo.findById(r.id))!);
    // the call timeout is 20 s: an attempt on the (unrouted) tunnel address would have taken it
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(checked.status).toBe('offline');
    expect(checked.lastError).toMatch(/^tunnel: waiting for the router's first WireGuard handshake/);
    const test = (await t.http().post(`/api/v1/routers/${r.id}/test`).set(a.owner.auth).expect(200)).body;
    expect(test.ok).toBe(false);
    expect(test.steps[0]).toMatchObject({ step: 'tcp', status: 'failed', detail: expect.stringMatching(/^tunnel: waiting/) });
    // the tunnel process reports a handshake and traffic
    await t.dataSource.query(
      `UPDATE router_tunnels SET enrolled_at = now() - interval '1 minute', last_handshake_at = now() - interval '20 seconds', peer_endpoint = '198.51.100.7:41023', rx_bytes = 5120, tx_bytes = 2048 WHERE router_id = $1`,
      [r.id],
    );
    const up = (await t.http().get(`/api/v1/routers/${r.id}`).set(a.owner.auth).expect(200)).body;
    expect(up.tunnel).toMatchObject({ state: 'up', peerEndpoint: '198.51.100.7:41023', rxBytes: 5120, txBytes: 2048 });
    expect(up.tunnel.onboarding.map((s: { done: boolean }) => s.done)).toEqual([true, true, false]);
    // a handshake older than 3 minutes: down, and the monitor says since when without trying
    await t.dataSource.query(`UPDATE router_tunnels SET last_handshake_at = now() - interval '10 minutes' WHERE router_id = $1`, [r.id]);
    const down = await monitor.checkRouter((await repo.findById(r.id))!);
    expect(down.lastError).toMatch(/^tunnel: no WireGuard handshake for 10 minutes/);
    expect((await t.http().get(`/api/v1/routers/${r.id}`).set(a.owner.auth).expect(200)).body.tunnel.state).toBe('down');
  });

  it('switches between direct and tunnel (host required for direct), releasing the tunnel, audited in words', async () => {
    const r = (await routers().send({ name: 'Switcher', connectionMode: 'tunnel' }).expect(201)).body;
    const first = await tunnelRow(r.id);
    const noHost = await t.http().patch(`/api/v1/routers/${r.id}`).set(a.owner.auth).send({ connectionMode: 'direct' }).expect(400);
    expect(noHost.body.details).toEqual([{ field: 'host', messages: [expect.stringMatching(/public address/)] }]);
    const direct = (await t.http().patch(`/api/v1/routers/${r.id}`).set(a.owner.auth).send({ connectionMode: 'direct', host: '203.0.113.50' }).expect(200)).body;
    expect(direct).toMatchObject({ connectionMode: 'direct', host: '203.0.113.50', apiPort: 8729, useTls: true, tunnel: null, status: 'unknown' });
    expect((await tunnelRow(r.id))?.released_at).not.toBeNull();
    const audit = await t.http().get('/api/v1/audit-logs').query({ action: 'router.update' }).set(a.owner.auth).expect(200);
    expect(audit.body.items[0].details).toEqual(
      expect.arrayContaining([
        { label: 'Reached', value: 'directly at its address' },
        { label: 'Encryption', value: 'api-ssl (encrypted)' },
      ]),
    );
    // a host with a tunnel router is refused; back to tunnel gives a new address and key
    await t.http().patch(`/api/v1/routers/${r.id}`).set(a.owner.auth).send({ host: '203.0.113.51', connectionMode: 'tunnel' }).expect(400);
    const back = (await t.http().patch(`/api/v1/routers/${r.id}`).set(a.owner.auth).send({ connectionMode: 'tunnel' }).expect(200)).body;
    expect(back).toMatchObject({ connectionMode: 'tunnel', apiPort: 8728, useTls: false });
    expect(back.host).not.toBe(first!.address);
    expect(back.tunnel.address).toBe(back.host);
    const events = (await t.http().get(`/api/v1/routers/${r.id}/events`).set(a.owner.auth).expect(200)).body.items as { message: string }[];
    expect(events.map((e) => e.message)).toEqual(expect.arrayContaining([expect.stringMatching(/through the management tunnel at 172\.30\.\d+\.\d+: import its new setup kit/)]));
  });

  it('refuses the tunnel for a router known to run RouterOS 6, and refuses its kit', async () => {
    const r = (await routers().send({ name: 'Old v6', host: '203.0.113.60', apiPort: 8729 }).expect(201)).body;
    await t.dataSource.query(`UPDATE routers SET version = '6.49.10' WHERE id = $1`, [r.id]);
    const res = await t.http().patch(`/api/v1/routers/${r.id}`).set(a.owner.auth).send({ connectionMode: 'tunnel' }).expect(400);
    expect(res.body.code).toBe('ROUTER_TUNNEL_NEEDS_ROUTEROS_7');
    const tunnelled = (await routers().send({ name: 'Downgraded', connectionMode: 'tunnel' }).expect(201)).body;
    await t.dataSource.query(`UPDATE routers SET version = '6.48.6' WHERE id = $1`, [tunnelled.id]);
    const kit = await t.http().get(`/api/v1/routers/${tunnelled.id}/setup-kit.rsc`).set(a.owner.auth).expect(400);
    expect(kit.body.code).toBe('ROUTER_TUNNEL_NEEDS_ROUTEROS_7');
  });

  it('imports tunnel and direct routers from one CSV; a tunnel row with a host is refused, nothing imported', async () => {
    const header = 'name,connectionMode,host,apiPort,useTls,username,password';
    const bad = await t
      .http()
      .post('/api/v1/routers/import')
      .set(a.owner.auth)
      .send({ csv: `${header}\nCSV tunnel,tunnel,203.0.113.70,,,wavu-api,secret-1\nCSV direct,direct,203.0.113.71,8729,yes,wavu-api,secret-2\n` })
      .expect(400);
    expect(bad.body.details).toEqual(expect.arrayContaining([{ field: 'rows[2].host', messages: [expect.stringMatching(/leave host out/)] }]));
    const ok = await t
      .http()
      .post('/api/v1/routers/import')
      .set(a.owner.auth)
      .send({ csv: `${header}\nCSV tunnel,tunnel,,,,wavu-api,secret-1\nCSV direct,,203.0.113.71,8729,yes,wavu-api,secret-2\n` })
      .expect(201);
    expect(ok.body.imported).toBe(2);
    const [tunnel, direct] = ok.body.routers;
    expect(tunnel).toMatchObject({ connectionMode: 'tunnel', apiPort: 8728, useTls: false });
    expect(tunnel.tunnel.address).toBe(tunnel.host);
    expect(direct).toMatchObject({ connectionMode: 'direct', host: '203.0.113.71', tunnel: null });
  });

  it('removing a tunnel router releases its tunnel (the peer leaves the hub; the address rests for the grace period)', async () => {
    const r = (await routers().send({ name: 'Short lived', connectionMode: 'tunnel' }).expect(201)).body;
    await t.http().delete(`/api/v1/routers/${r.id}`).set(a.owner.auth).expect(204);
    const row = await tunnelRow(r.id);
    expect(row?.address).toBe(r.host);
    expect(row?.released_at).not.toBeNull();
    const [{ sealed }] = await t.dataSource.query(`SELECT private_key_sealed AS sealed FROM router_tunnels WHERE id = $1`, [row!.id]);
    expect(sealed).toBeNull();
  });

  it("keeps one provider's tunnel routers from another", async () => {
    const r = (await routers().send({ name: 'Private tunnel', connectionMode: 'tunnel' }).expect(201)).body;
    const b = await createProvider(t, await createSuperAdmin(t));
    await t.http().get(`/api/v1/routers/${r.id}`).set(b.owner.auth).expect(404);
    await t.http().get(`/api/v1/routers/${r.id}/setup-kit.rsc`).set(b.owner.auth).expect(404);
  });
});
