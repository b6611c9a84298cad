import * as fs from 'node:fs';

import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { DEMO_APP } from '@wavu/daraja-sim';
import type { Sandbox } from '@wavu/sandbox';
import { startSandbox } from '@wavu/sandbox';
import { DEMO, seedDemo } from '../../apps/api/src/database/seed-demo';
import { UsersService } from '../../apps/api/src/modules/auth/users.service';
import { PaymentsService } from '../../apps/api/src/modules/payments/payments.service';
import { launchChromium, openNav, screenshot, logIn } from '../setup/browser';
import type { TestApp } from '../setup/test-app';
import { startTestApp } from '../setup/test-app';
import { freePort } from '../setup/free-port';

const WEB_DIST = path.resolve(__dirname, '..', '..', 'apps', 'web', 'dist');
const STAFF = { email: 'staff@demo-hotspot.test', password: 'staff-browser-pass-1' };

/**
 * M-Pesa in the dashboard: the demo owner switches to their own Daraja app (the simulator's demo
 * app), tests the credentials, a customer buys through STK push (the simulated phone approves),
 * the payment shows in the list, is found by receipt, and the revenue page charts it. Staff may
 * not open the settings.
 */
describe('payments in Chromium', () => {
  jest.setTimeout(120_000);
  let t: TestApp;
  let sandbox: Sandbox;
  let browser: Browser;
  let baseUrl: string;
  let providerId: string;
  let routerId: string;
  let planId: string;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) throw new Error('apps/web/dist is missing: run `npm run build:web` (npm test does it)');
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    // the simulated customer's phone approves every push at once (magic suffix 1032 cancels)
    sandbox = await startSandbox({ routers: 1, daraja: { apps: [DEMO_APP], phone: { defaultAction: 'approve', decisionDelayMs: 0 } } });
    t = await startTestApp({ WEB_DIST_DIR: WEB_DIST, DARAJA_BASE_URL: sandbox.daraja!.url, DARAJA_CALLBACK_BASE_URL: baseUrl, PUBLIC_URL: baseUrl, DARAJA_TIMEOUT_MS: '3000' });
    await seedDemo(t.app);
    await t.app.listen(port, '127.0.0.1');
    browser = await launchChromium();

    const login = await t.http().post('/api/v1/auth/login').send({ email: DEMO.owner.email, password: DEMO.owner.password }).expect(200);
    const auth = { Authorization: `Bearer ${login.body.accessToken}` };
    const me = await t.http().get('/api/v1/auth/me').set(auth).expect(200);
    providerId = me.body.provider.id;
    const router = await t
      .http()
      .post('/api/v1/routers')
      .set(auth)
      .send({ name: 'Kiosk Router', host: '127.0.0.1', apiPort: sandbox.routers[0].port, useTls: false, username: 'admin', password: 'router-pw' })
      .expect(201);
    const plan = await t.http().post('/api/v1/plans').set(auth).send({ name: 'Browser hour', price: 30, kind: 'unlimited', validitySeconds: 3600 }).expect(201);
    [routerId, planId] = [router.body.id, plan.body.id];
    await t.app.get(UsersService).create({ email: STAFF.email, name: 'Demo Staff', password: STAFF.password, role: 'provider_staff', providerId });
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await sandbox?.stop();
  });

  const fill = (page: Page, label: string, value: string) => page.getByLabel(label, { exact: true }).fill(value);
  const paymentRow = async (id: string) =>
    (await t.dataSource.query(`SELECT status, receipt, result_desc FROM payments WHERE id = $1`, [id]))[0] as { status: string; receipt: string | null; result_desc: string | null };
  const settle = async (id: string) => {
    const until = Date.now() + 15_000;
    while (Date.now() < until) {
      const row = await paymentRow(id);
      if (row.status !== 'pending') return row;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`payment ${id} still pending`);
  };

  let receipt = '';

  it('the owner sets up their own Daraja app, tests the credentials and registers C2B', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await logIn(page, baseUrl, DEMO.owner);
    await openNav(page, 'M-Pesa settings');
    await page.getByRole('heading', { name: 'How you collect M-Pesa payments' }).waitFor();
    await page.getByRole('radio', { name: /My own Daraja app/ }).check();
    await page.getByLabel('Environment').selectOption('sandbox');
    await page.getByLabel('Shortcode type').selectOption('paybill');

    // client-side checks first: nothing filled in
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Enter the shortcode: 5–7 digits.').waitFor();
    await page.getByText('Enter the passkey from your Daraja app.').waitFor();

    await fill(page, 'Shortcode', DEMO_APP.shortcode);
    await fill(page, 'Consumer key', DEMO_APP.consumerKey);
    await fill(page, 'Consumer secret', 'not-the-right-secret');
    await fill(page, 'Passkey', DEMO_APP.passkey);
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('M-Pesa settings saved.').waitFor();
    // secrets are never shown back: only "set" with a Replace button
    for (const name of ['consumerKey', 'consumerSecret', 'passkey']) expect((await page.getByTestId(`secret-${name}`).textContent())?.trim()).toBe('set');
    expect(await page.getByLabel('Consumer secret', { exact: true }).count()).toBe(0);
    const html = await page.content();
    for (const secret of [DEMO_APP.consumerKey, DEMO_APP.passkey, 'not-the-right-secret']) expect(html).not.toContain(secret);

    const testResult = page.getByRole('status', { name: 'Credential test result' });
    await page.getByRole('button', { name: 'Test credentials' }).click();
    await testResult.getByText('Credentials refused').waitFor();
    expect((await t.dataSource.query(`SELECT last_test_ok FROM payment_settings WHERE provider_id = $1`, [providerId]))[0].last_test_ok).toBe(false);
    await screenshot(page, 'payments-01-settings-credentials-refused');

    await page.getByRole('button', { name: 'Replace consumer secret' }).click();
    await fill(page, 'Consumer secret', DEMO_APP.consumerSecret);
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('M-Pesa settings saved.').waitFor();
    await page.getByRole('button', { name: 'Test credentials' }).click();
    await testResult.getByText('Credentials work').waitFor();

    const c2b = page.getByRole('status', { name: 'C2B registration result' });
    await page.getByRole('button', { name: 'Register C2B URLs' }).click();
    await c2b.getByText(/^Registered/).waitFor();
    // what the Daraja simulator got, as the page reports it
    const [registration] = sandbox.daraja!.c2bRegistrations().filter((r) => r.shortCode === DEMO_APP.shortcode);
    expect(registration.confirmationUrl.startsWith(baseUrl)).toBe(true);
    expect(await c2b.locator('.alert-title').textContent()).toBe(`Registered (${registration.version})`);
    await screenshot(page, 'payments-02-settings-own-account-tested');

    const settings = await t.dataSource.query(`SELECT mode, shortcode, last_test_ok FROM payment_settings WHERE provider_id = $1`, [providerId]);
    expect(settings[0]).toMatchObject({ mode: 'own_account', shortcode: DEMO_APP.shortcode, last_test_ok: true });
    await page.close();
  });

  it('the owner replaces the callback secret (confirmed, audited) and is told to register C2B again, at 1280 and 390 px', async () => {
    const secretRow = async () =>
      (await t.dataSource.query(`SELECT callback_secret_version, c2b_secret_version FROM payment_settings WHERE provider_id = $1`, [providerId]))[0] as {
        callback_secret_version: number;
        c2b_secret_version: number;
      };
    for (const [i, size] of [
      { name: '1280', viewport: { width: 1280, height: 900 } },
      { name: '390', viewport: { width: 390, height: 844 } },
    ].entries()) {
      const page = await browser.newPage({ viewport: size.viewport });
      await logIn(page, baseUrl, DEMO.owner);
      await openNav(page, 'M-Pesa settings');
      const card = page.locator('.card').filter({ has: page.getByRole('heading', { name: 'Callback secret' }) });
      const before = await secretRow();
      await card.getByRole('button', { name: 'Replace callback secret' }).click();
      const dialog = page.getByRole('dialog', { name: 'Replace the callback secret?' });
      await dialog.getByText('Your C2B URLs must be registered again afterwards.').waitFor();
      await screenshot(page, `payments-02b-callback-secret-confirm-${size.name}`);
      await dialog.getByRole('button', { name: 'Replace secret' }).click();
      await card.getByRole('status', { name: 'Callback secret' }).getByText('Callback secret replaced').waitFor();
      await page.getByText('Register the C2B URLs again', { exact: true }).waitFor();
      expect(await secretRow()).toEqual({ callback_secret_version: before.callback_secret_version + 1, c2b_secret_version: before.c2b_secret_version });
      await screenshot(page, `payments-02c-callback-secret-replaced-${size.name}`);
      // registering again (the sandbox overwrites) brings the URLs up to date
      await page.getByRole('button', { name: 'Register C2B URLs' }).click();
      await page
        .getByRole('status', { name: 'C2B registration result' })
        .getByText(/^Registered/)
        .waitFor();
      expect((await secretRow()).c2b_secret_version).toBe(before.callback_secret_version + 1);
      await page.reload();
      await card.getByText(/^Last replaced/).waitFor();
      expect(await page.getByText('Register the C2B URLs again', { exact: true }).count()).toBe(0);
      await page.close();
      const audits = await t.dataSource.query(
        `SELECT count(*)::int AS n FROM audit_logs WHERE action = 'payments.callback_secret_rotated' AND provider_id = $1 AND metadata->>'reason' = 'on_demand'`,
        [providerId],
      );
      expect(audits[0].n).toBe(i + 1);
    }
  });

  it('a customer pays by STK push and the owner finds it by receipt, opens it, and sees the revenue chart', async () => {
    const payments = t.app.get(PaymentsService);
    const paid = await payments.startPurchase({ providerId, routerId, planId, phone: '0708123456', clientIp: '10.5.50.7' });
    const cancelled = await payments.startPurchase({ providerId, routerId, planId, phone: '0708121032', clientIp: '10.5.50.8' });
    const paidRow = await settle(paid.purchaseId);
    const cancelledRow = await settle(cancelled.purchaseId);
    expect(paidRow.status).toBe('paid');
    expect(cancelledRow.status).toBe('cancelled');
    receipt = paidRow.receipt!;
    expect(receipt).toMatch(/^[A-Z0-9]{10}$/);

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    await logIn(page, baseUrl, DEMO.owner);
    await openNav(page, 'Payments');
    const table = page.getByRole('table', { name: 'Payments' });
    const paidTableRow = table.getByRole('row').filter({ hasText: receipt });
    await paidTableRow.getByText('Paid', { exact: true }).waitFor();
    await paidTableRow.getByText('KES 30').waitFor();
    await paidTableRow.getByText('Browser hour').waitFor();
    await paidTableRow.getByText('Kiosk Router').waitFor();
    expect(await paidTableRow.textContent()).toMatch(/2547•+456|•{3,}/); // masked phone
    const cancelledTableRow = table.getByRole('row').filter({ hasText: 'Cancelled' });
    await cancelledTableRow.getByText(cancelledRow.result_desc!).waitFor();
    expect(await table.getByRole('row').count()).toBe(3); // header + 2
    await screenshot(page, 'payments-03-list');

    await fill(page, 'Search payments', receipt.toLowerCase());
    await page.getByRole('button', { name: 'Search', exact: true }).click();
    await page.waitForURL((url) => url.searchParams.get('search') === receipt);
    await table.getByText('Cancelled').waitFor({ state: 'detached' }); // the unfiltered table is gone (loading)…
    await table.getByRole('row').filter({ hasText: receipt }).waitFor(); // …and the search result is shown
    expect(await table.getByRole('row').count()).toBe(2);
    expect(await table.getByText('Cancelled').count()).toBe(0);
    await screenshot(page, 'payments-04-search-by-receipt');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download ledger CSV' }).click()]);
    const csv = fs.readFileSync(await download.path(), 'utf8');
    expect(csv.split('\r\n')[0]).toMatch(/^occurred_at,receipt,/);
    expect(csv).toContain(receipt);
    expect(csv).toContain('30.00');

    await table.getByRole('link', { name: new RegExp(`Payment ${receipt}`) }).click();
    const details = page.getByRole('definition').filter({ hasText: receipt });
    await details.first().waitFor();
    const detail = (term: string) =>
      page
        .getByLabel('Payment details')
        .locator('div', { has: page.getByRole('term').getByText(term, { exact: true }) })
        .getByRole('definition');
    const [stored] = await t.dataSource.query(`SELECT receipt, plan_name, voucher_id FROM payments WHERE id = $1`, [paid.purchaseId]);
    expect(await detail('M-Pesa receipt').textContent()).toBe(stored.receipt);
    expect(await detail('Plan').textContent()).toBe(stored.plan_name);
    expect(await detail('Collection').textContent()).toBe('Own Daraja app');
    expect(await detail('Voucher').getByRole('link', { name: 'Open voucher' }).getAttribute('href')).toBe(`/app/vouchers/${stored.voucher_id}`);
    await screenshot(page, 'payments-05-detail');

    await openNav(page, 'Revenue');
    await page.getByTestId('revenue-gross').getByText('KES 30').waitFor();
    expect(await page.getByTestId('revenue-commission').textContent()).toBe('KES 0');
    expect(await page.getByTestId('revenue-net').textContent()).toBe('KES 30');
    expect(await page.getByTestId('revenue-count').textContent()).toBe('1');
    const chart = page.getByRole('img', { name: 'Gross revenue by day (KES)' });
    await chart.waitFor();
    expect(await chart.locator('rect.chart-bar, circle.chart-point').count()).toBeGreaterThanOrEqual(1);
    await screenshot(page, 'payments-06-revenue-by-day');

    await page.getByRole('group', { name: 'Group by' }).getByRole('button', { name: 'Plan' }).click();
    const byPlan = page.getByRole('img', { name: 'Gross revenue by plan (KES)' });
    await byPlan.waitFor();
    expect(await byPlan.locator('rect.chart-bar').count()).toBe(1);
    expect(await byPlan.locator('rect.chart-bar title').textContent()).toBe('Browser hour: KES 30 from 1 sale');
    await page.getByRole('table', { name: 'Revenue by plan', exact: true }).getByText('Browser hour').waitFor();
    await screenshot(page, 'payments-07-revenue-by-plan');

    const [revenueCsv] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
    expect(fs.readFileSync(await revenueCsv.path(), 'utf8')).toContain('Browser hour');
    await page.close();
  });

  it('works at phone width', async () => {
    const page = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true });
    await logIn(page, baseUrl, DEMO.owner);
    await page.goto(`${baseUrl}/app/payments`);
    await page.getByText(receipt).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'payments-08-list-phone');
    await page.goto(`${baseUrl}/app/revenue`);
    await page.getByRole('img', { name: 'Gross revenue by day (KES)' }).waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'payments-09-revenue-phone');
    await page.close();
  });

  it('staff see payments but not the M-Pesa settings', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await logIn(page, baseUrl, STAFF);
    const nav = page.getByRole('navigation', { name: 'Main' });
    // grouped navigation: the links sit in the closed Money group
    await nav.getByRole('link', { name: 'Payments', includeHidden: true }).waitFor({ state: 'attached' });
    await nav.getByRole('link', { name: 'Revenue', includeHidden: true }).waitFor({ state: 'attached' });
    expect(await nav.getByRole('link', { name: 'M-Pesa settings', includeHidden: true }).count()).toBe(0);
    await page.goto(`${baseUrl}/app/payment-settings`);
    await page.getByRole('alert').getByText('Not allowed').waitFor();
    await page.getByText('Only the account owner can view or change the M-Pesa settings.', { exact: false }).waitFor();
    expect(await page.getByRole('button', { name: 'Save settings' }).count()).toBe(0);
    await screenshot(page, 'payments-10-staff-not-allowed');
    await page.close();
  });

  it('the super admin overrides a provider’s commission from the providers list', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await logIn(page, baseUrl, DEMO.admin);
    await page.goto(`${baseUrl}/app/admin/providers`);
    await page.getByRole('button', { name: `M-Pesa for ${DEMO.owner.business}` }).click();
    const dialog = page.getByRole('dialog', { name: `M-Pesa · ${DEMO.owner.business}` });
    await dialog.getByText('Own Daraja app (no commission)').waitFor();
    await dialog.getByLabel('Commission rate (%)').fill('150');
    await dialog.getByRole('button', { name: 'Set commission' }).click();
    await dialog.getByText('Enter a rate from 0 to 100 %.').waitFor();
    await dialog.getByLabel('Commission rate (%)').fill('12.5');
    await dialog.getByRole('button', { name: 'Set commission' }).click();
    await dialog.getByText('Override of 12.5 % saved. It applies when they collect through the platform; their own account pays none.').waitFor();
    const [row] = await t.dataSource.query(`SELECT commission_rate_bp FROM payment_settings WHERE provider_id = $1`, [providerId]);
    expect(row.commission_rate_bp).toBe(1250);
    await screenshot(page, 'payments-11-admin-commission');
    await dialog.getByRole('button', { name: 'Use type default' }).click();
    await dialog.getByText(/^Type default restored \(0 %\)\./).waitFor();
    expect((await t.dataSource.query(`SELECT commission_rate_bp FROM payment_settings WHERE provider_id = $1`, [providerId]))[0].commission_rate_bp).toBeNull();
    await dialog.getByRole('button', { name: 'Close' }).click();
    await dialog.waitFor({ state: 'detached' });
    expect(await page.getByRole('button', { name: `M-Pesa for ${DEMO.owner.business}` }).isVisible()).toBe(true);
    await page.close();
  });
});
