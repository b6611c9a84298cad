import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { DEMO, seedDemo } from '../../apps/api/src/database/seed-demo';
import type { Session } from '../factories';
import { acceptInvitation, login } from '../factories';
import { noisePng, solidPng } from '../png';
import { launchChromium, screenshot, logIn } from '../setup/browser';
import type { TestApp } from '../setup/test-app';
import { startTestApp } from '../setup/test-app';

const WEB_DIST = path.resolve(__dirname, '..', '..', 'apps', 'web', 'dist');

/** The Branding section of /app/profile: owner only, logo resized in the browser, live preview, API field errors. */
describe('branding in the dashboard (Chromium)', () => {
  jest.setTimeout(120_000);
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;
  let owner: Session;

  const fill = (page: Page, label: string, value: string) => page.getByLabel(label, { exact: true }).fill(value);
  const branding = async () => (await t.http().get('/api/v1/provider/branding').set(owner.auth).expect(200)).body;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) throw new Error('apps/web/dist is missing: run `npm run build:web` (npm test does it)');
    t = await startTestApp({ WEB_DIST_DIR: WEB_DIST });
    await seedDemo(t.app);
    await t.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as { port: number }).port}`;
    owner = await login(t, DEMO.owner.email, DEMO.owner.password);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  it('sets name, a resized logo and the accent colour with a live preview; shows the API field error; removes the logo', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 1000 } });
    await logIn(page, baseUrl, DEMO.owner);
    await page.goto(`${baseUrl}/app/profile`);
    const section = page.getByRole('region', { name: 'Branding' });
    await section.getByRole('heading', { name: 'Branding' }).waitFor();
    const portal = section.getByRole('region', { name: 'Portal preview' });
    const voucher = section.getByRole('region', { name: 'Voucher card preview' });
    // defaults: the business name and the default colour
    await portal.getByText(DEMO.owner.business).waitFor();
    expect(await page.getByTestId('preview-pay').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(11, 110, 79)');

    await fill(page, 'Brand name', 'Mama Njeri WiFi');
    await page.getByLabel('Accent colour').fill('#7a1fa2');
    // 200×200 random pixels ≈ 120 KB: the browser scales and re-encodes it under 24 KB
    const big = noisePng(200, 200);
    expect(big.length).toBeGreaterThan(100_000);
    await page.getByLabel('Logo').setInputFiles({ name: 'logo.png', mimeType: 'image/png', buffer: big });
    await page.getByRole('img', { name: 'Logo preview' }).waitFor();
    expect(await page.getByTestId('logo-size').textContent()).toMatch(/^Resized to \d+×\d+ (PNG|JPEG), [\d.]+ KB$/);
    // the live preview uses the new name, logo and colour
    await portal.getByText('Mama Njeri WiFi').waitFor();
    await voucher.getByText('Mama Njeri WiFi').waitFor();
    expect(await page.getByTestId('preview-pay').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(122, 31, 162)');
    expect(await page.getByTestId('preview-voucher').evaluate((el) => getComputedStyle(el).borderTopColor)).toBe('rgb(122, 31, 162)');
    expect(await page.getByTestId('preview-plan').evaluate((el) => getComputedStyle(el).borderTopColor)).toBe('rgb(122, 31, 162)');
    expect(await voucher.locator('img').count()).toBe(1);
    await screenshot(page, 'branding-01-preview');

    await section.getByRole('button', { name: 'Save branding' }).click();
    await section.getByText('Branding saved.').waitFor();
    const saved = await branding();
    expect(saved).toMatchObject({ name: 'Mama Njeri WiFi', brandName: 'Mama Njeri WiFi', accentColor: '#7A1FA2' });
    expect(saved.logoDataUrl).toMatch(/^data:image\/(png|jpeg);base64,/);
    expect(Buffer.from(saved.logoDataUrl.split(',')[1], 'base64').length).toBeLessThanOrEqual(24 * 1024);

    // a file that claims to be PNG but is not: small, so sent as is; the API's magic-byte check answers under the field
    await page.getByLabel('Logo').setInputFiles({ name: 'fake.png', mimeType: 'image/png', buffer: Buffer.from('definitely not a png file') });
    await section.getByRole('button', { name: 'Save branding' }).click();
    const logoField = page.getByLabel('Logo');
    await page.waitForFunction(() => document.querySelector('input[type=file]')?.getAttribute('aria-invalid') === 'true');
    const describedBy = (await logoField.getAttribute('aria-describedby'))!.split(' ');
    const errorText = await page.locator(`[id="${describedBy[describedBy.length - 1]}"]`).textContent();
    expect(errorText).toMatch(/PNG, JPEG, WebP or GIF image of at most 24 KB whose bytes match its type/);
    await section.getByRole('alert').waitFor();
    await screenshot(page, 'branding-02-api-error');
    expect((await branding()).logoDataUrl).toBe(saved.logoDataUrl); // nothing changed

    // a small real PNG goes through unchanged
    const small = solidPng(48, 24, [0x12, 0x34, 0x56]);
    await page.getByLabel('Logo').setInputFiles({ name: 'small.png', mimeType: 'image/png', buffer: small });
    await page
      .getByTestId('logo-size')
      .getByText(/^[\d.]+ KB$/)
      .waitFor();
    await section.getByRole('button', { name: 'Save branding' }).click();
    await section.getByText('Branding saved.').waitFor();
    expect((await branding()).logoDataUrl).toBe(`data:image/png;base64,${small.toString('base64')}`);

    // remove the logo and go back to the default colour and the business name
    await section.getByRole('button', { name: 'Remove logo' }).click();
    await section.getByRole('button', { name: 'Use default colour' }).click();
    await fill(page, 'Brand name', '');
    expect(await page.getByRole('img', { name: 'Logo preview' }).count()).toBe(0);
    await section.getByRole('button', { name: 'Save branding' }).click();
    await section.getByText('Branding saved.').waitFor();
    const cleared = await branding();
    expect(cleared).toMatchObject({ name: DEMO.owner.business, brandName: null, logoDataUrl: null, accentColor: null });
    // the preview is back to the stored name, the default colour and no logo
    expect(await portal.textContent()).toContain(cleared.name);
    expect(await voucher.textContent()).toContain(cleared.name);
    expect(await portal.textContent()).not.toContain('Mama Njeri WiFi');
    expect(await page.getByTestId('preview-pay').evaluate((el) => getComputedStyle(el).backgroundColor)).toBe('rgb(11, 110, 79)');
    expect(await voucher.locator('img').count()).toBe(0);
    await screenshot(page, 'branding-03-cleared');
    await page.close();
  });

  it('is not shown to staff', async () => {
    await t.http().post('/api/v1/staff').set(owner.auth).send({ name: 'Branding Staff', email: 'branding-staff@demo-hotspot.test' }).expect(201);
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await acceptInvitation(t, 'branding-staff@demo-hotspot.test', 'branding-staff-password');
    await logIn(page, baseUrl, { email: 'branding-staff@demo-hotspot.test', password: 'branding-staff-password' });
    await page.goto(`${baseUrl}/app/profile`);
    await page.getByRole('heading', { name: 'Profile', level: 1 }).waitFor();
    await page.getByText('Business name').first().waitFor();
    expect(await page.getByRole('region', { name: 'Branding' }).count()).toBe(0);
    const [provider] = await t.dataSource.query(`SELECT p.business_name FROM providers p JOIN users u ON u.provider_id = p.id WHERE u.email = $1`, ['branding-staff@demo-hotspot.test']);
    expect(await page.locator('main').textContent()).toContain(provider.business_name);
    await page.close();
  });
});
