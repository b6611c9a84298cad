import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { DEMO_APP } from '@wavu/daraja-sim';
import type { Sandbox } from '@wavu/sandbox';
import { startSandbox } from '@wavu/sandbox';
import { DEMO, seedDemo } from '../../apps/api/src/database/seed-demo';
import { MessageSender } from '../../apps/api/src/modules/notifications';
import { PaymentsService } from '../../apps/api/src/modules/payments/payments.service';
import { RouterMonitorService } from '../../apps/api/src/modules/routers/router-monitor.service';
import { OutboxWorker } from '../../apps/api/src/modules/routers/outbox.worker';
import { login } from '../factories';
import { launchChromium, logIn } from '../setup/browser';
import { freePort } from '../setup/free-port';
import type { TestApp } from '../setup/test-app';
import { startTestApp } from '../setup/test-app';

const ROOT = path.resolve(__dirname, '..', '..');
const WEB_DIST = path.join(ROOT, 'apps', 'web', 'dist');
/** The run's screenshots (git-ignored with artifacts/). */
const SHOTS = path.join(ROOT, 'artifacts', 'screenshots');
/** A few key pages refreshed for the README's tour (kept to a dozen files: the `doc` visits below). */
const DOCS_SHOTS = path.join(ROOT, 'docs', 'screenshots');
const WIDTHS = [1280, 390] as const;

interface Visit {
  /** file name part, e.g. owner-05-router-sessions */
  name: string;
  path: string;
  /** also saved (first screen) as docs/screenshots/pages-<doc>-<width>.png */
  doc?: string;
}

/**
 * Every dashboard page of apps/web/src/app/router.tsx, as the demo provider owner and as the
 * super admin, at 1280 and 390 px: a full-page screenshot of each in artifacts/screenshots/, no
 * error state anywhere, and at 1280 px the header's navigation on one row.
 */
