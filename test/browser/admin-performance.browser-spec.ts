import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { DEMO, seedDemo } from '../../apps/api/src/database/seed-demo';
import { kes, launchChromium, openNav, screenshot } from '../setup/browser';
import { freePort } from '../setup/free-port';
import type { TestApp } from '../setup/test-app';
import { startTestApp } from '../setup/test-app';

const WEB_DIST = path.resolve(__dirname, '..', '..', 'apps', 'web', 'dist');

/**
 * Provider performance in Chromium: the super admin opens Performance, sees the platform totals
 * and each provider's figures (written as known rows yesterday), sorts by success rate and by
 * name, and the layout holds at 1280 and 390 px.
 */
describe('provider performance in Chromium', () => {
  jest.setTimeout(120_000);
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;
  let demoId: string;
  const second = { id: randomUUID(), name: 'Demo Kiosk Two' };

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) throw new Error('apps/web/dist is missing: run `npm run build:web` (npm test does it)');
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    t = await startTestApp({ WEB_DIST_DIR: WEB_DIST, PUBLIC_URL: baseUrl });
    await seedDemo(t.app);
    await t.app.listen(port, '127.0.0.1');
    browser = await launchChromium();

    const q = (sql: string, params: unknown[]) => t.dataSource.query(sql, params);
    demoId = (await q(`SELECT id FROM providers WHERE business_name = $1`, [DEMO.owner.business]))[0].id;
    await q(`INSERT INTO providers (id, business_name, contact_name, contact_email, phone, type, status) VALUES ($1, $2, 'Demo Owner', 'kiosk-two@example.test', '254700000103', 'isp', 'active')`, [
      second.id,
      second.name,
    ]);
    const yesterday = new Date(Date.now() - 86_400_000);
    const plan = randomUUID();
    const ledger = async (providerId: string, source: string, kind: string, gross: number, commission: number) =>
      q(
        `INSERT INTO ledger_entries (provider_id, source, kind, collection_mode, gross_minor, commission_rate_bp, commission_minor, net_minor, currency, plan_id, plan_name, occurred_at)
         VALUES ($1, $2, $3, 'platform', $4, 1000, $5, $6, 'KES', $7, '1 day', $8)`,
        [providerId, source, kind, gross, commission, gross - commission, plan, yesterday],
      );
    // the demo shop: 3 sales (2 STK, 1 cash) = KES 450, one refund of KES 100; 2 of 5 pushes paid (40 %, low)
    await ledger(demoId, 'stk', 'sale', 10000, 1000);
    await ledger(demoId, 'stk', 'sale', 20000, 2000);
    await ledger(demoId, 'cash', 'sale', 15000, 0);
    await ledger(demoId, 'stk', 'refund', -10000, -1000);
    // the kiosk: 1 sale of KES 50, 1 of 1 push paid (100 %)
    await ledger(second.id, 'stk', 'sale', 5000, 500);
    let ref = 0;
    const payment = (providerId: string, status: string) =>
      q(
        `INSERT INTO payments (provider_id, source, status, collection_mode, shortcode, amount_minor, currency, commission_rate_bp, payment_reference, plan_id, plan_name, created_at, paid_at)
         VALUES ($1, 'stk', $2, 'platform', '174379', 10000, 'KES', 1000, $3, $4, '1 day', $5, $6)`,
        [providerId, status, `PERFB${++ref}`, plan, yesterday, status === 'paid' ? new Date(yesterday.getTime() + 20_000) : null],
      );
    for (const s of ['paid', 'paid', 'failed', 'cancelled', 'expired']) await payment(demoId, s);
    await payment(second.id, 'paid');
    for (const [providerId, status] of [
      [demoId, 'online'],
      [demoId, 'offline'],
      [second.id, 'online'],
    ]) {
      await q(`INSERT INTO routers (id, provider_id, name, host, api_port, username, password_sealed, status) VALUES ($1, $2, $3, '10.0.0.1', 8728, 'admin', 'x', $4)`, [
        randomUUID(),
        providerId,
        `Router ${++ref}`,
        status,
      ]);
    }
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const logIn = async (page: Page) => {
    await page.goto(`${baseUrl}/login`);
    await page.getByLabel('Email', { exact: true }).fill(DEMO.admin.email);
    await page.getByLabel('Password', { exact: true }).fill(DEMO.admin.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/app'));
  };
  const names = async (page: Page) => (await page.locator('tbody tr td.cell-primary a').allTextContents()).map((s) => s.trim());

  it('the super admin sees each provider’s figures and sorts the table', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await logIn(page);
    await openNav(page, 'Performance');
    await page.getByRole('heading', { name: 'Provider performance' }).waitFor();
    await page.getByTestId(`perf-row-${demoId}`).waitFor();

    // totals: KES 450 + 50 gross, 3 of 6 pushes paid, 2 of 3 routers online
    await expect(page.getByTestId('perf-total-gross').textContent()).resolves.toBe(kes(50000));
    await expect(page.getByTestId('perf-total-rate').textContent()).resolves.toBe('50 %');
    const demo = page.getByTestId(`perf-row-${demoId}`);
    await expect(demo.getByTestId('perf-gross').textContent()).resolves.toBe(kes(45000));
    await expect(demo.getByText(`−${kes(10000)} refunded (1)`).isVisible()).resolves.toBe(true);
    await expect(demo.getByTestId('perf-rate').textContent()).resolves.toBe('40 %');
    await expect(demo.getByText('low', { exact: true }).isVisible()).resolves.toBe(true);
    await expect(demo.getByTestId('perf-routers').textContent()).resolves.toBe('1 / 2');
    await expect(demo.getByText('1 offline').isVisible()).resolves.toBe(true);
    const kiosk = page.getByTestId(`perf-row-${second.id}`);
    await expect(kiosk.getByTestId('perf-rate').textContent()).resolves.toBe('100 %');
    await expect(kiosk.getByText('low', { exact: true }).count()).resolves.toBe(0);

    // by gross (default): the demo shop first; the pending demo provider (no pushes) last
    expect((await names(page))[0]).toBe(DEMO.owner.business);
    await screenshot(page, 'admin-performance-01-1280');

    await page.getByRole('button', { name: 'STK success' }).click();
    await page.waitForURL((url) => url.searchParams.get('sort') === 'successRate');
    await page.waitForFunction((first) => document.querySelector('tbody tr td.cell-primary a')?.textContent?.trim() === first, second.name);
    expect((await names(page)).slice(0, 2)).toEqual([second.name, DEMO.owner.business]);
    await expect(page.getByRole('columnheader', { name: 'STK success' }).getAttribute('aria-sort')).resolves.toBe('descending');

    await page.getByRole('button', { name: 'Provider' }).click();
    await page.waitForURL((url) => url.searchParams.get('sort') === 'name');
    const sorted = [DEMO.owner.business, DEMO.pending.business, second.name].sort((a, b) => a.localeCompare(b, 'en', { sensitivity: 'base' }));
    await page.waitForFunction((first) => document.querySelector('tbody tr td.cell-primary a')?.textContent?.trim() === first, sorted[0]);
    expect(await names(page)).toEqual(sorted);

    // the name links to the providers screen, filtered to it
    await page.getByRole('link', { name: second.name }).click();
    await page.waitForURL((url) => url.pathname === '/app/admin/providers' && url.searchParams.get('q') === second.name);
    await page.close();
  });

  it('searches, shows the empty state, and lays the rows out as cards at 390 px', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await logIn(page);
    await openNav(page, 'Performance');
    await page.getByTestId(`perf-row-${demoId}`).waitFor();
    await page.getByRole('button', { name: '7 days' }).click();
    await page.waitForURL((url) => url.searchParams.get('range') === '7');
    await page.getByTestId(`perf-row-${demoId}`).waitFor();
    await screenshot(page, 'admin-performance-02-390');

    await page.getByRole('searchbox', { name: 'Search providers by name' }).fill('kiosk');
    await page.waitForURL((url) => url.searchParams.get('q') === 'kiosk');
    // while the search loads the table is replaced by a spinner: wait for its answer, not for the old rows to go
    await page.waitForFunction((only) => {
      const rows = Array.from(document.querySelectorAll('tbody tr td.cell-primary a'), (a) => a.textContent?.trim());
      return rows.length === 1 && rows[0] === only;
    }, second.name);
    expect(await names(page)).toEqual([second.name]);

    await page.getByRole('searchbox', { name: 'Search providers by name' }).fill('nobody here');
    await page.getByText('No provider matches this search').waitFor();
    await screenshot(page, 'admin-performance-03-empty-390');
    await page.getByRole('button', { name: 'Clear search' }).click();
    await page.getByTestId(`perf-row-${demoId}`).waitFor();

    // a custom range of today only leaves out yesterday's sales
    await page.getByRole('button', { name: 'Custom' }).click();
    await page.waitForURL((url) => url.searchParams.get('range') === 'custom');
    const today = new Date(Date.now() + 3 * 3_600_000).toISOString().slice(0, 10);
    await page.getByLabel('From', { exact: true }).fill(today);
    await page.getByLabel('To', { exact: true }).fill(today);
    await page.waitForURL((url) => url.searchParams.get('from') === new Date(`${today}T00:00:00+03:00`).toISOString());
    await page.waitForFunction((id) => document.querySelector(`[data-testid="perf-row-${id}"] [data-testid="perf-gross"]`)?.textContent === '—', demoId);
    await expect(page.getByTestId('perf-total-gross').textContent()).resolves.toBe('KES 0');
    await page.close();
  });
});
