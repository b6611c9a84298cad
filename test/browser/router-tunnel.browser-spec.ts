import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { DEMO, seedDemo } from '../../apps/api/src/database/seed-demo';
import type { Session } from '../factories';
import { insertTunnelHub, login } from '../factories';
import { launchChromium, openNav, screenshot } from '../setup/browser';
import type { TestApp } from '../setup/test-app';
import { startTestApp } from '../setup/test-app';

const WEB_DIST = path.resolve(__dirname, '..', '..', 'apps', 'web', 'dist');
const TUNNEL_CHOICE = 'No public IP — behind NAT/CGNAT, LTE, Starlink (through the Wavu tunnel, RouterOS 7)';
const DIRECT_CHOICE = 'It has a public IP address (direct)';
const PLAINTEXT_WARNING = 'Plaintext API: the router password crosses the network readable.';

interface TunnelView {
  address: string;
  state: string;
  hubReporting: boolean;
  onboarding: { step: string; done: boolean; hint: string | null }[];
}

/**
 * Routers without a public IP, reached through the WireGuard management tunnel, in the dashboard
 * at 1280 and 390 px: the form's "How does Wavu reach this router?" choice (no address, port 8728
 * inside the tunnel, no test before saving), the router page's Tunnel panel following the three
 * onboarding steps as the kit is downloaded and the hub reports a handshake (simulated in
 * router_tunnels, as the tunnel process writes it), the routers list's tag, the CSV import's
 * connectionMode column, a switch to direct and back, and the warning when the hub stops reporting.
 */
