import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { DarajaSimulator } from '@wavu/daraja-sim';
import { DEMO_APP, startDarajaSimulator } from '@wavu/daraja-sim';
import type { ProviderFixture, Session } from '../factories';
import { createProvider, createSuperAdmin } from '../factories';
import { launchChromium, screenshot } from '../setup/browser';
import { freePort } from '../setup/free-port';
import type { TestApp } from '../setup/test-app';
import { startTestApp } from '../setup/test-app';

const WEB_DIST = path.resolve(__dirname, '..', '..', 'apps', 'web', 'dist');
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

/**
 * The platform's paybill in the super admin's dashboard (docs/mpesa.md §7b): Payouts shows whether its
 * C2B URLs are registered and registers them; money paid to it with a mistyped reference waits in
 * Needs attention with no provider, and the admin issues it for the reference the customer meant.
 * 1280 and 390 px.
 */
describe('platform paybill in Chromium', () => {
  jest.setTimeout(120_000);
  let t: TestApp;
  let sim: DarajaSimulator;
  let browser: Browser;
  let baseUrl: string;
  let provider: ProviderFixture;
  let admin: Session & { email: string; password: string };
  let reference: string;
  let voucherId: string;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) throw new Error('apps/web/dist is missing: run `npm run build:web` (npm test does it)');
    // external validation off: a confirmation arrives for whatever the customer typed
    sim = await startDarajaSimulator({ apps: [{ ...DEMO_APP, externalValidation: false }], logger: { debug: () => undefined, warn: () => undefined, error: () => undefined } });
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    t = await startTestApp({ WEB_DIST_DIR: WEB_DIST, DARAJA_BASE_URL: sim.url, DARAJA_CALLBACK_BASE_URL: baseUrl, PUBLIC_URL: baseUrl });
    await t.app.listen(port, '127.0.0.1');
    browser = await launchChromium();
    admin = await createSuperAdmin(t);
    provider = await createProvider(t, admin);
    const auth = provider.owner.auth;
    await t.http().post('/api/v1/routers').set(auth).send({ name: 'Demo Shop', host: '127.0.0.1', apiPort: 1, useTls: false, username: 'admin', password: 'router-pw' }).expect(201);
    const plan = await t.http().post('/api/v1/plans').set(auth).send({ name: 'Day pass', price: 50, kind: 'unlimited', validitySeconds: 86400 }).expect(201);
    const batch = await t.http().post('/api/v1/voucher-batches').set(auth).send({ planId: plan.body.id, quantity: 1 }).expect(202);
    for (let i = 0; i < 250; i++) {
      const found = await t.dataSource.query(`SELECT id, payment_reference FROM vouchers WHERE batch_id = $1`, [batch.body.id]);
      if (found.length === 1) [{ id: voucherId, payment_reference: reference }] = found;
      if (voucherId) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    if (!voucherId) throw new Error('voucher not generated');
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await sim?.close();
  });

  const logIn = async (page: Page) => {
    await page.goto(`${baseUrl}/login`);
    await page.getByLabel('Email', { exact: true }).fill(admin.email);
    await page.getByLabel('Password', { exact: true }).fill(admin.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL((url) => url.pathname.startsWith('/app'));
    await page.getByRole('link', { name: 'Wavu home' }).waitFor();
  };

  it('1280 px: Payouts shows the platform paybill is not registered, and registers its C2B URLs', async () => {
    const page = await browser.newPage({ viewport: DESKTOP });
    await logIn(page);
    await page.goto(`${baseUrl}/app/admin/payouts`);
    const card = page.locator('section.card', { has: page.getByRole('heading', { name: `Platform paybill ${DEMO_APP.shortcode}` }) });
    await card.getByText('Not registered').waitFor();
    await screenshot(page, 'platform-paybill-01-not-registered-1280');
    await page.getByRole('button', { name: 'Register C2B URLs' }).click();
    await page.getByRole('status', { name: 'Platform C2B registration' }).getByText('Registered (v2)').waitFor();
    expect(sim.c2bRegistrations().map((r) => r.shortCode)).toEqual([DEMO_APP.shortcode]);
    await screenshot(page, 'platform-paybill-02-registered-1280');
    await page.reload();
    await page.getByRole('button', { name: 'Register C2B URLs again' }).waitFor();
    await page.getByText(/^Registered .+\(v2\)$/).waitFor();
    await page.close();
  });

  let mistypedReceipt = '';

  it('390 px: money with a mistyped reference reaches no provider; the admin issues it for the reference meant', async () => {
    const mistyped = `${reference.slice(0, 7)}${reference[7] === 'Z' ? 'Y' : 'Z'}`;
    const paid = await sim.c2bPay({ shortCode: DEMO_APP.shortcode, amount: 50, msisdn: '254700000123', billRefNumber: mistyped });
    expect(paid.status).toBe('confirmed');
    mistypedReceipt = paid.transId;
    const page = await browser.newPage(PHONE);
    await logIn(page);
    await page.goto(`${baseUrl}/app/admin/payouts`);
    await page.getByText(/^Registered .+\(v2\)$/).waitFor();
    await screenshot(page, 'platform-paybill-03-payouts-390');
    await page.goto(`${baseUrl}/app/admin/attention`);
    await page.getByRole('link', { name: `Review ${paid.transId}` }).click();
    await page.getByText('None found (platform shortcode)').waitFor();
    await page.getByRole('button', { name: 'Issue for a purchase…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Issue for a purchase?' });
    await dialog.getByLabel('Payment reference or purchase id').fill('not a ref!');
    await dialog.getByText('Enter a payment reference (letters and digits) or a purchase id').waitFor();
    await dialog.getByLabel('Payment reference or purchase id').fill(reference.toLowerCase());
    await screenshot(page, 'platform-paybill-04-choose-390');
    await dialog.getByRole('button', { name: 'Issue the voucher' }).click();
    await page.getByText(/^Voucher .+ issued\. Give this code to the customer\.$/).waitFor();
    await screenshot(page, 'platform-paybill-05-issued-390');
    expect(await t.dataSource.query(`SELECT status FROM vouchers WHERE id = $1`, [voucherId])).toEqual([{ status: 'sold' }]);
    expect(await t.dataSource.query(`SELECT provider_id, settled_via FROM payments WHERE receipt = $1`, [paid.transId])).toEqual([{ provider_id: provider.providerId, settled_via: 'manual' }]);
    await page.close();
  });

  it("1280 px: Needs attention lists the platform paybill's callbacks that reached no provider, found by receipt", async () => {
    const page = await browser.newPage({ viewport: DESKTOP });
    await logIn(page);
    await page.goto(`${baseUrl}/app/admin/attention`);
    await page.getByRole('heading', { name: 'Platform paybill callbacks' }).waitFor();
    const table = page.getByRole('table', { name: 'M-Pesa callbacks' });
    await table.getByRole('row').filter({ hasText: mistypedReceipt }).waitFor();
    expect(await page.getByLabel('Only money that reached no provider').isChecked()).toBe(true);
    await page.getByLabel('Search callbacks').fill(mistypedReceipt.toLowerCase());
    await page.getByRole('button', { name: 'Search' }).click();
    await table.getByText('money received for unknown reference', { exact: false }).waitFor();
    await screenshot(page, 'platform-paybill-06-admin-callbacks-1280');
    await page.close();
  });
});
