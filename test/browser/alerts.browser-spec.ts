import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import type { ProviderFixture, Session, StaffFixture } from '../factories';
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

/** The Alerts card on the Account page (docs/alerts.md "Preferences"): an owner's and a staff member's choices. */
describe('alert settings in Chromium', () => {
  jest.setTimeout(180_000);
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;
  let admin: Session & { email: string; password: string };
  const owners: Record<string, ProviderFixture> = {};
  const staff: Record<string, StaffFixture> = {};

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) throw new Error('apps/web/dist is missing: run `npm run build:web` (npm test does it)');
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    t = await startTestApp({ WEB_DIST_DIR: WEB_DIST, PUBLIC_URL: baseUrl });
    await t.app.listen(port, '127.0.0.1');
    admin = await createSuperAdmin(t);
    for (const { name } of SIZES) {
      owners[name] = await createProvider(t, admin);
      staff[name] = await createStaff(t, owners[name].owner);
    }
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it.each(SIZES)('at $name px: the owner adds a mobile number, chooses SMS and Swahili, and turns payments off', async ({ name, viewport }) => {
    const owner = owners[name];
    const page = await browser.newPage({ viewport });
    const fitsWidth = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
    await logIn(page, baseUrl, owner);
    await openNav(page, 'Account');
    const card = page.getByRole('region', { name: 'Alerts' });
    await card.getByRole('button', { name: 'Save alert settings' }).waitFor();
    // the owner's defaults: every category by e-mail, no SMS
    for (const category of ['Router offline or back', 'Router change failed', 'Payment needs attention', 'Subscription ending']) {
      expect(await card.getByRole('checkbox', { name: `${category}: E-mail` }).isChecked()).toBe(true);
      expect(await card.getByRole('checkbox', { name: `${category}: SMS` }).isChecked()).toBe(false);
    }
    expect(await card.getByText('A router that has not answered for more than 5 minutes, and again when it is back.').isVisible()).toBe(true);
    expect(await fitsWidth()).toBe(true);
    await screenshot(page, `alerts-settings-${name}`);

    // SMS without a number: said under the number, nothing saved
    await card.getByRole('checkbox', { name: 'Router offline or back: SMS' }).check();
    await card.getByRole('button', { name: 'Save alert settings' }).click();
    await card.getByText('Add your mobile number to get SMS alerts, or untick SMS.').waitFor();
    expect(await card.getByLabel('Mobile number for SMS').getAttribute('aria-invalid')).toBe('true');
    await screenshot(page, `alerts-settings-needs-phone-${name}`);
    expect((await t.http().get('/api/v1/auth/me/alert-preferences').set(owner.owner.auth).expect(200)).body.saved).toBe(false);

    // a number the API refuses comes back under the field
    await card.getByLabel('Mobile number for SMS').fill('0812 345 678');
    await card.getByRole('button', { name: 'Save alert settings' }).click();
    await card.getByText('Phone must be a Kenyan mobile number such as 0712 345 678.').waitFor();

    await card.getByLabel('Mobile number for SMS').fill('0712 345 678');
    await card.getByLabel('Language of alerts').selectOption('sw');
    await card.getByRole('checkbox', { name: 'Payment needs attention: E-mail' }).uncheck();
    await card.getByRole('button', { name: 'Save alert settings' }).click();
    await card.getByText('Alert settings saved.').waitFor();
    expect(await fitsWidth()).toBe(true);
    await screenshot(page, `alerts-settings-saved-${name}`);
    const saved = (await t.http().get('/api/v1/auth/me/alert-preferences').set(owner.owner.auth).expect(200)).body;
    expect(saved).toMatchObject({
      language: 'sw',
      phone: '+254712345678',
      saved: true,
      categories: { router: { email: true, sms: true }, provisioning: { email: true, sms: false }, payments: { email: false, sms: false }, subscription: { email: true, sms: false } },
    });
    await page.getByRole('region', { name: 'Your login' }).getByText('+254 712 345 678').waitFor();

    expect(await card.getByLabel('Mobile number for SMS').inputValue()).toBe('+254 712 345 678');
    // the alert e-mails' settings link opens the card in view, with what was saved
    await page.goto(`${baseUrl}/app/overview`);
    await page.goto(`${baseUrl}/app/account#alerts`);
    await card.getByRole('button', { name: 'Save alert settings' }).waitFor();
    expect(await card.getByRole('checkbox', { name: 'Router offline or back: SMS' }).isChecked()).toBe(true);
    expect(await card.getByLabel('Language of alerts').inputValue()).toBe('sw');
    expect(await card.getByLabel('Mobile number for SMS').inputValue()).toBe('+254 712 345 678');
    expect(await page.evaluate(() => document.getElementById('alerts')!.getBoundingClientRect().top)).toBeLessThan(viewport.height);
    await page.close();
  });

  it.each(SIZES)('at $name px: staff opt in to what they may receive (no subscription)', async ({ name, viewport }) => {
    const member = staff[name];
    const page = await browser.newPage({ viewport });
    await logIn(page, baseUrl, member);
    await page.goto(`${baseUrl}/app/account`);
    const card = page.getByRole('region', { name: 'Alerts' });
    await card.getByRole('button', { name: 'Save alert settings' }).waitFor();
    expect(await card.getByRole('checkbox').count()).toBe(6);
    expect(await card.getByText('Subscription ending').count()).toBe(0);
    expect(await card.getByText('Your business owner gets these alerts whatever you choose here.').isVisible()).toBe(true);
    await card.getByRole('checkbox', { name: 'Router offline or back: E-mail' }).check();
    await card.getByRole('button', { name: 'Save alert settings' }).click();
    await card.getByText('Alert settings saved.').waitFor();
    await screenshot(page, `alerts-settings-staff-${name}`);
    const saved = (await t.http().get('/api/v1/auth/me/alert-preferences').set(member.auth).expect(200)).body;
    expect(saved.categories).toEqual({
      router: { email: true, sms: false },
      provisioning: { email: false, sms: false },
      payments: { email: false, sms: false },
      subscription: { email: false, sms: false },
    });
    await page.close();
  });

  it('shows no alerts to the super admin', async () => {
    const page = await browser.newPage({ viewport: SIZES[0].viewport });
    await logIn(page, baseUrl, { email: admin.email, password: admin.password });
    await page.goto(`${baseUrl}/app/account`);
    await page.getByRole('button', { name: 'Change password' }).waitFor();
    expect(await page.getByRole('region', { name: 'Alerts' }).count()).toBe(0);
    await page.close();
  });
});
