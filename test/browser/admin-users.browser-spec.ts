import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { ProviderFixture, Session } from '../factories';
import { createProvider, createStaff, createSuperAdmin } from '../factories';
import { launchChromium, logIn, openNav, screenshot } from '../setup/browser';
import type { TestApp } from '../setup/test-app';
import { startTestApp } from '../setup/test-app';

const WEB_DIST = path.resolve(__dirname, '..', '..', 'apps', 'web', 'dist');
const SIZES = [
  { name: '1280', viewport: { width: 1280, height: 900 } },
  { name: '390', viewport: { width: 390, height: 844 } },
] as const;

/**
 * The super admin's Users page: finds a staff member of a provider by searching, deactivates them
 * through the confirmation dialog (a reason is required; their login then says why it is refused),
 * reactivates them, sends an invited member a password-reset e-mail, and adds another super admin
 * whose temporary password is shown once.
 */
describe('super admin user management in Chromium', () => {
  jest.setTimeout(180_000);
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;
  let admin: Session & { email: string; password: string };
  let provider: ProviderFixture;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) throw new Error('apps/web/dist is missing: run `npm run build:web` (npm test does it)');
    t = await startTestApp({ WEB_DIST_DIR: WEB_DIST });
    await t.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as { port: number }).port}`;
    admin = await createSuperAdmin(t);
    provider = await createProvider(t, admin);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const fitsWidth = (page: Page) => page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth);

  it.each(SIZES)('at $name px: search, deactivate with a reason, reactivate', async ({ name, viewport }) => {
    const staff = await createStaff(t, provider.owner);
    const page = await browser.newPage({ viewport });
    await logIn(page, baseUrl, admin);
    await openNav(page, 'Users');
    await page.getByRole('heading', { name: 'Users', level: 1 }).waitFor();

    // the provider's owner and the staff member are both listed; the search narrows to one
    await page.getByRole('link', { name: `Open ${provider.email}` }).waitFor();
    const term = staff.email.split('@')[0].toUpperCase();
    await page.getByLabel('Search users').fill(term);
    await page.getByLabel('Search users').press('Enter');
    await page.waitForURL((url) => url.searchParams.get('q') === term);
    await page.getByRole('link', { name: `Open ${staff.email}` }).waitFor();
    await page.getByRole('link', { name: `Open ${provider.email}` }).waitFor({ state: 'detached' });
    const row = page.getByRole('row').filter({ hasText: staff.email });
    expect(await row.textContent()).toContain('Staff');
    expect(await row.textContent()).toContain(provider.email.replace(/^owner-(.*)@example\.test$/, 'Hotspot $1'));
    expect(await fitsWidth(page)).toBe(true);
    await screenshot(page, `admin-users-list-${name}`);

    await page.getByRole('link', { name: `Open ${staff.email}` }).click();
    await page.getByRole('heading', { name: 'User', level: 1 }).waitFor();
    await page.getByRole('button', { name: 'Deactivate' }).click();
    const dialog = page.getByRole('dialog', { name: 'Deactivate Test Staff?' });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain('signed out everywhere at once');
    await dialog.getByRole('button', { name: 'Deactivate' }).click();
    await dialog.getByText('Give a short reason (at least 3 characters).').waitFor();
    await dialog.getByLabel('Reason').fill('Left the business');
    await screenshot(page, `admin-users-deactivate-dialog-${name}`);
    await dialog.getByRole('button', { name: 'Deactivate' }).click();
    await page.getByText('Test Staff is deactivated and signed out everywhere.').waitFor();
    await page.getByText('Left the business').waitFor();
    // no password reset for a deactivated account
    expect(await page.getByRole('button', { name: 'Send password reset' }).count()).toBe(0);
    expect(await fitsWidth(page)).toBe(true);
    await screenshot(page, `admin-users-deactivated-${name}`);

    // the staff member's own sign-in now says why it is refused
    const theirs = await browser.newPage({ viewport });
    await theirs.goto(`${baseUrl}/login`);
    await theirs.getByLabel('Email', { exact: true }).fill(staff.email);
    await theirs.getByLabel('Password', { exact: true }).fill(staff.password);
    await theirs.getByRole('button', { name: 'Log in' }).click();
    await theirs.getByRole('alert').filter({ hasText: 'This account has been deactivated' }).waitFor();
    await screenshot(theirs, `admin-users-login-refused-${name}`);

    await page.getByRole('button', { name: 'Reactivate' }).click();
    const back = page.getByRole('dialog', { name: 'Reactivate Test Staff?' });
    await back.getByRole('button', { name: 'Reactivate' }).click();
    await page.getByText('Test Staff can log in again.').waitFor();
    expect(await page.getByRole('button', { name: 'Deactivate' }).count()).toBe(1);

    await theirs.getByRole('button', { name: 'Log in' }).click();
    await theirs.getByRole('link', { name: 'Wavu home' }).waitFor();
    await theirs.close();
    await page.close();
  });

  it.each(SIZES)('at $name px: send an invited staff member a password-reset e-mail', async ({ name, viewport }) => {
    const email = `invited-${name}@demo-hotspot.test`;
    const invited = (
      await t
        .http()
        .post('/api/v1/staff')
        .set(provider.owner.auth)
        .send({ name: `Invited ${name}`, email })
        .expect(201)
    ).body.user;
    const page = await browser.newPage({ viewport });
    await logIn(page, baseUrl, admin);
    await page.goto(`${baseUrl}/app/admin/users?q=${encodeURIComponent(email)}`);
    const listed = page.getByRole('row').filter({ hasText: email });
    await listed.waitFor();
    expect(await listed.textContent()).toContain('invited, no password yet');
    await page.getByRole('link', { name: `Open ${email}` }).click();
    await page.getByRole('heading', { name: 'User', level: 1 }).waitFor();
    await page.getByText('Not set yet: invited by e-mail, cannot log in until they choose one').waitFor();

    await page.getByRole('button', { name: 'Send password reset' }).click();
    const dialog = page.getByRole('dialog', { name: `Send Invited ${name} a password reset?` });
    await dialog.waitFor();
    expect(await dialog.textContent()).toContain(`${email} gets a link to choose a new password. It works once, for 30 minutes`);
    await screenshot(page, `admin-users-reset-dialog-${name}`);
    await dialog.getByRole('button', { name: 'Send the e-mail' }).click();
    await page.getByText(`A link to choose a new password is on its way to ${email}. It works once, for 30 minutes.`).waitFor();
    expect(await fitsWidth(page)).toBe(true);
    await screenshot(page, `admin-users-reset-sent-${name}`);

    // queued for them (no SMTP server in this test), audited with who sent it
    const queued = await t.dataSource.query(`SELECT template_key FROM outbound_messages WHERE recipient = $1 ORDER BY created_at`, [email]);
    expect(queued.map((m: { template_key: string }) => m.template_key)).toEqual(['staff_invitation', 'password_reset']);
    const [audit] = await t.dataSource.query(`SELECT actor_user_id FROM audit_logs WHERE action = 'user.password_reset_sent' AND target_id = $1`, [invited.id]);
    expect(audit.actor_user_id).toBe(admin.userId);
    await page.close();
  });

  it.each(SIZES)('at $name px: a new super admin gets a temporary password shown once', async ({ name, viewport }) => {
    const email = `operator-${name}@wavu.test`;
    const page = await browser.newPage({ viewport });
    await logIn(page, baseUrl, admin);
    await page.goto(`${baseUrl}/app/admin/users`);
    await page.getByRole('link', { name: 'New super admin' }).click();
    await page.getByRole('heading', { name: 'New super admin', level: 1 }).waitFor();
    await page.getByLabel('Name', { exact: true }).fill(`Demo Operator ${name}`);
    await page.getByLabel('E-mail', { exact: true }).fill(email);
    await page.getByRole('button', { name: 'Create super admin' }).click();
    const temporary = (await page.getByTestId('temporary-password').textContent())!.trim();
    expect(temporary.length).toBeGreaterThanOrEqual(20);
    expect(await fitsWidth(page)).toBe(true);
    await screenshot(page, `admin-users-new-super-admin-${name}`);

    // the same e-mail again is refused where it was typed
    await page.getByLabel('Name', { exact: true }).fill('Someone Else');
    await page.getByLabel('E-mail', { exact: true }).fill(email);
    await page.getByRole('button', { name: 'Create super admin' }).click();
    await page.getByText('An account with this e-mail already exists').first().waitFor();

    const newcomer = await browser.newPage({ viewport });
    await newcomer.goto(`${baseUrl}/login`);
    await newcomer.getByLabel('Email', { exact: true }).fill(email);
    await newcomer.getByLabel('Password', { exact: true }).fill(temporary);
    await newcomer.getByRole('button', { name: 'Log in' }).click();
    await newcomer.getByRole('heading', { name: 'Set a new password', level: 1 }).waitFor();
    await newcomer.close();

    // listed with the Wavu team, on a temporary password
    await page.goto(`${baseUrl}/app/admin/users?role=super_admin`);
    const row = page.getByRole('row').filter({ hasText: email });
    await row.waitFor();
    expect(await row.textContent()).toContain('temporary password');
    expect(await row.textContent()).toContain('Wavu team');
    await page.close();
  });
});
