import type { DarajaSimulator } from '@wavu/daraja-sim';
import { DEMO_APP, startDarajaSimulator } from '@wavu/daraja-sim';
import type { HotspotHttp, SimRouter } from '@wavu/routeros-sim';
import type { SmsSimulator } from '@wavu/sms-sim';
import { DEMO_SMS_APP, startSmsSimulator } from '@wavu/sms-sim';
import type { Sandbox } from '@wavu/sandbox';
import { startSandbox } from '@wavu/sandbox';
import * as fs from 'node:fs';

import * as path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { hotspotFiles } from '../../apps/api/src/modules/routers/setup-kit/hotspot-html';
import type { ProviderFixture } from '../factories';
import { createProvider, createSuperAdmin } from '../factories';
import { launchChromium, screenshot } from '../setup/browser';
import type { TestApp } from '../setup/test-app';
import { startTestApp } from '../setup/test-app';
import { freePort } from '../setup/free-port';

const WEB_DIST = path.resolve(__dirname, '..', '..', 'apps', 'web', 'dist');
const DNS = 'wifi.hotspot.lan';
const ORIGINAL = 'http://news.example.test/today?from=hotspot';

/**
 * The customer's journey in Chromium, `npm start`-style: the API (jobs on, so the outbox
 * pushes vouchers to the router), a simulated router serving the setup kit's login.html on its
 * hotspot HTTP side, and the Daraja simulator's phone. A browser context whose proxy is the
 * device's proxy port on the simulated router *is* that hotspot client (see
 * libs/routeros-sim/src/hotspot-http.ts): it asks for any web page, gets the router's login
 * page, which sends it to the portal; the portal logs it in by navigating to link-login-only.
 */
