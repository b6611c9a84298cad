import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import type { Principal } from '../../apps/api/src/common/auth/principal';
import { DEMO, seedDemo } from '../../apps/api/src/database/seed-demo';
import { RoutersService } from '../../apps/api/src/modules/routers/routers.service';
import { launchChromium, openNav, screenshot } from '../setup/browser';
import type { TestApp } from '../setup/test-app';
import { startTestApp } from '../setup/test-app';

const WEB_DIST = path.resolve(__dirname, '..', '..', 'apps', 'web', 'dist');

/**
 * The owner removes a router from the dashboard: from its edit page, confirmed first; it leaves
 * the routers list, the database and is audited. At 1280 and 390 px.
 */
describe('removing a router in Chromium', () => {
  jest.setTimeout(90_000);
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;
  let providerId: string;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) throw new Error('apps/web/dist is missing: run `npm run build:web` (npm test does it)');
    t = await startTestApp({ WEB_DIST_DIR: WEB_DIST });
    await seedDemo(t.app);
    await t.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as { port: number }).port}`;
    browser = await launchChromium();
    [{ provider_id: providerId }] = await t.dataSource.query<Array<{ provider_id: string }>>(`SELECT provider_id FROM users WHERE email = $1`, [DEMO.owner.email]);
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  for (const viewport of [
    { width: 1280, height: 900 },
    { width: 390, height: 844 },
  ]) {
    it(`at ${viewport.width} px: removes a router after confirming`, async () => {
      const name = `Old kiosk ${viewport.width}`;
      const actor: Principal = { kind: 'user', userId: null, apiKeyId: null, email: 'test@wavu.test', role: 'provider_owner', providerId, scope: 'full' };
      const router = await t.app
        .get(RoutersService)
        .create(providerId, { name, host: '203.0.113.44', apiPort: 8729, username: 'wavu-api', password: 'kiosk-pass-1' }, actor, { ip: null, userAgent: 'test' });
      const page = await browser.newPage({ viewport });
      await page.goto(`${baseUrl}/login`);
      await page.getByLabel('Email', { exact: true }).fill(DEMO.owner.email);
      await page.getByLabel('Password', { exact: true }).fill(DEMO.owner.password);
      await page.getByRole('button', { name: 'Log in' }).click();
      await openNav(page, 'Routers');
      await page.getByRole('link', { name }).click();
      await page.getByRole('link', { name: 'Edit router' }).click();

      await page.getByRole('button', { name: 'Remove router' }).click();
      const dialog = page.getByRole('dialog');
      expect(await dialog.getByRole('heading').textContent()).toBe(`Remove ${name}?`);
      await screenshot(page, `router-remove-confirm-${viewport.width}`);
      // cancelling changes nothing
      await dialog.getByRole('button', { name: 'Cancel' }).click();
      expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM routers WHERE id = $1`, [router.id])).toEqual([{ n: 1 }]);

      await page.getByRole('button', { name: 'Remove router' }).click();
      await dialog.getByRole('button', { name: 'Remove router' }).click();
      await page.waitForURL(`${baseUrl}/app/routers`);
      await page.getByRole('heading', { name: 'Routers', level: 1 }).waitFor();
      await screenshot(page, `router-remove-done-${viewport.width}`);
      expect(await page.getByRole('link', { name }).count()).toBe(0);
      expect(await t.dataSource.query(`SELECT count(*)::int AS n FROM routers WHERE id = $1`, [router.id])).toEqual([{ n: 0 }]);
      const [audit] = await t.dataSource.query<Array<{ action: string; metadata: { name: string } }>>(`SELECT action, metadata FROM audit_logs WHERE target_id = $1 AND action = 'router.delete'`, [
        router.id,
      ]);
      expect(audit.metadata.name).toBe(name);
      await page.close();
    });
  }
});
