import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser } from 'playwright-core';
import { VoucherBatchesService } from '../../apps/api/src/modules/vouchers/voucher-batches.service';
import { VoucherUsageService } from '../../apps/api/src/modules/vouchers/voucher-usage.service';
import type { ProviderFixture } from '../factories';
import { createProvider, createSuperAdmin } from '../factories';
import { launchChromium, screenshot, logIn } from '../setup/browser';
import { freePort } from '../setup/free-port';
import type { TestApp } from '../setup/test-app';
import { startTestApp } from '../setup/test-app';

const WEB_DIST = path.resolve(__dirname, '..', '..', 'apps', 'web', 'dist');

/**
 * Cash sales in the dashboard (docs/cash-sales.md): the owner types a printed card's code (as
 * a person would, lower case with a space) and sees the sale in the overview's "Sales by method"
 * and the revenue report; on a phone records a range of a batch from the batch page; then records
 * a used card whose sale was never recorded from the vouchers list.
 */
describe('cash sales in Chromium', () => {
  jest.setTimeout(120_000);
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;
  let p: ProviderFixture;
  let batchId: string;
  let cards: Array<{ id: string; code: string }>;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) throw new Error('apps/web/dist is missing: run `npm run build:web` (npm test does it)');
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    t = await startTestApp({ WEB_DIST_DIR: WEB_DIST, PUBLIC_URL: baseUrl });
    await t.app.listen(port, '127.0.0.1');
    const admin = await createSuperAdmin(t);
    p = await createProvider(t, admin);
    const plan = await t.http().post('/api/v1/plans').set(p.owner.auth).send({ name: 'Kiosk day', price: 50, kind: 'unlimited', validitySeconds: 86400 }).expect(201);
    const batch = await t.http().post('/api/v1/voucher-batches').set(p.owner.auth).send({ planId: plan.body.id, quantity: 6, pushToRouter: false, label: 'Counter stock' }).expect(202);
    batchId = batch.body.id;
    await t.app.get(VoucherBatchesService).settled(batchId);
    cards = await t.dataSource.query(`SELECT id, code FROM vouchers WHERE batch_id = $1 ORDER BY batch_seq`, [batchId]);
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const cashRows = async (): Promise<string[]> =>
    (await t.dataSource.query(`SELECT voucher_id FROM ledger_entries WHERE provider_id = $1 AND source = 'cash' ORDER BY voucher_id`, [p.providerId])).map((r: { voucher_id: string }) => r.voucher_id);

  it('records a cash sale by typing a printed code, then shows it in the overview and the revenue report', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await logIn(page, baseUrl, p);
    await page.goto(`${baseUrl}/app/vouchers`);
    await page.getByRole('link', { name: 'Record cash sale' }).click();
    await page.getByRole('heading', { name: 'Record cash sale', level: 1 }).waitFor();
    const typed = `${cards[0].code.slice(0, 4).toLowerCase()} ${cards[0].code.slice(4).toLowerCase()}`;
    await page.getByLabel('Voucher codes').fill(typed);
    await page.getByRole('button', { name: 'Record cash sale' }).click();
    await page.getByText('Recorded 1 cash sale: KES 50').waitFor();
    expect(await page.getByTestId('cash-sale-summary').textContent()).toContain('1 recorded · 0 already recorded · 0 refused');
    await screenshot(page, 'cash-sales-01-recorded');
    expect(await cashRows()).toEqual([cards[0].id]);

    // the same card again: reported, not counted twice
    await page.getByLabel('Voucher codes').fill(cards[0].code);
    await page.getByRole('button', { name: 'Record cash sale' }).click();
    await page.getByText('Recorded 0 cash sales: KES 0').waitFor();
    await page.getByText(`${cards[0].code} (card 1): already recorded as a cash sale`).waitFor();
    expect(await cashRows()).toEqual([cards[0].id]);

    await page.goto(`${baseUrl}/app/overview`);
    await page.getByTestId('method-cash-30d').getByText('KES 50 · 1').waitFor();
    expect(await page.getByTestId('method-stk-30d').textContent()).toBe('KES 0 · 0');
    await screenshot(page, 'cash-sales-02-overview');

    await page.goto(`${baseUrl}/app/revenue`);
    await page.getByTestId('revenue-method-cash').getByText('KES 50').waitFor();
    expect(await page.getByTestId('revenue-gross').textContent()).toBe('KES 50');
    expect(await page.getByTestId('revenue-commission').textContent()).toBe('KES 0');
    await screenshot(page, 'cash-sales-03-revenue');
    await page.close();
  });

  it('on a phone: records cards 2–3 of a batch from the batch page', async () => {
    const context = await browser.newContext({ viewport: { width: 390, height: 844 }, isMobile: true });
    const page = await context.newPage();
    await logIn(page, baseUrl, p);
    await page.goto(`${baseUrl}/app/vouchers/batches/${batchId}`);
    // the batch's own link (it appears once the batch has loaded; the toolbar's has no batch)
    await page.locator(`a[href*="batchId=${batchId}"]`, { hasText: 'Record cash sale' }).click();
    await page.waitForURL((url) => url.pathname === '/app/vouchers/cash-sale' && url.searchParams.get('batchId') === batchId);
    await page
      .getByLabel('Batch')
      .getByRole('option', { name: /Counter stock/ })
      .waitFor({ state: 'attached' });
    expect(await page.getByLabel('Batch').inputValue()).toBe(batchId);
    await page.getByLabel('From card').fill('2');
    await page.getByLabel('To card').fill('3');
    await screenshot(page, 'cash-sales-04-batch-range-phone');
    await page.getByRole('button', { name: 'Record cash sale' }).click();
    await page.getByText('Recorded 2 cash sales: KES 100').waitFor();
    await screenshot(page, 'cash-sales-05-batch-range-recorded-phone');
    expect(await cashRows()).toEqual([cards[0].id, cards[1].id, cards[2].id].sort());

    await page.goto(`${baseUrl}/app/overview`);
    await page.getByTestId('method-cash-30d').getByText('KES 150 · 3').waitFor();
    await screenshot(page, 'cash-sales-06-overview-phone');
    await context.close();
  });

  it('lists a used card whose sale was never recorded and records it from the vouchers list', async () => {
    const used = cards[3];
    await t.app.get(VoucherUsageService).applyUsage({
      providerId: p.providerId,
      routerId: '00000000-0000-4000-8000-000000000001',
      at: new Date(),
      users: [{ name: used.code, comment: `wavu:${used.id}`, uptimeSeconds: 60, bytesIn: 100, bytesOut: 900, active: true, limitReached: false }],
    });
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await logIn(page, baseUrl, p);
    await page.goto(`${baseUrl}/app/vouchers/cash-sale`);
    await page.getByText('1 used card with no sale recorded').waitFor();
    await page.getByRole('link', { name: 'Review and record them' }).click();
    await page.getByRole('link', { name: used.code }).waitFor();
    expect(await page.getByRole('table', { name: 'Vouchers' }).getByRole('row').count()).toBe(2);
    await page.getByRole('checkbox', { name: 'Select all shown' }).check();
    await page.getByRole('button', { name: 'Record as cash sales' }).click();
    await page.getByRole('button', { name: 'Record cash sales' }).click();
    await page.getByText('Recorded 1 cash sale: KES 50').waitFor();
    await page.getByText('No vouchers match these filters').waitFor();
    await screenshot(page, 'cash-sales-07-unrecorded-recorded');
    expect(await cashRows()).toContain(used.id);
    await page.close();
  });
});
