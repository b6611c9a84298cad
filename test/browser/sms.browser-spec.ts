import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { SmsSimulator } from '@wavu/sms-sim';
import { DEMO_SMS_APP, startSmsSimulator } from '@wavu/sms-sim';
import { MessageSender } from '../../apps/api/src/modules/notifications';
import type { ProviderFixture, Session } from '../factories';
import { createProvider, createStaff, createSuperAdmin } from '../factories';
import { launchChromium, logIn, openNav, screenshot } from '../setup/browser';
import { freePort } from '../setup/free-port';
import type { TestApp } from '../setup/test-app';
import { startTestApp } from '../setup/test-app';

const WEB_DIST = path.resolve(__dirname, '..', '..', 'apps', 'web', 'dist');
const SIZES = [
  { name: '1280', viewport: { width: 1280, height: 900 } },
  { name: '390', viewport: { width: 390, height: 844 } },
] as const;
const CALLBACK_TOKEN = 'sms-callback-token-for-the-browser-0001';
const OWN_APP = { username: 'mamanjeri', apiKey: 'own-at-api-key-for-browser', environment: 'production' as const, senderIds: ['MAMANJERI'], balanceMinor: 100_000 };

/**
 * The SMS screens (docs/sms.md §8, "Dashboard") against the whole API on a real port, texting
 * through the Africa's Talking simulator over HTTP, whose delivery reports come back to the API:
 * Settings → SMS, a test SMS, the message log refreshing itself until the report says delivered,
 * the owner's own AT app with its delivery-reports URL, a batch texted to phones.
 */
