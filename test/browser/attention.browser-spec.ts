import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { DarajaSimulator, SimAppConfig } from '@wavu/daraja-sim';
import { DEMO_APP, startDarajaSimulator } from '@wavu/daraja-sim';
import type { ProviderFixture, Session } from '../factories';
import { createProvider, createSuperAdmin } from '../factories';
import { launchChromium, logIn, openNav, screenshot } from '../setup/browser';
import { freePort } from '../setup/free-port';
import type { TestApp } from '../setup/test-app';
import { startTestApp } from '../setup/test-app';

const WEB_DIST = path.resolve(__dirname, '..', '..', 'apps', 'web', 'dist');
// external validation off: the paybill confirmation arrives whatever the amount
const OWN: SimAppConfig = { consumerKey: 'ck-attention-browser', consumerSecret: 'cs-attention-browser-4e2a', shortcode: '600320', passkey: 'pk-attention-browser-9c3d', externalValidation: false };
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

/**
 * Needs attention in the dashboard: a paybill payment of the wrong amount is held; the owner sees
 * the badge, opens the item, issues the voucher after confirming, and the item leaves the queue.
 * The super admin sees money for an unknown reference across providers and dismisses it with a
 * reason. On a phone the owner finds the callback by its receipt in the M-Pesa callbacks log. 1280 and 390 px.
 */
