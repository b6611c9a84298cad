import * as fs from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser, BrowserContext, Page, Route } from 'playwright-core';
import { DEMO, seedDemo } from '../../apps/api/src/database/seed-demo';
import { ARTIFACTS, launchChromium, openNav, screenshot } from '../setup/browser';
import { freePort } from '../setup/free-port';
import { startTestApp, type TestApp } from '../setup/test-app';

const WEB_DIST = path.resolve(__dirname, '..', '..', 'apps', 'web', 'dist');

/** The chunks of one route file, as apps/web/vite.config.ts names them (route-<file>-<hash>.js). */
const chunk = (route: string) => new RegExp(`/assets/route-${route}-[\\w-]+\\.js$`);
const DASHBOARD_ROUTES = ['layout', 'dashboards', 'vouchers', 'routers', 'plans', 'payments', 'statements', 'subscription', 'sms', 'admin-providers', 'profile', 'account'];

/**
 * The dashboard is split by route (apps/web/src/app/router.tsx): the landing and login pages do not
 * download the dashboard's pages, a dashboard page fetches its own chunk when first opened, shows a
 * loading state under the header meanwhile, and offers "Reload" when the chunk cannot be fetched.
 */
describe('dashboard bundle split by route (Chromium)', () => {
  jest.setTimeout(120_000);
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;
  /** JS and CSS bytes each page's first load fetched (raw and gzip), for docs/benchmarks.md. */
  const sizes: Record<string, { files: string[]; js: { raw: number; gzip: number }; css: { raw: number; gzip: number } }> = {};

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) throw new Error('apps/web/dist is missing: run `npm run build:web` (npm test does it)');
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    t = await startTestApp({ WEB_DIST_DIR: WEB_DIST, PUBLIC_URL: baseUrl });
    await t.app.listen(port, '127.0.0.1');
    await seedDemo(t.app);
    browser = await launchChromium();
  });
  afterAll(async () => {
    if (Object.keys(sizes).length) {
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      fs.writeFileSync(path.join(ARTIFACTS, 'bundle-sizes.json'), JSON.stringify(sizes, null, 2) + '\n');
    }
    await browser?.close();
    await t?.close();
  });

  /** Every /assets/ file the page requests, in order. */
  const recordAssets = (page: Page): string[] => {
    const urls: string[] = [];
    page.on('request', (req) => {
      const { pathname } = new URL(req.url());
      if (pathname.startsWith('/assets/')) urls.push(pathname);
    });
    return urls;
  };
  const measure = (name: string, urls: string[]) => {
    const total = (ext: string) =>
      urls
        .filter((u) => u.endsWith(ext))
        .map((u) => fs.readFileSync(path.join(WEB_DIST, u)))
        .reduce((sum, b) => ({ raw: sum.raw + b.length, gzip: sum.gzip + gzipSync(b, { level: 9 }).length }), { raw: 0, gzip: 0 });
    sizes[name] = { files: [...new Set(urls)].sort(), js: total('.js'), css: total('.css') };
    return sizes[name];
  };
  const requested = (urls: string[], route: string) => urls.some((u) => chunk(route).test(u));
  const newPage = async (): Promise<{ context: BrowserContext; page: Page }> => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    return { context, page: await context.newPage() };
  };
  const signIn = async (page: Page) => {
    await page.goto(`${baseUrl}/login`);
    await page.getByLabel('Email', { exact: true }).fill(DEMO.owner.email);
    await page.getByLabel('Password', { exact: true }).fill(DEMO.owner.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL('**/app/overview');
    await page.getByRole('heading', { name: 'Overview', level: 1 }).waitFor();
  };

  it('loads the landing page without any dashboard page', async () => {
    const { context, page } = await newPage();
    const urls = recordAssets(page);
    await page.goto(baseUrl + '/');
    await page.getByRole('heading', { name: /Billing for MikroTik WiFi hotspots/ }).waitFor();
    await page.waitForLoadState('networkidle');
    expect(requested(urls, 'root-redirect')).toBe(true);
    for (const route of [...DASHBOARD_ROUTES, 'auth-login', 'auth-signup']) expect([route, requested(urls, route)]).toEqual([route, false]);
    measure('landing', urls);
    await context.close();
  });

  it('loads the login page without the dashboard, then the overview fetches only its own page', async () => {
    const { context, page } = await newPage();
    const urls = recordAssets(page);
    await page.goto(`${baseUrl}/login`);
    await page.getByRole('button', { name: 'Log in' }).waitFor();
    await page.waitForLoadState('networkidle');
    expect(requested(urls, 'auth-login')).toBe(true);
    for (const route of [...DASHBOARD_ROUTES, 'root-redirect']) expect([route, requested(urls, route)]).toEqual([route, false]);
    const login = measure('login', urls);

    // a fresh load of the overview, signed in (the session survives the reload)
    await signIn(page);
    urls.length = 0;
    await page.reload();
    await page.getByText('Revenue today').waitFor();
    await page.waitForLoadState('networkidle');
    expect(requested(urls, 'layout')).toBe(true);
    expect(requested(urls, 'dashboards')).toBe(true);
    for (const route of ['vouchers', 'routers', 'plans', 'payments', 'statements', 'admin-providers', 'auth-login', 'root-redirect']) expect([route, requested(urls, route)]).toEqual([route, false]);
    const overview = measure('overview', urls);
    expect(login.js.gzip).toBeLessThan(overview.js.gzip);

    // opening Vouchers fetches its chunk and renders it, under the same header
    urls.length = 0;
    await openNav(page, 'Vouchers');
    await page.getByRole('heading', { name: 'Vouchers', level: 1 }).waitFor();
    expect(requested(urls, 'vouchers')).toBe(true);
    expect(requested(urls, 'layout')).toBe(false);
    await context.close();
  });

  it('keeps the header and shows a loading state while a page downloads, never the previous page', async () => {
    const { context, page } = await newPage();
    await signIn(page);
    // hold the vouchers chunk until the loading state has been seen
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    let held: () => void = () => undefined;
    const seen = new Promise<void>((resolve) => (held = resolve));
    await page.route(chunk('vouchers'), async (route: Route) => {
      held();
      await released;
      await route.continue();
    });
    await openNav(page, 'Vouchers');
    await seen;
    await page.getByRole('status').filter({ hasText: 'Loading…' }).waitFor();
    expect(await page.getByRole('link', { name: 'Wavu home' }).isVisible()).toBe(true);
    expect(await page.getByRole('heading', { name: 'Overview', level: 1 }).count()).toBe(0);
    await screenshot(page, 'bundle-01-page-loading');
    release();
    await page.getByRole('heading', { name: 'Vouchers', level: 1 }).waitFor();
    // the page replaced the loading state, under the same header
    expect(await page.getByRole('heading', { level: 1 }).allTextContents()).toEqual(['Vouchers']);
    expect(await page.getByRole('status').filter({ hasText: 'Loading…' }).count()).toBe(0);
    expect(await page.getByRole('link', { name: 'Wavu home' }).isVisible()).toBe(true);
    expect(new URL(page.url()).pathname).toBe('/app/vouchers');
    await context.close();
  });

  it('offers "Reload" when a page cannot be downloaded (e.g. a deploy replaced the files), and reloading works', async () => {
    for (const width of [1280, 390]) {
      const { context, page } = await newPage();
      await page.setViewportSize({ width, height: 844 });
      await signIn(page);
      await page.route(chunk('vouchers'), (route: Route) => route.fulfill({ status: 404, contentType: 'text/html', body: 'Not found' }));
      await openNav(page, 'Vouchers');
      const alert = page.getByRole('alert').filter({ hasText: 'This page could not be loaded' });
      await alert.waitFor();
      expect(await page.getByRole('link', { name: 'Wavu home' }).isVisible()).toBe(true);
      await screenshot(page, `bundle-02-page-load-failed-${width}`);
      await page.unroute(chunk('vouchers'));
      await alert.getByRole('button', { name: 'Reload' }).click();
      await page.getByRole('heading', { name: 'Vouchers', level: 1 }).waitFor();
      expect(new URL(page.url()).pathname).toBe('/app/vouchers');
      await context.close();
    }
  });
});