describe('SMS screens in Chromium (Africa’s Talking simulator over HTTP)', () => {
  jest.setTimeout(180_000);
  let t: TestApp;
  let sms: SmsSimulator;
  let browser: Browser;
  let baseUrl: string;
  let admin: Session;
  const owners: Record<string, ProviderFixture> = {};

  const row = async (sql: string, params: unknown[] = []) => (await t.dataSource.query(sql, params))[0];
  /** The queue's sender (its interval trigger is off in tests) hands what is due to the simulator; the simulator's reports come back. */
  const sendAndReport = async () => {
    await t.app.get(MessageSender).drainOnce();
    await sms.idle();
  };
  const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
  const newPage = async (viewport: { width: number; height: number }, who: { email: string; password: string }) => {
    const page = await browser.newPage({ viewport });
    await logIn(page, baseUrl, who);
    return page;
  };

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) throw new Error('apps/web/dist is missing: run `npm run build:web` (npm test does it)');
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    sms = await startSmsSimulator({
      apps: [{ ...DEMO_SMS_APP, deliveryReportUrl: `${baseUrl}/api/v1/webhooks/africastalking/${CALLBACK_TOKEN}/delivery-reports` }, OWN_APP],
      settings: { deliveryDelayMs: 20, callbackRetryBackoffMs: 50 },
    });
    t = await startTestApp({
      WEB_DIST_DIR: WEB_DIST,
      PUBLIC_URL: baseUrl,
      AT_BASE_URL: sms.url,
      AT_USERNAME: DEMO_SMS_APP.username,
      AT_API_KEY: DEMO_SMS_APP.apiKey,
      AT_SENDER_ID: 'WAVU',
      SMS_CALLBACK_TOKEN: CALLBACK_TOKEN,
    });
    await t.app.listen(port, '127.0.0.1');
    admin = await createSuperAdmin(t);
    for (const { name } of SIZES) owners[name] = await createProvider(t, admin);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await sms?.close();
  });

  it.each(SIZES)('at $name px: Settings → SMS in Kiswahili, a test SMS, the log shows it delivered', async ({ name, viewport }) => {
    const owner = owners[name];
    const page = await newPage(viewport, owner);
    await openNav(page, 'SMS');
    await page.getByRole('heading', { name: 'SMS settings', level: 1 }).waitFor();
    const form = page.getByRole('form', { name: 'SMS settings' });
    expect(await form.getByRole('radio', { name: /Wavu’s SMS account/ }).isChecked()).toBe(true);
    expect(await page.getByTestId('sms-allowance').textContent()).toBe('0 SMS this month (no cap on your plan)');

    await form.getByRole('radio', { name: 'Kiswahili' }).check();
    await form.getByText(/nambari yako ya WiFi ni K7M4QX2P/).waitFor();
    await form.getByRole('button', { name: 'Save settings' }).click();
    await form.getByText('SMS settings saved.').waitFor();
    expect(await row(`SELECT mode, locale, voucher_sms FROM provider_sms_settings WHERE provider_id = $1`, [owner.providerId])).toEqual({ mode: 'platform', locale: 'sw', voucher_sms: true });
    expect(await fitsWidth(page)).toBe(true);
    await screenshot(page, `sms-settings-${name}`);

    // a number that is not a Kenyan mobile is refused on the page and queues nothing
    const test = page.getByRole('form', { name: 'Send a test SMS' });
    await test.getByLabel('Phone number').fill('0200 123 456');
    await test.getByRole('button', { name: 'Send test SMS' }).click();
    await test.getByText('Enter a Kenyan mobile number such as 0712 345 678.').waitFor();
    expect(await row(`SELECT count(*)::int AS n FROM outbound_messages WHERE provider_id = $1 AND channel = 'sms'`, [owner.providerId])).toEqual({ n: 0 });

    const phone = name === '1280' ? '0700 111 280' : '0700 111 390';
    await test.getByLabel('Phone number').fill(phone);
    await test.getByRole('button', { name: 'Send test SMS' }).click();
    await test.getByText(/^Test SMS queued to 2547•+\d{3}$/).waitFor();
    await screenshot(page, `sms-test-queued-${name}`);

    // the log shows it queued, then (refreshing by itself) sent and delivered
    await test.getByRole('link', { name: 'Open the message log' }).click();
    await page.getByRole('heading', { name: 'SMS log', level: 1 }).waitFor();
    const first = page.getByTestId('sms-row').first();
    await first.getByText('Queued').waitFor();
    await sendAndReport();
    await first.getByText('Delivered', { exact: true }).waitFor({ timeout: 20_000 });
    expect(await first.locator('td[data-label="Kind"]').innerText()).toBe('Test');
    expect(await first.locator('td[data-label="Status"]').innerText()).toBe('Sent');
    expect(await first.locator('td[data-label="Text"]').innerText()).toMatch(/^Ujumbe wa majaribio kutoka Wavu kwa .+: SMS zinafanya kazi\.$/);
    expect(await first.locator('td[data-label="To"]').innerText()).toMatch(/^2547•+\d{3}$/);
    expect(await first.locator('td[data-label="Cost"]').innerText()).toContain('KES 0.80');
    await page
      .getByTestId('sms-usage-line')
      .getByText(/1 SMS, 1 part, KES 0\.80/)
      .waitFor();
    expect(await fitsWidth(page)).toBe(true);
    await screenshot(page, `sms-log-${name}`);

    // the phone got it, in Swahili, from the platform's sender
    const [received] = sms.listMessages({ to: `+254${phone.replace(/\D/g, '').slice(1)}` });
    expect(received).toMatchObject({ from: 'WAVU', segments: 1 });
    expect(received.text).toMatch(/^Ujumbe wa majaribio/);
    await page.close();
  });

  it('the owner switches to their own Africa’s Talking app, registers the delivery-reports URL and sees a failed delivery with its reason', async () => {
    const owner = await createProvider(t, admin);
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: baseUrl });
    const page = await context.newPage();
    await logIn(page, baseUrl, owner);
    await page.goto(`${baseUrl}/app/sms-settings`);
    const form = page.getByRole('form', { name: 'SMS settings' });
    await form.getByRole('radio', { name: /My own Africa’s Talking app/ }).check();

    // what is missing is said on the fields, and nothing is saved
    await form.getByLabel('Sender ID', { exact: true }).fill('MAMA-NJERI');
    await form.getByRole('button', { name: 'Save settings' }).click();
    await form.getByText('Enter the username of your Africa’s Talking app (“sandbox” for the sandbox).').waitFor();
    await form.getByText('Enter the API key of your Africa’s Talking app.').waitFor();
    await form.getByText('A sender ID is 1–11 letters or digits, as registered on your app.').waitFor();
    expect(await row(`SELECT mode FROM provider_sms_settings WHERE provider_id = $1`, [owner.providerId])).toEqual({ mode: 'platform' });
    await form.getByLabel('Username', { exact: true }).fill(OWN_APP.username);
    await form.getByLabel('API key', { exact: true }).fill(OWN_APP.apiKey);
    await form.getByLabel('Sender ID', { exact: true }).fill('MAMANJERI');
    await form.getByRole('button', { name: 'Save settings' }).click();
    await form.getByText('SMS settings saved.').waitFor();
    await form.getByTestId('sms-api-key').getByText('stored').waitFor();
    expect(await form.getByLabel('API key', { exact: true }).count()).toBe(0); // write-only: never shown again
    expect(await row(`SELECT mode, at_username, sender_id, at_api_key_sealed IS NOT NULL AS key FROM provider_sms_settings WHERE provider_id = $1`, [owner.providerId])).toEqual({
      mode: 'own',
      at_username: OWN_APP.username,
      sender_id: 'MAMANJERI',
      key: true,
    });

    // the delivery-reports URL, copied and "pasted into the AT dashboard" (registered on the simulated app)
    const url = await form.getByLabel('Delivery reports URL', { exact: true }).inputValue();
    expect(url).toMatch(new RegExp(`^${baseUrl}/api/v1/webhooks/africastalking/[A-Za-z0-9_-]{16,}/delivery-reports$`));
    await form.getByRole('button', { name: 'Copy delivery reports url' }).click();
    await form.getByText('Copied.').waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(url);
    sms.setDeliveryReportUrl(OWN_APP.username, url);
    await screenshot(page, `sms-own-app-1280`);

    // a phone that is switched off: sent from the own app, the report says why it did not arrive
    const test = page.getByRole('form', { name: 'Send a test SMS' });
    await test.getByLabel('Phone number').fill('0700 009 002');
    await test.getByRole('button', { name: 'Send test SMS' }).click();
    await test.getByText(/^Test SMS queued to/).waitFor();
    await sendAndReport();
    await page.goto(`${baseUrl}/app/sms-log?delivery=failed`);
    const first = page.getByTestId('sms-row').first();
    await first.getByText('Not delivered').waitFor();
    expect(await first.locator('td[data-label="Delivery"]').innerText()).toContain('Failed: AbsentSubscriber');
    expect(await first.locator('td[data-label="Cost"]').innerText()).toContain('your app');
    expect(sms.listMessages({ to: '+254700009002' })[0]).toMatchObject({ from: 'MAMANJERI' });
    // the delivered filter does not list it
    await page.getByLabel('Delivery', { exact: true }).selectOption('delivered');
    await page.getByText('No SMS match these filters').waitFor();
    await screenshot(page, `sms-log-filtered-1280`);
    await context.close();
  });

  it('staff read the SMS log but not the settings', async () => {
    const staff = await createStaff(t, owners['1280'].owner);
    const page = await newPage({ width: 390, height: 844 }, staff);
    await openNav(page, 'SMS log');
    await page.getByTestId('sms-row').first().waitFor();
    // the menu offers the log, not the owner's settings
    await page.getByRole('button', { name: 'Menu' }).click();
    const nav = page.getByRole('navigation', { name: 'Main' });
    await nav.getByRole('link', { name: 'SMS log', exact: true }).waitFor();
    expect(await nav.getByRole('link', { name: 'SMS', exact: true }).count()).toBe(0);
    await page.goto(`${baseUrl}/app/sms-settings`);
    await page.getByText('Only the account owner can view or change the SMS settings.', { exact: false }).waitFor();
    await page.close();
  });

  it('at 390 px a batch is texted to pasted phone numbers, and the batch points to its texts', async () => {
    const owner = owners['390'];
    await t.http().post('/api/v1/routers').set(owner.owner.auth).send({ name: 'Kiosk', host: '127.0.0.1', apiPort: 1, useTls: false, username: 'admin', password: 'router-pw' }).expect(201);
    await t.http().post('/api/v1/plans').set(owner.owner.auth).send({ name: '1 day', price: 50, kind: 'unlimited', validitySeconds: 86400 }).expect(201);
    const page = await newPage({ width: 390, height: 844 }, owner);
    await page.goto(`${baseUrl}/app/vouchers/generate`);
    await page.getByLabel('Plan', { exact: true }).selectOption({ label: '1 day — KES 50' });
    const box = page.getByLabel('Text each code to a phone');
    await box.fill('0711 000 001\n0711 000 002, 0200 123 456\n0711000001');
    const summary = page.getByTestId('phone-summary');
    await summary.getByText('2 numbers read: 2 vouchers, one texted to each.').waitFor();
    expect(await summary.locator('li').allInnerTexts()).toEqual(['Line 2: “0200 123 456” is not a Kenyan mobile number', 'Line 3: “0711000001” is already in the list']);
    expect(await page.getByLabel('Quantity', { exact: true }).inputValue()).toBe('2');
    await page.getByLabel('Put the codes on the router now').uncheck();
    await page.getByRole('button', { name: 'Generate vouchers' }).click();
    await page.getByText('Fix or remove the 2 entries listed below the box.').waitFor();
    expect(await row(`SELECT count(*)::int AS n FROM voucher_batches WHERE provider_id = $1`, [owner.providerId])).toEqual({ n: 0 });
    expect(await fitsWidth(page)).toBe(true);
    await screenshot(page, 'sms-batch-phones-390');

    await box.fill('0711 000 001\n0711 000 002, 0711 000 003');
    expect(await page.getByLabel('Quantity', { exact: true }).inputValue()).toBe('3');
    await page.getByRole('button', { name: 'Generate vouchers' }).click();
    await page.getByTestId('batch-sms').getByText('3 codes texted').waitFor({ timeout: 20_000 });
    await sendAndReport();
    await page.getByRole('link', { name: 'see the SMS log' }).click();
    await page.waitForURL((u) => u.pathname === '/app/sms-log' && u.searchParams.get('template') === 'voucher_batch');
    const rows = page.getByTestId('sms-row');
    await rows.nth(2).waitFor();
    await page.waitForFunction(() => Array.from(document.querySelectorAll('[data-testid="sms-row"] td[data-label="Delivery"]')).every((td) => td.textContent?.includes('Delivered')), undefined, {
      timeout: 20_000,
    });
    expect(await page.locator('td[data-label="Kind"]').allInnerTexts()).toEqual(['Batch code', 'Batch code', 'Batch code']);
    expect(await fitsWidth(page)).toBe(true);
    await screenshot(page, 'sms-batch-log-390');

    // from a texted voucher to its own texts
    await rows.first().getByRole('link', { name: 'Open voucher' }).click();
    await page.getByRole('link', { name: 'SMS sent for this voucher' }).click();
    await page.getByText('The texts of one voucher.').waitFor();
    await page.waitForURL((u) => u.searchParams.has('voucherId'));
    await rows.first().waitFor();
    expect(await rows.count()).toBe(1);
    await page.close();
  });
});
