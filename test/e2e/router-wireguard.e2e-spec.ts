import { DEMO_APP, startDarajaSimulator } from '@wavu/daraja-sim';
import { encodeSentence } from '@wavu/routeros-sim';
import { execFile } from 'node:child_process';
import type { Socket } from 'node:net';
import { connect } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { parseConfig } from '../../apps/tunnel/src/config';
import { TunnelService } from '../../apps/tunnel/src/tunnel-service';
import { OutboxWorker } from '../../apps/api/src/modules/routers/outbox.worker';
import type { ProviderFixture } from '../factories';
import { createProvider, createSuperAdmin } from '../factories';
import { freePort } from '../setup/free-port';
import type { TestApp } from '../setup/test-app';
import { startTestApp } from '../setup/test-app';
import type { WireGuardLab } from './tunnel/wireguard-lab';
import { createWireGuardLab, pickUnusedSubnet, tcpProbe, wireGuardRequirements } from './tunnel/wireguard-lab';

const run = promisify(execFile);

/** A raw RouterOS API session (one TCP connection) through the tunnel, to see that it survives. */
async function openApiSession(host: string, password: string) {
  const socket: Socket = await new Promise((resolve, reject) => {
    const s = connect(8728, host, () => resolve(s));
    s.once('error', reject);
  });
  let buffer = '';
  let closed = false;
  socket.on('data', (c: Buffer) => (buffer += c.toString('latin1')));
  socket.on('close', () => (closed = true));
  socket.on('error', () => undefined);
  let tag = 0;
  const ask = async (words: string[]): Promise<string> => {
    const t = `t${++tag}`;
    buffer = '';
    socket.write(encodeSentence([...words, `.tag=${t}`]));
    await eventually(`the answer to ${words[0]}`, async () => buffer.includes(`.tag=${t}`) && buffer.includes('!done'), 10_000);
    return buffer;
  };
  await ask(['/login', '=name=wavu-api', `=password=${password}`]);
  return { ask, closed: () => closed, close: () => socket.destroy() };
}

