import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startMailSink, type MailSink } from '@wavu/mail-sink';
import { MessageSender } from '../../apps/api/src/modules/notifications';
import type { ProviderFixture } from '../factories';
import { createProvider, createSuperAdmin } from '../factories';
import { launchChromium, logIn, openNav, screenshot } from '../setup/browser';
import { freePort } from '../setup/free-port';
import type { TestApp } from '../setup/test-app';
import { startTestApp } from '../setup/test-app';

const WEB_DIST = path.resolve(__dirname, '..', '..', 'apps', 'web', 'dist');
const SIZES = [
  { name: '1280', viewport: { width: 1280, height: 900 } },
  { name: '390', viewport: { width: 390, height: 844 } },
] as const;

/**
 * A provider owner invites a staff member on the Staff page; the invitation goes through the queue
 * to the simulated mailbox (the mail sink, over real SMTP); its link opens "Join … on Wavu", the
 * member chooses a password and lands signed in; the owner sees them active. A used link and an
 * expired one say so; the owner resends an invitation.
 */
describe('staff invitation in Chromium', () => {
  jest.setTimeout(180_000);
  let t: TestApp;
  let sink: MailSink;
  let browser: Browser;
  let baseUrl: string;
  const owners: Record<string, ProviderFixture & { businessName: string }> = {};

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) throw new Error('apps/web/dist is missing: run `npm run build:web` (npm test does it)');
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    sink = await startMailSink();
    t = await startTestApp({ WEB_DIST_DIR: WEB_DIST, PUBLIC_URL: baseUrl, SMTP_URL: sink.smtpUrl, MAIL_FROM: 'Wavu <no-reply@wavu.test>' });
    await t.app.listen(port, '127.0.0.1');
    const admin = await createSuperAdmin(t);
    for (const { name } of SIZES) {
      const owner = await createProvider(t, admin);
      const me = await t.http().get('/api/v1/auth/me').set(owner.owner.auth).expect(200);
      owners[name] = { ...owner, businessName: me.body.provider.businessName };
    }
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await sink?.close();
  });

  const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);
  const row = (page: Page, email: string) => page.getByRole('table', { name: 'Team' }).getByRole('row').filter({ hasText: email });
  /** The queue's sender (the interval trigger is off in tests) hands the e-mails to the SMTP sink. */
  const send = async (to: string, count: number) => {
    await t.app.get(MessageSender).drainOnce();
    await sink.waitFor((m) => m.to.includes(to) && sink.messages(to).length >= count);
  };
  const invite = async (page: Page, name: string, email: string) => {
    await page.getByLabel('Name', { exact: true }).fill(name);
    await page.getByLabel('E-mail', { exact: true }).fill(email);
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByTestId('staff-notice').filter({ hasText: email }).waitFor();
  };

  it.each(SIZES)('at $name px: owner invites, mailbox, link, password, signed in; the link works once', async ({ name, viewport }) => {
    const owner = owners[name];
    const email = `wanjiru-${name}@demo-hotspot.test`;
    const page = await browser.newPage({ viewport });
    await logIn(page, baseUrl, { email: owner.email, password: owner.password });
    await openNav(page, 'Staff');
    await page.getByRole('heading', { name: 'Staff', level: 1 }).waitFor();

    // a bad address is said where it was typed, and nothing is sent
    await page.getByLabel('Name', { exact: true }).fill('Wanjiru Kamau');
    await page.getByLabel('E-mail', { exact: true }).fill('not-an-address');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByText('Enter an e-mail address.').waitFor();
    await invite(page, 'Wanjiru Kamau', email);
    expect(await page.getByTestId('staff-notice').textContent()).toBe(
      `Wanjiru Kamau gets an e-mail at ${email} with a link to choose their password (it works once, for 72 hours). They can sign in once they have.`,
    );
    // not sent yet: waiting in the queue
    await row(page, email).getByText('pending', { exact: true }).waitFor();
    expect(await row(page, email).textContent()).toContain('waiting to be sent');
    await screenshot(page, `staff-invitation-pending-${name}`);

    await send(email, 1);
    await page.reload();
    await row(page, email).getByText('invited', { exact: true }).waitFor();
    expect(await row(page, email).textContent()).toMatch(/E-mailed .*; the link works until /);
    expect(await fitsWidth(page)).toBe(true);
    await screenshot(page, `staff-invitation-invited-${name}`);

    // the member's mailbox
    const theirs = await browser.newPage({ viewport });
    await theirs.goto(`${sink.httpUrl}/mailbox?to=${encodeURIComponent(email)}`);
    await theirs.getByText(`You are invited to ${owner.businessName} on Wavu`).click();
    await theirs.getByTestId('mail-message').waitFor();
    expect(await theirs.getByTestId('mail-message').textContent()).toContain('Test Owner added you to the team of');
    expect(await fitsWidth(theirs)).toBe(true);
    await screenshot(theirs, `staff-invitation-mail-${name}`);
    const link = (await theirs.getByTestId('mail-link').getAttribute('href'))!;
    expect(link).toMatch(new RegExp(`^${baseUrl}/accept-invite\\?token=`));
    await theirs.getByTestId('mail-link').click();

    await theirs.getByRole('heading', { name: `Join ${owner.businessName} on Wavu`, level: 1 }).waitFor();
    expect(await theirs.locator('main').textContent()).toContain(`Hello Wanjiru Kamau. Choose the password you will sign in with as ${email}.`);
    await theirs.getByLabel('New password').fill('short');
    await theirs.getByLabel('Confirm password').fill('different');
    await theirs.getByRole('button', { name: 'Set my password and sign in' }).click();
    await theirs.getByText('Use at least 10 characters.').waitFor();
    await theirs.getByText('The passwords do not match.').waitFor();
    await theirs.getByLabel('New password').fill(`wanjiru-password-${name}`);
    await theirs.getByLabel('Confirm password').fill(`wanjiru-password-${name}`);
    expect(await fitsWidth(theirs)).toBe(true);
    await screenshot(theirs, `staff-invitation-accept-${name}`);
    await theirs.getByRole('button', { name: 'Set my password and sign in' }).click();
    await theirs.getByRole('link', { name: 'Wavu home' }).waitFor();
    await theirs.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
    await screenshot(theirs, `staff-invitation-signed-in-${name}`);
    await theirs.close();

    // the owner sees them active; the password signs in
    await page.reload();
    await row(page, email).getByText('active', { exact: true }).waitFor();
    expect(
      await row(page, email)
        .getByRole('button', { name: /Resend/ })
        .count(),
    ).toBe(0);
    await screenshot(page, `staff-invitation-active-${name}`);
    await t
      .http()
      .post('/api/v1/auth/login')
      .send({ email, password: `wanjiru-password-${name}` })
      .expect(200);

    // the link works once: opened again (signed out), it says so
    const again = await browser.newPage({ viewport });
    await again.goto(link);
    await again.getByTestId('invite-invalid').waitFor();
    await again.getByRole('heading', { name: 'This invitation link does not work', level: 1 }).waitFor();
    await screenshot(again, `staff-invitation-used-${name}`);
    await again.close();
    await page.close();
  });

  it.each(SIZES)('at $name px: an expired link says so; the owner resends, and the new link works', async ({ name, viewport }) => {
    const owner = owners[name];
    const email = `otieno-${name}@demo-hotspot.test`;
    const page = await browser.newPage({ viewport });
    await logIn(page, baseUrl, { email: owner.email, password: owner.password });
    await openNav(page, 'Staff');
    await invite(page, 'Otieno', email);
    await send(email, 1);
    const old = /https?:\/\/\S+\/accept-invite\?token=\S+/.exec(sink.messages(email).pop()!.text)![0];
    await t.dataSource.query(`UPDATE password_reset_tokens SET expires_at = now() - interval '1 minute' WHERE user_id = (SELECT id FROM users WHERE email = $1)`, [email]);

    const theirs = await browser.newPage({ viewport });
    await theirs.goto(old);
    await theirs.getByRole('heading', { name: 'This invitation has expired', level: 1 }).waitFor();
    expect(await theirs.getByTestId('invite-expired').textContent()).toContain('Ask the owner of the business that invited you to send a new one');
    expect(await fitsWidth(theirs)).toBe(true);
    await screenshot(theirs, `staff-invitation-expired-${name}`);

    await page.reload();
    await row(page, email).getByText('link expired', { exact: true }).waitFor();
    await screenshot(page, `staff-invitation-link-expired-${name}`);
    await row(page, email).getByRole('button', { name: 'Resend the invitation to Otieno' }).click();
    await page.getByTestId('staff-notice').filter({ hasText: 'A new link is on its way' }).waitFor();
    await row(page, email).getByText('pending', { exact: true }).waitFor();
    expect(await fitsWidth(page)).toBe(true);
    await screenshot(page, `staff-invitation-resent-${name}`);

    await send(email, 2);
    const fresh = /https?:\/\/\S+\/accept-invite\?token=\S+/.exec(sink.messages(email).pop()!.text)![0];
    expect(fresh).not.toBe(old);
    await theirs.goto(fresh);
    await theirs.getByLabel('New password').fill(`otieno-password-${name}`);
    await theirs.getByLabel('Confirm password').fill(`otieno-password-${name}`);
    await theirs.getByRole('button', { name: 'Set my password and sign in' }).click();
    await theirs.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
    await theirs.close();
    await page.close();
  });
});