describe('needs attention in Chromium', () => {
  jest.setTimeout(120_000);
  let t: TestApp;
  let sim: DarajaSimulator;
  let browser: Browser;
  let baseUrl: string;
  let owner: ProviderFixture;
  let admin: Session & { email: string; password: string };
  let receipt: string;
  let unknownReceipt: string;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) throw new Error('apps/web/dist is missing: run `npm run build:web` (npm test does it)');
    sim = await startDarajaSimulator({ apps: [DEMO_APP, OWN], logger: { debug: () => undefined, warn: () => undefined, error: () => undefined } });
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    t = await startTestApp({ WEB_DIST_DIR: WEB_DIST, DARAJA_BASE_URL: sim.url, DARAJA_CALLBACK_BASE_URL: baseUrl, PUBLIC_URL: baseUrl });
    await t.app.listen(port, '127.0.0.1');
    browser = await launchChromium();
    admin = await createSuperAdmin(t);
    owner = await createProvider(t, admin);
    const auth = owner.owner.auth;
    await t.http().post('/api/v1/routers').set(auth).send({ name: 'Kiosk', host: '127.0.0.1', apiPort: 1, useTls: false, username: 'admin', password: 'router-pw' }).expect(201);
    const plan = await t.http().post('/api/v1/plans').set(auth).send({ name: 'Day pass', price: 50, kind: 'unlimited', validitySeconds: 86400 }).expect(201);
    await t
      .http()
      .put('/api/v1/payments/settings')
      .set(auth)
      .send({ mode: 'own_account', environment: 'sandbox', shortcodeType: 'paybill', shortcode: OWN.shortcode, consumerKey: OWN.consumerKey, consumerSecret: OWN.consumerSecret, passkey: OWN.passkey })
      .expect(200);
    await t.http().post('/api/v1/payments/settings/c2b-registration').set(auth).expect(200);
    const batch = await t.http().post('/api/v1/voucher-batches').set(auth).send({ planId: plan.body.id, quantity: 1 }).expect(202);
    for (let i = 0; i < 250; i++) {
      const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM vouchers WHERE batch_id = $1`, [batch.body.id]);
      if (n === 1) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    const [{ payment_reference: reference }] = await t.dataSource.query(`SELECT payment_reference FROM vouchers WHERE batch_id = $1`, [batch.body.id]);
    const paid = await sim.c2bPay({ shortCode: OWN.shortcode, amount: 45, msisdn: '254712345678', billRefNumber: reference });
    receipt = paid.transId;
    unknownReceipt = (await sim.c2bPay({ shortCode: OWN.shortcode, amount: 70, msisdn: '254712345677', billRefNumber: 'WHO12345' })).transId;
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await sim?.close();
  });

  const shot = async (page: Page, name: string) => {
    await page.evaluate(() => window.scrollTo(0, 0));
    return screenshot(page, name);
  };

  it('1280 px: the badge counts the held payment; issuing its voucher takes it out of the queue', async () => {
    const page = await browser.newPage({ viewport: DESKTOP });
    await logIn(page, baseUrl, owner);
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('button', { name: /^Money/ }).click();
    const link = nav.getByRole('link', { name: 'Needs attention 2 open' });
    await link.click();
    await page.getByRole('heading', { name: 'Needs attention', level: 1 }).waitFor();
    await page.getByRole('row').filter({ hasText: receipt }).waitFor();
    await shot(page, 'attention-queue-1280');

    await page.getByRole('link', { name: `Review ${receipt}` }).click();
    await page.getByText('Payment held for review').waitFor();
    await page.getByRole('button', { name: 'Issue the voucher' }).click();
    const dialog = page.getByRole('dialog', { name: 'Issue the voucher?' });
    await dialog.getByText('KES 45').waitFor();
    await shot(page, 'attention-confirm-1280');
    await dialog.getByRole('button', { name: 'Issue the voucher' }).click();
    const done = page.getByText(/^Voucher .+ issued\. Give this code to the customer\.$/);
    await done.waitFor();
    await page.getByText('Voucher issued', { exact: true }).waitFor();
    await shot(page, 'attention-issued-1280');

    await nav.getByRole('button', { name: /^Money/ }).click();
    await nav.getByRole('link', { name: 'Needs attention 1 open' }).click();
    // the queue refetches (the cached page may show the item for a moment): it leaves, the other stays
    await page.getByRole('row').filter({ hasText: receipt }).waitFor({ state: 'detached' });
    await page.getByRole('row').filter({ hasText: unknownReceipt }).waitFor();
    await page.getByRole('button', { name: 'Voucher issued' }).click();
    await page.getByRole('row').filter({ hasText: receipt }).waitFor();
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM ledger_entries WHERE receipt = $1`, [receipt]);
    expect(n).toBe(1);
    await page.close();
  });

  it("1280 px: the super admin sees every provider's items and dismisses one with a reason", async () => {
    const page = await browser.newPage({ viewport: DESKTOP });
    await logIn(page, baseUrl, admin);
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('button', { name: /^Money/ }).click();
    await nav.getByRole('link', { name: 'Needs attention 1 open' }).click();
    await page.getByRole('link', { name: `Review ${unknownReceipt}` }).click();
    await page.getByText('Paybill money with an unknown reference').waitFor();
    expect(await page.getByRole('button', { name: 'Issue the voucher' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Dismiss' }).click();
    const dialog = page.getByRole('dialog', { name: 'Dismiss this item?' });
    await dialog.getByLabel('Reason').fill('Customer typed the wrong paybill account; refunded by the shop');
    await dialog.getByRole('button', { name: 'Dismiss' }).click();
    await page.getByText('Marked “Dismissed”.').waitFor();
    await shot(page, 'attention-admin-dismissed-1280');
    const [{ state }] = await t.dataSource.query(`SELECT state FROM attention_items WHERE receipt = $1`, [unknownReceipt]);
    expect(state).toBe('dismissed');
    await page.close();
  });

  it('390 px: the callback is found by its receipt in the M-Pesa callbacks log', async () => {
    const context = await browser.newContext(PHONE);
    const page = await context.newPage();
    await logIn(page, baseUrl, owner);
    await openNav(page, 'M-Pesa callbacks');
    await page.getByRole('heading', { name: 'M-Pesa callbacks', level: 1 }).waitFor();
    await page.getByLabel('Search callbacks').fill(receipt.toLowerCase());
    await page.getByRole('button', { name: 'Search' }).click();
    const row = page.getByRole('row').filter({ hasText: receipt });
    await row.getByText('Paybill payment').waitFor();
    await row.getByRole('link', { name: 'Open payment' }).waitFor();
    expect(await page.getByRole('row').count()).toBe(2); // header + the one callback
    await shot(page, 'attention-webhook-logs-390');
    await context.close();
  });
});
