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
 * The router page's history (docs/monitoring.md): CPU, memory, sessions and traffic charts for
 * the last 24 h at minute resolution, the 7-day range at hour resolution (average and highest
 * minute), and the refresh of a router that cannot be reached. At 1280 and 390 px.
 */
describe('router history charts in Chromium', () => {
  jest.setTimeout(90_000);
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;
  let providerId: string;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) throw new Error('apps/web/dist is missing: run `npm run build:web` (npm test does it)');
    t = await startTestApp({ WEB_DIST_DIR: WEB_DIST, ROUTER_CALL_TIMEOUT_MS: '1000' });
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

  /** A day of minutes (a daily curve, a two-hour outage) and a week of hours for a new router. */
  const seedHistory = async (routerId: string) => {
    const ds = t.dataSource;
    await ds.query(
      `INSERT INTO router_samples (router_id, at, cpu_load, memory_used_percent, active_sessions)
       SELECT $1, date_trunc('minute', now()) - make_interval(mins => g),
              (25 + 20 * sin(g / 120.0))::int, (48 + (g % 90) / 10)::int, (12 + 10 * sin(g / 200.0))::int
         FROM generate_series(0, 1439) g WHERE g NOT BETWEEN 300 AND 420`,
      [routerId],
    );
    await ds.query(
      `INSERT INTO router_interface_samples (router_id, at, interface, rx_bps, tx_bps)
       SELECT $1, date_trunc('minute', now()) - make_interval(mins => g), i.name,
              ((3000000 + 2500000 * sin(g / 90.0)) * i.f)::bigint, ((600000 + 400000 * cos(g / 70.0)) * i.f)::bigint
         FROM generate_series(0, 1439) g, (VALUES ('ether1', 1.0), ('bridge-hotspot', 0.8)) i(name, f) WHERE g NOT BETWEEN 300 AND 420`,
      [routerId],
    );
    await ds.query(
      `INSERT INTO router_samples_hourly (router_id, at, cpu_load_avg, cpu_load_max, memory_used_percent_avg, memory_used_percent_max, active_sessions_avg, active_sessions_max)
       SELECT $1, date_trunc('hour', now()) - make_interval(hours => g), 25 + 15 * sin(g / 6.0), 55 + 30 * sin(g / 6.0), 50, 58, 10 + 8 * sin(g / 6.0), 22 + 8 * sin(g / 6.0)
         FROM generate_series(1, 168) g`,
      [routerId],
    );
    await ds.query(
      `INSERT INTO router_interface_samples_hourly (router_id, at, interface, rx_bps_avg, rx_bps_max, tx_bps_avg, tx_bps_max)
       SELECT $1, date_trunc('hour', now()) - make_interval(hours => g), 'ether1', (2500000 + 2000000 * sin(g / 6.0))::bigint, 9000000, 500000, 1200000
         FROM generate_series(1, 168) g`,
      [routerId],
    );
  };

  for (const viewport of [
    { width: 1280, height: 900 },
    { width: 390, height: 844 },
  ]) {
    it(`at ${viewport.width} px: shows the charts, switches range and refreshes`, async () => {
      const name = `History kiosk ${viewport.width}`;
      const actor: Principal = { kind: 'user', userId: null, apiKeyId: null, email: 'test@wavu.test', role: 'provider_owner', providerId, scope: 'full' };
      const router = await t.app
        .get(RoutersService)
        .create(providerId, { name, host: '203.0.113.45', apiPort: 8728, username: 'wavu-api', password: 'kiosk-pass-1' }, actor, { ip: null, userAgent: 'test' });
      await seedHistory(router.id);
      const page = await browser.newPage({ viewport });
      await page.goto(`${baseUrl}/login`);
      await page.getByLabel('Email', { exact: true }).fill(DEMO.owner.email);
      await page.getByLabel('Password', { exact: true }).fill(DEMO.owner.password);
      await page.getByRole('button', { name: 'Log in' }).click();
      await openNav(page, 'Routers');
      await page.getByRole('link', { name }).click();

      const card = page.locator('section.router-history');
      await card.getByRole('heading', { name: 'History' }).waitFor();
      for (const title of ['CPU load', 'Memory used', 'Active sessions', 'Traffic on ether1']) await card.getByRole('img', { name: new RegExp(`^${title}`) }).waitFor();
      expect(await card.getByRole('button', { name: '24h' }).getAttribute('aria-pressed')).toBe('true');
      // every chart drew a line, broken once by the two-hour outage
      const cpuPath = await card.locator('path.history-line').first().getAttribute('d');
      expect(cpuPath?.match(/M/g)).toHaveLength(2);
      expect(await card.locator('path.history-line').count()).toBe(5);
      // each line runs forward in time (a series out of order would scribble back and forth)
      for (const d of await card.locator('path.history-line').evaluateAll((paths) => paths.map((p) => p.getAttribute('d') ?? ''))) {
        const xs = [...d.matchAll(/[ML]([\d.]+),/g)].map((m) => Number(m[1]));
        expect(xs.length).toBeGreaterThan(100);
        expect(xs.every((x, i) => i === 0 || x >= xs[i - 1])).toBe(true);
      }
      // the page never scrolls sideways
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(viewport.width);
      await card.scrollIntoViewIfNeeded();
      await screenshot(page, `router-history-24h-${viewport.width}`);

      // the other interface
      await card.getByLabel('Interface').selectOption('bridge-hotspot');
      await card.getByRole('img', { name: /^Traffic on bridge-hotspot/ }).waitFor();

      // a week: hourly averages with the highest minute
      await card.getByRole('button', { name: '7d' }).click();
      await card.getByText('CPU, highest minute', { exact: true }).waitFor();
      await card.getByRole('img', { name: /^Traffic on ether1 \(hourly average\)/ }).waitFor();
      expect(await card.locator('path.history-a-max').count()).toBe(4);
      await screenshot(page, `router-history-7d-${viewport.width}`);

      // refreshing a router that cannot be reached says so
      await card.getByRole('button', { name: 'Refresh now' }).click();
      await card.getByText(/^Router is (offline|error)/).waitFor();
      await screenshot(page, `router-history-refresh-${viewport.width}`);
      await page.close();
    });
  }
});
