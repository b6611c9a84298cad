import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import type { Sandbox } from '@wavu/sandbox';
import { startSandbox } from '@wavu/sandbox';
import { DEMO, seedDemo } from '../../apps/api/src/database/seed-demo';
import { launchChromium, openNav, screenshot } from '../setup/browser';
import type { TestApp } from '../setup/test-app';
import { startTestApp } from '../setup/test-app';

const WEB_DIST = path.resolve(__dirname, '..', '..', 'apps', 'web', 'dist');

/** The demo provider adds a (simulated) router in the SPA, sees it online and opens its sessions. */
describe('routers in Chromium', () => {
  jest.setTimeout(90_000);
  let t: TestApp;
  let sandbox: Sandbox;
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) throw new Error('apps/web/dist is missing: run `npm run build:web` (npm test does it)');
    [t, sandbox] = await Promise.all([startTestApp({ WEB_DIST_DIR: WEB_DIST, ROUTER_CALL_TIMEOUT_MS: '2000' }), startSandbox({ routers: 1 })]);
    await seedDemo(t.app);
    await t.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as { port: number }).port}`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await sandbox?.stop();
  });

  const fill = (page: Page, label: string, value: string) => page.getByLabel(label, { exact: true }).fill(value);
  /** The text of one cell of a table row, by its column. */
  const cell = (row: Locator, label: string) => row.locator(`td[data-label="${label}"]`).textContent();

  it('adds a router with a connection test, sees it online, and kicks a session from its sessions page', async () => {
    const sim = sandbox.routers[0];
    sim.state.addApiUser('wavu-api', 'browser-router-pass', ['read', 'write', 'api', 'test']);
    sim.state.hotspot.addUser({ name: 'VOUCHER42', password: 'VOUCHER42', comment: 'wavu:browser' });
    sandbox.loginDevices(sim, [{ user: 'VOUCHER42', password: 'VOUCHER42', ip: '10.5.50.42', mac: '02:00:00:00:00:42', rateOut: 50_000 }]);
    sim.clock.advance(90_000);

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await page.goto(`${baseUrl}/login`);
    await fill(page, 'Email', DEMO.owner.email);
    await fill(page, 'Password', DEMO.owner.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await openNav(page, 'Routers');
    await page.getByText('No routers yet').waitFor();
    await page.getByRole('link', { name: 'Add router' }).click();

    await fill(page, 'Router name', 'Browser Shop Router');
    await fill(page, 'Router address', '127.0.0.1');
    // the encrypted API (api-ssl) is the default: the simulator serves it on its own port
    await fill(page, 'API port', String(sim.sslAddress!.port));
    // the manual path: an API user the owner made on the router (the default path is the setup kit: getting-started.browser-spec.ts)
    await page.getByLabel('I already have an API user on this router').check();
    await fill(page, 'API user', 'wavu-api');
    await fill(page, 'API password', 'wrong-password');
    await page.getByRole('button', { name: 'Test connection' }).click();
    const result = page.getByRole('status', { name: 'Connection test result' });
    await result.getByText('Log in: failed').waitFor();
    await screenshot(page, 'routers-01-test-connection-failed');

    await fill(page, 'API password', 'browser-router-pass');
    await page.getByRole('button', { name: 'Test connection' }).click();
    await result.getByText(/Connected: sim-router-1/).waitFor();
    await result.getByText('Permission to manage hotspot users: passed').waitFor();
    expect(await result.textContent()).toContain(`Connected: ${sim.state.identity}`);
    expect(await result.textContent()).not.toContain('failed');
    await screenshot(page, 'routers-02-test-connection-passed');
    await page.getByRole('button', { name: 'Add router' }).click();

    await page.getByRole('heading', { name: /Browser Shop Router/ }).waitFor();
    await page.getByRole('button', { name: 'Test connection' }).click();
    await page
      .getByRole('heading', { name: /Browser Shop Router/ })
      .getByText('online')
      .waitFor();
    await page.getByText('sim-router-1', { exact: true }).waitFor();
    await screenshot(page, 'routers-03-router-online');

    await openNav(page, 'Routers');
    const row = page.getByRole('row', { name: /Browser Shop Router/ });
    await row.getByText('online').waitFor();
    const [listed] = await t.dataSource.query(`SELECT host, api_port, status FROM routers WHERE name = 'Browser Shop Router'`);
    expect(await cell(row, 'Status')).toBe(listed.status);
    expect(await cell(row, 'Address')).toBe(`${listed.host}:${listed.api_port}`);
    await screenshot(page, 'routers-04-list-online');

    await row.getByRole('link', { name: 'Browser Shop Router' }).click();
    await page.getByRole('link', { name: 'Sessions' }).click();
    // the sessions table (the router's hotspot users are listed below it too)
    const sessionsTable = page.getByRole('table', { name: 'Active sessions' });
    const session = sessionsTable.getByRole('row', { name: /VOUCHER42/ });
    await session.getByText('10.5.50.42').waitFor();
    await session.getByText('1m 30s').waitFor();
    const [active] = sim.state.hotspot.active.all();
    expect(await cell(session, 'IP')).toBe(active.address);
    expect(await cell(session, 'MAC')).toBe(active['mac-address']);
    await screenshot(page, 'routers-05-sessions');
    await session.getByRole('button', { name: 'Kick VOUCHER42' }).click();
    const confirm = page.getByRole('dialog', { name: "End VOUCHER42's session?" });
    await confirm.getByRole('button', { name: 'End session' }).click();
    await page.getByRole('status').getByText('Session ended: VOUCHER42 was logged out.').waitFor();
    await page.getByText('No active sessions').waitFor();
    expect(sim.state.hotspot.active.all()).toHaveLength(0);
    expect(await sessionsTable.getByRole('row', { name: /VOUCHER42/ }).count()).toBe(0);
    await screenshot(page, 'routers-06-session-kicked');

    const [stored] = await t.dataSource.query(`SELECT status, identity FROM routers WHERE name = 'Browser Shop Router'`);
    expect(stored).toEqual({ status: 'online', identity: 'sim-router-1' });
  });
});
