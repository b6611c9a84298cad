import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { DEMO_APP } from '@wavu/daraja-sim';
import type { Sandbox } from '@wavu/sandbox';
import { startSandbox } from '@wavu/sandbox';
import { DEMO, seedDemo } from '../../apps/api/src/database/seed-demo';
import { PaymentsService } from '../../apps/api/src/modules/payments/payments.service';
import type { Session } from '../factories';
import { acceptInvitation, login } from '../factories';
import { launchChromium, openNav, screenshot, logIn } from '../setup/browser';
import { freePort } from '../setup/free-port';
import type { TestApp } from '../setup/test-app';
import { startTestApp } from '../setup/test-app';

const WEB_DIST = path.resolve(__dirname, '..', '..', 'apps', 'web', 'dist');
const SIZES = [
  { name: '1280', viewport: { width: 1280, height: 900 } },
  { name: '390', viewport: { width: 390, height: 844 } },
] as const;

/**
 * Plain words in Chromium (issue 15): a failed payment's reason, the audit log with names,
 * "Show number", the session-expired message, the one "Not allowed" page and the landing
 * page's plan cards with the configured trial — each at 1280 and 390 px.
 */
describe('plain words in Chromium', () => {
  jest.setTimeout(180_000);
  let t: TestApp;
  let sandbox: Sandbox;
  let browser: Browser;
  let baseUrl: string;
  let owner: Session;
  let failedId: string;
  let paidPhone: string;
  let staff: { email: string; password: string };

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) throw new Error('apps/web/dist is missing: run `npm run build:web` (npm test does it)');
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    sandbox = await startSandbox({ routers: 1, daraja: { apps: [DEMO_APP] } });
    t = await startTestApp({
      WEB_DIST_DIR: WEB_DIST,
      ROUTER_CALL_TIMEOUT_MS: '2000',
      DARAJA_BASE_URL: sandbox.daraja!.url,
      DARAJA_CALLBACK_BASE_URL: baseUrl,
      PUBLIC_URL: baseUrl,
      SUBSCRIPTION_TRIAL_DAYS: '10',
    });
    await t.app.listen(port, '127.0.0.1');
    await seedDemo(t.app, sandbox);
    owner = await login(t, DEMO.owner.email, DEMO.owner.password);
    const router = ((await t.http().get('/api/v1/routers').set(owner.auth).expect(200)).body.items as { id: string; name: string }[]).find((r) => r.name === 'Demo Router (simulated)')!;
    const plansBody = (await t.http().get('/api/v1/plans').set(owner.auth).expect(200)).body;
    const plan = ((plansBody.items ?? plansBody) as { id: string }[])[0];
    const providerId = (await t.dataSource.query('SELECT provider_id FROM routers WHERE id = $1', [router.id]))[0].provider_id;
    // two purchases through the real STK flow: the simulated phone enters a wrong PIN (…2001) and approves (…0000)
    const payments = t.app.get(PaymentsService);
    paidPhone = '254711220000';
    const ids = [
      (await payments.startPurchase({ providerId, routerId: router.id, planId: plan.id, phone: '254711332001', clientIp: '10.6.0.2' })).purchaseId,
      (await payments.startPurchase({ providerId, routerId: router.id, planId: plan.id, phone: paidPhone, clientIp: '10.6.0.3' })).purchaseId,
    ];
    failedId = ids[0]!;
    await sandbox.daraja!.idle();
    const until = Date.now() + 15_000;
    while (Date.now() < until) {
      const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM payments WHERE id = ANY($1) AND status = 'pending'`, [ids]);
      if (n === 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    const created = await t.http().post('/api/v1/staff').set(owner.auth).send({ name: 'Akinyi Counter', email: 'akinyi@demo-hotspot.test' }).expect(201);
    // Akinyi sets her password through the invitation (test/browser/staff-invitation walks that page)
    await acceptInvitation(t, created.body.user.email, 'akinyi-own-password');
    staff = { email: created.body.user.email, password: 'akinyi-own-password' };
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await sandbox?.stop();
  });

  const noSidewaysScroll = async (page: Page) => expect(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth)).toBe(true);

  it.each(SIZES)('landing page at $name px: plan cards say each thing once, and the configured trial length', async ({ name, viewport }) => {
    const page = await browser.newPage({ viewport });
    await page.goto(baseUrl + '/');
    await page.getByRole('link', { name: 'Start your 10-day free trial' }).waitFor();
    await page.getByText('10 days free').waitFor();
    const plans = (await t.http().get('/api/v1/platform-plans').expect(200)).body as { name: string }[];
    for (const p of plans) {
      const lines = (
        await page
          .getByRole('article', { name: `${p.name} plan` })
          .getByRole('listitem')
          .allTextContents()
      ).map((l) => l.toLowerCase());
      expect(lines.length).toBeGreaterThan(1);
      expect(new Set(lines).size).toBe(lines.length);
    }
    // the demo "Starter" plan lists "1 router" in its features and has maxRouters 1: once
    const starter = await page.getByRole('article', { name: 'Starter plan' }).getByRole('listitem').allTextContents();
    expect(starter.filter((l) => /router/i.test(l))).toEqual(['1 router']);
    expect(await page.getByText(/from approval; then choose a plan/).count()).toBe(1);
    await noSidewaysScroll(page);
    await screenshot(page, `plain-words-landing-${name}`);
    await page.close();
  });

  it.each(SIZES)('a failed payment at $name px says why in plain words, M-Pesa’s text underneath', async ({ name, viewport }) => {
    const page = await browser.newPage({ viewport });
    await logIn(page, baseUrl, DEMO.owner);
    await openNav(page, 'Payments');
    await page.getByText('Wrong M-Pesa PIN').first().waitFor();
    await screenshot(page, `plain-words-payments-${name}`);
    await page.goto(`${baseUrl}/app/payments/${failedId}`);
    const details = page.getByRole('definition').filter({ hasText: 'Wrong M-Pesa PIN' });
    await details.waitFor();
    expect(await details.textContent()).toContain('M-Pesa said: “The initiator information is invalid.” (code 2001)');
    await noSidewaysScroll(page);
    await screenshot(page, `plain-words-payment-failed-${name}`);
    await page.close();
  });

  it.each(SIZES)('the owner shows a buyer’s number at $name px; the audit log names who and which', async ({ name, viewport }) => {
    const page = await browser.newPage({ viewport });
    await logIn(page, baseUrl, DEMO.owner);
    await openNav(page, 'Customers');
    const masked = `${paidPhone.slice(0, 4)}•••••${paidPhone.slice(-3)}`;
    await page.getByRole('button', { name: `Purchases of ${masked}` }).click();
    await page.getByRole('button', { name: `Show the full number of ${masked}` }).click();
    await page.getByRole('link', { name: '0711 220 000' }).waitFor();
    expect(await page.getByRole('link', { name: '0711 220 000' }).getAttribute('href')).toBe(`tel:+${paidPhone}`);
    await screenshot(page, `plain-words-customer-number-${name}`);

    await openNav(page, 'Audit log');
    const row = page.getByRole('row').filter({ hasText: "Showed a buyer's full phone number" }).first();
    await row.waitFor();
    const text = (await row.textContent())!;
    expect(text).toContain(`${DEMO.owner.name} (${DEMO.owner.email})`);
    expect(text).toContain(`Buyer ${masked}`);
    expect(text).toContain('Shown from: Customers page');
    // the demo's own entries read as names too, not ids
    await page.getByRole('row').filter({ hasText: 'Created a plan' }).first().waitFor();
    expect(await page.getByRole('table', { name: 'Audit log' }).textContent()).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}/);
    await noSidewaysScroll(page);
    await screenshot(page, `plain-words-audit-log-${name}`);
    await page.close();
  });

  it.each(SIZES)('an expired session at $name px says so and returns to the page after logging in', async ({ name, viewport }) => {
    const page = await browser.newPage({ viewport });
    await logIn(page, baseUrl, DEMO.owner);
    await page.goto(`${baseUrl}/app/payments/${failedId}`);
    await page.getByText('Wrong M-Pesa PIN').waitFor();
    // the server ends the session (its refresh token revoked) and the access token is no longer accepted
    const session = JSON.parse((await page.evaluate(() => localStorage.getItem('wavu.session')))!) as { accessToken: string; refreshToken: string };
    await t.http().post('/api/v1/auth/logout').send({ refreshToken: session.refreshToken }).expect(204);
    await page.evaluate((s) => {
      localStorage.setItem('wavu.session', JSON.stringify({ accessToken: s.accessToken.slice(0, -4) + 'xxxx', refreshToken: s.refreshToken }));
      window.dispatchEvent(new StorageEvent('storage', { key: 'wavu.session' }));
    }, session);
    // keep using the app: the next request is refused
    await openNav(page, 'Customers');
    await page.waitForURL('**/login');
    await page.getByText('Your session expired — log in again.').waitFor();
    await screenshot(page, `plain-words-session-expired-${name}`);
    await page.getByLabel('Email', { exact: true }).fill(DEMO.owner.email);
    await page.getByLabel('Password', { exact: true }).fill(DEMO.owner.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL('**/app/customers');
    await page.getByRole('heading', { name: 'Customers', level: 1 }).waitFor();
    // an ordinary log-out does not claim the session expired
    await page
      .getByRole('button', { name: 'Menu' })
      .isVisible()
      .then((v) => (v ? page.getByRole('button', { name: 'Menu' }).click() : undefined));
    await page.getByRole('button', { name: 'Log out' }).click();
    await page.waitForURL('**/login');
    await page.getByRole('heading', { name: 'Log in' }).waitFor();
    expect(await page.getByText('Your session expired').count()).toBe(0);
    await page.close();
  });

  it.each(SIZES)('staff meet one "Not allowed" page at $name px, and no Show number', async ({ name, viewport }) => {
    const page = await browser.newPage({ viewport });
    await logIn(page, baseUrl, staff);
    for (const p of ['/app/staff', '/app/api-keys', '/app/audit-log', '/app/payment-settings']) {
      await page.goto(baseUrl + p);
      const box = page.getByRole('alert').filter({ hasText: 'Not allowed' });
      await box.waitFor();
      expect(await box.getByText('Not allowed', { exact: true }).count()).toBe(1);
      expect(await box.getByText(/^Only the account owner can/).count()).toBe(1);
      expect(await box.getByRole('link', { name: 'Back to your overview' }).getAttribute('href')).toBe('/app/overview');
    }
    await noSidewaysScroll(page);
    await screenshot(page, `plain-words-not-allowed-${name}`);
    await page.getByRole('link', { name: 'Back to your overview' }).click();
    await page.waitForURL('**/app/overview');
    await page.goto(`${baseUrl}/app/payments/${failedId}`);
    await page.getByText('Wrong M-Pesa PIN').waitFor();
    expect(await page.getByRole('button', { name: /Show the full number/ }).count()).toBe(0);
    await page.close();
  });
});
