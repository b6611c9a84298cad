import * as fs from 'node:fs';

import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { PesapalSimulatorHandle } from '@wavu/pesapal-sim';
import { startPesapalSimulator } from '@wavu/pesapal-sim';
import { DEMO, seedDemo } from '../../apps/api/src/database/seed-demo';
import { kes, launchChromium, openNav, screenshot } from '../setup/browser';
import type { TestApp } from '../setup/test-app';
import { startTestApp } from '../setup/test-app';
import { freePort } from '../setup/free-port';

const WEB_DIST = path.resolve(__dirname, '..', '..', 'apps', 'web', 'dist');

/** The demo provider, on its trial, pays a subscription on the simulated Pesapal page and comes back active. */
describe('subscription payment in Chromium', () => {
  jest.setTimeout(90_000);
  let t: TestApp;
  let sim: PesapalSimulatorHandle;
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) throw new Error('apps/web/dist is missing: run `npm run build:web` (npm test does it)');
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    sim = await startPesapalSimulator({ ipn: { retryBackoffMs: 10 } });
    t = await startTestApp({ WEB_DIST_DIR: WEB_DIST, PESAPAL_BASE_URL: sim.url, PUBLIC_URL: baseUrl });
    await seedDemo(t.app);
    await t.app.listen(port, '127.0.0.1');
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await sim?.close();
  });

  const fill = (page: Page, label: string, value: string) => page.getByLabel(label, { exact: true }).fill(value);

  it('pays on the hosted page (M-Pesa) and returns to an active subscription', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${baseUrl}/login`);
    await fill(page, 'Email', DEMO.owner.email);
    await fill(page, 'Password', DEMO.owner.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await openNav(page, 'Subscription');
    const status = page.getByTestId('subscription-status');
    await status.getByText('Trial').waitFor();
    expect(await page.getByTestId('subscription-days-left').textContent()).toBe('14');
    expect(await page.getByTestId('subscription-plan').textContent()).toBe('Free trial');
    await screenshot(page, 'subscription-01-trial');

    await page.getByRole('button', { name: 'Pay for Starter' }).click();
    await page.waitForURL((url) => url.href.startsWith(sim.url));
    await page.locator('[data-testid=pay-mpesa]').waitFor();
    await screenshot(page, 'subscription-02-pesapal-hosted-page');
    await page.locator('[data-testid=pay-mpesa]').click();

    await page.waitForURL((url) => url.href.startsWith(`${baseUrl}/app/subscription`));
    await page.getByText('Payment received: your subscription is active.').waitFor();
    await status.getByText('Active').waitFor();
    expect(await page.getByTestId('subscription-plan').textContent()).toBe('Starter');
    const invoices = page.getByRole('table', { name: 'Invoices' });
    await invoices.getByText('Paid').waitFor();
    await invoices.getByText('KES 1,500').waitFor();
    await page.getByRole('list', { name: 'Notifications' }).getByText('Payment received').waitFor();
    await screenshot(page, 'subscription-03-active');

    const url = new URL(page.url());
    expect(url.searchParams.get('payment')).toBe('paid');
    expect(sim.ledgerTotal('KES')).toBe(1500);
    await page.close();
  });

  it('the super admin sees the plans and the subscription revenue', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${baseUrl}/login`);
    await fill(page, 'Email', DEMO.admin.email);
    await fill(page, 'Password', DEMO.admin.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await openNav(page, 'Platform plans');
    const table = page.getByRole('table', { name: 'Platform plans' });
    await table.getByText('Pro yearly').waitFor();
    /** Each plan row's name and price as shown, against platform_plans. */
    const shownPlans = async () => {
      const rows = await table
        .getByRole('row')
        .filter({ has: page.getByRole('cell') })
        .all();
      return (await Promise.all(rows.map(async (r) => (await r.getByRole('cell').allTextContents()).slice(0, 2)))).sort();
    };
    const storedPlans = async () => {
      const plans: { name: string; price: number; period: string }[] = await t.dataSource.query(`SELECT name, price_minor::int AS price, period FROM platform_plans`);
      return plans.map((p) => [p.name, `${kes(p.price)} / ${p.period === 'yearly' ? 'year' : 'month'}`]).sort();
    };
    expect(await shownPlans()).toEqual(await storedPlans());
    await page.getByRole('button', { name: 'New plan' }).click();
    await fill(page, 'Name', 'Enterprise');
    await fill(page, 'Price (KES)', '9999');
    await page.getByRole('button', { name: 'Create plan' }).click();
    await table.getByText('KES 9,999 / month').waitFor();
    expect(await t.dataSource.query(`SELECT price_minor::int AS price, period, active FROM platform_plans WHERE name = 'Enterprise'`)).toEqual([{ price: 999_900, period: 'monthly', active: true }]);
    expect(await shownPlans()).toEqual(await storedPlans());
    await screenshot(page, 'subscription-04-admin-platform-plans');

    await openNav(page, 'Revenue');
    await page.getByTestId('revenue-total-KES').getByText('KES 1,500').waitFor();
    const [paid] = await t.dataSource.query(`SELECT count(*)::int AS n, sum(amount_minor)::int AS total FROM subscription_invoices WHERE status = 'paid'`);
    expect(paid).toEqual({ n: 1, total: 150_000 });
    expect(await page.getByTestId('revenue-total-KES').textContent()).toBe(`${kes(paid.total)} from ${paid.n} paid invoice`);
    await screenshot(page, 'subscription-05-admin-revenue');
    await page.close();
  });
});
