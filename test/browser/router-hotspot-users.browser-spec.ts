import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import type { Sandbox } from '@wavu/sandbox';
import { startSandbox } from '@wavu/sandbox';
import type { Principal } from '../../apps/api/src/common/auth/principal';
import { DEMO, seedDemo } from '../../apps/api/src/database/seed-demo';
import { RoutersService } from '../../apps/api/src/modules/routers/routers.service';
import { launchChromium, openNav, screenshot } from '../setup/browser';
import type { TestApp } from '../setup/test-app';
import { startTestApp } from '../setup/test-app';

const WEB_DIST = path.resolve(__dirname, '..', '..', 'apps', 'web', 'dist');

/**
 * The owner works with the router's own hotspot users (filter, delete an unknown one, adopt one as
 * a voucher, give a complimentary voucher) and switches an interface off and on, every action
 * confirmed first; the platform's own interface offers no disable. At 1280 and 390 px.
 */
describe('hotspot users on the router and interfaces in Chromium', () => {
  jest.setTimeout(120_000);
  let t: TestApp;
  let sandbox: Sandbox;
  let browser: Browser;
  let baseUrl: string;
  let providerId: string;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) throw new Error('apps/web/dist is missing: run `npm run build:web` (npm test does it)');
    [t, sandbox] = await Promise.all([startTestApp({ WEB_DIST_DIR: WEB_DIST, ROUTER_CALL_TIMEOUT_MS: '3000' }), startSandbox({ routers: 2 })]);
    await seedDemo(t.app);
    await t.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as { port: number }).port}`;
    browser = await launchChromium();
    [{ provider_id: providerId }] = await t.dataSource.query<Array<{ provider_id: string }>>(`SELECT provider_id FROM users WHERE email = $1`, [DEMO.owner.email]);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await sandbox?.stop();
  });

  const login = async (page: Page) => {
    await page.goto(`${baseUrl}/login`);
    await page.getByLabel('Email', { exact: true }).fill(DEMO.owner.email);
    await page.getByLabel('Password', { exact: true }).fill(DEMO.owner.password);
    await page.getByRole('button', { name: 'Log in' }).click();
  };

  for (const [index, viewport] of [
    { width: 1280, height: 900 },
    { width: 390, height: 844 },
  ].entries()) {
    it(`at ${viewport.width} px: filters, deletes, adopts, gives a complimentary voucher and toggles an interface`, async () => {
      const sim = sandbox.routers[index];
      const name = `Cafe router ${viewport.width}`;
      // login names are per viewport: a provider's voucher code counts as Wavu's on every router
      const guest = `cafe-guest-${viewport.width}`;
      const actor: Principal = { kind: 'user', userId: null, apiKeyId: null, email: 'test@wavu.test', role: 'provider_owner', providerId, scope: 'full' };
      const router = await t.app
        .get(RoutersService)
        .create(providerId, { name, host: '127.0.0.1', apiPort: sim.port, useTls: false, username: 'admin', password: '' }, actor, { ip: null, userAgent: 'test' });
      sim.state.hotspot.addUser({ name: guest, password: 'latte-7', comment: 'added by the barista', 'bytes-out': '52428800', uptime: '2h' });
      sim.state.hotspot.addUser({ name: 'old-staff', password: 'x', disabled: 'true' });
      sandbox.loginDevices(sim, [{ user: guest, password: 'latte-7', ip: '10.5.50.60', mac: '02:00:00:00:00:60' }]);
      const [plan] = await t.dataSource.query<Array<{ id: string; name: string }>>(
        `SELECT id, name FROM plans WHERE provider_id = $1 AND status = 'active' AND router_scope = 'all' ORDER BY sort_order, name LIMIT 1`,
        [providerId],
      );

      const page = await browser.newPage({ viewport });
      await login(page);
      await openNav(page, 'Routers');
      await page.getByRole('link', { name }).click();
      await page.getByRole('link', { name: 'Sessions' }).click();
      const users = page.getByRole('table', { name: 'Hotspot users on the router' });
      await users
        .getByRole('row', { name: new RegExp(guest) })
        .getByText('Online now')
        .waitFor();
      await screenshot(page, `router-hotspot-users-01-list-${viewport.width}`);
      expect(
        await users
          .getByRole('row', { name: new RegExp(guest) })
          .getByText('Unknown')
          .count(),
      ).toBe(1);

      // filter: only the disabled one
      await page
        .getByRole('group', { name: 'Filter hotspot users' })
        .getByRole('button', { name: /Disabled/ })
        .click();
      await users.getByRole('row', { name: /old-staff/ }).waitFor();
      expect(await users.getByRole('row', { name: new RegExp(guest) }).count()).toBe(0);

      // delete it, after confirming (cancel first changes nothing)
      await users.getByRole('button', { name: 'Delete old-staff' }).click();
      const dialog = page.getByRole('dialog');
      expect(await dialog.getByRole('heading').textContent()).toBe('Delete old-staff from the router?');
      await screenshot(page, `router-hotspot-users-02-delete-confirm-${viewport.width}`);
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      expect(sim.state.hotspot.findUser('old-staff')).toBeDefined();
      await users.getByRole('button', { name: 'Delete old-staff' }).click();
      await dialog.getByRole('button', { name: 'Delete user' }).click();
      await page.getByText('old-staff was deleted from the router.').waitFor();
      expect(sim.state.hotspot.findUser('old-staff')).toBeUndefined();

      // adopt the unknown one on a plan
      await page
        .getByRole('group', { name: 'Filter hotspot users' })
        .getByRole('button', { name: /Unknown/ })
        .click();
      await users.getByRole('button', { name: `Adopt ${guest}` }).click();
      expect(await dialog.getByRole('heading').textContent()).toBe(`Adopt ${guest} as a Wavu voucher?`);
      await dialog.getByLabel('Plan').selectOption(plan.id);
      await screenshot(page, `router-hotspot-users-03-adopt-${viewport.width}`);
      await dialog.getByRole('button', { name: 'Adopt user' }).click();
      await page.getByText(`${guest} is now a Wavu voucher on ${plan.name}`).waitFor();
      const [adopted] = await t.dataSource.query(`SELECT code, password, price_minor, status, router_id FROM vouchers WHERE provider_id = $1 AND code = $2`, [providerId, guest]);
      expect(adopted).toEqual({ code: guest, password: 'latte-7', price_minor: '0', status: 'sold', router_id: router.id });
      await page
        .getByRole('group', { name: 'Filter hotspot users' })
        .getByRole('button', { name: /Managed by Wavu/ })
        .click();
      await users
        .getByRole('row', { name: new RegExp(guest) })
        .getByText('Change it through its voucher')
        .waitFor();

      // a complimentary voucher: the reason is required
      await page.getByRole('button', { name: 'Give complimentary voucher' }).click();
      await dialog.getByLabel('Plan').selectOption(plan.id);
      await dialog.getByRole('button', { name: 'Give voucher' }).click();
      await dialog.getByText('Say why it is given (at least 3 characters).').waitFor();
      await dialog.getByLabel('Reason').fill('Coffee machine broke, sorry');
      await screenshot(page, `router-hotspot-users-04-complimentary-${viewport.width}`);
      await dialog.getByRole('button', { name: 'Give voucher' }).click();
      await page.getByText(/Complimentary voucher \S+ \(.+\) is being put on the router\./).waitFor();
      const [comp] = await t.dataSource.query(
        `SELECT v.price_minor, l.source, l.gross_minor FROM vouchers v JOIN ledger_entries l ON l.voucher_id = v.id WHERE v.provider_id = $1 AND v.router_id = $2 AND l.source = 'comp'`,
        [providerId, router.id],
      );
      expect(comp).toEqual({ price_minor: '0', source: 'comp', gross_minor: '0' });
      await screenshot(page, `router-hotspot-users-05-done-${viewport.width}`);

      // interfaces: the platform's own one offers no disable; ether3 goes off and on again
      await page.getByRole('link', { name: 'Interfaces' }).click();
      const ifaces = page.getByRole('table', { name: 'Interfaces' });
      await ifaces
        .getByRole('row', { name: /ether1/ })
        .getByText('Wavu connects here')
        .waitFor();
      expect(await ifaces.getByRole('button', { name: 'Disable ether1' }).count()).toBe(0);
      await ifaces.getByRole('button', { name: 'Disable ether3' }).click();
      expect(await dialog.getByRole('heading').textContent()).toBe('Disable ether3?');
      await screenshot(page, `router-interfaces-01-disable-confirm-${viewport.width}`);
      await dialog.getByRole('button', { name: 'Disable interface' }).click();
      await page.getByText('ether3 was disabled.').waitFor();
      await ifaces.getByRole('button', { name: 'Enable ether3' }).waitFor();
      expect(sim.state.interfaces.find('name', 'ether3')?.disabled).toBe('true');
      await screenshot(page, `router-interfaces-02-disabled-${viewport.width}`);
      await ifaces.getByRole('button', { name: 'Enable ether3' }).click();
      await dialog.getByRole('button', { name: 'Enable interface' }).click();
      await page.getByText('ether3 was enabled.').waitFor();
      expect(sim.state.interfaces.find('name', 'ether3')?.disabled).toBe('false');

      const actions = await t.dataSource.query<Array<{ action: string }>>(
        `SELECT action FROM audit_logs WHERE provider_id = $1 AND action IN ('router.hotspot_user_deleted', 'voucher.adopted', 'voucher.complimentary', 'router.interface_disabled', 'router.interface_enabled') AND created_at > now() - interval '5 minutes' AND (target_id = $2 OR metadata->>'routerId' = $2::text)`,
        [providerId, router.id],
      );
      expect(actions.map((a) => a.action).sort()).toEqual(['router.hotspot_user_deleted', 'router.interface_disabled', 'router.interface_enabled', 'voucher.adopted', 'voucher.complimentary']);
      await page.close();
    });
  }
});
