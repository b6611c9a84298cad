import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { chromium } from 'playwright-core';

export const ARTIFACTS = path.resolve(__dirname, '..', '..', 'artifacts', 'browser');

/** Debian's Chromium, headless, with the flags this machine needs (no network phoning home). */
export async function launchChromium(): Promise<Browser> {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  // the browser project's environment screenshots its open pages when a test fails, and prints the
  // requests that failed or were answered 400 or more (test/setup/browser-environment.ts)
  const g = globalThis as { __wavuBrowsers?: Browser[]; __wavuRequestTrouble?: string[] };
  (g.__wavuBrowsers ??= []).push(browser);
  const trouble = (g.__wavuRequestTrouble ??= []);
  const note = (line: string): void => {
    trouble.push(`${new Date().toISOString()} ${line}`);
    if (trouble.length > 50) trouble.shift();
  };
  const newContext = browser.newContext.bind(browser);
  browser.newContext = async (...args) => {
    const context = await newContext(...args);
    context.on('requestfailed', (r) => note(`${r.method()} ${r.url()} failed: ${r.failure()?.errorText ?? 'unknown'}`));
    context.on('response', (r) => {
      if (r.status() >= 400) note(`${r.request().method()} ${r.url()} → ${r.status()}`);
    });
    return context;
  };
  return browser;
}

/** Saves a full-page screenshot under artifacts/browser/ (git-ignored) and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  const file = path.join(ARTIFACTS, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * Opens a main-navigation link by its name: behind "Menu" on a phone, and from 720 px inside its
 * group (Sell, Network, Money, Settings; the super admin's Money, System) when it is not a direct link.
 * The menu and the groups close when the path changes (the dashboard's own redirect after logging
 * in can land just after a group was opened on a slow machine), so opening is tried until the link
 * shows.
 */
export async function openNav(page: Page, name: string): Promise<void> {
  // the header is there once its brand link is; on a phone the navigation is hidden behind "Menu"
  await page.getByRole('link', { name: 'Wavu home' }).waitFor();
  const menu = page.getByRole('button', { name: 'Menu' });
  const nav = page.getByRole('navigation', { name: 'Main' });
  const link = nav.getByRole('link', { name, exact: true });
  const group = nav
    .locator('li.nav-group')
    .filter({ has: page.getByRole('link', { name, exact: true, includeHidden: true }) })
    .getByRole('button');
  for (const deadline = Date.now() + 30_000; Date.now() < deadline;) {
    if (await link.isVisible()) {
      // it can close again between being seen and being clicked
      const clicked = await link.click({ timeout: 2_000 }).then(
        () => true,
        () => false,
      );
      if (clicked) return;
      continue;
    }
    if ((await menu.isVisible()) && (await menu.getAttribute('aria-expanded')) !== 'true') await menu.click();
    else if ((await group.count()) && (await group.isVisible()) && (await group.getAttribute('aria-expanded')) !== 'true') await group.click();
    await link.waitFor({ state: 'visible', timeout: 2_000 }).catch(() => undefined);
  }
  await link.click(); // reports what is in the way
}

/** An amount in minor units as the dashboard shows it (apps/web/src/lib/money.ts): 150000 → "KES 1,500", 750 → "KES 7.50". */
export const kes = (minor: number): string => {
  const digits = minor % 100 === 0 ? 0 : 2;
  return `KES ${(minor / 100).toLocaleString('en-KE', { minimumFractionDigits: digits, maximumFractionDigits: digits })}`;
};

/** Logs in on the SPA's login page and waits until the dashboard's header is there. */
export async function logIn(page: Page, baseUrl: string, who: { email: string; password: string }): Promise<void> {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Email', { exact: true }).fill(who.email);
  await page.getByLabel('Password', { exact: true }).fill(who.password);
  await page.getByRole('button', { name: 'Log in' }).click();
  // /app itself only redirects to the role's home page: wait for that too, or a menu opened right
  // after could be closed by the redirect landing
  await page.waitForURL((url) => url.pathname.startsWith('/app/') && url.pathname !== '/app/');
  await page.getByRole('link', { name: 'Wavu home' }).waitFor();
}
