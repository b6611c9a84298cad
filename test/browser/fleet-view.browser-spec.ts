import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { ProviderFixture, SeedRouter } from '../factories';
import { createProvider, createSuperAdmin, seedRouters } from '../factories';
import { ARTIFACTS, launchChromium, logIn, screenshot } from '../setup/browser';
import type { TestApp } from '../setup/test-app';
import { startTestApp } from '../setup/test-app';

const WEB_DIST = path.resolve(__dirname, '..', '..', 'apps', 'web', 'dist');
const AREAS = ['Kibera', 'Westlands', 'Thika', 'Kawangware', 'Mombasa'];
const STATUSES = ['online', 'offline', 'unknown', 'error'] as const;
const DEADLINE_MS = 15_000;

/** What a person sees first: the viewport only, scrolled to the top (the full page is in `screenshot`). */
async function firstScreen(page: Page, name: string): Promise<void> {
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`) });
}

/** Polls `read` until it returns `want` (or the deadline passes, then fails with the last value). */
async function until<T>(read: () => Promise<T>, want: T): Promise<void> {
  const end = Date.now() + DEADLINE_MS;
  let last: T = await read();
  while (JSON.stringify(last) !== JSON.stringify(want) && Date.now() < end) {
    await new Promise((r) => setTimeout(r, 100));
    last = await read();
  }
  expect(last).toEqual(want);
}

/** The fleet view (docs/fleet-view.md) with 250 routers: search, filters, sort and pages in the URL, and a picker beyond the first 100. */
describe('routers list with 250 routers in Chromium', () => {
  jest.setTimeout(180_000);
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;
  let p: ProviderFixture;
  const fleet: SeedRouter[] = [];
  const ids: string[] = [];

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) throw new Error('apps/web/dist is missing: run `npm run build:web` (npm test does it)');
    t = await startTestApp({ WEB_DIST_DIR: WEB_DIST });
    await t.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as { port: number }).port}`;
    const admin = await createSuperAdmin(t);
    const other = await createProvider(t, admin);
    p = await createProvider(t, admin);
    for (let i = 1; i <= 250; i++) {
      fleet.push({
        name: `Router ${String(i).padStart(3, '0')}`,
        location: `${AREAS[i % AREAS.length]} stage ${i}`,
        status: STATUSES[i % STATUSES.length],
        connectionMode: i % 25 === 0 ? 'tunnel' : 'direct',
        lastSeenAt: i % 4 === 2 ? null : new Date(Date.UTC(2026, 11, 1) + i * 60_000),
      });
    }
    ids.push(...(await seedRouters(t.dataSource, p.providerId, fleet)));
    // another provider's "Kibera" routers must never show
    await seedRouters(t.dataSource, other.providerId, [{ name: 'Router 999 Kibera', location: 'Kibera', status: 'offline' }]);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const names = (page: Page) => page.locator('td[data-label="Name"] a').allTextContents();
  const pager = (page: Page) => page.getByRole('navigation', { name: 'Pages' }).locator('[aria-live]').innerText();
  const expected = (keep: (r: SeedRouter, i: number) => boolean) => fleet.filter(keep).map((r) => r.name);

  for (const viewport of [
    { width: 1280, height: 900 },
    { width: 390, height: 844 },
  ]) {
    it(`search and filter a list of 250 routers at ${viewport.width} px`, async () => {
      const page = await browser.newPage({ viewport });
      await logIn(page, baseUrl, p);
      await page.goto(`${baseUrl}/app/routers`);
      await until(() => pager(page), 'Page 1 of 5 · 250 routers');
      expect(await names(page)).toEqual(fleet.slice(0, 50).map((r) => r.name));
      await screenshot(page, `fleet-view-${viewport.width}-first-page`);
      await firstScreen(page, `fleet-view-${viewport.width}-first-page-top`);

      // pages live in the URL: a reload stays on page 2, Previous comes back to page 1
      await page.getByRole('button', { name: 'Next page' }).click();
      await until(() => pager(page), 'Page 2 of 5 · 250 routers');
      expect(await names(page)).toEqual(fleet.slice(50, 100).map((r) => r.name));
      expect(new URL(page.url()).searchParams.get('cursor')).toBeTruthy();
      await page.reload();
      await until(
        () => names(page),
        fleet.slice(50, 100).map((r) => r.name),
      );
      await page.getByRole('button', { name: 'Previous page' }).click();
      await until(
        () => names(page),
        fleet.slice(0, 50).map((r) => r.name),
      );
      expect(await page.getByRole('button', { name: 'Previous page' }).isDisabled()).toBe(true);

      // search (any case) + a status filter, from the first page, kept in the URL
      await page.getByLabel('Search routers').fill('  KIBERA ');
      const kibera = expected((r) => r.location!.startsWith('Kibera'));
      await until(() => pager(page), `${kibera.length} routers match`);
      expect(await names(page)).toEqual(kibera);
      await page.getByLabel('Status', { exact: true }).selectOption('offline');
      const kiberaOffline = expected((r) => r.location!.startsWith('Kibera') && r.status === 'offline');
      await until(() => names(page), kiberaOffline);
      expect(await pager(page)).toBe(`${kiberaOffline.length} routers match`);
      expect(Object.fromEntries(new URL(page.url()).searchParams)).toEqual({ search: 'KIBERA', status: 'offline' });
      expect(await names(page)).not.toContain('Router 999 Kibera');
      await screenshot(page, `fleet-view-${viewport.width}-kibera-offline`);
      await firstScreen(page, `fleet-view-${viewport.width}-kibera-offline-top`);

      // sort by last seen, longest ago first: never-seen routers come first
      await page.getByLabel('Sort', { exact: true }).selectOption({ label: 'Last seen: longest ago' });
      const neverFirst = fleet
        .map((r, i) => ({ r, id: ids[i] }))
        .filter(({ r }) => r.location!.startsWith('Kibera') && r.status === 'offline')
        .sort((a, b) => (a.r.lastSeenAt?.getTime() ?? -Infinity) - (b.r.lastSeenAt?.getTime() ?? -Infinity) || (a.id < b.id ? -1 : 1))
        .map(({ r }) => r.name);
      await until(() => names(page), neverFirst);

      // a tunnel filter alone, then nothing matches, then clear
      await page.getByRole('button', { name: 'Clear search and filters' }).first().click();
      await until(() => pager(page), 'Page 1 of 5 · 250 routers');
      await page.getByLabel('Connection', { exact: true }).selectOption('tunnel');
      await until(
        () => names(page),
        expected((r) => r.connectionMode === 'tunnel'),
      );
      await page.getByLabel('Search routers').fill('no such router');
      await page.getByText('No routers match').waitFor();
      await page.getByRole('button', { name: 'Clear search and filters' }).first().click();
      await until(() => pager(page), 'Page 1 of 5 · 250 routers');

      // the page fits a phone: nothing wider than the viewport
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
      await page.close();
    });
  }

  it('picks a router beyond the first 100 with the shared picker', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await logIn(page, baseUrl, p);
    await page.goto(`${baseUrl}/app/vouchers`);
    const picker = page.getByRole('combobox', { name: 'Router', exact: true });
    await picker.click();
    const listbox = page.getByRole('listbox', { name: 'Router', exact: true });
    await listbox.getByRole('option', { name: /^Router 001/ }).waitFor();
    // the first screen offers 20 and says how many there are; typing narrows on the server
    await until(async () => (await page.locator('.router-picker-foot').innerText()).startsWith('20 of 250 routers · type to narrow'), true);
    await picker.fill('router 23');
    await listbox.getByRole('option', { name: /^Router 230/ }).waitFor();
    await until(
      async () => (await listbox.getByRole('option').allInnerTexts()).map((text) => /Router \d{3}/.exec(text)?.[0]),
      expected((r) => r.name.startsWith('Router 23')),
    );
    await screenshot(page, 'fleet-view-picker-1280');
    await listbox.getByRole('option', { name: /^Router 230/ }).click();
    await page.waitForURL((url) => url.searchParams.get('routerId') === ids[229]);
    expect(await picker.inputValue()).toBe('Router 230');

    // "Show more" pages on: the 121st router by name is reachable without typing
    await page.goto(`${baseUrl}/app/vouchers`);
    await picker.click();
    for (let shown = 20; shown < 140; shown += 20) {
      await page.getByRole('button', { name: 'Show more' }).click();
      await until(() => listbox.getByRole('option').count(), shown + 21);
    }
    await listbox.getByRole('option', { name: /^Router 121/ }).click();
    await page.waitForURL((url) => url.searchParams.get('routerId') === ids[120]);
    await page.close();
  });

  it('offers routers beyond the first 100 in the plan form at 390 px', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await logIn(page, baseUrl, p);
    await page.goto(`${baseUrl}/app/plans/new`);
    await page.getByRole('radio', { name: 'Selected routers' }).check();
    const picker = page.getByRole('combobox', { name: 'Routers offering the plan' });
    await picker.fill('Router 24');
    const listbox = page.getByRole('listbox', { name: 'Routers offering the plan' });
    await listbox.getByRole('option', { name: /^Router 248/ }).click();
    await listbox.getByRole('option', { name: /^Router 249/ }).click();
    const chosen = page.getByRole('list', { name: 'Routers offering the plan: chosen' });
    await until(() => chosen.getByRole('listitem').allInnerTexts(), ['Router 248\n×', 'Router 249\n×']);
    await screenshot(page, 'fleet-view-plan-picker-390');
    await chosen.getByRole('button', { name: 'Remove Router 248' }).click();
    await until(() => chosen.getByRole('listitem').allInnerTexts(), ['Router 249\n×']);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await page.close();
  });
});
