import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { DEMO, seedDemo } from '../../apps/api/src/database/seed-demo';
import { pdfText } from '../pdf-text';
import { ARTIFACTS, kes, launchChromium, openNav, screenshot } from '../setup/browser';
import type { TestApp } from '../setup/test-app';
import { startTestApp } from '../setup/test-app';

const WEB_DIST = path.resolve(__dirname, '..', '..', 'apps', 'web', 'dist');
const QUANTITY = 45; // 3 A4 pages of 3 × 7 cards (21 + 21 + 3)
const A4_PER_PAGE = 21;

/** Pages in a pdfkit PDF (page objects, not the /Pages tree). */
const pageCount = (pdf: Buffer) => (pdf.toString('latin1').match(/\/Type\s*\/Page(?!s)/g) ?? []).length;

/** The demo owner creates a plan, generates a batch in the SPA, watches it finish, filters and acts on vouchers, and downloads the A4 PDF. */
describe('plans and vouchers in Chromium', () => {
  jest.setTimeout(120_000);
  let t: TestApp;
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) throw new Error('apps/web/dist is missing: run `npm run build:web` (npm test does it)');
    t = await startTestApp({ WEB_DIST_DIR: WEB_DIST });
    await seedDemo(t.app);
    await t.app.listen(0, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${(t.app.getHttpServer().address() as { port: number }).port}`;
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  const fill = (page: Page, label: string, value: string) => page.getByLabel(label, { exact: true }).fill(value);

  it('creates a plan, generates a batch with progress, filters the list, disables and re-enables, and prints the A4 PDF', async () => {
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, acceptDownloads: true });
    await page.goto(`${baseUrl}/login`);
    await fill(page, 'Email', DEMO.owner.email);
    await fill(page, 'Password', DEMO.owner.password);
    await page.getByRole('button', { name: 'Log in' }).click();

    // Plans: the seeded ones are listed; a new plan shows the API's field errors, then saves.
    await openNav(page, 'Plans');
    await page
      .getByRole('row', { name: /1 hour/ })
      .getByText('KES 20')
      .waitFor();
    await screenshot(page, 'vouchers-01-plans');
    await page.getByRole('link', { name: 'New plan' }).click();
    await fill(page, 'Plan name', 'Browser 2 hours');
    await fill(page, 'Price', '30');
    await page.getByLabel('Kind', { exact: true }).selectOption('time');
    await fill(page, 'Uptime limit', '2');
    await page.getByLabel('Uptime limit unit').selectOption('hours');
    expect(await page.getByLabel('Data limit', { exact: true }).count()).toBe(0); // a time plan has no data limit
    await fill(page, 'Validity', '1');
    await page.getByLabel('Validity unit').selectOption('days');
    await fill(page, 'Download rate', '4M');
    await fill(page, 'Upload rate', '1M');
    await fill(page, 'Shared users', '500'); // over the API's maximum of 100: the server's details land on the field
    await page.getByRole('button', { name: 'Create plan' }).click();
    await eventually('the server error on Shared users', async () => (await page.getByLabel('Shared users', { exact: true }).getAttribute('aria-invalid')) === 'true');
    await screenshot(page, 'vouchers-02-plan-form-server-error');
    await fill(page, 'Shared users', '2');
    await page.getByRole('button', { name: 'Create plan' }).click();
    const planRow = page.getByRole('row', { name: /Browser 2 hours/ });
    await planRow.getByText('KES 30').waitFor();
    await planRow.getByText('2 h online').waitFor();
    const [plan] = await t.dataSource.query(`SELECT price_minor::int AS price, uptime_limit_seconds, validity_seconds, shared_users FROM plans WHERE name = 'Browser 2 hours'`);
    expect(plan).toEqual({ price: 3000, uptime_limit_seconds: 7200, validity_seconds: 86_400, shared_users: 2 });
    expect(await planRow.textContent()).toContain(kes(plan.price));
    await screenshot(page, 'vouchers-03-plans-with-new-plan');

    // Generate a batch and watch the progress until it is done.
    await openNav(page, 'Vouchers');
    await page.getByRole('link', { name: 'Generate vouchers' }).click();
    await page.getByLabel('Plan', { exact: true }).selectOption({ label: 'Browser 2 hours — KES 30' });
    await fill(page, 'Quantity', String(QUANTITY));
    await fill(page, 'Code length', '8');
    await page.getByLabel('Alphabet', { exact: true }).selectOption('mixed');
    await fill(page, 'Prefix', 'bt');
    await fill(page, 'Label', 'Browser batch');
    await screenshot(page, 'vouchers-04-generate-form');
    await page.getByRole('button', { name: 'Generate vouchers' }).click();
    await page.waitForURL(/\/app\/vouchers\/batches\/[0-9a-f-]{36}$/);
    const batchId = page.url().split('/').pop()!;
    const generated = page.getByRole('progressbar', { name: 'Generated' });
    await generated.waitFor();
    // the new plan is on no router yet (this app runs without one): the batch says its codes cannot log in anywhere
    await page.getByText('No router offers this plan yet, so these codes cannot log in anywhere.', { exact: false }).waitFor();
    expect(await generated.getAttribute('aria-valuenow')).toBe(String(QUANTITY));
    expect(await generated.getAttribute('aria-valuemax')).toBe(String(QUANTITY));
    await page
      .getByRole('heading', { name: /Browser batch/ })
      .getByText('not on router')
      .waitFor();
    await countIs(page.getByRole('list', { name: 'Printable vouchers' }).getByRole('listitem'), QUANTITY);
    await screenshot(page, 'vouchers-05-batch-done');

    // The A4 PDF: downloaded like a user would, rendered to PNG, one card per voucher.
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download A4 PDF' }).click()]);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    const pdfPath = path.join(ARTIFACTS, 'vouchers-batch-a4.pdf');
    await download.saveAs(pdfPath);
    const pdf = fs.readFileSync(pdfPath);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    const pngPrefix = path.join(ARTIFACTS, 'vouchers-batch-a4');
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', '1', '-l', '1', pdfPath, pngPrefix]);
    const png = fs.readdirSync(ARTIFACTS).find((f) => f.startsWith('vouchers-batch-a4-') && f.endsWith('.png'));
    expect(png).toBeDefined();
    expect(fs.statSync(path.join(ARTIFACTS, png!)).size).toBeGreaterThan(2_000);

    const rows: { code: string; status: string }[] = await t.dataSource.query(`SELECT code, status FROM vouchers WHERE batch_id = $1 ORDER BY batch_seq`, [batchId]);
    expect(rows).toHaveLength(QUANTITY);
    expect(rows.every((r) => r.status === 'available' && r.code.startsWith('BT') && r.code.length === 10)).toBe(true);
    expect(pageCount(pdf)).toBe(Math.ceil(QUANTITY / A4_PER_PAGE));
    const text = pdfText(pdf);
    for (const { code } of rows) expect(text).toContain(code);

    // The CSV of the batch has exactly its vouchers.
    const [csvDownload] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
    const csvPath = path.join(ARTIFACTS, 'vouchers-batch.csv');
    await csvDownload.saveAs(csvPath);
    const csvLines = fs.readFileSync(csvPath, 'utf8').trim().split(/\r?\n/);
    expect(csvLines).toHaveLength(QUANTITY + 1);

    // The list filtered by this batch, then by status.
    await page.getByRole('link', { name: 'View vouchers' }).click();
    await page.waitForURL(new RegExp(`batchId=${batchId}`));
    const statusChips = page.getByRole('group', { name: 'Filter by status' });
    await statusChips.getByRole('button', { name: `Available ${QUANTITY}` }).waitFor();
    const voucherRows = page.getByRole('row').filter({ has: page.getByRole('checkbox', { name: /^Select BT/ }) });
    await countIs(voucherRows, QUANTITY);
    await screenshot(page, 'vouchers-06-list-by-batch');

    await statusChips.getByRole('button', { name: /^Sold/ }).click();
    await page.getByText('No vouchers match these filters').waitFor();
    await statusChips.getByRole('button', { name: /^Available/ }).click();
    await countIs(voucherRows, QUANTITY);

    // Bulk: disable two, confirmed.
    await page.getByRole('checkbox', { name: `Select ${rows[0].code}` }).check();
    await page.getByRole('checkbox', { name: `Select ${rows[1].code}` }).check();
    await page.getByRole('button', { name: 'Disable selected' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Disable 2 vouchers?').waitFor();
    await screenshot(page, 'vouchers-07-bulk-confirm');
    await dialog.getByRole('button', { name: 'Disable' }).click();
    await page.getByText('Disabled 2 vouchers').waitFor();
    await statusChips.getByRole('button', { name: 'Disabled 2' }).waitFor();
    await countIs(voucherRows, QUANTITY - 2);

    // Detail: re-enable one of them, confirmed.
    await statusChips.getByRole('button', { name: /^Disabled/ }).click();
    await page.getByRole('link', { name: rows[0].code }).click();
    await page
      .getByRole('heading', { name: new RegExp(rows[0].code) })
      .getByText('Disabled')
      .waitFor();
    await page.getByRole('button', { name: 'Re-enable' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Re-enable' }).click();
    await page
      .getByRole('heading', { name: new RegExp(rows[0].code) })
      .getByText('Available')
      .waitFor();
    await screenshot(page, 'vouchers-08-detail-re-enabled');
    const after: { code: string; status: string }[] = await t.dataSource.query(`SELECT code, status FROM vouchers WHERE code = ANY($1)`, [[rows[0].code, rows[1].code]]);
    expect(Object.fromEntries(after.map((r) => [r.code, r.status]))).toEqual({ [rows[0].code]: 'available', [rows[1].code]: 'disabled' });

    // Batches list, then the list on a phone.
    await page.getByRole('link', { name: 'Batches' }).click();
    await page
      .getByRole('row', { name: /Browser batch/ })
      .getByText('not on router')
      .waitFor();
    await page.getByRole('row', { name: /Demo printed batch/ }).waitFor();
    await screenshot(page, 'vouchers-09-batches');

    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${baseUrl}/app/vouchers?batchId=${batchId}`);
    await statusChips.getByRole('button', { name: `Available ${QUANTITY - 1}` }).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'vouchers-10-list-phone.png') }); // the first screen only
    await statusChips.getByRole('button', { name: /^Disabled/ }).click();
    await countIs(voucherRows, 1);
    await screenshot(page, 'vouchers-11-list-phone-disabled');
    await page.getByRole('button', { name: 'Menu' }).click();
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Plans' }).click();
    await page.getByRole('row', { name: /Browser 2 hours/ }).waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'vouchers-12-plans-phone.png') });

    // Archive the plan (confirmed): it leaves the active list, shows under "Archived", its vouchers stay.
    await page.getByRole('button', { name: 'Archive Browser 2 hours' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Archive' }).click();
    await eventually('the plan to leave the active list', async () => (await page.getByRole('row', { name: /Browser 2 hours/ }).count()) === 0);
    await page.getByRole('button', { name: 'Archived', exact: true }).click();
    const archivedRow = page.getByRole('row', { name: /Browser 2 hours/ });
    await archivedRow.getByText('archived').waitFor();
    const [archived] = await t.dataSource.query(`SELECT status, archived_at FROM plans WHERE name = 'Browser 2 hours'`);
    expect(archived.status).toBe('archived');
    expect(archived.archived_at).not.toBeNull();
    expect(await archivedRow.textContent()).toContain(kes(plan.price));
    const [{ available }] = await t.dataSource.query(`SELECT count(*)::int AS available FROM vouchers WHERE batch_id = $1 AND status = 'available'`, [batchId]);
    expect(available).toBe(QUANTITY - 1);
    // its vouchers stay: the list still counts them
    await page.goto(`${baseUrl}/app/vouchers?batchId=${batchId}`);
    const availableChip = statusChips.getByRole('button', { name: /^Available \d+$/ });
    await availableChip.waitFor();
    expect((await availableChip.innerText()).replace(/\s+/g, ' ')).toBe(`Available ${available}`);
  });
});

/** Waits until `check` holds (Playwright's web-first assertions without @playwright/test). */
async function eventually(what: string, check: () => Promise<boolean>, timeout = 15_000): Promise<void> {
  const end = Date.now() + timeout;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const countIs = (locator: Locator, n: number) => eventually(`${n} rows`, async () => (await locator.count()) === n);