describe('routers through the Wavu tunnel in Chromium', () => {
  jest.setTimeout(180_000);
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;
  let owner: Session;
  let hub: Awaited<ReturnType<typeof insertTunnelHub>>;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) throw new Error('apps/web/dist is missing: run `npm run build:web` (npm test does it)');
    t = await startTestApp({ WEB_DIST_DIR: WEB_DIST, ROUTER_CALL_TIMEOUT_MS: '2000' });
    await seedDemo(t.app);
    hub = await insertTunnelHub(t.dataSource);
    await t.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as { port: number }).port}`;
    owner = await login(t, DEMO.owner.email, DEMO.owner.password);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const field = (page: Page, label: string) => page.getByLabel(label, { exact: true });
  const noSidewaysScroll = async (page: Page) => expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  /** the tunnel process's heartbeat (it writes last_sync_at on every peer sync) */
  const heartbeat = (at = 'now()') => t.dataSource.query(`UPDATE tunnel_hubs SET last_sync_at = ${at} WHERE id = 'default'`);
  const routerId = async (name: string): Promise<string> => (await t.dataSource.query(`SELECT id FROM routers WHERE name = $1`, [name]))[0].id;
  /** the router's tunnel as the API describes it (what the page must show) */
  const apiTunnel = async (id: string): Promise<TunnelView> => (await t.http().get(`/api/v1/routers/${id}`).set(owner.auth).expect(200)).body.tunnel;
  /** waits until the API says what `check` wants (the hub is cached for a few seconds) */
  const untilApi = async (id: string, check: (tunnel: TunnelView) => boolean): Promise<TunnelView> => {
    const deadline = Date.now() + 20_000;
    for (;;) {
      const tunnel = await apiTunnel(id);
      if (check(tunnel)) return tunnel;
      if (Date.now() > deadline) throw new Error(`the API never reported the expected tunnel: ${JSON.stringify(tunnel)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  };
  /**
   * Records the JSON bodies the SPA sends (its client passes Request objects to fetch, whose
   * bodies Chromium does not hand to Playwright's request events).
   */
  const recordBodies = (page: Page) =>
    page.addInitScript(() => {
      const w = window as unknown as { wavuSent: { method: string; path: string; body: string }[] };
      w.wavuSent = [];
      const original = window.fetch.bind(window);
      window.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
        if (input instanceof Request && input.method !== 'GET') w.wavuSent.push({ method: input.method, path: new URL(input.url).pathname, body: await input.clone().text() });
        return original(input, init);
      };
    });
  const sentBody = async (page: Page, method: string, pathname: string): Promise<Record<string, unknown>> => {
    const sent = await page.evaluate(() => (window as unknown as { wavuSent: { method: string; path: string; body: string }[] }).wavuSent);
    const last = sent.filter((r) => r.method === method && r.path === pathname).pop();
    if (!last) throw new Error(`no ${method} ${pathname} was sent`);
    return JSON.parse(last.body) as Record<string, unknown>;
  };
  const steps = (page: Page) => page.getByRole('region', { name: 'Tunnel' }).getByRole('list', { name: 'Tunnel setup steps' }).getByRole('listitem');
  const stepText = async (item: Locator) => (await item.textContent())!.replace(/\s+/g, ' ');

  for (const viewport of [
    { width: 1280, height: 900 },
    { width: 390, height: 844 },
  ]) {
    it(`at ${viewport.width} px: adds a router with no public IP, follows its tunnel steps, and switches it to direct and back`, async () => {
      const w = viewport.width;
      const name = `Tunnel Shop ${w}`;
      await heartbeat();
      const page = await browser.newPage({ viewport });
      await recordBodies(page);
      await page.goto(`${baseUrl}/login`);
      await field(page, 'Email').fill(DEMO.owner.email);
      await field(page, 'Password').fill(DEMO.owner.password);
      await page.getByRole('button', { name: 'Log in' }).click();
      await openNav(page, 'Routers');
      await page.getByRole('link', { name: 'Add router' }).click();

      // the choice is a radio group; direct (api-ssl on 8729) is the default
      const choice = page.getByRole('radiogroup', { name: 'How does Wavu reach this router?' });
      await choice.waitFor();
      expect(await choice.getByRole('radio').count()).toBe(2);
      expect(await choice.getByRole('radio', { name: DIRECT_CHOICE }).isChecked()).toBe(true);
      expect(await field(page, 'API port').inputValue()).toBe('8729');
      await choice.getByRole('radio', { name: TUNNEL_CHOICE }).check();
      // no address to give, the plain API on 8728 with the note that WireGuard encrypts it, no test before saving
      expect(await field(page, 'Router address').count()).toBe(0);
      expect(await field(page, 'API port').inputValue()).toBe('8728');
      expect(await page.getByLabel('Encrypt the API as well (api-ssl)').isChecked()).toBe(false);
      await page.getByText('WireGuard encrypts everything on the way.').waitFor();
      expect(await page.getByText(PLAINTEXT_WARNING).count()).toBe(0);
      await page.getByLabel('I already have an API user on this router').check();
      await field(page, 'API user').waitFor();
      expect(await page.getByRole('button', { name: 'Test connection' }).count()).toBe(0);
      await page.getByText('No test before saving: Wavu tests the router through the tunnel once its setup kit is imported').waitFor();
      await page.getByLabel('I already have an API user on this router').uncheck();
      await field(page, 'Router name').fill(name);
      await noSidewaysScroll(page);
      await screenshot(page, `router-tunnel-01-form-${w}`);

      await page.getByRole('button', { name: 'Add router and get the setup kit' }).click();
      // after adding: the kit (no platform address: the tunnel decides it) and the live steps
      await page.getByRole('heading', { name: 'Wait for the router to dial in' }).waitFor();
      const body = await sentBody(page, 'POST', '/api/v1/routers');
      expect(body).toMatchObject({ name, connectionMode: 'tunnel', apiPort: 8728, useTls: false });
      expect(body).not.toHaveProperty('host');
      const id = await routerId(name);
      const [saved] = await t.dataSource.query(
        `SELECT r.connection_mode, r.host, r.api_port, r.use_tls, rt.address FROM routers r JOIN router_tunnels rt ON rt.router_id = r.id AND rt.released_at IS NULL WHERE r.id = $1`,
        [id],
      );
      expect(saved).toMatchObject({ connection_mode: 'tunnel', api_port: 8728, use_tls: false, host: saved.address });
      const firstAddress = saved.address as string;
      expect(firstAddress).toMatch(/^172\.30\.\d+\.\d+$/);

      expect(await field(page, 'Platform address').count()).toBe(0);
      await page.getByText(`dial Wavu's tunnel at ${hub.endpoint}`).waitFor();
      await noSidewaysScroll(page);
      await screenshot(page, `router-tunnel-02-after-adding-${w}`);
      await page.getByRole('button', { name: 'Finish later' }).click();

      // the router page: step 1 open with the API's hint, waiting for the router, no plaintext warning
      const panel = page.getByRole('region', { name: 'Tunnel' });
      await panel.waitFor();
      await panel.getByText('Waiting for the router to dial in').waitFor();
      const waiting = await apiTunnel(id);
      expect(waiting.state).toBe('waiting');
      const items = steps(page);
      expect(await items.count()).toBe(3);
      expect(await stepText(items.nth(0))).toContain(`Not done yet: Download the setup kit${waiting.onboarding[0].hint}`);
      expect(await items.nth(1).textContent()).not.toContain(waiting.onboarding[1].hint!);
      await panel.getByText(`${firstAddress}:8728`).waitFor();
      await panel.getByText(`${hub.endpoint} (UDP)`).waitFor();
      expect(await page.getByText(PLAINTEXT_WARNING).count()).toBe(0);
      await page.getByText('Plain API inside the WireGuard tunnel (the tunnel encrypts it)').waitFor();
      await noSidewaysScroll(page);
      await screenshot(page, `router-tunnel-03-panel-waiting-${w}`);

      // step 1: the kit downloaded from the panel carries the tunnel; the step is done at once and after a reload
      const [download] = await Promise.all([page.waitForEvent('download'), panel.getByRole('button', { name: 'Download setup kit (.rsc)' }).click()]);
      expect(download.suggestedFilename()).toBe('wavu-setup.rsc');
      const script = fs.readFileSync(await download.path(), 'utf8');
      expect(script).toContain(`${firstAddress}/32`);
      expect(script).toContain(hub.publicKey);
      await items.nth(0).getByText('Done: Download the setup kit').waitFor();
      await page.reload();
      await items.nth(0).getByText('Done: Download the setup kit').waitFor();
      const kitDone = await untilApi(id, (tunnel) => tunnel.onboarding[0].done);
      expect(await stepText(items.nth(1))).toContain(`Not done yet: The router dials in to Wavu${kitDone.onboarding[1].hint}`);
      expect(await panel.getByRole('button', { name: 'Download the setup kit again' }).count()).toBe(1);

      // step 2: the hub reports a handshake (as the tunnel process writes it)
      await heartbeat();
      await t.dataSource.query(
        `UPDATE router_tunnels SET enrolled_at = now() - interval '2 minutes', last_handshake_at = now() - interval '2 minutes', peer_endpoint = '197.248.10.20:41023',
           rx_bytes = 1572864, tx_bytes = 358400, stats_at = now() WHERE router_id = $1 AND released_at IS NULL`,
        [id],
      );
      await untilApi(id, (tunnel) => tunnel.state === 'up' && tunnel.hubReporting);
      await page.reload();
      await panel.getByTestId('tunnel-state').getByText('Connected — last handshake 2 min ago').waitFor();
      await items.nth(1).getByText('Done: The router dials in to Wavu').waitFor();
      const connected = await apiTunnel(id);
      expect(await stepText(items.nth(2))).toContain(`Not done yet: Wavu logs in through the tunnel${connected.onboarding[2].hint}`);
      await panel.getByText('197.248.10.20:41023').waitFor();
      await panel.getByText('1.5 MB', { exact: true }).waitFor();
      await panel.getByText('350 KB', { exact: true }).waitFor();
      await noSidewaysScroll(page);
      await screenshot(page, `router-tunnel-04-panel-connected-${w}`);

      // the routers list: a "tunnel" tag beside the address and the tunnel's state; a direct router has none
      await openNav(page, 'Routers');
      const row = page.getByRole('row', { name: new RegExp(name) });
      const address = row.locator('td[data-label="Address"]');
      await address.getByText('connected').waitFor();
      expect((await address.innerText()).replace(/\s+/g, ' ').trim()).toBe(`${firstAddress}:8728 tunnel connected`);

      // the CSV import explains connectionMode, and a tunnel row leaves host empty
      await page.getByRole('button', { name: 'Import from CSV' }).click();
      await page.getByText('(no public IP: leave').waitFor();
      await field(page, 'CSV').fill(
        `name,connectionMode,host,username,password\nCSV Tunnel ${w},tunnel,,wavu-api,csv-pass-${w}\nCSV Direct ${w},direct,197.248.10.${w === 1280 ? 21 : 22},wavu-api,csv-pass-${w}`,
      );
      await page.getByRole('button', { name: 'Import routers' }).click();
      await page.getByText('Imported 2 routers.').waitFor();
      const csvTunnel = page.getByRole('row', { name: new RegExp(`CSV Tunnel ${w}`) }).locator('td[data-label="Address"]');
      await csvTunnel.getByText('waiting for the router').waitFor();
      expect(await csvTunnel.getByText('tunnel', { exact: true }).count()).toBe(1);
      const csvDirect = page.getByRole('row', { name: new RegExp(`CSV Direct ${w}`) }).locator('td[data-label="Address"]');
      expect(await csvDirect.textContent()).toBe(`197.248.10.${w === 1280 ? 21 : 22}:8729`);
      await noSidewaysScroll(page);
      await screenshot(page, `router-tunnel-05-list-${w}`);

      // edit: to direct, which needs the public address (a tunnel address is refused by the API, under the field)
      await page.goto(`${baseUrl}/app/routers/${id}/edit`);
      const editChoice = page.getByRole('radiogroup', { name: 'How does Wavu reach this router?' });
      await editChoice.waitFor();
      expect(await editChoice.getByRole('radio', { name: TUNNEL_CHOICE }).isChecked()).toBe(true);
      await page.getByText(`Wavu reaches this router inside the tunnel at ${firstAddress}.`).waitFor();
      expect(await field(page, 'Router address').count()).toBe(0);
      await editChoice.getByRole('radio', { name: DIRECT_CHOICE }).check();
      await page.getByText('Saving takes this router out of the Wavu tunnel').waitFor();
      expect(await field(page, 'Router address').inputValue()).toBe('');
      expect(await field(page, 'API port').inputValue()).toBe('8729');
      expect(await page.getByLabel('Encrypted API (api-ssl, recommended)').isChecked()).toBe(true);
      await noSidewaysScroll(page);
      await screenshot(page, `router-tunnel-06-edit-to-direct-${w}`);
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page.getByText("Enter the router's public IP address, e.g. 197.248.10.20.").waitFor();
      await field(page, 'Router address').fill('172.30.0.9');
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page.getByText("172.30.0.9 is inside the platform's management tunnel").waitFor();
      expect(await field(page, 'Router address').getAttribute('aria-invalid')).toBe('true');
      const publicIp = `197.248.10.${w === 1280 ? 31 : 32}`;
      await field(page, 'Router address').fill(publicIp);
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page.getByRole('heading', { name: new RegExp(name) }).waitFor();
      await page.getByText(`${publicIp}:8729`).waitFor();
      expect(await page.getByRole('region', { name: 'Tunnel' }).count()).toBe(0);
      const [direct] = await t.dataSource.query(`SELECT connection_mode, host, api_port, use_tls FROM routers WHERE id = $1`, [id]);
      expect(direct).toEqual({ connection_mode: 'direct', host: publicIp, api_port: 8729, use_tls: true });
      const [{ live }] = await t.dataSource.query(`SELECT count(*)::int AS live FROM router_tunnels WHERE router_id = $1 AND released_at IS NULL`, [id]);
      expect(live).toBe(0);

      // and back to the tunnel: a new address and key, and the kit to import again
      await page.goto(`${baseUrl}/app/routers/${id}/edit`);
      await page.getByRole('radiogroup', { name: 'How does Wavu reach this router?' }).getByRole('radio', { name: TUNNEL_CHOICE }).check();
      await page.getByText('Saving moves this router into the Wavu tunnel').waitFor();
      expect(await field(page, 'Router address').count()).toBe(0);
      expect(await field(page, 'API port').inputValue()).toBe('8728');
      await screenshot(page, `router-tunnel-07-edit-to-tunnel-${w}`);
      await page.getByRole('button', { name: 'Save changes' }).click();
      await panel.waitFor();
      const patch = await sentBody(page, 'PATCH', `/api/v1/routers/${id}`);
      expect(patch).toMatchObject({ connectionMode: 'tunnel', apiPort: 8728, useTls: false });
      expect(patch).not.toHaveProperty('host');
      const [again] = await t.dataSource.query(`SELECT r.connection_mode, r.host, rt.address FROM routers r JOIN router_tunnels rt ON rt.router_id = r.id AND rt.released_at IS NULL WHERE r.id = $1`, [
        id,
      ]);
      expect(again.connection_mode).toBe('tunnel');
      expect(again.address).not.toBe(firstAddress);
      await panel.getByText(`${again.address as string}:8728`).waitFor();
      await panel.getByText('Waiting for the router to dial in').waitFor();
      await items.nth(0).getByText('Not done yet: Download the setup kit').waitFor();

      // the platform's tunnel service stops reporting: the panel says its figures may be stale
      await heartbeat(`now() - interval '1 hour'`);
      await untilApi(id, (tunnel) => !tunnel.hubReporting);
      await page.reload();
      await panel.getByText("The platform's tunnel service is not reporting; figures may be stale.").waitFor();
      await noSidewaysScroll(page);
      await screenshot(page, `router-tunnel-08-hub-not-reporting-${w}`);
      await heartbeat();
      await untilApi(id, (tunnel) => tunnel.hubReporting);
      await page.close();
    });
  }
});