describe('every dashboard page in Chromium', () => {
  jest.setTimeout(600_000);
  let t: TestApp;
  let sandbox: Sandbox;
  let browser: Browser;
  let baseUrl: string;
  const owner: Visit[] = [];
  const admin: Visit[] = [];

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) throw new Error('apps/web/dist is missing: run `npm run build:web` (npm test does it)');
    fs.mkdirSync(SHOTS, { recursive: true });
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    // the SMS simulator texts the sold codes (the SMS log has rows), its reports come back to the API
    const smsToken = 'sms-callback-token-for-every-page-01';
    sandbox = await startSandbox({ routers: 1, daraja: { apps: [DEMO_APP] }, sms: true, smsDeliveryReportUrl: `${baseUrl}/api/v1/webhooks/africastalking/${smsToken}/delivery-reports` });
    t = await startTestApp({
      WEB_DIST_DIR: WEB_DIST,
      ROUTER_CALL_TIMEOUT_MS: '2000',
      DARAJA_BASE_URL: sandbox.daraja!.url,
      DARAJA_CALLBACK_BASE_URL: baseUrl,
      PUBLIC_URL: baseUrl,
      AT_BASE_URL: sandbox.sms!.url,
      SMS_CALLBACK_TOKEN: smsToken,
    });
    await t.app.listen(port, '127.0.0.1');
    await seedDemo(t.app, sandbox);

    // two sales through the real STK flow (the simulated phone approves numbers ending 0000)
    const o = await login(t, DEMO.owner.email, DEMO.owner.password);
    const get = async (url: string) => (await t.http().get(url).set(o.auth).expect(200)).body;
    // the demo's simulated router (reached directly) and its router without a public IP (the tunnel)
    const routers = (await get('/api/v1/routers')).items as { id: string; connectionMode: string }[];
    const router = routers.find((r) => r.connectionMode === 'direct');
    const tunnelRouter = routers.find((r) => r.connectionMode === 'tunnel');
    if (!router || !tunnelRouter) throw new Error('the demo has no direct or no tunnel router to open');
    const plansBody = await get('/api/v1/plans');
    const plans = (plansBody.items ?? plansBody) as { id: string }[];
    const [{ provider_id: providerId }] = await t.dataSource.query('SELECT provider_id FROM routers WHERE id = $1', [router.id]);
    const payments = t.app.get(PaymentsService);
    const ids: string[] = [];
    for (const [i, plan] of [plans[0], plans[1] ?? plans[0]].entries()) {
      ids.push((await payments.startPurchase({ providerId, routerId: router.id, planId: plan.id, phone: `2547${21 + i}${i}20000`, clientIp: '10.5.0.2' })).purchaseId);
    }
    await sandbox.daraja!.idle();
    const until = Date.now() + 15_000;
    while (Date.now() < until) {
      const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM payments WHERE id = ANY($1) AND status = 'pending'`, [ids]);
      if (n === 0) break;
      await new Promise((r) => setTimeout(r, 50));
    }
    // the sold codes texted to the buyers, delivered (the queue's sender runs by hand in tests)
    await t.app.get(MessageSender).drainOnce();
    await sandbox.sms!.idle();
    // a customer online on the demo router with the first sold code (who is online, sessions tab)
    await t.app.get(OutboxWorker).drainOnce();
    const [sold] = await t.dataSource.query(`SELECT code, COALESCE(password, code) AS password FROM vouchers WHERE provider_id = $1 AND status = 'sold' ORDER BY sold_at LIMIT 1`, [providerId]);
    if (sold) sandbox.loginDevices(sandbox.routers[0], [{ user: sold.code, password: sold.password, ip: '10.5.50.77', mac: '02:00:00:00:07:07' }]);
    await t.app.get(RouterMonitorService).checkAll();

    const plan = plans[0];
    const batch = ((await get('/api/v1/voucher-batches')).items as { id: string }[])[0];
    const voucher = ((await get('/api/v1/vouchers?limit=1')).items as { id: string }[])[0];
    const payment = ((await get('/api/v1/payments?limit=1')).items as { id: string }[])[0];
    if (!batch || !voucher || !payment) throw new Error('the demo data has no batch, voucher or payment to open');
    const reseller = (await t.http().post('/api/v1/resellers').set(o.auth).send({ name: 'Demo Shop', phone: '254700000123' }).expect(201)).body as { id: string };
    // a staff member invited by e-mail who has not set a password yet (the Staff page's and the user page's "invited" states)
    const invited = (await t.http().post('/api/v1/staff').set(o.auth).send({ name: 'Wanjiru Kamau', email: 'wanjiru@demo-hotspot.test' }).expect(201)).body.user as { id: string };

    owner.push(
      { name: 'overview', path: '/app/overview', doc: 'overview' },
      { name: 'online', path: '/app/online' },
      { name: 'routers', path: '/app/routers' },
      { name: 'router-new', path: '/app/routers/new' },
      { name: 'router', path: `/app/routers/${router.id}`, doc: 'router' },
      ...['sessions', 'interfaces', 'sync', 'events', 'backups', 'log', 'setup-kit'].map((tab) => ({ name: `router-${tab}`, path: `/app/routers/${router.id}/${tab}` })),
      { name: 'router-edit', path: `/app/routers/${router.id}/edit` },
      { name: 'router-tunnel', path: `/app/routers/${tunnelRouter.id}` },
      { name: 'router-tunnel-edit', path: `/app/routers/${tunnelRouter.id}/edit` },
      { name: 'plans', path: '/app/plans' },
      { name: 'plan-new', path: '/app/plans/new' },
      { name: 'plan-edit', path: `/app/plans/${plan.id}/edit` },
      { name: 'vouchers', path: '/app/vouchers', doc: 'vouchers' },
      { name: 'voucher-generate', path: '/app/vouchers/generate' },
      { name: 'voucher-batches', path: '/app/vouchers/batches' },
      { name: 'voucher-batch', path: `/app/vouchers/batches/${batch.id}`, doc: 'batch' },
      { name: 'voucher', path: `/app/vouchers/${voucher.id}` },
      { name: 'resellers', path: '/app/resellers' },
      { name: 'reseller-new', path: '/app/resellers/new' },
      { name: 'reseller', path: `/app/resellers/${reseller.id}` },
      { name: 'payments', path: '/app/payments', doc: 'payments' },
      { name: 'payment', path: `/app/payments/${payment.id}` },
      { name: 'revenue', path: '/app/revenue' },
      { name: 'payouts', path: '/app/payouts' },
      { name: 'reconciliation', path: '/app/reconciliation' },
      { name: 'attention', path: '/app/attention' },
      { name: 'webhook-logs', path: '/app/webhook-logs' },
      { name: 'payment-settings', path: '/app/payment-settings' },
      { name: 'customers', path: '/app/customers' },
      { name: 'sms-log', path: '/app/sms-log' },
      { name: 'sms-settings', path: '/app/sms-settings' },
      { name: 'staff', path: '/app/staff' },
      { name: 'api-keys', path: '/app/api-keys' },
      { name: 'audit-log', path: '/app/audit-log' },
      { name: 'subscription', path: '/app/subscription' },
      { name: 'profile', path: '/app/profile' },
      { name: 'account', path: '/app/account' },
    );
    admin.push(
      { name: 'overview', path: '/app/admin/overview', doc: 'admin-overview' },
      { name: 'providers', path: '/app/admin/providers' },
      { name: 'performance', path: '/app/admin/performance' },
      { name: 'platform-plans', path: '/app/admin/platform-plans' },
      { name: 'subscription-revenue', path: '/app/admin/subscription-revenue' },
      { name: 'statements', path: '/app/admin/statements' },
      { name: 'attention', path: '/app/admin/attention' },
      { name: 'payouts', path: '/app/admin/payouts' },
      { name: 'subscriptions', path: '/app/admin/subscriptions' },
      { name: 'commission-revenue', path: '/app/admin/commission-revenue' },
      { name: 'health', path: '/app/admin/health' },
      { name: 'users', path: '/app/admin/users' },
      { name: 'user-invited', path: `/app/admin/users/${invited.id}` },
      { name: 'audit-log', path: '/app/admin/audit-log' },
      { name: 'account', path: '/app/account' },
    );
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await sandbox?.stop();
  });

  /** Waits until the page's title is shown and nothing is loading any more. */
  const settle = async (page: Page) => {
    await page.locator('main h1, main .page-title').first().waitFor();
    await page.waitForFunction(() => document.querySelectorAll('.state-loading, [aria-busy="true"]').length === 0, undefined, { timeout: 20_000 });
    await page.evaluate(() => document.fonts.ready);
  };

  /** Top-level navigation entries (links and group buttons), the brand and "Log out": their vertical centres. */
  const headerRows = (page: Page) =>
    page.evaluate(() => {
      const header = document.querySelector('.header-bar')!;
      const items = [
        ...Array.from(header.querySelectorAll('nav[aria-label="Main"] > ul > li')),
        header.querySelector('.brand'),
        ...Array.from(header.querySelectorAll('.header-menu > button')),
      ].filter((e): e is Element => e !== null);
      const centres = items.map((e) => {
        const r = e.getBoundingClientRect();
        return Math.round(r.top + r.height / 2);
      });
      return { count: items.length, centres, height: header.getBoundingClientRect().height };
    });

  async function walk(role: 'owner' | 'admin', email: string, password: string, visits: Visit[]) {
    const failures: string[] = [];
    for (const width of WIDTHS) {
      const page = await browser.newPage({ viewport: { width, height: width === 390 ? 844 : 900 } });
      await logIn(page, baseUrl, { email: email, password: password });
      for (const [i, visit] of visits.entries()) {
        await page.goto(baseUrl + visit.path);
        await settle(page);
        const errors = await page.locator('.state-error').allInnerTexts();
        if (errors.length) failures.push(`${visit.path} at ${width}px shows an error: ${errors.join(' | ')}`);
        if (await page.getByRole('heading', { name: 'Page not found' }).count()) failures.push(`${visit.path} at ${width}px: page not found`);
        if (width === 1280) {
          const { count, centres, height } = await headerRows(page);
          expect(count).toBeGreaterThanOrEqual(5);
          // one row: every entry's vertical centre within a few pixels of the others, the bar one line tall
          if (Math.max(...centres) - Math.min(...centres) > 4 || height > 96) failures.push(`${visit.path}: header is not one row (centres ${centres.join(',')}, height ${height})`);
        } else {
          const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
          if (overflow > 390) {
            const wide = await page.evaluate(() =>
              Array.from(document.querySelectorAll('body *'))
                .filter((e) => e.getBoundingClientRect().right > 391)
                .slice(0, 3)
                .map((e) => `${e.tagName.toLowerCase()}.${String(e.getAttribute('class') ?? '').replace(/ /g, '.')}`),
            );
            failures.push(`${visit.path} at 390px is ${overflow}px wide (${wide.join(', ')})`);
          }
        }
        await page.evaluate(() => window.scrollTo(0, 0));
        const file = path.join(SHOTS, `${role}-${String(i + 1).padStart(2, '0')}-${visit.name}-${width}.png`);
        await page.screenshot({ path: file, fullPage: true });
        // the README's copies show the first screen (a full 390 px voucher list is 10,000 px tall)
        if (visit.doc) await page.screenshot({ path: path.join(DOCS_SHOTS, `pages-${visit.doc}-${width}.png`) });
      }
      await page.close();
    }
    expect(failures).toEqual([]);
  }

  it('shows the provider owner every page without an error, the header on one row at 1280 px', async () => {
    await walk('owner', DEMO.owner.email, DEMO.owner.password, owner);
  });

  it('shows the super admin every page without an error, the header on one row at 1280 px', async () => {
    await walk('admin', DEMO.admin.email, DEMO.admin.password, admin);
  });

  it('keeps the navigation usable by keyboard: a group opens, Escape closes it, the current page is marked', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await logIn(page, baseUrl, DEMO.owner);
    await page.goto(`${baseUrl}/app/payments`);
    await settle(page);
    const nav = page.getByRole('navigation', { name: 'Main' });
    const money = nav.getByRole('button', { name: /^Money/ });
    await expect(money.getAttribute('aria-expanded')).resolves.toBe('false');
    expect(await money.textContent()).toContain('(current section)');
    await money.focus();
    await page.keyboard.press('Enter');
    await expect(money.getAttribute('aria-expanded')).resolves.toBe('true');
    await expect(nav.getByRole('link', { name: 'Payments', exact: true }).getAttribute('aria-current')).resolves.toBe('page');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Payments');
    await page.keyboard.press('Escape');
    await expect(money.getAttribute('aria-expanded')).resolves.toBe('false');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toContain('Money');
    // the overview's active sessions figure leads to who is online
    await page.goto(`${baseUrl}/app/overview`);
    const online = page.getByRole('link', { name: /active sessions: see who is online/ });
    const counted = Number((await online.getAttribute('aria-label'))!.split(' ')[0]);
    await online.click();
    await page.waitForURL('**/app/online');
    await page.getByRole('heading', { name: 'Who is online' }).waitFor();
    // the sessions on the demo router (the seeded ones and the sold code's), as the router lists them
    const active = sandbox.routers[0].state.hotspot.active.all().map((a) => a.user);
    expect(counted).toBe(active.length);
    const users = page.getByRole('table', { name: 'Active sessions on all routers' }).locator('td[data-label="User"]');
    await users.first().waitFor();
    expect((await users.allTextContents()).sort()).toEqual(active.sort());
    await page.close();
  });
});
