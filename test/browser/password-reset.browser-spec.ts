import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import { startMailSink, type MailSink } from '@wavu/mail-sink';
import { MessageSender } from '../../apps/api/src/modules/notifications';
import type { ProviderFixture } from '../factories';
import { createProvider, createSuperAdmin } from '../factories';
import { launchChromium, screenshot } from '../setup/browser';
import { freePort } from '../setup/free-port';
import type { TestApp } from '../setup/test-app';
import { startTestApp } from '../setup/test-app';

const WEB_DIST = path.resolve(__dirname, '..', '..', 'apps', 'web', 'dist');
const SIZES = [
  { name: '1280', viewport: { width: 1280, height: 900 } },
  { name: '390', viewport: { width: 390, height: 844 } },
] as const;

/**
 * A provider owner who forgot the password: "Forgot password?" on the login page, the e-mail in
 * the simulated mailbox (the mail sink, over real SMTP), its link, a new password, signed in.
 */
describe('password reset in Chromium', () => {
  jest.setTimeout(180_000);
  let t: TestApp;
  let sink: MailSink;
  let browser: Browser;
  let baseUrl: string;
  const owners: Record<string, ProviderFixture> = {};

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) throw new Error('apps/web/dist is missing: run `npm run build:web` (npm test does it)');
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    sink = await startMailSink();
    t = await startTestApp({ WEB_DIST_DIR: WEB_DIST, PUBLIC_URL: baseUrl, SMTP_URL: sink.smtpUrl, MAIL_FROM: 'Wavu <no-reply@wavu.test>' });
    await t.app.listen(port, '127.0.0.1');
    const admin = await createSuperAdmin(t);
    for (const { name } of SIZES) owners[name] = await createProvider(t, admin);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await sink?.close();
  });

  it.each(SIZES)('at $name px: forgot password, mailbox, link, new password, signed in', async ({ name, viewport }) => {
    const owner = owners[name];
    const page = await browser.newPage({ viewport });
    const fitsWidth = () => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
    await page.goto(`${baseUrl}/login`);
    await page.getByRole('link', { name: 'Forgot password?' }).click();
    await page.getByRole('heading', { name: 'Forgot your password?', level: 1 }).waitFor();
    await page.getByLabel('Email', { exact: true }).fill(owner.email);
    expect(await fitsWidth()).toBe(true);
    await screenshot(page, `password-reset-request-${name}`);
    await page.getByRole('button', { name: 'Send the reset link' }).click();
    await page.getByRole('heading', { name: 'Check your e-mail', level: 1 }).waitFor();
    expect(await page.getByTestId('reset-sent').textContent()).toContain(owner.email);
    await screenshot(page, `password-reset-sent-${name}`);

    // the queue's sender (the interval trigger is off in tests) hands it to the SMTP sink
    await t.app.get(MessageSender).drainOnce();
    await sink.waitFor((m) => m.to.includes(owner.email));
    await page.goto(`${sink.httpUrl}/mailbox?to=${encodeURIComponent(owner.email)}`);
    await page.getByTestId('mail-subject').first().waitFor();
    expect(await fitsWidth()).toBe(true);
    await screenshot(page, `password-reset-mailbox-${name}`);
    await page.getByText('Reset your Wavu password').click();
    await page.getByTestId('mail-message').waitFor();
    expect(await fitsWidth()).toBe(true);
    await screenshot(page, `password-reset-mail-${name}`);
    await page.getByTestId('mail-link').click();

    await page.getByRole('heading', { name: 'Choose a new password', level: 1 }).waitFor();
    await page.getByLabel('New password').fill('short');
    await page.getByLabel('Confirm password').fill('different');
    await page.getByRole('button', { name: 'Set the new password' }).click();
    await page.getByText('Use at least 10 characters.').waitFor();
    await page.getByText('The passwords do not match.').waitFor();
    await page.getByLabel('New password').fill(`owner-new-password-${name}`);
    await page.getByLabel('Confirm password').fill(`owner-new-password-${name}`);
    await screenshot(page, `password-reset-new-${name}`);
    await page.getByRole('button', { name: 'Set the new password' }).click();
    await page.getByRole('link', { name: 'Wavu home' }).waitFor();
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
    await screenshot(page, `password-reset-done-${name}`);

    await t.http().post('/api/v1/auth/login').send({ email: owner.email, password: owner.password }).expect(401);
    await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email: owner.email, password: `owner-new-password-${name}` })
      .expect(200);

    // the link works once: opened again (signed out), it says so and offers a new one
    const link = /https?:\/\/\S+\/reset-password\?token=\S+/.exec(sink.messages(owner.email).pop()!.text)![0];
    const again = await browser.newPage({ viewport });
    await again.goto(link);
    await again.getByLabel('New password').fill(`another-password-${name}`);
    await again.getByLabel('Confirm password').fill(`another-password-${name}`);
    await again.getByRole('button', { name: 'Set the new password' }).click();
    await again.getByTestId('reset-invalid').waitFor();
    await screenshot(again, `password-reset-used-${name}`);
    await again.close();
    await page.close();
  });
});
