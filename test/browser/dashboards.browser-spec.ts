import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { DEMO_APP } from '@wavu/daraja-sim';
import type { Sandbox } from '@wavu/sandbox';
import { startSandbox } from '@wavu/sandbox';
import { DEMO, seedDemo } from '../../apps/api/src/database/seed-demo';
import { PaymentsService } from '../../apps/api/src/modules/payments/payments.service';
import { RouterMonitorService } from '../../apps/api/src/modules/routers/router-monitor.service';
import { acceptInvitation, login } from '../factories';
import { kes, launchChromium, openNav, screenshot, logIn } from '../setup/browser';
import type { TestApp } from '../setup/test-app';
import { startTestApp } from '../setup/test-app';
import { freePort } from '../setup/free-port';

const WEB_DIST = path.resolve(__dirname, '..', '..', 'apps', 'web', 'dist');

/** Both dashboards with demo data (seedDemo + the sandbox's RouterOS and Daraja simulators); a screenshot of each main page. */
describe('dashboards in Chromium', () => {
  jest.setTimeout(120_000);
  let t: TestApp;
  let sandbox: Sandbox;
  let browser: Browser;
  let baseUrl: string;
  let staffPassword = '';
  const staffEmail = 'wanjiru@demo-hotspot.test';

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) throw new Error('apps/web/dist is missing: run `npm run build:web` (npm test does it)');
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    sandbox = await startSandbox({ routers: 1, daraja: { apps: [DEMO_APP] } });
    t = await startTestApp({ WEB_DIST_DIR: WEB_DIST, ROUTER_CALL_TIMEOUT_MS: '2000', DARAJA_BASE_URL: sandbox.daraja!.url, DARAJA_CALLBACK_BASE_URL: baseUrl, PUBLIC_URL: baseUrl });
    await t.app.listen(port, '127.0.0.1');
    await seedDemo(t.app, sandbox);
    // Demo sales through the real STK flow (the simulated phone approves numbers ending 0000).
    const owner = await login(t, DEMO.owner.email, DEMO.owner.password);
    const router = ((await t.http().get('/api/v1/routers').set(owner.auth).expect(200)).body.items as { id: string; name: string }[]).find((r) => r.name === 'Demo Router (simulated)')!;
    const plansBody = (await t.http().get('/api/v1/plans').set(owner.auth).expect(200)).body;
    const plans = (plansBody.items ?? plansBody) as { id: string; name: string }[];
    const payments = t.app.get(PaymentsService);
    const ids: string[] = [];
    for (const [i, plan] of [plans[0], plans[1], plans[1], plans[2]].entries()) {
      ids.push(
        (
          await payments.startPurchase({
            providerId: (await t.dataSource.query('SELECT provider_id FROM routers WHERE id = $1', [router.id]))[0].provider_id,
            routerId: router.id,
            planId: plan.id,
            phone: `2547${11 + i}${i}10000`,
            clientIp: '10.5.0.2',
          })
        ).purchaseId,
      );
    }
    await sandbox.daraja!.idle();
    const until = Date.now() + 15_000;
    while (Date.now() < until) {
      const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM payments WHERE id = ANY($1) AND status = 'pending'`, [ids]);
      if (n === 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    await t.app.get(RouterMonitorService).checkAll();
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await sandbox?.stop();
  });

  const fill = (page: Page, label: string, value: string) => page.getByLabel(label, { exact: true }).fill(value);
  const nav = (page: Page, name: string) => openNav(page, name);
  /** One figure of a stat grid (label, value and hint), found by its label. */
  const stat = (page: Page, label: string) => page.locator('.stat', { has: page.getByRole('term').getByText(label, { exact: true }) });
  const ledger = async (): Promise<{ n: number; gross: number }> => (await t.dataSource.query(`SELECT count(*)::int AS n, COALESCE(sum(gross_minor), 0)::int AS gross FROM ledger_entries`))[0];

  it('shows visitors the landing page with pricing from the platform plans', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(baseUrl + '/');
    await page.getByRole('heading', { name: /Billing for MikroTik WiFi hotspots/ }).waitFor();
    const plans = (await t.http().get('/api/v1/platform-plans').expect(200)).body as { name: string; priceMinor: number; period: string }[];
    expect(plans.length).toBeGreaterThan(0);
    for (const p of plans) {
      const card = page.getByRole('article', { name: `${p.name} plan` });
      await card.waitFor();
      expect(await card.locator('.price').textContent()).toBe(`${kes(p.priceMinor)} / ${p.period === 'yearly' ? 'year' : 'month'}`);
    }
    expect(await page.getByRole('article', { name: / plan$/ }).count()).toBe(plans.length);
    await screenshot(page, 'dashboards-01-landing');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'dashboards-01-landing-phone');
    await page.getByRole('link', { name: 'Sign up' }).click();
    await page.waitForURL('**/signup');
    await page.getByRole('heading', { name: 'Create a provider account' }).waitFor();
    expect(new URL(page.url()).pathname).toBe('/signup');
    expect(await page.getByLabel('Business name', { exact: true }).isVisible()).toBe(true);
    await page.close();
  });

  it('walks the provider dashboard: overview, customers, staff, API keys, audit log', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await logIn(page, baseUrl, DEMO.owner);
    await page.waitForURL('**/app/overview');
    await page.getByText('Revenue today').waitFor();
    await page.getByText('Live', { exact: true }).waitFor();
    const overview = (
      await t
        .http()
        .get('/api/v1/overview')
        .set((await login(t, DEMO.owner.email, DEMO.owner.password)).auth)
        .expect(200)
    ).body;
    expect(overview.sales.today).toBe(4);
    await page.getByText(`${overview.sales.today} sales`).first().waitFor();
    const sold = await ledger();
    expect(sold.n).toBe(overview.sales.today);
    expect(await stat(page, 'Revenue today').textContent()).toBe(`Revenue today${kes(sold.gross)}${sold.n} sales`);
    await screenshot(page, 'dashboards-02-provider-overview');

    await nav(page, 'Customers');
    await page.getByRole('table', { name: 'Customers' }).waitFor();
    expect(await page.getByRole('row').count()).toBe(1 + 4);
    await fill(page, 'Search customers', '0711010000');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.waitForFunction(() => document.querySelectorAll('tbody tr').length === 1);
    const [bought] = await t.dataSource.query(`SELECT plan_name, amount_minor::int AS amount, receipt FROM payments WHERE phone = '254711010000' AND status = 'paid'`);
    expect(await page.getByRole('table', { name: 'Customers' }).getByRole('row').nth(1).textContent()).toContain('2547•••••000');
    await page.getByRole('button', { name: /Purchases of/ }).click();
    const purchase = page.getByRole('table', { name: 'Customers' }).getByRole('listitem');
    await purchase.first().waitFor();
    expect(await purchase.allTextContents()).toEqual([expect.stringContaining(` · ${bought.plan_name} · ${kes(bought.amount)} · ${bought.receipt}`)]);
    await screenshot(page, 'dashboards-03-customers');

    await nav(page, 'Staff');
    await fill(page, 'Name', 'Wanjiru');
    await fill(page, 'E-mail', 'not-an-email');
    await page.getByRole('button', { name: 'Send invitation' }).click();
    await page.getByText('Enter an e-mail address.').waitFor();
    await fill(page, 'E-mail', staffEmail);
    await page.getByRole('button', { name: 'Send invitation' }).click();
    expect(await page.getByTestId('staff-notice').textContent()).toContain(`Wanjiru gets an e-mail at ${staffEmail}`);
    await page.getByRole('cell', { name: staffEmail }).waitFor();
    const [created] = await t.dataSource.query(`SELECT name, role, password_hash FROM users WHERE email = $1`, [staffEmail]);
    expect(created).toEqual({ name: 'Wanjiru', role: 'provider_staff', password_hash: null });
    // no SMTP server in this test: the invitation waits in the queue, and the row says so
    expect(await page.getByRole('row').filter({ hasText: staffEmail }).textContent()).toMatch(/^Wanjiru.*Staff.*pending.*waiting to be sent/);
    await screenshot(page, 'dashboards-04-staff');
    // Wanjiru sets her password through the invitation's link (walked in staff-invitation.browser-spec)
    await acceptInvitation(t, staffEmail, 'wanjiru-own-password');
    staffPassword = 'wanjiru-own-password';

    await nav(page, 'API keys');
    await page.getByRole('link', { name: '/api/docs' }).waitFor();
    await fill(page, 'Key name', 'Accounting export');
    await page.getByRole('button', { name: 'Create key' }).click();
    const secret = (await page.getByTestId('api-key-secret').textContent())!;
    expect(secret).toMatch(/^wavu_/);
    await page.getByRole('button', { name: 'Revoke Accounting export' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Revoke' }).click();
    await page.getByText('revoked', { exact: true }).waitFor();
    const [key] = await t.dataSource.query(`SELECT prefix, key_hash, revoked_at FROM api_keys WHERE name = 'Accounting export'`);
    expect(key.revoked_at).not.toBeNull();
    expect(createHash('sha256').update(secret).digest('hex')).toBe(key.key_hash); // the secret shown once is the stored key
    const keyRow = await page.getByRole('row').filter({ hasText: 'Accounting export' }).textContent();
    expect(keyRow).toContain(`${key.prefix}…`);
    expect(keyRow).toContain('revoked');
    await screenshot(page, 'dashboards-05-api-keys');

    await nav(page, 'Audit log');
    await fill(page, 'Action', 'staff.');
    await page.getByRole('button', { name: 'Apply filters' }).click();
    await page.getByRole('cell', { name: 'staff.created' }).waitFor();
    expect(await page.getByRole('cell', { name: 'api_key.created' }).count()).toBe(0);
    const staffActions: { action: string }[] = await t.dataSource.query(
      `SELECT a.action FROM audit_logs a JOIN users u ON u.provider_id = a.provider_id WHERE u.email = $1 AND a.action LIKE 'staff.%' ORDER BY a.created_at DESC`,
      [DEMO.owner.email],
    );
    const auditRows = page
      .getByRole('table', { name: 'Audit log' })
      .getByRole('row')
      .filter({ has: page.getByRole('cell') });
    expect((await auditRows.allTextContents()).map((r) => staffActions.find((a) => r.includes(a.action))?.action)).toEqual(staffActions.map((a) => a.action));
    expect(await auditRows.filter({ hasText: 'staff.created' }).textContent()).toContain(staffEmail);
    await screenshot(page, 'dashboards-06-audit-log');

    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('button', { name: 'Menu' }).click();
    await nav(page, 'Overview');
    await page.getByText('Revenue today').waitFor();
    expect(await stat(page, 'Revenue today').textContent()).toBe(`Revenue today${kes(sold.gross)}${sold.n} sales`);
    await screenshot(page, 'dashboards-02-provider-overview-phone');
    await page.close();
  });

  it('refuses a staff user the owner-only pages (the API answers 403 as well)', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await logIn(page, baseUrl, { email: staffEmail, password: staffPassword });
    await page.waitForURL('**/app/overview');
    await page.getByText('Revenue today').waitFor();
    const links = await page.getByRole('navigation', { name: 'Main' }).getByRole('link').allTextContents();
    expect(links).not.toEqual(expect.arrayContaining(['Staff']));
    for (const name of ['Staff', 'API keys', 'M-Pesa settings', 'Subscription', 'Audit log']) expect(links).not.toContain(name);
    for (const pagePath of ['/app/staff', '/app/api-keys', '/app/audit-log', '/app/payment-settings']) {
      await page.goto(baseUrl + pagePath);
      await page.getByText('Not allowed').waitFor();
    }
    await screenshot(page, 'dashboards-07-staff-refused');
    // a page behind a role check says the same (no silent redirect)
    for (const pagePath of ['/app/subscription', '/app/routers/new', '/app/admin/overview']) {
      await page.goto(baseUrl + pagePath);
      await page.getByText('Not allowed').waitFor();
      expect(new URL(page.url()).pathname).toBe(pagePath);
    }
    const staff = await login(t, staffEmail, staffPassword);
    for (const apiPath of ['/api/v1/staff', '/api/v1/api-keys', '/api/v1/payments/settings', '/api/v1/subscription']) await t.http().get(apiPath).set(staff.auth).expect(403);
    await page.getByRole('link', { name: 'Back to your overview' }).click();
    await page.waitForURL('**/app/overview');
    const sold = await ledger();
    expect(await stat(page, 'Revenue today').textContent()).toBe(`Revenue today${kes(sold.gross)}${sold.n} sales`);
    await page.close();
  });

  it('walks the super-admin dashboard: overview, system health (run a job now), audit log', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await logIn(page, baseUrl, DEMO.admin);
    await page.waitForURL('**/app/admin/overview');
    await page.getByText('GMV, 30 days').waitFor();
    await page.getByText('4 customer payments').waitFor();
    const gmv = await ledger();
    expect(await stat(page, 'GMV, 30 days').textContent()).toBe(`GMV, 30 days${kes(gmv.gross)}${gmv.n} customer payments`);
    await screenshot(page, 'dashboards-08-admin-overview');

    await nav(page, 'System health');
    await page.getByRole('button', { name: 'Run voucher-expiry now' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Run now' }).click();
    await page.getByText(/voucher-expiry: succeeded/).waitFor();
    const runs: { status: string; duration_ms: number }[] = await t.dataSource.query(`SELECT status, duration_ms FROM job_runs WHERE name = 'voucher-expiry'`);
    expect(runs).toEqual([{ status: 'succeeded', duration_ms: expect.any(Number) }]);
    // the jobs table refetches after the run: the row shows the recorded run
    const job = page.getByRole('table', { name: 'Scheduled jobs' }).getByRole('row').filter({ hasText: 'voucher-expiry' });
    await job.getByText(`${runs[0].duration_ms} ms`, { exact: true }).waitFor();
    expect(await job.textContent()).toMatch(/succeeded.*1 runs/);
    // the background-work queues: the demo seed's batch generation ran on the queue and left nothing behind
    const queues = page.getByRole('table', { name: /Background-work queues/ });
    expect(await queues.getByRole('row').filter({ hasText: 'voucher-batch-generate' }).textContent()).toBe('voucher-batch-generate000—');
    await queues.getByRole('row').filter({ hasText: 'router-bulk-sync' }).waitFor();
    await screenshot(page, 'dashboards-09-system-health');
    // an account drew failed logins from many addresses (as LoginThrottleService records it): listed, nobody locked out
    await t.dataSource.query(
      `INSERT INTO audit_logs (action, actor_email, target_type, target_id, metadata) SELECT 'auth.account_under_attack', email, 'user', id, '{"failures": 20}' FROM users WHERE email = $1`,
      [DEMO.owner.email],
    );
    await page.reload();
    const attacked = page.getByRole('table', { name: 'Accounts under password attack' }).getByRole('row').filter({ hasText: DEMO.owner.email });
    await attacked.waitFor();
    expect(await attacked.textContent()).toContain('20');
    await page.getByText('Nobody was locked out').waitFor();
    await page.getByRole('heading', { name: 'Accounts under password attack' }).scrollIntoViewIfNeeded();
    await screenshot(page, 'dashboards-09b-system-health-login-alerts');
    await page.setViewportSize({ width: 390, height: 844 });
    await screenshot(page, 'dashboards-09c-system-health-login-alerts-phone');
    await page.setViewportSize({ width: 1280, height: 900 });

    await nav(page, 'Audit log');
    await page.getByRole('cell', { name: 'job.run_now' }).waitFor();
    const [runNow] = await t.dataSource.query(`SELECT count(*)::int AS n FROM audit_logs WHERE action = 'job.run_now'`);
    const runNowRows = page.getByRole('row').filter({ hasText: 'job.run_now' });
    expect(await runNowRows.count()).toBe(runNow.n);
    expect(await runNowRows.first().textContent()).toContain(DEMO.admin.email);
    await screenshot(page, 'dashboards-10-admin-audit-log');
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole('button', { name: 'Menu' }).click();
    await nav(page, 'Overview');
    await page.getByText('GMV, 30 days').waitFor();
    expect(await stat(page, 'GMV, 30 days').textContent()).toBe(`GMV, 30 days${kes(gmv.gross)}${gmv.n} customer payments`);
    await screenshot(page, 'dashboards-08-admin-overview-phone');
    await page.close();
  });
});
