import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { Sandbox } from '@wavu/sandbox';
import { startSandbox } from '@wavu/sandbox';
import type { ProviderFixture } from '../factories';
import { createProvider, createSuperAdmin } from '../factories';
import { launchChromium, screenshot } from '../setup/browser';
import { freePort } from '../setup/free-port';
import type { TestApp } from '../setup/test-app';
import { startTestApp } from '../setup/test-app';

const WEB_DIST = path.resolve(__dirname, '..', '..', 'apps', 'web', 'dist');
const ROUTER_PASSWORD = 'pw-backups-browser';

/**
 * Issue 22 in the dashboard (docs/backups.md): the router's Backups tab takes a backup, shows
 * what changed on the router since the previous export (secrets masked), and restores an export
 * onto a spare router after the owner types its name. At 1280 and 390 px.
 */
describe('router backups in Chromium', () => {
  jest.setTimeout(120_000);
  let t: TestApp;
  let sandbox: Sandbox;
  let browser: Browser;
  let baseUrl: string;
  let p: ProviderFixture;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) throw new Error('apps/web/dist is missing: run `npm run build:web` (npm test does it)');
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    [t, sandbox] = await Promise.all([startTestApp({ WEB_DIST_DIR: WEB_DIST, PUBLIC_URL: baseUrl, ROUTER_CALL_TIMEOUT_MS: '2000' }), startSandbox({ routers: 2, routerPassword: ROUTER_PASSWORD })]);
    await t.app.listen(port, '127.0.0.1');
    p = await createProvider(t, await createSuperAdmin(t));
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await sandbox?.stop();
  });

  const field = (page: Page, label: string) => page.getByLabel(label, { exact: true });
  const addRouter = async (port: number, name: string) =>
    (await t.http().post('/api/v1/routers').set(p.owner.auth).send({ name, host: '127.0.0.1', apiPort: port, useTls: false, username: 'admin', password: ROUTER_PASSWORD }).expect(201)).body
      .id as string;
  const noSidewaysScroll = async (page: Page) => expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

  for (const [i, viewport] of [
    { width: 1280, height: 900 },
    { width: 390, height: 844 },
  ].entries()) {
    it(`at ${viewport.width} px: backs up, shows the changes, restores onto a spare router`, async () => {
      const w = viewport.width;
      const sim = sandbox.routers[i];
      // a replacement unit: nothing set up yet
      const spareSim = await sandbox.routeros.addRouter({ name: `spare-${w}`, blank: true, user: 'admin', password: ROUTER_PASSWORD, identity: 'MikroTik' });
      const routerId = await addRouter(sim.port, `Roof ${w}`);
      const spareId = await addRouter(spareSim.port, `Spare ${w}`);
      // a first export, then someone changes the router by hand
      await t.http().post(`/api/v1/routers/${routerId}/backups`).set(p.owner.auth).send({ kind: 'export' }).expect(201);
      sim.state.identity = `Roof-renamed-${w}`;
      sim.state.hotspot.addUser({ name: 'walk-in', password: 'Hidden-Pass-9', profile: 'default' });

      const page = await browser.newPage({ viewport });
      await page.goto(`${baseUrl}/login`);
      await field(page, 'Email').fill(p.email);
      await field(page, 'Password').fill(p.password);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.waitForURL(/\/app/);
      await page.goto(`${baseUrl}/app/routers/${routerId}/backups`);
      await page.getByRole('heading', { name: 'Backups', exact: true }).waitFor();

      await page.getByRole('button', { name: 'Back up now' }).click();
      await page.getByText('Backup stored.').waitFor();
      const rows = page.getByRole('table', { name: 'Backups, newest first' }).locator('tbody tr');
      await expect_(async () => (await rows.count()) === 3);
      await screenshot(page, `router-backups-01-list-${w}`);
      await noSidewaysScroll(page);

      // the newest export against the previous one: the hand-made changes, the password masked
      await rows.filter({ hasText: 'Text export' }).first().getByRole('button', { name: 'Changes' }).click();
      const diff = page.getByLabel('Unified diff');
      await diff.getByText(`+set name=Roof-renamed-${w}`).waitFor();
      expect(await diff.textContent()).toContain('+add name=walk-in password=********');
      expect(await diff.textContent()).not.toContain('Hidden-Pass-9');
      await diff.scrollIntoViewIfNeeded();
      await screenshot(page, `router-backups-02-diff-${w}`);
      await noSidewaysScroll(page);

      // restore the export onto the spare router: its name must be typed
      await rows.filter({ hasText: 'Text export' }).first().getByRole('button', { name: 'Restore…' }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel('Restore onto').selectOption({ label: `Spare ${w}` });
      await dialog.getByLabel(`Type the router's name, Spare ${w}, to confirm`).fill('Spare');
      await dialog.getByRole('button', { name: 'Restore' }).click();
      await dialog.getByText('Type the router name exactly to confirm the restore').waitFor();
      await dialog.getByLabel(`Type the router's name, Spare ${w}, to confirm`).fill(`Spare ${w}`);
      await screenshot(page, `router-backups-03-restore-dialog-${w}`);
      await dialog.getByRole('button', { name: 'Restore' }).click();
      await dialog.getByText('Restored.').waitFor();
      await screenshot(page, `router-backups-04-restored-${w}`);
      expect(spareSim.state.hotspot.findUser('walk-in')?.password).toBe('Hidden-Pass-9');
      expect(spareSim.state.identity).toBe(`Roof-renamed-${w}`);
      await dialog.getByRole('button', { name: 'Close' }).click();

      await page.goto(`${baseUrl}/app/routers/${spareId}/backups`);
      await page.getByRole('table', { name: 'Restores onto this router' }).getByText('succeeded').waitFor();
      await screenshot(page, `router-backups-05-spare-${w}`);
      await noSidewaysScroll(page);
      await page.close();
    });
  }
});

/** Polls a condition for up to 10 s (the table refreshes after the backup is stored). */
async function expect_(condition: () => Promise<boolean>): Promise<void> {
  for (const until = Date.now() + 10_000; !(await condition());) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
}
