import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { Sandbox } from '@wavu/sandbox';
import { startSandbox } from '@wavu/sandbox';
import type { ProviderFixture } from '../factories';
import { createProvider, createSuperAdmin } from '../factories';
import { launchChromium, screenshot } from '../setup/browser';
import type { TestApp } from '../setup/test-app';
import { startTestApp } from '../setup/test-app';

const WEB_DIST = path.resolve(__dirname, '..', '..', 'apps', 'web', 'dist');

/**
 * A newly approved owner's first day (docs/getting-started.md), on a laptop and on a phone: the
 * checklist on the overview, adding a router with the setup-kit-first form (no password typed),
 * running the downloaded kit's API user on the simulated router, the connection test, and the
 * checklist ticking those steps.
 */
describe('getting started in Chromium', () => {
  jest.setTimeout(120_000);
  let t: TestApp;
  let sandbox: Sandbox;
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) throw new Error('apps/web/dist is missing: run `npm run build:web` (npm test does it)');
    [t, sandbox] = await Promise.all([startTestApp({ WEB_DIST_DIR: WEB_DIST, ROUTER_CALL_TIMEOUT_MS: '2000' }), startSandbox({ routers: 2 })]);
    await t.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as { port: number }).port}`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await sandbox?.stop();
  });

  const steps = (page: Page) => page.getByRole('region', { name: 'Getting started' }).getByRole('listitem');
  const step = (page: Page, title: string) => steps(page).filter({ hasText: title });

  for (const [i, viewport] of [
    { width: 1280, height: 900 },
    { width: 390, height: 844 },
  ].entries()) {
    it(`at ${viewport.width} px: sees the checklist, adds a router from the setup kit and sees the steps tick`, async () => {
      const admin = await createSuperAdmin(t);
      const owner: ProviderFixture = await createProvider(t, admin);
      const sim = sandbox.routers[i];
      const page = await browser.newPage({ viewport, acceptDownloads: true });
      await page.goto(`${baseUrl}/login`);
      await page.getByLabel('Email', { exact: true }).fill(owner.email);
      await page.getByLabel('Password', { exact: true }).fill(owner.password);
      await page.getByRole('button', { name: 'Log in' }).click();

      // a fresh account: five steps, none done, and the trial in the banner
      await page.getByRole('heading', { name: 'Get your hotspot selling' }).waitFor();
      await page.getByText('0 of 5 done').waitFor();
      expect(await steps(page).count()).toBe(5);
      expect(await page.getByText('(to do)').count()).toBe(5);
      await page.getByText(/Free trial: \d+ days left/).waitFor();
      await screenshot(page, `getting-started-01-checklist-${viewport.width}`);

      // the form asks for a name and an address only
      await step(page, 'Add your router').getByRole('link', { name: 'Add a router' }).click();
      await page.getByRole('heading', { name: 'Add router' }).waitFor();
      expect(await page.getByLabel('API password').count()).toBe(0);
      await page.getByLabel('Router name', { exact: true }).fill(`Shop ${viewport.width}`);
      await page.getByLabel('Router address', { exact: true }).fill('127.0.0.1');
      await page.getByLabel('API port', { exact: true }).fill(String(sim.sslAddress!.port));
      await screenshot(page, `getting-started-02-add-router-${viewport.width}`);
      await page.getByRole('button', { name: 'Add router and get the setup kit' }).click();

      // the three steps; the kit downloaded here is what "runs" on the router
      await page.getByText(`Shop ${viewport.width} is added`).waitFor();
      await page.getByLabel('Platform address', { exact: true }).fill('203.0.113.9');
      await screenshot(page, `getting-started-03-setup-kit-${viewport.width}`);
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download script (.rsc)' }).click()]);
      expect(download.suggestedFilename()).toBe('wavu-setup.rsc');
      const script = fs.readFileSync(await download.path(), 'utf8');
      const [, user, password] = /\/user add name="([^"]+)" password="([^"]+)"/.exec(script)!;
      expect(user).toBe('wavu-api');
      expect(password.length).toBeGreaterThanOrEqual(20);
      // the password never appears on the page
      expect(await page.content()).not.toContain(password);
      sim.state.addApiUser(user, password, ['read', 'write', 'api', 'test']);

      await page.getByRole('button', { name: 'Test connection' }).click();
      const result = page.getByRole('status', { name: 'Connection test result' });
      await result.getByText(/Connected: sim-router-/).waitFor();
      expect(await result.textContent()).toContain(`Connected: ${sim.state.identity}`);
      await screenshot(page, `getting-started-04-connected-${viewport.width}`);
      await page.getByRole('button', { name: 'Open the router' }).click();
      await page
        .getByRole('heading', { name: new RegExp(`Shop ${viewport.width}`) })
        .getByText('online')
        .waitFor();

      // back on the overview: router added and answering are ticked, the rest still to do
      await page.goto(`${baseUrl}/app/overview`);
      await page.getByText('2 of 5 done').waitFor();
      for (const title of ['Add your router', 'Run the setup kit and test the connection']) await step(page, title).getByText('(done)').waitFor();
      for (const title of ['Offer a plan on your router', 'Choose how M-Pesa pays you', 'Make a first sale']) await step(page, title).getByText('(to do)').waitFor();
      await step(page, 'Run the setup kit and test the connection').getByText(`Shop ${viewport.width} answered the platform.`).waitFor();
      const [router] = await t.dataSource.query(`SELECT status, identity FROM routers WHERE name = $1`, [`Shop ${viewport.width}`]);
      expect(router).toEqual({ status: 'online', identity: sim.state.identity });
      expect(await steps(page).filter({ hasText: '(done)' }).count()).toBe(2);
      expect(await steps(page).filter({ hasText: '(to do)' }).count()).toBe(3);
      // no sideways scrolling on a phone
      expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
      await screenshot(page, `getting-started-05-ticked-${viewport.width}`);
      await page.close();
    });
  }
});
