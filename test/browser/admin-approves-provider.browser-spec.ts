import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { seedDemo, DEMO } from '../../apps/api/src/database/seed-demo';
import { launchChromium, screenshot } from '../setup/browser';
import type { TestApp } from '../setup/test-app';
import { startTestApp } from '../setup/test-app';

const WEB_DIST = path.resolve(__dirname, '..', '..', 'apps', 'web', 'dist');

/** A provider signs up in the SPA; the demo super admin logs in and approves it. */
describe('dashboard in Chromium', () => {
  jest.setTimeout(90_000);
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) throw new Error('apps/web/dist is missing: run `npm run build:web` (npm test does it)');
    t = await startTestApp({ WEB_DIST_DIR: WEB_DIST });
    await seedDemo(t.app);
    await t.app.listen(0, '127.0.0.1');
    const address = t.app.getHttpServer().address() as { port: number };
    baseUrl = `http://127.0.0.1:${address.port}`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const fillByLabel = (page: Page, label: string, value: string) => page.getByLabel(label, { exact: true }).fill(value);

  it('signs a provider up, then the super admin approves it', async () => {
    const business = `Browser Test WiFi ${Date.now().toString(36)}`;
    const email = `owner-${Date.now().toString(36)}@browser.test`;

    const visitor = await browser.newPage({ viewport: { width: 390, height: 844 } });
    await visitor.goto(`${baseUrl}/signup`);
    await fillByLabel(visitor, 'Business name', business);
    await fillByLabel(visitor, 'Contact name', 'Browser Owner');
    await fillByLabel(visitor, 'Contact email', email);
    await fillByLabel(visitor, 'Phone', '0700 000 123');
    await visitor.getByLabel('Password', { exact: true }).fill('browser-owner-pass');
    const confirm = visitor.getByLabel(/confirm/i);
    if (await confirm.count()) await confirm.fill('browser-owner-pass');
    await visitor.getByLabel('Provider type').selectOption('personal');
    await screenshot(visitor, '01-signup-filled-phone');
    await visitor.getByRole('button', { name: 'Create account' }).click();
    await visitor
      .getByText(/awaiting approval/i)
      .first()
      .waitFor();
    await screenshot(visitor, '02-signup-awaiting-approval-phone');
    const [pending] = await t.dataSource.query(`SELECT id, status, phone, contact_email FROM providers WHERE business_name = $1`, [business]);
    expect(pending).toMatchObject({ status: 'pending', phone: '254700000123' });
    const received = (await visitor.getByRole('status').textContent())!;
    expect(received).toContain(`Thank you, ${business}.`);
    expect(received).toContain(`Log in with ${email} to follow your application.`);
    expect(received).toContain('If this e-mail is new to Wavu, your application is awaiting review');

    const admin = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await admin.goto(`${baseUrl}/login`);
    await fillByLabel(admin, 'Email', DEMO.admin.email);
    await fillByLabel(admin, 'Password', DEMO.admin.password);
    await admin.getByRole('button', { name: 'Log in' }).click();
    await admin.getByRole('link', { name: 'Providers' }).first().click();
    await admin
      .getByLabel(/status/i)
      .first()
      .selectOption('pending')
      .catch(async () => {
        await admin
          .getByRole('button', { name: /pending/i })
          .first()
          .click();
      });
    const row = admin.locator('tr, li, article').filter({ hasText: business }).first();
    await row.waitFor();
    expect(await row.textContent()).toContain(pending.status);
    await screenshot(admin, '03-admin-pending-providers');
    await row.getByRole('button', { name: 'Approve' }).click();
    await admin.getByRole('dialog').getByRole('button', { name: 'Approve' }).click();

    await admin
      .getByLabel(/status/i)
      .first()
      .selectOption('')
      .catch(() => undefined);
    const approvedRow = admin.locator('tr, li, article').filter({ hasText: business }).first();
    await approvedRow.getByText('active', { exact: false }).first().waitFor();
    await screenshot(admin, '04-admin-provider-approved');

    const [after] = await t.dataSource.query(`SELECT status, approved_at FROM providers WHERE id = $1`, [pending.id]);
    expect(after.status).toBe('active');
    expect(after.approved_at).not.toBeNull();
    const shown = (await approvedRow.textContent())!;
    expect(shown).toContain(after.status);
    expect(shown).not.toContain(pending.status);
    const [audit] = await t.dataSource.query(`SELECT a.action FROM audit_logs a JOIN users u ON u.id = a.actor_user_id WHERE a.target_id = $1 AND u.email = $2`, [pending.id, DEMO.admin.email]);
    expect(audit.action).toBe('provider.approve');
  });
});
