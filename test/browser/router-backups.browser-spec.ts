import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import type { SimRouter } from '@wavu/routeros-sim';
import type { Sandbox } from '@wavu/sandbox';
import { startSandbox } from '@wavu/sandbox';
import { DEMO, seedDemo } from '../../apps/api/src/database/seed-demo';
import type { Session } from '../factories';
import { createStaff, login } from '../factories';
import { launchChromium, logIn, screenshot } from '../setup/browser';
import { freePort } from '../setup/free-port';
import type { TestApp } from '../setup/test-app';
import { startTestApp } from '../setup/test-app';

const WEB_DIST = path.resolve(__dirname, '..', '..', 'apps', 'web', 'dist');
const ROUTER_PASSWORD = 'pw-browser-backups';

/**
 * Router backups in the dashboard (docs/backups.md), the done-when, at 1280 and 390 px:
 * the owner takes a backup, someone changes the router directly (the simulator's state), a second
 * backup shows the change in "What changed" (and the router's events link to it), an unchanged
 * third says so plainly; a restore asks for the router's name (a wrong one is refused, nothing
 * starts), then runs and its outcome is shown: an export restored onto a spare router, a binary
 * backup's reboot followed live until the router is back. Staff see no download or restore, and
 * a router on an older setup kit is told in plain words to re-run it.
 *
 * The API listens on a real port that is also its PUBLIC_URL: the simulated routers fetch the
 * restore file from it with a real HTTP GET.
 */