describe('captive portal in Chromium', () => {
  jest.setTimeout(120_000);
  let t: TestApp;
  let daraja: DarajaSimulator;
  let sms: SmsSimulator;
  let sandbox: Sandbox;
  let sim: SimRouter;
  let hotspot: HotspotHttp;
  let browser: Browser;
  let baseUrl: string;
  let provider: ProviderFixture;
  let routerId: string;
  let planId: string;
  let deviceSeq = 0;
  const contexts: BrowserContext[] = [];

  /** A new hotspot client: its own MAC/IP on the simulated router, and a browser context behind it. */
  async function device(): Promise<{ page: Page; mac: string; ip: string }> {
    deviceSeq++;
    const mac = `02:AA:00:00:00:${String(deviceSeq).padStart(2, '0')}`;
    const ip = `10.5.50.${100 + deviceSeq}`;
    const d = await hotspot.openDevice({ mac, ip });
    const context = await browser.newContext({ proxy: { server: d.proxyUrl }, viewport: { width: 390, height: 780 }, isMobile: true });
    contexts.push(context);
    return { page: await context.newPage(), mac, ip };
  }

  const activeFor = (mac: string) => sim.state.hotspot.active.all().find((a) => a['mac-address'] === mac);

  /** Opens a web page as an unauthenticated client and follows the router's login page to the portal. */
  async function landOnPortal(page: Page): Promise<void> {
    await page.goto(ORIGINAL);
    await page.waitForURL((url) => url.pathname === `/portal/${routerId}`);
    const url = new URL(page.url());
    expect(url.searchParams.get('link-login-only')).toBe(`http://${DNS}/login`);
    expect(url.searchParams.get('link-orig')).toBe(ORIGINAL);
    await page.getByRole('heading', { name: 'Choose a package' }).waitFor();
  }

  async function buy(page: Page, phone: string): Promise<void> {
    await page.getByRole('button', { name: '1 hour, KES 20' }).click();
    await page.getByLabel('M-Pesa phone number').fill(phone);
    await page.getByRole('button', { name: 'Pay KES 20 with M-Pesa' }).click();
    await page.getByTestId('progress').waitFor();
  }

  /** Waits until the simulated phone has the push, then acts on it. */
  async function onPhone(phone: string, act: (id: string) => void): Promise<void> {
    for (let i = 0; i < 100; i++) {
      const push = daraja.listPushes({ status: 'pending', phoneNumber: phone })[0];
      if (push) return act(push.checkoutRequestId);
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`no push reached ${phone}: ${JSON.stringify(daraja.listPushes().map((p) => [p.phoneNumber, p.status]))}`);
  }

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, 'portal.html'))) throw new Error('apps/web/dist/portal.html is missing: run `npm run build:web` (npm test does it)');
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    daraja = await startDarajaSimulator({ apps: [DEMO_APP], phone: { defaultAction: 'manual', manualTimeoutMs: 90_000 } });
    const smsToken = 'captive-browser-sms-callback-token-01';
    sms = await startSmsSimulator({ apps: [{ ...DEMO_SMS_APP, deliveryReportUrl: `${baseUrl}/api/v1/webhooks/africastalking/${smsToken}/delivery-reports` }], settings: { deliveryDelayMs: 50 } });
    sandbox = await startSandbox({ routers: 1, routerPassword: 'router-pw' });
    sim = sandbox.routers[0];
    t = await startTestApp({
      WEB_DIST_DIR: WEB_DIST,
      PUBLIC_URL: baseUrl,
      DARAJA_BASE_URL: daraja.url,
      DARAJA_CALLBACK_BASE_URL: baseUrl,
      AT_BASE_URL: sms.url,
      SMS_CALLBACK_TOKEN: smsToken,
      OUTBOX_INTERVAL_MS: '200',
      JOBS_ENABLED: 'true',
      ROUTER_OUTBOX_INTERVAL_MS: '200',
    });
    await t.app.listen(port, '127.0.0.1');
    const admin = await createSuperAdmin(t);
    provider = await createProvider(t, admin);
    const api = () => t.http();
    routerId = (
      await api()
        .post('/api/v1/routers')
        .set(provider.owner.auth)
        .send({ name: 'Kawangware kiosk', host: '127.0.0.1', apiPort: sim.port, useTls: false, username: 'admin', password: 'router-pw', hotspotDnsName: DNS })
        .expect(201)
    ).body.id;
    planId = (await api().post('/api/v1/plans').set(provider.owner.auth).send({ name: '1 hour', price: 20, kind: 'time', uptimeLimitSeconds: 3600, downloadRate: '5M', uploadRate: '2M' }).expect(201))
      .body.id;
    await api().put('/api/v1/provider/branding').set(provider.owner.auth).send({ brandName: 'Mama Njeri WiFi', accentColor: '#7A1FA2' }).expect(200);
    // the router as the setup kit leaves it: its login.html, and the portal host in the walled garden
    hotspot = await sim.startHotspotHttp({ dnsName: DNS, files: hotspotFiles(baseUrl, routerId, { name: 'Mama Njeri WiFi', accentColor: '#7A1FA2' }) });
    sim.state.hotspot.walledGarden.add({ 'dst-host': '127.0.0.1', action: 'allow', comment: 'wavu portal', disabled: 'false' });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await daraja?.close();
    await sms?.close();
    for (const c of contexts) await c.close().catch(() => undefined);
    await browser?.close();
    await t?.close();
    await sandbox?.stop();
  }, 60_000);

  it('buys a plan with M-Pesa, shows the code, logs the device in on the router and continues to the original page', async () => {
    const { page, mac, ip } = await device();
    await landOnPortal(page);
    await page.getByRole('heading', { name: 'Mama Njeri WiFi' }).waitFor();
    await screenshot(page, 'captive-01-plans');
    await page.getByRole('button', { name: '1 hour, KES 20' }).click();
    await page.getByLabel('M-Pesa phone number').fill('0812 345 678');
    await page.getByRole('button', { name: 'Pay KES 20 with M-Pesa' }).click();
    expect(await page.getByRole('alert').or(page.locator('#phone-error')).first().textContent()).toContain('Safaricom number');
    await page.getByLabel('M-Pesa phone number').fill('0712 400 011');
    await page.getByRole('button', { name: 'Pay KES 20 with M-Pesa' }).click();
    await page.getByTestId('countdown').waitFor();
    await screenshot(page, 'captive-02-waiting-for-pin');
    await onPhone('254712400011', (id) => daraja.approve(id));
    const code = await page.getByTestId('voucher-code').textContent();
    expect(code).toMatch(/^[A-Z0-9]{6,}$/);
    await screenshot(page, 'captive-03-paid-code');
    await page.waitForURL(ORIGINAL, { timeout: 30_000 });
    await page.locator('[data-sim-internet]').waitFor();
    expect(activeFor(mac)).toMatchObject({ user: code, address: ip, 'mac-address': mac });
    await screenshot(page, 'captive-04-online-original-page');
  });

  it('shows the cancel message with a retry, then succeeds on the retry', async () => {
    const { page, mac } = await device();
    await landOnPortal(page);
    await page.getByRole('button', { name: 'Kiswahili' }).click();
    await page.getByRole('heading', { name: 'Chagua kifurushi' }).waitFor();
    await page.getByRole('button', { name: 'English' }).click();
    await buy(page, '0712 400 002');
    await onPhone('254712400002', (id) => daraja.cancel(id));
    await page.getByTestId('failed').waitFor();
    expect(await page.getByTestId('failed').getAttribute('data-result-code')).toBe('1032');
    expect(await page.getByRole('alert').textContent()).toBe('You cancelled the M-Pesa request. Nothing was charged.');
    await screenshot(page, 'captive-05-cancelled');
    await page.getByRole('button', { name: 'Try again' }).click();
    await page.getByTestId('progress').waitFor();
    await onPhone('254712400002', (id) => daraja.approve(id));
    const code = await page.getByTestId('voucher-code').textContent();
    await page.waitForURL(ORIGINAL, { timeout: 30_000 });
    expect(activeFor(mac)).toMatchObject({ user: code });
    await screenshot(page, 'captive-06-retry-online');
  });

  it('a phone with a payment request still open: another device is told to finish it or wait, and never gets that purchase', async () => {
    const first = await device();
    await landOnPortal(first.page);
    await buy(first.page, '0712 400 003');
    await onPhone('254712400003', () => undefined); // on the phone, not answered yet
    const second = await device();
    await landOnPortal(second.page);
    await second.page.getByRole('button', { name: '1 hour, KES 20' }).click();
    await second.page.getByLabel('M-Pesa phone number').fill('0712 400 003');
    await second.page.getByRole('button', { name: 'Pay KES 20 with M-Pesa' }).click();
    await second.page.getByText('A payment request is already open on this phone').waitFor();
    expect(await second.page.locator('#phone-error').textContent()).toMatch(/^A payment request is already open on this phone\. Finish it on the phone, or wait \d+ s and try again\.$/);
    expect(await second.page.getByTestId('progress').count()).toBe(0);
    expect(daraja.listPushes({ phoneNumber: '254712400003' })).toHaveLength(1);
    await screenshot(second.page, 'captive-21-payment-open-390');
    // the device that started it goes on to the end
    daraja.approve('254712400003');
    await first.page.waitForURL(ORIGINAL, { timeout: 30_000 });
    expect(activeFor(first.mac)).toMatchObject({ 'mac-address': first.mac });
    expect(activeFor(second.mac)).toBeUndefined();
  });

  it('logs in with a printed voucher code', async () => {
    const api = () => t.http();
    const batch = (await api().post('/api/v1/voucher-batches').set(provider.owner.auth).send({ planId, quantity: 3, pushToRouter: true }).expect(202)).body;
    let code = '';
    for (let i = 0; i < 200 && !(code && sim.state.hotspot.findUser(code)); i++) {
      const csv = await api().get(`/api/v1/voucher-batches/${batch.id}/vouchers.csv`).set(provider.owner.auth);
      if (csv.status === 200) code = csv.text.trim().split('\n')[1].split(',')[0].replace(/"/g, '');
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(sim.state.hotspot.findUser(code)).toBeDefined();
    const { page, mac } = await device();
    await landOnPortal(page);
    await page.getByRole('button', { name: 'I have a voucher' }).click();
    await page.getByLabel('Voucher code').fill('NOTACODE');
    await page.getByRole('button', { name: 'Connect with voucher' }).click();
    await page.getByText('This code is not valid on this hotspot').waitFor();
    expect(activeFor(mac)).toBeUndefined();
    await page.getByLabel('Voucher code').fill(code.toLowerCase());
    await screenshot(page, 'captive-07-voucher');
    await page.getByRole('button', { name: 'Connect with voucher' }).click();
    await page.waitForURL(ORIGINAL, { timeout: 30_000 });
    expect(activeFor(mac)).toMatchObject({ user: code });
    await screenshot(page, 'captive-08-voucher-online');
  });

  it('recovers a purchase by its M-Pesa receipt number', async () => {
    const [paid] = await t.dataSource.query(`SELECT receipt, voucher_id FROM payments WHERE status = 'paid' AND receipt IS NOT NULL ORDER BY created_at LIMIT 1`);
    const [voucher] = await t.dataSource.query(`SELECT code FROM vouchers WHERE id = $1`, [paid.voucher_id]);
    const { page } = await device();
    await landOnPortal(page);
    await page.getByRole('button', { name: 'Recover my purchase' }).click();
    await page.getByLabel('M-Pesa code from the SMS (e.g. NLJ7RT61SV)').fill('ZZZZZZZZZZ');
    await page.getByRole('button', { name: 'Find my purchase' }).click();
    await page.getByText('No purchase found').waitFor();
    await page.getByLabel('M-Pesa code from the SMS (e.g. NLJ7RT61SV)').fill(paid.receipt.toLowerCase());
    await page.getByRole('button', { name: 'Find my purchase' }).click();
    const shown = page.getByTestId('recovered').getByTestId('voucher-code');
    await shown.waitFor();
    expect(await shown.textContent()).toBe(voucher.code);
    // the receipt is shown masked, never in full
    const recovered = (await page.getByTestId('recovered').textContent()) ?? '';
    expect(recovered).toContain(`••••••${paid.receipt.slice(-4)}`);
    expect(recovered).not.toContain(paid.receipt);
    await screenshot(page, 'captive-09-recovered');
  });

  it('recovers by phone only on the device that paid; another device is told to use the M-Pesa code', async () => {
    // the first test's purchase: device 02:AA:00:00:00:01 paid from 0712 400 011
    const [paid] = await t.dataSource.query(
      `SELECT p.voucher_id, pp.client_mac FROM payments p JOIN portal_purchases pp ON pp.payment_id = p.id WHERE p.status = 'paid' AND p.phone = '254712400011' ORDER BY p.created_at LIMIT 1`,
    );
    expect(paid.client_mac).toBe('02:AA:00:00:00:01');
    const [voucher] = await t.dataSource.query(`SELECT code FROM vouchers WHERE id = $1`, [paid.voucher_id]);
    const today = new Date(Date.now() + 3 * 3600_000).toISOString().slice(0, 10);
    const byPhone = async (page: Page) => {
      await page.getByRole('button', { name: 'Recover my purchase' }).click();
      await page.getByRole('button', { name: 'No SMS? Use the phone, amount and day instead' }).click();
      await page.getByTestId('this-device-only').waitFor();
      await page.getByLabel('M-Pesa phone number').fill('0712 400 011');
      await page.getByLabel('Amount paid (KES)').fill('20');
      await page.getByLabel('Day of payment').fill(today);
      await page.getByRole('button', { name: 'Find my purchase' }).click();
    };
    // someone else who knows the number, the price and the day
    const other = await device();
    await landOnPortal(other.page);
    await byPhone(other.page);
    await other.page.getByText('No purchase found').waitFor();
    expect(await other.page.getByTestId('recovered').textContent()).not.toContain(voucher.code);
    await screenshot(other.page, 'captive-16-recover-phone-other-device-390');
    // the device that paid (the router's link names it)
    const { page } = await device();
    await page.goto(`${baseUrl}/portal/${routerId}?mac=02%3AAA%3A00%3A00%3A00%3A01&ip=10.5.50.101&link-login-only=${encodeURIComponent(`http://${DNS}/login`)}`);
    await byPhone(page);
    const shown = page.getByTestId('recovered').getByTestId('voucher-code');
    await shown.waitFor();
    expect(await shown.textContent()).toBe(voucher.code);
    await screenshot(page, 'captive-17-recover-phone-same-device-390');
    await page.setViewportSize({ width: 1280, height: 800 });
    await screenshot(page, 'captive-18-recover-phone-same-device-1280');
  });

  it('recovers by phone by SMS from any device: the code arrives in the simulated phone inbox, never on the page', async () => {
    // the first test's purchase, paid from 0712 400 011; this is another device
    const [paid] = await t.dataSource.query(`SELECT v.code FROM payments p JOIN vouchers v ON v.id = p.voucher_id WHERE p.status = 'paid' AND p.phone = '254712400011' ORDER BY p.created_at LIMIT 1`);
    const { page } = await device();
    await landOnPortal(page);
    await page.getByRole('button', { name: 'Recover my purchase' }).click();
    await page.getByRole('button', { name: 'Get my code by SMS' }).click();
    await page.getByLabel('M-Pesa phone number').fill('0712 400 011');
    await screenshot(page, 'captive-22-recover-by-sms');
    await page.getByRole('button', { name: 'Text me my code' }).click();
    await page.getByTestId('sms-sent').waitFor();
    expect(await page.getByTestId('sms-sent').textContent()).toBe('If this number bought WiFi here in the last 7 days, its code is on its way by SMS. It can take a minute.');
    expect(await page.content()).not.toContain(paid.code);
    await screenshot(page, 'captive-23-recover-by-sms-sent');

    // the phone's inbox (the page the demo prints in its start banner)
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 } });
    try {
      for (let i = 0; i < 200 && !sms.listMessages({ to: '0712400011' }).some((m) => m.text.includes('you bought')); i++) await new Promise((r) => setTimeout(r, 50));
      await phone.goto(`${sms.phoneUrl}?number=0712400011`);
      const recovery = phone.getByText(`Mama Njeri WiFi: the WiFi code you bought is ${paid.code} (1 hour).`);
      await recovery.waitFor();
      // the code after the purchase came first, by SMS too
      await phone.getByText(`Mama Njeri WiFi: your WiFi code is ${paid.code} (1 hour).`, { exact: false }).waitFor();
      await screenshot(phone, 'captive-24-sms-inbox-390');
    } finally {
      await phone.close();
    }
  });

  it('a portal link whose login URL is another host is refused: the page never posts to it; a good link posts to the router', async () => {
    const { page } = await device();
    const foreign: string[] = [];
    page.on('request', (r) => {
      if (new URL(r.url()).hostname.endsWith('evil.example')) foreign.push(r.url());
    });
    const link = (login: string) =>
      `${baseUrl}/portal/${routerId}?mac=02%3AAA%3A00%3A00%3A00%3A42&ip=10.5.50.142&link-login-only=${encodeURIComponent(login)}&link-orig=${encodeURIComponent(ORIGINAL)}`;
    const res = await page.goto(link('http://evil.example/login'));
    expect(res?.status()).toBe(400);
    await page.getByRole('heading', { name: 'This WiFi login link is not complete' }).waitFor();
    expect(await page.locator('form').count()).toBe(0);
    expect(await page.locator('[action*="evil"], [href*="evil"], [src*="evil"]').count()).toBe(0);
    await screenshot(page, 'captive-19-foreign-login-link-390');
    // the router's own link: the voucher form's action and every login go to the router
    await page.goto(link(`http://${DNS}/login`));
    await page.getByRole('button', { name: 'I have a voucher' }).click();
    const action = await page.locator('form').getAttribute('action');
    expect(new URL(action!).hostname).toBe(DNS);
    await page.getByLabel('Voucher code').fill('NOTACODE');
    await page.getByRole('button', { name: 'Connect with voucher' }).click();
    await page.getByText('This code is not valid on this hotspot').waitFor();
    await page.setViewportSize({ width: 1280, height: 800 });
    await screenshot(page, 'captive-20-voucher-1280');
    expect(foreign).toEqual([]);
  });

  /** Codes of a new batch, once the router has them. */
  async function pushedCodes(quantity: number): Promise<string[]> {
    const api = () => t.http();
    const batch = (await api().post('/api/v1/voucher-batches').set(provider.owner.auth).send({ planId, quantity, pushToRouter: true }).expect(202)).body;
    let codes: string[] = [];
    for (let i = 0; i < 200 && !(codes.length === quantity && codes.every((c) => sim.state.hotspot.findUser(c))); i++) {
      const csv = await api().get(`/api/v1/voucher-batches/${batch.id}/vouchers.csv`).set(provider.owner.auth);
      if (csv.status === 200)
        codes = csv.text
          .trim()
          .split('\n')
          .slice(1)
          .map((l) => l.split(',')[0].replace(/"/g, ''));
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(codes.filter((c) => sim.state.hotspot.findUser(c))).toHaveLength(quantity);
    return codes;
  }

  it('a login the router refuses is explained at once in Swahili, with the branding, not after a 25 s wait', async () => {
    const [code] = await pushedCodes(1);
    // the code is already in use on another device, and its package allows one
    expect(sim.state.hotspot.login({ user: code, password: code, ip: '10.5.50.240', mac: '02:AA:00:00:00:F0' }).ok).toBe(true);
    const { page, mac } = await device();
    await landOnPortal(page);
    await page.getByRole('button', { name: 'Kiswahili' }).click();
    await page.getByRole('button', { name: 'Nina vocha' }).click();
    await page.getByLabel('Nambari ya vocha').fill(code);
    const started = Date.now();
    await page.getByRole('button', { name: 'Unganisha kwa vocha' }).click();
    const failed = page.getByTestId('login-failed');
    await failed.waitFor({ timeout: 10_000 });
    const elapsed = Date.now() - started;
    expect(elapsed).toBeLessThan(6_000);
    expect(await failed.getAttribute('data-kind')).toBe('session_limit');
    expect(await page.getByRole('alert').textContent()).toBe(
      'Nambari hii tayari imeunganishwa kwenye vifaa vingi kadri kifurushi kinavyoruhusu. Ondoka kwenye kifaa kingine, au subiri dakika chache baada ya kuondoka kwenye WiFi, kisha jaribu tena.',
    );
    const shown = (await page.locator('body').textContent()) ?? '';
    expect(shown).not.toMatch(/no more sessions|allowed for user|Hotspot imesema/i);
    expect(await page.getByTestId('router-said').count()).toBe(0);
    await page.getByRole('heading', { name: 'Imeshindwa kuunganisha' }).waitFor();
    // branding stays: the provider's name in the header and its colour on the page
    expect(await page.locator('header h1').textContent()).toBe('Mama Njeri WiFi');
    expect(await page.evaluate(() => getComputedStyle(document.documentElement).getPropertyValue('--accent').trim().toUpperCase())).toBe('#7A1FA2');
    expect(activeFor(mac)).toBeUndefined();
    await screenshot(page, 'captive-10-refused-sw-390');
    await page.setViewportSize({ width: 1280, height: 800 });
    await screenshot(page, 'captive-11-refused-sw-1280');
    // in English the same refusal, in the portal's own words only (the router's text comes from the link)
    await page.getByRole('button', { name: 'English' }).click();
    expect(await page.getByRole('alert').textContent()).toContain('already connected on as many devices as its package allows');
    expect((await page.locator('body').textContent()) ?? '').not.toContain('no more sessions are allowed');
    await screenshot(page, 'captive-12-refused-en-1280');
  });

  it("a good code missing on the router is put back before the login, which then succeeds; the router's status and logout pages are branded and bilingual", async () => {
    const [code] = await pushedCodes(1);
    sim.state.hotspot.removeUserByName(code);
    const { page, mac } = await device();
    await landOnPortal(page);
    await page.getByRole('button', { name: 'I have a voucher' }).click();
    await page.getByLabel('Voucher code').fill(code);
    await page.getByRole('button', { name: 'Connect with voucher' }).click();
    await page.waitForURL(ORIGINAL, { timeout: 15_000 });
    expect(activeFor(mac)).toMatchObject({ user: code });
    await page.goto(`http://${DNS}/status`);
    await page.getByText('You are online').waitFor();
    const status = (await page.locator('body').textContent()) ?? '';
    for (const words of ['Mama Njeri WiFi', 'Umeunganishwa kwenye intaneti', 'Time left', 'Muda uliobaki', code, 'Log out', 'Ondoka']) expect([words, status.includes(words)]).toEqual([words, true]);
    await screenshot(page, 'captive-13-router-status-390');
    await page.getByRole('link', { name: /Log out/ }).click();
    await page.getByText('You are logged out').waitFor();
    expect(await page.locator('body').textContent()).toContain('Umetoka kwenye intaneti');
    expect(activeFor(mac)).toBeUndefined();
    await screenshot(page, 'captive-14-router-logout-390');
  });

  it('a bad portal link shows a page in English and Swahili, not JSON', async () => {
    const { page } = await device();
    const res = await page.goto(`${baseUrl}/portal/not-a-router?mac=zz`);
    expect(res?.status()).toBe(400);
    expect(res?.headers()['content-type']).toMatch(/^text\/html/);
    await page.getByRole('heading', { name: 'This WiFi login link is not complete' }).waitFor();
    expect(await page.getByRole('heading').allTextContents()).toEqual(expect.arrayContaining(['This WiFi login link is not complete', 'Kiungo hiki cha kuingia kwenye WiFi hakijakamilika']));
    expect(await page.getByRole('heading', { name: 'Kiungo hiki cha kuingia kwenye WiFi hakijakamilika' }).isVisible()).toBe(true);
    expect((await page.locator('body').innerText()).trim()).not.toMatch(/^[{[]/);
    await screenshot(page, 'captive-15-bad-link-390');
  });
});
