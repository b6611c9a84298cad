import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { DEMO, seedDemo } from '../../apps/api/src/database/seed-demo';
import { createSuperAdmin } from '../factories';
import { launchChromium, openNav, screenshot } from '../setup/browser';
import type { TestApp } from '../setup/test-app';
import { startTestApp } from '../setup/test-app';

const WEB_DIST = path.resolve(__dirname, '..', '..', 'apps', 'web', 'dist');

/**
 * docs/product.md §2b in the SPA, at 1280 and 390 px: a pending owner sees a status page with the
 * pricing (not a dashboard of 403s) and can still edit the profile; a suspended owner sees a
 * read-only banner, reads its data, and a write says why it is refused; the super admin confirms
 * the business type when approving.
 */
describe('provider status in Chromium', () => {
  jest.setTimeout(120_000);
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) throw new Error('apps/web/dist is missing: run `npm run build:web` (npm test does it)');
    t = await startTestApp({ WEB_DIST_DIR: WEB_DIST });
    await seedDemo(t.app);
    await t.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as { port: number }).port}`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  /** Logs in and records every API answer refused with PROVIDER_NOT_ACTIVE. */
  const signIn = async (width: number, email: string, password: string): Promise<{ page: Page; refused: string[] }> => {
    const page = await browser.newPage({ viewport: { width, height: 900 } });
    const refused: string[] = [];
    page.on('response', (res) => {
      if (res.status() === 403 && res.url().includes('/api/v1/')) refused.push(`${res.request().method()} ${new URL(res.url()).pathname}`);
    });
    await page.goto(`${baseUrl}/login`);
    await page.getByLabel('Email', { exact: true }).fill(email);
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByRole('button', { name: 'Log in' }).click();
    return { page, refused };
  };

  it.each([1280, 390])('a pending owner sees the status page and the pricing, and edits the profile (%i px)', async (width) => {
    const { page, refused } = await signIn(width, DEMO.pending.email, DEMO.pending.password);
    await page.getByRole('heading', { name: 'Your application' }).waitFor();
    await page.getByText("We're reviewing your account").waitFor();
    await page.getByRole('heading', { name: 'Pricing' }).waitFor();
    await page.getByRole('article', { name: 'Starter plan' }).waitFor();
    await screenshot(page, `provider-status-pending-${width}`);
    // every other address shows the same page; the profile is open
    await page.goto(`${baseUrl}/app/routers`);
    await page.getByRole('heading', { name: 'Your application' }).waitFor();
    await openNav(page, 'Profile');
    await page.getByRole('heading', { name: 'Profile' }).waitFor();
    await page.getByRole('heading', { name: DEMO.pending.business }).waitFor();
    await page.getByRole('button', { name: 'Edit profile' }).click();
    await page.getByLabel('Location').fill(`Kibera, Nairobi (${width})`);
    await page.getByRole('button', { name: /save/i }).first().click();
    await page.getByText('Profile saved.').waitFor();
    await screenshot(page, `provider-status-pending-profile-${width}`);
    expect(refused).toEqual([]);
    await page.close();
  });

  it.each([1280, 390])('a suspended owner reads its data under a read-only banner; a write says why it is refused (%i px)', async (width) => {
    const admin = await createSuperAdmin(t);
    const [{ id }] = await t.dataSource.query(`SELECT id FROM providers WHERE business_name = $1`, [DEMO.owner.business]);
    await t.http().post(`/api/v1/admin/providers/${id}/suspend`).set(admin.auth).send({ reason: 'Unpaid invoices' }).expect(200);
    try {
      const { page, refused } = await signIn(width, DEMO.owner.email, DEMO.owner.password);
      const banner = page.getByRole('alert').filter({ hasText: 'Your account is suspended' });
      await banner.waitFor();
      expect(await banner.textContent()).toContain('read-only');
      expect(await banner.textContent()).toContain('Unpaid invoices');
      await page.getByRole('heading', { name: 'Overview' }).first().waitFor();
      await page.getByText('Loading').first().waitFor({ state: 'hidden' });
      await screenshot(page, `provider-status-suspended-${width}`);
      await openNav(page, 'Plans');
      await page.getByRole('heading', { name: 'Plans' }).first().waitFor();
      await page.getByRole('link', { name: 'New plan' }).first().click();
      await page.getByLabel('Plan name', { exact: true }).fill('Blocked plan');
      await page
        .getByLabel(/^Price/)
        .first()
        .fill('30');
      await page
        .getByLabel(/^Uptime limit/)
        .first()
        .fill('1');
      await page
        .getByRole('button', { name: /create plan|save/i })
        .first()
        .click();
      await page.getByText('Your account is suspended: you can read and export your data and pay your subscription, nothing else').first().waitFor();
      await screenshot(page, `provider-status-suspended-write-${width}`);
      expect(refused).toEqual(['POST /api/v1/plans']);
      await page.close();
    } finally {
      await t.http().post(`/api/v1/admin/providers/${id}/reactivate`).set(admin.auth).expect(200);
    }
  });

  it('the super admin confirms the business type when approving', async () => {
    const { page } = await signIn(1280, DEMO.admin.email, DEMO.admin.password);
    await openNav(page, 'Providers');
    const row = page.locator('tr, li, article').filter({ hasText: DEMO.pending.business }).first();
    await row.getByRole('button', { name: 'Approve' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByLabel('Type of business').selectOption('enterprise');
    expect(await dialog.textContent()).toContain('Declared at sign-up: Homeowner');
    await screenshot(page, 'provider-status-approve-type');
    await dialog.getByRole('button', { name: 'Approve' }).click();
    await dialog.waitFor({ state: 'hidden' });
    const [p] = await t.dataSource.query(`SELECT status, type, type_confirmed_at FROM providers WHERE business_name = $1`, [DEMO.pending.business]);
    expect(p).toMatchObject({ status: 'active', type: 'enterprise' });
    expect(p.type_confirmed_at).not.toBeNull();
    await page.close();
  });

  it.each([1280, 390])('the super admin edits the default limits of the free trial under Platform plans (%i px)', async (width) => {
    const { page } = await signIn(width, DEMO.admin.email, DEMO.admin.password);
    await openNav(page, 'Platform plans');
    const form = page.getByRole('form', { name: 'Default limits' });
    const limits = () => t.dataSource.query(`SELECT default_max_routers, default_max_vouchers_per_month, default_max_sms_per_month FROM platform_settings WHERE id = 'default'`);
    // a limit that is not a whole number is refused before it could go out as "unlimited"
    const before = await limits();
    await form.getByLabel('SMS a month (platform account)').fill('lots');
    await form.getByRole('button', { name: 'Save limits' }).click();
    await form.getByText('Enter a whole number, or leave it empty for unlimited.').waitFor();
    expect(await limits()).toEqual(before);
    await form.getByLabel('Max routers').fill(String(width === 1280 ? 3 : 4));
    await form.getByLabel('SMS a month (platform account)').fill(String(width === 1280 ? 300 : 400));
    await form.getByRole('button', { name: 'Save limits' }).click();
    await page.getByText('Saved: new routers, vouchers and SMS are checked against these limits from now on.').waitFor();
    await screenshot(page, `provider-status-default-limits-${width}`);
    expect(await limits()).toEqual([{ default_max_routers: width === 1280 ? 3 : 4, default_max_vouchers_per_month: 20_000, default_max_sms_per_month: width === 1280 ? 300 : 400 }]);
    await page.close();
  });
});
