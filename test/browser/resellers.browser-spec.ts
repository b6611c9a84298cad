import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { VoucherBatchesService } from '../../apps/api/src/modules/vouchers/voucher-batches.service';
import { VoucherUsageService } from '../../apps/api/src/modules/vouchers/voucher-usage.service';
import type { ProviderFixture } from '../factories';
import { createProvider, createSuperAdmin } from '../factories';
import { launchChromium, openNav, screenshot } from '../setup/browser';
import { freePort } from '../setup/free-port';
import type { TestApp } from '../setup/test-app';
import { startTestApp } from '../setup/test-app';

const WEB_DIST = path.resolve(__dirname, '..', '..', 'apps', 'web', 'dist');

/**
 * Resellers in the dashboard (docs/resellers.md): the owner adds a reseller, hands it cards 1–5 of
 * a printed batch at 20 % off, two of them are used (sold at first login), the owner records the
 * cash the reseller brings, and the statement shows the balance; then the same page on a phone.
 */
describe('resellers in Chromium', () => {
  jest.setTimeout(120_000);
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;
  let p: ProviderFixture;
  let routerId: string;
  let cards: Array<{ id: string; code: string }>;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) throw new Error('apps/web/dist is missing: run `npm run build:web` (npm test does it)');
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    t = await startTestApp({ WEB_DIST_DIR: WEB_DIST, PUBLIC_URL: baseUrl, ROUTER_OUTBOX_MAX_ATTEMPTS: '1', ROUTER_CALL_TIMEOUT_MS: '300' });
    await t.app.listen(port, '127.0.0.1');
    const admin = await createSuperAdmin(t);
    p = await createProvider(t, admin);
    routerId = (await t.http().post('/api/v1/routers').set(p.owner.auth).send({ name: 'Kiosk', host: '127.0.0.1', apiPort: 1, useTls: false, username: 'admin', password: 'router-pw' }).expect(201))
      .body.id;
    const plan = await t.http().post('/api/v1/plans').set(p.owner.auth).send({ name: 'Kiosk day', price: 50, kind: 'unlimited', validitySeconds: 86400 }).expect(201);
    const batch = await t.http().post('/api/v1/voucher-batches').set(p.owner.auth).send({ planId: plan.body.id, quantity: 10, pushToRouter: false, label: 'Shop stock' }).expect(202);
    await t.app.get(VoucherBatchesService).settled(batch.body.id);
    cards = await t.dataSource.query(`SELECT id, code FROM vouchers WHERE batch_id = $1 ORDER BY batch_seq`, [batch.body.id]);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const signIn = async (page: Page) => {
    await page.goto(`${baseUrl}/login`);
    await page.getByLabel('Email', { exact: true }).fill(p.email);
    await page.getByLabel('Password', { exact: true }).fill(p.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL((url) => url.pathname === '/app/overview');
  };

  it('adds a reseller, hands over a range of a batch, records cash received and shows the balance', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await signIn(page);
    await openNav(page, 'Resellers');
    await page.getByRole('heading', { name: 'Resellers', level: 1 }).waitFor();
    await page.getByText('No resellers yet').waitFor();
    await page.getByRole('link', { name: 'New reseller' }).click();
    await page.getByLabel('Name').fill('Demo Shop');
    await page.getByLabel('Phone').fill('0700 000 123');
    await page.getByRole('button', { name: 'Add reseller' }).click();
    await page.getByRole('heading', { name: 'Demo Shop', level: 1 }).waitFor();
    const resellerId = page.url().split('/').pop()!;

    // hand over cards 1–5 at 20 % off: 5 × KES 40
    await page
      .getByLabel('Batch', { exact: true })
      .getByRole('option', { name: /Shop stock/ })
      .waitFor({ state: 'attached' });
    await page.getByLabel('Batch', { exact: true }).selectOption({
      label: (await page
        .getByLabel('Batch', { exact: true })
        .getByRole('option', { name: /Shop stock/ })
        .textContent())!,
    });
    await page.getByLabel('From card').fill('1');
    await page.getByLabel('To card').fill('5');
    await page.getByLabel('Discount (%)').fill('20');
    await screenshot(page, 'resellers-01-handover-form');
    await page.getByRole('button', { name: 'Hand over these cards' }).click();
    await page.getByText('Handed over 5 cards: KES 200').waitFor();
    expect(await page.getByTestId('reseller-cards-summary').textContent()).toContain('5 named · 5 handed over · 0 refused');
    const held = await t.dataSource.query(`SELECT count(*)::int AS n FROM vouchers WHERE reseller_id = $1 AND reseller_price_minor = 4000`, [resellerId]);
    expect(held[0].n).toBe(5);

    // two cards are used: sold at their first login, owed at KES 40 each
    await t.app.get(VoucherUsageService).applyUsage({
      providerId: p.providerId,
      routerId,
      at: new Date(),
      users: cards.slice(0, 2).map((c) => ({ name: c.code, comment: `wavu:${c.id}`, uptimeSeconds: 60, bytesIn: 100, bytesOut: 900, active: true, limitReached: false })),
    });
    await page.reload();
    await page.getByTestId('reseller-balance').getByText('KES 80').waitFor();

    // the reseller brings KES 50
    await page.getByRole('button', { name: 'Record cash received' }).click();
    await page.getByLabel('Amount (KES)').fill('50');
    await page.getByLabel('Reference').fill('SLIP-7');
    await page.getByRole('button', { name: 'Save money received' }).click();
    await page.getByText('Recorded KES 50 received').waitFor();
    await page.getByTestId('reseller-balance').getByText('KES 30').waitFor();
    await page.getByTestId('statement-closing').getByText('KES 30', { exact: true }).waitFor();
    await page.getByRole('cell', { name: /Cards sold/ }).waitFor();
    await page.getByRole('cell', { name: /Money received/ }).waitFor();
    await screenshot(page, 'resellers-02-statement');

    await page.getByRole('link', { name: '← Resellers' }).click();
    await page.getByRole('link', { name: 'Demo Shop' }).waitFor();
    await page.getByTestId('reseller-balance').getByText('KES 30', { exact: true }).waitFor();
    await screenshot(page, 'resellers-03-list');

    // a handed-over card's voucher page names its reseller and price
    await page.goto(`${baseUrl}/app/vouchers/${cards[2].id}`);
    await page.getByText('reseller price KES 40').waitFor();
    await page.getByRole('link', { name: 'Open reseller' }).click();
    await page.getByRole('heading', { name: 'Demo Shop', level: 1 }).waitFor();
    // and from the reseller, the list of its cards
    await page.getByRole('link', { name: 'Its cards' }).click();
    await page.getByText('Showing the cards handed to one reseller.').waitFor();
    await page.getByRole('link', { name: cards[4].code, exact: true }).waitFor();
    expect(await page.getByRole('link', { name: cards[5].code, exact: true }).count()).toBe(0);
    await screenshot(page, 'resellers-06-its-cards');
    await page.close();
  });

  it('on a phone: the reseller page, its figures and statement fit 390 px', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
    const page = await context.newPage();
    await signIn(page);
    await page.goto(`${baseUrl}/app/resellers`);
    await page.getByRole('link', { name: 'Demo Shop' }).click();
    await page.getByRole('heading', { name: 'Demo Shop', level: 1 }).waitFor();
    await page.getByTestId('reseller-balance').getByText('KES 30').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(390);
    await screenshot(page, 'resellers-04-detail-phone');
    await page.getByRole('button', { name: 'Return cards' }).click();
    await page.getByLabel('From card').fill('5');
    await page.getByLabel('To card').fill('5');
    await page.getByLabel('Batch', { exact: true }).selectOption({ index: 1 });
    await page.getByRole('button', { name: 'Take cards back' }).click();
    await page.getByText('Took back 1 card: KES 40').waitFor();
    await page.getByRole('cell', { name: /Cards returned/ }).waitFor();
    await screenshot(page, 'resellers-05-returned-phone');
    await context.close();
  });
});
