import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { Sandbox } from '@wavu/sandbox';
import { startSandbox } from '@wavu/sandbox';
import { DEMO, seedDemo } from '../../apps/api/src/database/seed-demo';
import { RouterMonitorService } from '../../apps/api/src/modules/routers/router-monitor.service';
import { RoutersService } from '../../apps/api/src/modules/routers/routers.service';
import { launchChromium, openNav, screenshot } from '../setup/browser';
import type { TestApp } from '../setup/test-app';
import { startTestApp } from '../setup/test-app';

const WEB_DIST = path.resolve(__dirname, '..', '..', 'apps', 'web', 'dist');

/**
 * Issue 17, encrypted router connections by default, in the dashboard: the router form starts
 * on api-ssl (8729) and warns when switched to plaintext; a connection test shows the router's
 * certificate; the router page shows the pinned certificate, a plaintext router's warning, and
 * a changed certificate with both fingerprints and "Accept new certificate". At 1280 and 390 px.
 */
describe('routers over api-ssl in Chromium', () => {
  jest.setTimeout(120_000);
  let t: TestApp;
  let sandbox: Sandbox;
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) throw new Error('apps/web/dist is missing: run `npm run build:web` (npm test does it)');
    [t, sandbox] = await Promise.all([startTestApp({ WEB_DIST_DIR: WEB_DIST, ROUTER_CALL_TIMEOUT_MS: '2000' }), startSandbox({ routers: 1 })]);
    await seedDemo(t.app);
    await t.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as { port: number }).port}`;
    browser = await launchChromium();
    sandbox.routers[0].state.addApiUser('wavu-api', 'tls-router-pass', ['read', 'write', 'api', 'test']);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await sandbox?.stop();
  });

  const field = (page: Page, label: string) => page.getByLabel(label, { exact: true });
  /** monitoring "run now", and the certificate pins it writes */
  const monitor = async () => {
    await t.app.get(RouterMonitorService).checkAll();
    await t.app.get(RoutersService).settled();
  };
  const noSidewaysScroll = async (page: Page) => expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

  for (const viewport of [
    { width: 1280, height: 900 },
    { width: 390, height: 844 },
  ]) {
    it(`at ${viewport.width} px: adds a router over api-ssl, sees its certificate, and accepts a changed one`, async () => {
      const sim = sandbox.routers[0];
      const w = viewport.width;
      const page = await browser.newPage({ viewport });
      await page.goto(`${baseUrl}/login`);
      await field(page, 'Email').fill(DEMO.owner.email);
      await field(page, 'Password').fill(DEMO.owner.password);
      await page.getByRole('button', { name: 'Log in' }).click();
      await openNav(page, 'Routers');
      await page.getByRole('link', { name: 'Add router' }).click();

      // api-ssl is on by default and the port follows the switch
      const encrypted = page.getByLabel('Encrypted API (api-ssl, recommended)');
      expect(await encrypted.isChecked()).toBe(true);
      expect(await field(page, 'API port').inputValue()).toBe('8729');
      await encrypted.uncheck();
      expect(await field(page, 'API port').inputValue()).toBe('8728');
      await page.getByText('Plaintext API: the router password crosses the network readable. Use api-ssl, or a tunnel.').waitFor();
      await screenshot(page, `router-api-ssl-01-plaintext-warning-${w}`);
      await encrypted.check();
      expect(await field(page, 'API port').inputValue()).toBe('8729');
      expect(await page.getByText('Plaintext API: the router password crosses the network readable.').count()).toBe(0);

      // a test before saving shows the certificate the router presented
      await field(page, 'Router name').fill(`TLS Shop ${w}`);
      await field(page, 'Router address').fill('127.0.0.1');
      await field(page, 'API port').fill(String(sim.sslAddress!.port));
      await page.getByLabel('I already have an API user on this router').check();
      await field(page, 'API user').fill('wavu-api');
      await field(page, 'API password').fill('tls-router-pass');
      await page.getByRole('button', { name: 'Test connection' }).click();
      const result = page.getByRole('status', { name: 'Connection test result' });
      await result.getByText(/Connected: sim-router-1/).waitFor();
      await result.getByText(sim.certificateFingerprint!).waitFor();
      await screenshot(page, `router-api-ssl-02-test-shows-certificate-${w}`);
      await page.getByRole('button', { name: 'Add router' }).click();

      // the first connection records the certificate; the page shows it
      const heading = page.getByRole('heading', { name: new RegExp(`TLS Shop ${w}`) });
      await heading.waitFor();
      await page.getByText('Encrypted (api-ssl) · certificate recorded at the first connection').waitFor();
      const first = sim.certificateFingerprint!;
      await monitor();
      await page.reload();
      await heading.getByText('online').waitFor();
      await page.getByText(first).waitFor();
      await page.getByText(/Encrypted \(api-ssl\) · certificate SHA-256/).waitFor();
      await noSidewaysScroll(page);
      await screenshot(page, `router-api-ssl-03-pinned-${w}`);

      // a reset router: another certificate; nothing is sent to it until the owner accepts
      const second = await sim.rotateCertificate();
      sim.dropConnections();
      await monitor();
      await page.reload();
      const alert = page.getByRole('alert').filter({ hasText: 'The router presented a new certificate' });
      await alert.waitFor();
      await alert.getByText(first).waitFor();
      await alert.getByText(second).waitFor();
      await heading.getByText('error').waitFor();
      await noSidewaysScroll(page);
      await screenshot(page, `router-api-ssl-04-certificate-changed-${w}`);
      await alert.getByRole('button', { name: 'Accept new certificate' }).click();
      const dialog = page.getByRole('dialog', { name: "Accept the router's new certificate?" });
      await dialog.getByText(second).waitFor();
      await screenshot(page, `router-api-ssl-05-accept-dialog-${w}`);
      await dialog.getByRole('button', { name: 'Accept new certificate' }).click();
      await dialog.waitFor({ state: 'hidden' });
      await alert.waitFor({ state: 'detached' });
      await page.getByText(second).waitFor();
      await monitor();
      await page.reload();
      await heading.getByText('online').waitFor();
      await screenshot(page, `router-api-ssl-06-accepted-${w}`);
      const [stored] = await t.dataSource.query(`SELECT tls_fingerprint, tls_fingerprint_pending FROM routers WHERE name = $1`, [`TLS Shop ${w}`]);
      expect(stored).toEqual({ tls_fingerprint: second, tls_fingerprint_pending: null });

      // a router on the plaintext API carries the warning on its page
      const [{ id: plainId }] = await t.dataSource.query(`SELECT id FROM routers WHERE name = $1`, [`TLS Shop ${w}`]);
      await page.goto(`${baseUrl}/app/routers/${plainId as string}/edit`);
      await page.getByLabel('Encrypted API (api-ssl, recommended)').uncheck();
      await field(page, 'API port').fill(String(sim.port));
      // (the edit form sends empty optional fields, which the API refuses: filled here)
      await field(page, 'Hotspot server').fill('hotspot1');
      await field(page, 'Hotspot DNS name').fill('wifi.tls-shop.test');
      await page.getByRole('button', { name: 'Save changes' }).click();
      await page.getByText('Plaintext API: the router password crosses the network readable. Use api-ssl, or a tunnel.').waitFor();
      await page.getByText('Plaintext API (no encryption)').waitFor();
      await noSidewaysScroll(page);
      await screenshot(page, `router-api-ssl-07-plaintext-router-${w}`);
      const [plain] = await t.dataSource.query(`SELECT use_tls, api_port FROM routers WHERE id = $1`, [plainId]);
      expect(plain).toEqual({ use_tls: false, api_port: sim.port });
      await page.close();
    });
  }
});
