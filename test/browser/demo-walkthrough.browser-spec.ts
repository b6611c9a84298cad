import * as fs from 'node:fs';

import * as path from 'node:path';
import type { Sandbox } from '@wavu/sandbox';
import { startSandbox } from '@wavu/sandbox';
import type { Browser } from 'playwright-core';
import { seedDemo } from '../../apps/api/src/database/seed-demo';
import { launchChromium, screenshot } from '../setup/browser';
import type { TestApp } from '../setup/test-app';
import { startTestApp } from '../setup/test-app';
import { freePort } from '../setup/free-port';

const WEB_DIST = path.resolve(__dirname, '..', '..', 'apps', 'web', 'dist');

/**
 * The README's "Try it" walk, wired as `npm start` wires demo mode (main.ts: startSandbox with
 * the Daraja simulator's manual phone, then seedDemo): a plain browser (no proxy) opens the
 * demo router's hotspot login URL, lands on the portal, pays on the simulated phone page and
 * ends on the router's status page, logged in.
 */
describe('demo walk-through (npm start wiring)', () => {
  jest.setTimeout(120_000);
  let t: TestApp;
  let sandbox: Sandbox;
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, 'portal.html'))) throw new Error('apps/web/dist/portal.html is missing: run `npm run build:web` (npm test does it)');
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    sandbox = await startSandbox({ routers: 1, daraja: true });
    t = await startTestApp({
      WEB_DIST_DIR: WEB_DIST,
      PUBLIC_URL: baseUrl,
      DARAJA_BASE_URL: sandbox.daraja!.url,
      DARAJA_CALLBACK_BASE_URL: baseUrl,
      JOBS_ENABLED: 'true',
      ROUTER_OUTBOX_INTERVAL_MS: '200',
      ROUTER_CALL_TIMEOUT_MS: '2000',
    });
    await t.app.listen(port, '127.0.0.1');
    await seedDemo(t.app, sandbox);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await sandbox?.stop();
  }, 60_000);

  it('serves the setup kit pages on the demo router, with the portal host in the walled garden', async () => {
    const sim = sandbox.routers[0];
    expect(sim.hotspotHttp).not.toBeNull();
    const res = await fetch(`${sim.hotspotHttp!.url}/login`);
    const html = await res.text();
    const [router] = await t.dataSource.query(`SELECT id FROM routers WHERE name = 'Demo Router (simulated)'`);
    expect(html).toContain(`url=${baseUrl}/portal/${router.id}?mac=`);
    expect(html).toContain(`link-login-only=${encodeURIComponent(`${sim.hotspotHttp!.url}/login`)}`);
    expect(sim.hotspotHttp!.listFiles()).toEqual(expect.arrayContaining(['login.html', 'status.html', 'logout.html', 'error.html']));
    expect(sim.state.hotspot.walledGarden.all()).toEqual(expect.arrayContaining([expect.objectContaining({ 'dst-host': '127.0.0.1', action: 'allow' })]));
  });

  it('walks hotspot login URL → portal → simulated phone → online', async () => {
    const sim = sandbox.routers[0];
    const context = await browser.newContext({ viewport: { width: 390, height: 780 }, isMobile: true });
    const page = await context.newPage();
    await page.goto(`${sim.hotspotHttp!.url}/login`);
    await page.waitForURL((url) => url.pathname.startsWith('/portal/'));
    await page.getByRole('heading', { name: 'Choose a package' }).waitFor();
    await screenshot(page, 'demo-walk-01-portal');
    await page.getByRole('button', { name: '1 hour, KES 20' }).click();
    await page.getByLabel('M-Pesa phone number').fill('0712 345 678');
    await page.getByRole('button', { name: 'Pay KES 20 with M-Pesa' }).click();
    await page.getByTestId('countdown').waitFor();

    const phone = await context.newPage();
    await phone.goto(sandbox.daraja!.phoneUrl);
    await phone.getByText('Do you want to pay KES 20').waitFor();
    await phone.getByPlaceholder('PIN').fill('1234');
    await screenshot(phone, 'demo-walk-02-phone');
    await phone.getByRole('button', { name: 'Send' }).click();

    const code = (await page.getByTestId('voucher-code').textContent())!;
    expect(code).toMatch(/^[A-Z0-9]{6,}$/);
    await page.waitForURL((url) => url.pathname === '/status', { timeout: 30_000 });
    await page.getByRole('heading', { name: 'You are online' }).waitFor();
    // the setup kit's branded, bilingual status page: the provider's name and the customer's code
    const status = await page.locator('body').innerText();
    expect(status).toContain('Demo Hotspot Kawangware');
    expect(status).toMatch(new RegExp(`Your code\\s+Nambari yako\\s+${code}`));
    expect(sim.state.hotspot.active.all().some((a) => a.user === code)).toBe(true);
    await screenshot(page, 'demo-walk-03-online');
    await context.close();
  });
});