describe('router backups in Chromium', () => {
  jest.setTimeout(240_000);
  let t: TestApp;
  let sandbox: Sandbox;
  let browser: Browser;
  let baseUrl: string;
  let owner: Session;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) throw new Error('apps/web/dist is missing: run `npm run build:web` (npm test does it)');
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    [t, sandbox] = await Promise.all([startTestApp({ WEB_DIST_DIR: WEB_DIST, PUBLIC_URL: baseUrl, ROUTER_CALL_TIMEOUT_MS: '2000' }), startSandbox({ routers: 2, routerPassword: ROUTER_PASSWORD })]);
    await seedDemo(t.app);
    await t.app.listen(port, '127.0.0.1');
    owner = await login(t, DEMO.owner.email, DEMO.owner.password);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await sandbox?.stop();
  });

  const addRouter = async (sim: SimRouter, name: string, username = 'admin', password = ROUTER_PASSWORD): Promise<string> =>
    (await t.http().post('/api/v1/routers').set(owner.auth).send({ name, host: '127.0.0.1', apiPort: sim.port, useTls: false, username, password }).expect(201)).body.id;
  const noSidewaysScroll = async (page: Page) => expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);
  const backupsTable = (page: Page) => page.getByRole('table', { name: 'Backups of this router, newest first' });
  const rows = (page: Page) => backupsTable(page).locator('tbody tr');
  const cell = (row: Locator, label: string) => row.locator(`td[data-label="${label}"]`).innerText();
  /** waits until the list shows `n` backups (it refreshes after each one is taken) */
  const untilRows = async (page: Page, n: number) => {
    const deadline = Date.now() + 20_000;
    while ((await rows(page).count()) !== n) {
      if (Date.now() > deadline) throw new Error(`the list never showed ${n} backups`);
      await page.waitForTimeout(100);
    }
  };
  const takeBackup = async (page: Page, kind: 'export' | 'binary', n: number) => {
    await page.getByLabel('What to save').selectOption(kind);
    await page.getByRole('button', { name: 'Take a backup now' }).click();
    await page.getByText('Backup stored').waitFor();
    await untilRows(page, n);
  };
  const stored = async (routerId: string) =>
    (await t.http().get(`/api/v1/routers/${routerId}/backups`).set(owner.auth).expect(200)).body.items as Array<{ id: string; kind: string; routerosVersion: string }>;
  const restores = (routerId: string) => t.dataSource.query(`SELECT status, kind FROM router_restores WHERE router_id = $1`, [routerId]);
  const diffLines = (page: Page, kind: 'add' | 'del' | 'ctx') => page.getByRole('region', { name: 'Changed lines' }).locator(`.diff-${kind} .diff-text`).allTextContents();
  const restoreDialog = (page: Page) => page.getByRole('dialog');

  for (const viewport of [
    { width: 1280, height: 900 },
    { width: 390, height: 844 },
  ]) {
    it(`at ${viewport.width} px: backs up, shows what changed on the router, and restores with a typed confirmation`, async () => {
      const w = viewport.width;
      const sim = await sandbox.routeros.addRouter({ user: 'admin', password: ROUTER_PASSWORD, identity: `Shop-${w}` });
      await sim.setFaults({ rebootSeconds: 2 });
      sim.clock.advance(3_600_000); // an hour of uptime: the reboot resets it
      const spare = await sandbox.routeros.addRouter({ blank: true, user: 'admin', password: ROUTER_PASSWORD, identity: `Spare-${w}` });
      const name = `Shop ${w}`;
      const routerId = await addRouter(sim, name);
      const spareId = await addRouter(spare, `Spare unit ${w}`);

      const page = await browser.newPage({ viewport });
      await logIn(page, baseUrl, DEMO.owner);
      await page.goto(`${baseUrl}/app/routers/${routerId}`);
      await page.getByRole('navigation', { name: 'Router sections' }).getByRole('link', { name: 'Backups' }).click();
      await page.getByText('No backups yet').waitFor();

      // 1. a first export
      await takeBackup(page, 'export', 1);
      const [first] = await stored(routerId);
      expect(await cell(rows(page).first(), 'Kind')).toBe('Export (text)');
      expect(await cell(rows(page).first(), 'Why')).toBe('Taken by hand');
      expect(await cell(rows(page).first(), 'By')).toBe(DEMO.owner.email);
      expect(await cell(rows(page).first(), 'RouterOS')).toMatch(/^7\.18\b/);
      expect(await cell(rows(page).first(), 'Size')).toMatch(/^\d+(\.\d)? (B|KB)$/);
      await rows(page)
        .first()
        .getByRole('button', { name: /^What changed/ })
        .click();
      await page.getByText('This is the first export of this router: there is no earlier one to compare it with.').waitFor();
      expect(new URL(page.url()).searchParams.get('diff')).toBe(first.id);

      // 2. someone changes the router directly, then a second export shows it
      sim.state.identity = `Renamed-on-the-router-${w}`;
      sim.state.hotspot.walledGarden.add({ 'dst-host': `a-rather-long-advertising-host-name-${w}.example.com`, action: 'allow', disabled: 'false', dynamic: 'false' });
      await takeBackup(page, 'export', 2);
      const [second] = await stored(routerId);
      await rows(page)
        .first()
        .getByRole('button', { name: /^What changed/ })
        .click();
      await page.waitForURL((url) => url.searchParams.get('diff') === second.id);
      const region = page.getByRole('region', { name: 'Changed lines' });
      await region.waitFor();
      expect(await diffLines(page, 'add')).toEqual(
        expect.arrayContaining([`set name=Renamed-on-the-router-${w}`, expect.stringMatching(new RegExp(`^add .*dst-host=a-rather-long-advertising-host-name-${w}\\.example\\.com`))]),
      );
      expect(await diffLines(page, 'del')).toContain(`set name=Shop-${w}`);
      expect((await diffLines(page, 'ctx')).length).toBeGreaterThan(0);
      // added lines green, removed red (the page's own colours)
      const colours = await region.evaluate((el) => ({
        add: getComputedStyle(el.querySelector('.diff-add')!).backgroundColor,
        del: getComputedStyle(el.querySelector('.diff-del')!).backgroundColor,
      }));
      expect(colours).toEqual({ add: 'rgb(236, 253, 243)', del: 'rgb(254, 243, 242)' });
      await page.getByText(/Compared with the export of .*: 3 lines added, 1 line removed\./).waitFor();
      await noSidewaysScroll(page);
      if (w === 390) {
        // the long lines scroll inside their box rather than widening the page
        expect(await region.evaluate((el) => el.scrollWidth > el.clientWidth)).toBe(true);
      }
      await screenshot(page, `router-backups-01-diff-${w}`);

      // 3. nothing changed since: said plainly
      await takeBackup(page, 'export', 3);
      await rows(page)
        .first()
        .getByRole('button', { name: /^What changed/ })
        .click();
      await page.getByText('Nothing changed').waitFor();
      await page.getByText(/The configuration is the same as in the export of /).waitFor();

      // 4. the router's events say the configuration changed outside Wavu, with a link to the diff
      await page.getByRole('navigation', { name: 'Router sections' }).getByRole('link', { name: 'Events' }).click();
      const event = page.getByRole('table', { name: 'Router events' }).getByRole('row').filter({ hasText: 'Configuration changed on the router outside Wavu' });
      await event.waitFor();
      expect(await event.count()).toBe(1);
      await noSidewaysScroll(page);
      await screenshot(page, `router-backups-02-events-${w}`);
      await event.getByRole('link', { name: 'See what changed' }).click();
      await page.waitForURL((url) => url.pathname.endsWith('/backups') && url.searchParams.get('diff') === second.id);
      await page
        .getByRole('region', { name: 'Changed lines' })
        .locator('.diff-add .diff-text', { hasText: `set name=Renamed-on-the-router-${w}` })
        .waitFor();

      // 5. restore the first export onto the spare unit: a wrong name is refused, the right one runs
      const firstRow = rows(page).last();
      await firstRow.getByRole('button', { name: /^Restore the export/ }).click();
      const dialog = restoreDialog(page);
      await dialog.getByText('The router runs the export').waitFor();
      // the shared router picker (docs/fleet-view.md): type, then pick
      await dialog.getByRole('combobox', { name: 'Restore onto' }).fill(`Spare unit ${w}`);
      await dialog
        .getByRole('listbox', { name: 'Restore onto' })
        .getByRole('option', { name: new RegExp(`^Spare unit ${w}`) })
        .click();
      const confirmField = dialog.getByLabel(`Type the router's name, Spare unit ${w}, to confirm`);
      await confirmField.fill(name); // this router's name, not the target's
      await dialog.getByRole('button', { name: 'Restore' }).click();
      await dialog.getByText(`That is not the router's name. Type Spare unit ${w} exactly.`).waitFor();
      await screenshot(page, `router-backups-03-confirm-refused-${w}`);
      expect(await restores(spareId)).toEqual([]);
      expect(await restores(routerId)).toEqual([]);
      await confirmField.fill(`Spare unit ${w}`);
      await dialog.getByRole('button', { name: 'Restore' }).click();
      const outcome = page.getByRole('region', { name: 'Restore outcome' });
      await outcome.getByText('Restored', { exact: true }).waitFor();
      await outcome.getByText(`The export was imported onto Spare unit ${w}`).waitFor();
      await outcome.getByRole('link', { name: `Open Spare unit ${w}` }).waitFor();
      expect(spare.state.identity).toBe(`Shop-${w}`);
      expect(await restores(spareId)).toEqual([{ status: 'succeeded', kind: 'export' }]);
      await noSidewaysScroll(page);
      await screenshot(page, `router-backups-04-export-restored-${w}`);
      await outcome.getByRole('button', { name: 'Close' }).click();

      // 6. the same export back onto this router, which already has what it adds: the import stops at a line, said so
      await rows(page)
        .last()
        .getByRole('button', { name: /^Restore the export/ })
        .click();
      await dialog.getByLabel(`Type the router's name, ${name}, to confirm`).fill(name);
      await dialog.getByRole('button', { name: 'Restore' }).click();
      await outcome.getByText(/^The import stopped at line \d+$/).waitFor();
      const [stopped] = await t.dataSource.query(`SELECT status, line, error FROM router_restores WHERE router_id = $1`, [routerId]);
      expect(stopped).toMatchObject({ status: 'failed', line: expect.any(Number), error: expect.stringContaining('already have') });
      await outcome.getByText(`The import stopped at line ${stopped.line}`, { exact: true }).waitFor();
      await outcome.getByText(new RegExp(`already have .*The lines before line ${stopped.line} were applied; the rest were not\\.`)).waitFor();
      await noSidewaysScroll(page);
      await screenshot(page, `router-backups-05-import-stopped-${w}`);
      await outcome.getByRole('button', { name: 'Close' }).click();

      // 7. a binary backup back onto this router: it reboots, and the page follows it back online
      await takeBackup(page, 'binary', 5); // 3 exports and the one taken before the restore that stopped (the spare's is the spare's own)
      sim.state.identity = `Changed-again-${w}`;
      await rows(page)
        .first()
        .getByRole('button', { name: /^Restore the binary/ })
        .click();
      await dialog.getByText('The router reboots').waitFor();
      expect(await dialog.getByRole('combobox', { name: 'Restore onto' }).count()).toBe(0);
      await dialog.getByLabel(`Type the router's name, ${name}, to confirm`).fill(`${name.toLowerCase()}`);
      await dialog.getByRole('button', { name: 'Restore' }).click();
      await dialog.getByText(`That is not the router's name. Type ${name} exactly.`).waitFor();
      await dialog.getByLabel(`Type the router's name, ${name}, to confirm`).fill(name);
      await dialog.getByRole('button', { name: 'Restore' }).click();
      const steps = outcome.getByRole('list', { name: 'Restore steps' });
      // followed live: first the reboot is under way…
      await steps.locator('li.is-current').getByText('Rebooting…').waitFor();
      expect(await steps.locator('li.is-done').allInnerTexts()).toEqual([expect.stringContaining(`Backup loaded onto ${name}`)]);
      await screenshot(page, `router-backups-06-rebooting-${w}`);
      // …then the router answers again with a fresh uptime
      await outcome.getByText('Rebooting → back online').waitFor({ timeout: 30_000 });
      expect(await steps.locator('li.is-done').count()).toBe(3);
      expect(sim.state.identity).toBe(`Renamed-on-the-router-${w}`);
      await noSidewaysScroll(page);
      await screenshot(page, `router-backups-07-binary-restored-${w}`);
      await page.close();
    });
  }

  it('staff see no download or restore; errors in plain words (older setup kit, offline); the owner sets the schedule', async () => {
    const sim = sandbox.routers[0];
    const routerId = await addRouter(sim, 'Staff view router');
    await t.http().post(`/api/v1/routers/${routerId}/backups`).set(owner.auth).send({ kind: 'both' }).expect(201);
    const staff = await createStaff(t, owner);
    // what the page hides, the API refuses
    const [backup] = await stored(routerId);
    await t.http().get(`/api/v1/routers/${routerId}/backups/${backup.id}/download`).set(staff.auth).expect(403);

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await logIn(page, baseUrl, staff);
    await page.goto(`${baseUrl}/app/routers/${routerId}/backups`);
    await untilRows(page, 2);
    expect(await page.getByRole('button', { name: /^Download/ }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^Restore/ }).count()).toBe(0);
    expect(await page.getByRole('button', { name: /^What changed/ }).count()).toBe(1);
    await page.getByText('Only the owner changes the schedule.').waitFor();
    await takeBackup(page, 'export', 3);
    await screenshot(page, 'router-backups-08-staff-1280');
    await page.close();

    const old = sandbox.routers[1];
    old.state.addApiUser('wavu-old', 'old-kit-pw', ['read', 'write', 'api']);
    const oldId = await addRouter(old, 'Old kit router', 'wavu-old', 'old-kit-pw');
    const ownerPage = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await logIn(ownerPage, baseUrl, DEMO.owner);
    await ownerPage.goto(`${baseUrl}/app/routers/${oldId}/backups`);
    await ownerPage.getByRole('button', { name: 'Take a backup now' }).click();
    await ownerPage.getByText('The router needs the new setup kit').waitFor();
    await ownerPage.getByText(/Download the setup kit again \(Setup kit tab\) and run it on the router/).waitFor();
    expect(await stored(oldId)).toEqual([]);
    await noSidewaysScroll(ownerPage);
    await screenshot(ownerPage, 'router-backups-09-old-kit-390');

    // a router that is not there: said plainly, nothing stored
    const offlineId = (
      await t
        .http()
        .post('/api/v1/routers')
        .set(owner.auth)
        .send({ name: 'Offline router', host: '127.0.0.1', apiPort: await freePort(), useTls: false, username: 'admin', password: ROUTER_PASSWORD })
        .expect(201)
    ).body.id;
    await ownerPage.goto(`${baseUrl}/app/routers/${offlineId}/backups`);
    await ownerPage.getByRole('button', { name: 'Take a backup now' }).click();
    await ownerPage.getByText('The router is offline').waitFor();
    await ownerPage.getByText('Wavu could not reach the router, so nothing was stored.', { exact: false }).waitFor();
    expect(await stored(offlineId)).toEqual([]);

    // the nightly schedule: hour and versions kept, then off; a bad number is refused before sending
    const schedule = async () => (await t.http().get(`/api/v1/routers/${oldId}/backups/schedule`).set(owner.auth).expect(200)).body;
    await ownerPage.goto(`${baseUrl}/app/routers/${oldId}/backups`);
    await ownerPage.getByLabel('At (Nairobi time)').selectOption('22');
    await ownerPage.getByLabel('Versions kept').fill('0');
    await ownerPage.getByRole('button', { name: 'Save schedule' }).click();
    await ownerPage.getByText('Keep between 1 and 50 versions.').waitFor();
    expect(await schedule()).toMatchObject({ enabled: true, hour: 3, keep: 10 });
    await ownerPage.getByLabel('Versions kept').fill('5');
    await ownerPage.getByRole('button', { name: 'Save schedule' }).click();
    await ownerPage.getByText('Schedule saved.').waitFor();
    await ownerPage.getByText('Every night at 22:00 (Nairobi time): an export and a binary backup; the newest 5 of each kind are kept.').waitFor();
    expect(await schedule()).toMatchObject({ enabled: true, hour: 22, keep: 5 });
    await ownerPage.getByLabel('Back up this router every night').uncheck();
    await ownerPage.getByRole('button', { name: 'Save schedule' }).click();
    await ownerPage.getByText('Off: backups are taken only by hand.').waitFor();
    expect(await schedule()).toMatchObject({ enabled: false, hour: 22, keep: 5 });
    await noSidewaysScroll(ownerPage);
    await ownerPage.close();
  });
});
