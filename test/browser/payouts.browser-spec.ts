import * as fs from 'node:fs';

import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { DEMO_APP } from '@wavu/daraja-sim';
import type { Sandbox } from '@wavu/sandbox';
import { startSandbox } from '@wavu/sandbox';
import { DEMO, seedDemo } from '../../apps/api/src/database/seed-demo';
import { PaymentsService } from '../../apps/api/src/modules/payments/payments.service';
import { launchChromium, openNav, screenshot, logIn } from '../setup/browser';
import type { TestApp } from '../setup/test-app';
import { startTestApp } from '../setup/test-app';
import { freePort } from '../setup/free-port';

const WEB_DIST = path.resolve(__dirname, '..', '..', 'apps', 'web', 'dist');

/**
 * Refunds and payouts in Chromium: the demo provider (platform collection) sells three vouchers by
 * STK push; the owner refunds one from its voucher page (M-Pesa reversal, reference, reason); the
 * super admin sees what the platform owes on Payouts, records a payout after confirming it, and
 * the owner's payout statement shows it with the refund and the running balance.
 */
describe('refunds and payouts in Chromium', () => {
  jest.setTimeout(120_000);
  let t: TestApp;
  let sandbox: Sandbox;
  let browser: Browser;
  let baseUrl: string;
  let providerId: string;
  const vouchers: string[] = [];

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) throw new Error('apps/web/dist is missing: run `npm run build:web` (npm test does it)');
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    sandbox = await startSandbox({ routers: 1, daraja: { apps: [DEMO_APP], phone: { defaultAction: 'approve', decisionDelayMs: 0 } } });
    t = await startTestApp({ WEB_DIST_DIR: WEB_DIST, DARAJA_BASE_URL: sandbox.daraja!.url, DARAJA_CALLBACK_BASE_URL: baseUrl, PUBLIC_URL: baseUrl, DARAJA_TIMEOUT_MS: '3000' });
    await seedDemo(t.app);
    await t.app.listen(port, '127.0.0.1');
    browser = await launchChromium();

    const login = await t.http().post('/api/v1/auth/login').send({ email: DEMO.owner.email, password: DEMO.owner.password }).expect(200);
    const auth = { Authorization: `Bearer ${login.body.accessToken}` };
    providerId = (await t.http().get('/api/v1/auth/me').set(auth).expect(200)).body.provider.id;
    const router = await t
      .http()
      .post('/api/v1/routers')
      .set(auth)
      .send({ name: 'Kiosk Router', host: '127.0.0.1', apiPort: sandbox.routers[0].port, useTls: false, username: 'admin', password: 'router-pw' })
      .expect(201);
    const plan = await t.http().post('/api/v1/plans').set(auth).send({ name: 'Payout day', price: 100, kind: 'unlimited', validitySeconds: 86400 }).expect(201);
    const payments = t.app.get(PaymentsService);
    for (let i = 1; i <= 3; i++) {
      const started = await payments.startPurchase({ providerId, routerId: router.body.id, planId: plan.body.id, phone: `25471234${5600 + i}`, clientIp: '10.0.0.8' });
      const until = Date.now() + 15_000;
      let voucherId: string | null = null;
      while (!voucherId && Date.now() < until) {
        voucherId = (await t.dataSource.query(`SELECT voucher_id FROM payments WHERE id = $1 AND status = 'paid'`, [started.purchaseId]))[0]?.voucher_id ?? null;
        if (!voucherId) await new Promise((r) => setTimeout(r, 50));
      }
      if (!voucherId) throw new Error('purchase not settled');
      vouchers.push(voucherId);
    }
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await sandbox?.stop();
  });

  const fill = (page: Page, label: string, value: string) => page.getByLabel(label, { exact: true }).fill(value);
  const balance = async () =>
    Number(
      (
        await t.dataSource.query(
          `SELECT (SELECT coalesce(sum(net_minor), 0) FROM ledger_entries WHERE provider_id = $1 AND collection_mode = 'platform') - (SELECT coalesce(sum(amount_minor), 0) FROM payouts WHERE provider_id = $1) AS b`,
          [providerId],
        )
      )[0].b,
    );

  it('the owner refunds a paid voucher by M-Pesa reversal: reference and reason asked, the sale reversed', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await logIn(page, baseUrl, DEMO.owner);
    await page.goto(`${baseUrl}/app/vouchers/${vouchers[0]}`);
    await page.getByRole('button', { name: 'Refund' }).click();
    const dialog = page.getByRole('dialog');
    expect(await dialog.getByLabel('How did the money go back?').inputValue()).toBe('mpesa_reversal');
    await dialog.getByLabel('Reason').fill('Could not connect');
    await dialog.getByRole('button', { name: 'Refund' }).click();
    await dialog.getByText('Enter the M-Pesa reversal transaction id (letters and digits).').waitFor();
    await screenshot(page, 'payouts-01-refund-dialog-1280');
    await dialog.getByLabel('M-Pesa reversal transaction id').fill('qk71abc2de');
    await dialog.getByRole('button', { name: 'Refund' }).click();
    await page.getByText('Refunded', { exact: true }).first().waitFor();
    const reversal = (await t.dataSource.query(`SELECT gross_minor, refund_method, refund_reference FROM ledger_entries WHERE voucher_id = $1 AND kind = 'refund'`, [vouchers[0]]))[0];
    expect(reversal).toEqual({ gross_minor: '-10000', refund_method: 'mpesa_reversal', refund_reference: 'QK71ABC2DE' });
    await page.close();
  });

  it('the super admin records a payout after confirming it, and the provider’s statement shows it', async () => {
    const owed = await balance();
    expect(owed).toBeGreaterThan(10_000);
    for (const width of [1280, 390]) {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      await logIn(page, baseUrl, DEMO.admin);
      await openNav(page, 'Payouts');
      await page.getByRole('heading', { name: 'Owed to providers' }).waitFor();
      expect(await page.getByTestId(`owed-${providerId}`).textContent()).toMatch(new RegExp(`KES\\s?${((owed - (width === 390 ? 5000 : 0)) / 100).toLocaleString('en-KE')}`));
      if (width === 1280) {
        await page.getByRole('button', { name: `Statement and payout: ${DEMO.owner.business}` }).click();
        await fill(page, 'Amount (KES)', String(owed / 100 + 1));
        await page.getByRole('button', { name: 'Record payout…' }).click();
        await page.getByText(/At most what is owed/).waitFor();
        await fill(page, 'Amount (KES)', '50');
        await page.getByLabel('Paid by').selectOption('bank_transfer');
        await fill(page, 'Reference', 'BANK REF 778');
        await page.getByRole('button', { name: 'Record payout…' }).click();
        const confirm = page.getByRole('dialog');
        await confirm.getByText(/by Bank transfer, reference BANK REF 778/).waitFor();
        await screenshot(page, 'payouts-02-admin-confirm-1280');
        await confirm.getByRole('button', { name: 'Record payout' }).click();
        await page.getByText(/Payout of KES\s?50(\.00)? recorded/).waitFor();
        await page.getByTestId('statement-payout-reference').filter({ hasText: 'BANK REF 778' }).waitFor();
        expect(await balance()).toBe(owed - 5000);
      }
      await screenshot(page, `payouts-03-admin-${width}`);
      await page.close();
    }
    for (const width of [1280, 390]) {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      await logIn(page, baseUrl, DEMO.owner);
      await openNav(page, 'Payouts');
      await page.getByTestId('statement-payout-reference').filter({ hasText: 'BANK REF 778' }).waitFor();
      expect(await page.getByTestId('statement-payouts').textContent()).toMatch(/50/);
      expect(await page.getByTestId('statement-closing').textContent()).toMatch(new RegExp(((owed - 5000) / 100).toLocaleString('en-KE')));
      await screenshot(page, `payouts-04-owner-statement-${width}`);
      await page.close();
    }
  });

  it('the super admin extends a provider’s subscription from Subscriptions (reason asked, audited)', async () => {
    const end = async () => new Date((await t.dataSource.query(`SELECT current_period_end FROM provider_subscriptions WHERE provider_id = $1`, [providerId]))[0].current_period_end).getTime();
    const before = await end();
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await logIn(page, baseUrl, DEMO.admin);
    await openNav(page, 'Subscriptions');
    await page.getByRole('button', { name: `Extend ${DEMO.owner.business}` }).click();
    const dialog = page.getByRole('dialog');
    await fill(page, 'Days to add', '7');
    await dialog.getByRole('button', { name: 'Extend' }).click();
    await dialog.getByText('Give a short reason (at least 3 characters).').waitFor();
    await dialog.getByLabel('Reason').fill('Router outage compensation');
    await screenshot(page, 'payouts-05-admin-subscription-extend-1280');
    await dialog.getByRole('button', { name: 'Extend' }).click();
    await dialog.waitFor({ state: 'hidden' });
    expect(await end()).toBe(before + 7 * 86_400_000);
    await page.close();
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await logIn(phone, baseUrl, DEMO.admin);
    await openNav(phone, 'Subscriptions');
    await phone.getByRole('button', { name: `Waive ${DEMO.owner.business}` }).waitFor();
    await screenshot(phone, 'payouts-06-admin-subscriptions-390');
    await phone.close();
  });

  it('the super admin sees commission revenue with refunds as their own line', async () => {
    const ledger = (await t.dataSource.query(`SELECT coalesce(-sum(gross_minor) FILTER (WHERE kind = 'refund'), 0)::int AS refunds FROM ledger_entries`))[0];
    expect(ledger.refunds).toBe(10_000);
    for (const width of [1280, 390]) {
      const page = await browser.newPage({ viewport: { width, height: 900 } });
      await logIn(page, baseUrl, DEMO.admin);
      await openNav(page, 'Commission revenue');
      expect(await page.getByTestId('revenue-refunds').textContent()).toMatch(/−KES\s?100/);
      expect(await page.getByRole('button', { name: 'Plan' }).count()).toBe(0);
      await screenshot(page, `payouts-07-admin-commission-revenue-${width}`);
      await page.close();
    }
  });
});