/** Waits for `check` to hold (polling a real condition), failing with `what` after `ms`. */
async function eventually<T>(what: string, check: () => Promise<T | null | undefined | false>, ms = 30_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/**
 * Issue 18, end to end with real WireGuard: the platform (this process, the tunnel process's
 * hub interface in the root namespace) and a "router" network namespace behind a NAT namespace
 * that drops every inbound new connection, both sides running wireguard-go. The RouterOS
 * simulator listens only on the router's tunnel address. The router's key, address and the hub
 * it dials come from the setup kit the API hands out (test/e2e/tunnel/wireguard-lab.ts).
 */
describe('routers behind NAT through the WireGuard tunnel (e2e, real WireGuard)', () => {
  let lab: WireGuardLab;
  let t: TestApp;
  let a: ProviderFixture;
  let daraja: Awaited<ReturnType<typeof startDarajaSimulator>>;
  let tunnel: TunnelService;
  let keyDir: string;
  let iface: string;
  const fatal: Error[] = [];
  const peers = async () => (await run('wg', ['show', iface, 'peers'])).stdout.split('\n').filter(Boolean);

  beforeAll(async () => {
    const missing = wireGuardRequirements();
    if (missing.length) throw new Error(`this test needs real WireGuard (.ci/run installs it): ${missing.join('; ')}`);
    lab = await createWireGuardLab();
    daraja = await startDarajaSimulator({ apps: [DEMO_APP] });
    const port = await freePort();
    t = await startTestApp({ DARAJA_BASE_URL: daraja.url, DARAJA_CALLBACK_BASE_URL: `http://127.0.0.1:${port}`, ROUTER_CALL_TIMEOUT_MS: '5000' });
    await t.app.listen(port, '127.0.0.1');
    a = await createProvider(t, await createSuperAdmin(t));
    // the tunnel process, in process, owning a throwaway hub interface in this namespace
    keyDir = mkdtempSync(path.join(tmpdir(), 'wavu-hub-'));
    iface = `wgt${lab.tag}`.slice(0, 15);
    const listenPort = 40_000 + Math.floor(Math.random() * 20_000);
    tunnel = new TunnelService(
      parseConfig({
        DATABASE_URL: t.db.url,
        TUNNEL_INTERFACE: iface,
        TUNNEL_LISTEN_PORT: String(listenPort),
        TUNNEL_ENDPOINT: `${lab.hubEndpointAddress}:${listenPort}`,
        TUNNEL_PREFIX: await pickUnusedSubnet(24),
        TUNNEL_PRIVATE_KEY_FILE: path.join(keyDir, 'hub.key'),
        TUNNEL_STATS_INTERVAL_MS: '1000',
        TUNNEL_USERSPACE: 'auto',
      }),
      { onFatal: (e) => fatal.push(e) },
    );
    await tunnel.start();
  }, 120_000);

  afterAll(async () => {
    await tunnel?.stop();
    await t?.close();
    await daraja?.close();
    await lab?.destroy();
    if (keyDir) rmSync(keyDir, { recursive: true, force: true });
  }, 60_000);

  it('adds a router in tunnel mode, brings the tunnel up from its kit, tests it, provisions a purchase through it, and removes it', async () => {
    const owner = a.owner.auth;
    const created = (await t.http().post('/api/v1/routers').set(owner).send({ name: 'Behind CGNAT', connectionMode: 'tunnel' }).expect(201)).body;
    // the tunnel process hears of the new peer at once (NOTIFY)
    await eventually('the peer on the hub', async () => (await peers()).includes(created.tunnel.publicKey));

    // the router side, from the setup kit: key, address, hub key, endpoint, hub address, API password
    const kit = (await t.http().get(`/api/v1/routers/${created.id}/setup-kit.rsc`).set(owner).expect(200)).text;
    const pick = (re: RegExp) => re.exec(kit)?.[1] ?? '';
    const router = {
      privateKey: pick(/\/interface wireguard add name="wavu-wg" private-key="([^"]+)"/),
      address: pick(/\/ip address add address="([\d.]+)\/32" interface="wavu-wg"/),
      hubPublicKey: pick(/peers add interface="wavu-wg" public-key="([^"]+)"/),
      hubEndpoint: `${pick(/endpoint-address="([^"]+)"/)}:${pick(/endpoint-port=(\d+)/)}`,
      hubAddress: pick(/allowed-address="([\d.]+)\/32"/),
      password: pick(/\/user add name="wavu-api" password="([A-Za-z0-9]+)"/),
    };
    expect(router.address).toBe(created.host);
    expect(router.password).not.toBe('');
    const wg = await lab.startRouterWireGuard({ ...router, keepaliveSeconds: 25 });
    const sim = await lab.startRouterSimulator({ host: router.address, port: 8728, user: 'wavu-api', password: router.password });

    // a direct connection to the router's site never gets in (that is the NAT), before or after
    expect((await tcpProbe(lab.publicAddress, 8728, 1_000)).status).toBe('timeout');
    await wg.waitForHandshake();
    // the tunnel process writes the handshake back: the router page's onboarding follows
    const up = await eventually('the handshake on the router page', async () => {
      const r = (await t.http().get(`/api/v1/routers/${created.id}`).set(owner).expect(200)).body;
      return r.tunnel.state === 'up' ? r : null;
    });
    expect(up.tunnel.enrolledAt).not.toBeNull();
    expect(up.tunnel.peerEndpoint).toMatch(new RegExp(`^${lab.publicAddress.replace(/\./g, '\\.')}:\\d+$`));

    const test = (await t.http().post(`/api/v1/routers/${created.id}/test`).set(owner).expect(200)).body;
    expect(test.steps.map((s: { status: string }) => s.status)).toEqual(['passed', 'passed', 'passed', 'passed', 'passed']);
    expect(test.ok).toBe(true);
    const online = (await t.http().get(`/api/v1/routers/${created.id}`).set(owner).expect(200)).body;
    expect(online.status).toBe('online');
    expect(online.tunnel.onboarding.map((s: { done: boolean }) => s.done)).toEqual([true, true, true]);

    // a captive purchase: paid through the simulated M-Pesa, its user provisioned through the tunnel
    const plan = (await t.http().post('/api/v1/plans').set(owner).send({ name: '1 hour', price: 20, kind: 'time', uptimeLimitSeconds: 3600, downloadRate: '5M', uploadRate: '2M' }).expect(201)).body;
    // the portal's own call, as the customer's phone makes it from the hotspot
    const purchaseId: string = (
      await t.http().post('/api/v1/captive/purchases').send({ routerId: created.id, planId: plan.id, phone: '0721 020 000', mac: '02:11:22:33:44:55', ip: '10.5.50.9' }).expect(201)
    ).body.id;
    await daraja.idle();
    const voucher = await eventually('the paid voucher', async () => {
      const [row] = await t.dataSource.query(`SELECT v.code FROM payments p JOIN vouchers v ON v.id = p.voucher_id WHERE p.id = $1 AND p.status = 'paid'`, [purchaseId]);
      return row as { code: string } | undefined;
    });
    await eventually('the user confirmed by the router', async () => {
      await t.app.get(OutboxWorker).drainOnce();
      const [row] = await t.dataSource.query(`SELECT confirmed_at FROM router_users WHERE router_id = $1 AND name = $2`, [created.id, voucher.code]);
      return row?.confirmed_at as Date | undefined;
    });
    const users = (await t.http().get(`/api/v1/routers/${created.id}/sync`).set(owner).expect(200)).body;
    expect(users.confirmedUsers).toBeGreaterThanOrEqual(1);
    expect(sim.logs()).not.toMatch(/error/i);

    // peer changes for one router never touch another's tunnel (wg syncconf applies only the
    // difference): a RouterOS API connection held open through the tunnel keeps answering on the
    // same socket while a second router is added to the hub and removed again
    const held = await openApiSession(router.address, router.password);
    expect(await held.ask(['/system/identity/print'])).toContain('!done');
    const second = (await t.http().post('/api/v1/routers').set(owner).send({ name: 'Second site', connectionMode: 'tunnel' }).expect(201)).body;
    await eventually('the second peer on the hub', async () => (await peers()).includes(second.tunnel.publicKey));
    expect(await held.ask(['/system/identity/print'])).toContain('!done');
    await t.http().delete(`/api/v1/routers/${second.id}`).set(owner).expect(204);
    await eventually('the second peer gone from the hub', async () => !(await peers()).includes(second.tunnel.publicKey));
    expect(await held.ask(['/system/resource/print'])).toContain('!done');
    expect(held.closed()).toBe(false);
    held.close();

    await t.http().delete(`/api/v1/routers/${created.id}`).set(owner).expect(204);
    await eventually('the peer gone from the hub', async () => !(await peers()).includes(created.tunnel.publicKey));
    // the removed router's address stops answering; the NAT still keeps the site closed
    expect((await tcpProbe(router.address, 8728, 1_500)).status).not.toBe('open');
    expect((await tcpProbe(lab.publicAddress, 8728, 1_000)).status).toBe('timeout');
    expect(fatal).toEqual([]);
  }, 180_000);
});
