import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import type { DarajaClient } from '@wavu/daraja';
import { DARAJA_CLIENT } from '@wavu/daraja';
import type { DarajaSimulator, SimAppConfig } from '@wavu/daraja-sim';
import { DEMO_APP } from '@wavu/daraja-sim';
import type { Sandbox } from '@wavu/sandbox';
import { startSandbox } from '@wavu/sandbox';
import { DEMO, seedDemo } from '../../apps/api/src/database/seed-demo';
import { UsersService } from '../../apps/api/src/modules/auth/users.service';
import { PaymentsService } from '../../apps/api/src/modules/payments/payments.service';
import { StatementPullService } from '../../apps/api/src/modules/payments/statement-pull.service';
import { createProvider, login as session } from '../factories';
import { kes, launchChromium, openNav, screenshot, logIn } from '../setup/browser';
import { freePort } from '../setup/free-port';
import type { TestApp } from '../setup/test-app';
import { startTestApp } from '../setup/test-app';

const WEB_DIST = path.resolve(__dirname, '..', '..', 'apps', 'web', 'dist');
const STAFF = { email: 'staff@demo-hotspot.test', password: 'staff-browser-pass-1' };
/** The demo owner's own Daraja app (the platform collects on DEMO_APP's shortcode). */
const OWN: SimAppConfig = { consumerKey: 'ck-stmt-browser', consumerSecret: 'cs-stmt-browser-7c1d', shortcode: '600310', passkey: 'pk-stmt-browser-2f6a' };
/** Nothing listens here: C2B notifications sent to it are lost. */
const DEAD_URL = 'http://127.0.0.1:9/lost';
const DESKTOP = { width: 1280, height: 900 };
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true };

let phoneSeq = 0;
const phone = () => `25471${String(4_000_000 + ++phoneSeq).padStart(7, '0')}`;

/**
 * Statement reconciliation in the dashboard: an own-account owner registers Pull Transactions,
 * a purchase whose push timed out and whose callback was lost (the customer paid) stays failed
 * until the owner uploads the M-Pesa statement exported from the Daraja simulator, previews it
 * and settles it; the payment then shows "via Statement". Staff only look; the super admin sees
 * every pulled shortcode, registers the platform's and sees the unmatched lines. 1280 and 390 px.
 */
describe('statement reconciliation in Chromium', () => {
  jest.setTimeout(180_000);
  let t: TestApp;
  let sandbox: Sandbox;
  let sim: DarajaSimulator;
  let browser: Browser;
  let baseUrl: string;
  let providerId: string;
  let routerId: string;
  let planId: string;
  /** A second provider on platform collection (customers pay the platform's shortcode, DEMO_APP). */
  let hotspot: { providerId: string; routerId: string; planId: string; email: string; password: string };
  let tmp: string;

  beforeAll(async () => {
    if (!fs.existsSync(path.join(WEB_DIST, 'index.html'))) throw new Error('apps/web/dist is missing: run `npm run build:web` (npm test does it)');
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'wavu-statements-'));
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    sandbox = await startSandbox({ routers: 1, daraja: { apps: [DEMO_APP, OWN], phone: { defaultAction: 'approve', decisionDelayMs: 0, magicNumbers: false } } });
    sim = sandbox.daraja!;
    // the API gives up on a push after 1 s (the "slow" fault answers after 1.5 s, and the customer still pays)
    t = await startTestApp({ WEB_DIST_DIR: WEB_DIST, DARAJA_BASE_URL: sim.url, DARAJA_CALLBACK_BASE_URL: baseUrl, PUBLIC_URL: baseUrl, DARAJA_TIMEOUT_MS: '1000' });
    await seedDemo(t.app);
    await t.app.listen(port, '127.0.0.1');
    browser = await launchChromium();

    const login = await t.http().post('/api/v1/auth/login').send({ email: DEMO.owner.email, password: DEMO.owner.password }).expect(200);
    const auth = { Authorization: `Bearer ${login.body.accessToken}` };
    providerId = (await t.http().get('/api/v1/auth/me').set(auth).expect(200)).body.provider.id;
    const router = await t
      .http()
      .post('/api/v1/routers')
      .set(auth)
      .send({ name: 'Kiosk Router', host: '127.0.0.1', apiPort: sandbox.routers[0].port, useTls: false, username: 'admin', password: 'router-pw' })
      .expect(201);
    const plan = await t.http().post('/api/v1/plans').set(auth).send({ name: 'Day pass', price: 50, kind: 'unlimited', validitySeconds: 86400 }).expect(201);
    [routerId, planId] = [router.body.id, plan.body.id];
    await t
      .http()
      .put('/api/v1/payments/settings')
      .set(auth)
      .send({ mode: 'own_account', environment: 'sandbox', shortcodeType: 'paybill', shortcode: OWN.shortcode, consumerKey: OWN.consumerKey, consumerSecret: OWN.consumerSecret, passkey: OWN.passkey })
      .expect(200);
    // paybill payments by hand reach nobody (validation unanswered → Completed): money Wavu never hears of
    await t.app
      .get<DarajaClient>(DARAJA_CLIENT)
      .registerC2bUrls(
        { environment: 'sandbox', consumerKey: OWN.consumerKey, consumerSecret: OWN.consumerSecret },
        { shortCode: OWN.shortcode, responseType: 'Completed', validationUrl: DEAD_URL, confirmationUrl: DEAD_URL },
      );
    // Pull does not list STK payments on this shortcode: only the org-portal statement reveals a lost one
    sim.setPullSettings({ listStk: false });
    await t.app.get(UsersService).create({ email: STAFF.email, name: 'Demo Staff', password: STAFF.password, role: 'provider_staff', providerId });

    const other = await createProvider(t, await session(t, DEMO.admin.email, DEMO.admin.password));
    const otherRouter = await t
      .http()
      .post('/api/v1/routers')
      .set(other.owner.auth)
      .send({ name: 'Estate Router', host: '127.0.0.1', apiPort: sandbox.routers[0].port, useTls: false, username: 'admin', password: 'router-pw' })
      .expect(201);
    const otherPlan = await t.http().post('/api/v1/plans').set(other.owner.auth).send({ name: '3 hours', price: 20, kind: 'unlimited', validitySeconds: 10800 }).expect(201);
    hotspot = { providerId: other.providerId, routerId: otherRouter.body.id, planId: otherPlan.body.id, email: other.email, password: other.password };
  });
  afterAll(async () => {
    await browser?.close();
    await t?.close();
    await sandbox?.stop();
    if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  });

  /** Opens a main-nav link (behind "Menu" on phones). */
  const nav = async (page: Page, name: string) => {
    await openNav(page, name);
  };
  /** A full-page screenshot from the top (the sticky header would otherwise sit where the page was scrolled to). */
  const shot = async (page: Page, name: string) => {
    await page.evaluate(() => window.scrollTo(0, 0));
    await screenshot(page, name);
  };
  const noSideScroll = async (page: Page) => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(page.viewportSize()!.width);
  const row = async (sql: string, params: unknown[] = []) => (await t.dataSource.query(sql, params))[0];
  /** The text of one cell of a table row, by its column (the label the cell carries for phone widths). */
  const cell = (tableRow: Locator, label: string) => tableRow.locator(`td[data-label="${label}"]`).textContent();
  const writeFile = (name: string, text: string) => {
    const file = path.join(tmp, name);
    fs.writeFileSync(file, text);
    return file;
  };
  const statementFile = (name: string, shortCode = OWN.shortcode) => writeFile(name, sim.exportStatement({ shortCode, from: new Date(Date.now() - 3_600_000), to: new Date(Date.now() + 60_000) }));

  /** A purchase Daraja accepted after our request timed out, paid by the customer, callback dropped: lost online. */
  const lostPurchase = async (p: { providerId: string; routerId: string; planId: string } = { providerId, routerId, planId }) => {
    const msisdn = phone();
    sim.addPhoneRule({ match: { phone: msisdn }, action: 'approve', callback: { drop: true }, times: 1 });
    sim.injectFault({ endpoint: 'stkpush', kind: 'slow', delayMs: 1500 });
    await expect(t.app.get(PaymentsService).startPurchase({ providerId: p.providerId, routerId: p.routerId, planId: p.planId, phone: msisdn, clientIp: '10.5.50.9' })).rejects.toMatchObject({
      code: 'PAYMENT_GATEWAY_UNAVAILABLE',
    });
    // the push reaches the phone after our request gave up (1.5 s): wait for the customer to pay
    const until = Date.now() + 10_000;
    while (sim.listPushes({ phoneNumber: msisdn })[0]?.status !== 'completed' && Date.now() < until) await new Promise((r) => setTimeout(r, 50));
    await sim.idle();
    const push = sim.listPushes({ phoneNumber: msisdn })[0];
    expect(push.status).toBe('completed');
    const payment = await row(`SELECT id, status FROM payments WHERE provider_id = $1 AND phone = $2`, [p.providerId, msisdn]);
    expect(payment.status).toBe('failed');
    return { paymentId: payment.id as string, receipt: push.receipt! };
  };

  const waitPaid = async (id: string) => {
    const until = Date.now() + 15_000;
    while (Date.now() < until) {
      const payment = await row(`SELECT status, receipt FROM payments WHERE id = $1`, [id]);
      if (payment.status === 'paid') return payment.receipt as string;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`payment ${id} not paid`);
  };

  let lost: { paymentId: string; receipt: string };
  let normalReceipt = '';
  let unknownReceipt = '';

  it('the owner registers Pull Transactions; bad input and the API’s refusals are shown', async () => {
    const page = await browser.newPage({ viewport: DESKTOP });
    await logIn(page, baseUrl, DEMO.owner);
    await nav(page, 'Reconciliation');
    await page.getByRole('heading', { name: 'Reconciliation', level: 1 }).waitFor();
    await page.getByRole('heading', { name: 'Pull Transactions' }).waitFor();
    await page.getByText(`Safaricom’s Pull Transactions API lists every payment shortcode ${OWN.shortcode} received.`, { exact: false }).waitFor();

    const register = page.getByRole('button', { name: 'Register for Pull Transactions' });
    await register.click();
    await page.getByText('Enter the nominated M-Pesa number.').waitFor();
    await page.getByLabel('Nominated M-Pesa number').fill('12345678901');
    await register.click();
    // the API's own words (a Kenyan mobile number is needed) in role=alert
    await page
      .getByRole('alert')
      .getByText(/Kenyan mobile number/)
      .waitFor();
    await shot(page, 'statements-01-register-refused');

    await page.getByLabel('Nominated M-Pesa number').fill('0712 345 678');
    await register.click();
    await page.getByTestId('pull-health').getByText('Not checked yet').waitFor();
    await page.getByText('Checked every 5 minutes; not checked yet', { exact: false }).waitFor();
    const registrations = sim.pullRegistrations().filter((r) => r.shortCode === OWN.shortcode);
    expect(registrations).toHaveLength(1);
    // the number Safaricom got, masked on the page
    const nominated = registrations[0].nominatedNumber;
    expect(nominated).toBe('254712345678');
    const details = (await page.getByLabel('Pull Transactions details').textContent())!;
    expect(details).toContain(`Shortcode${OWN.shortcode}`);
    expect(details).toMatch(new RegExp(`Nominated number${nominated.slice(0, 4)}•+${nominated.slice(-3)}Checked up to`));

    // the 5-minute job runs (jobs are off in tests): nothing is listed yet, the health stays ok
    await t.app.get(StatementPullService).pullAll();
    await page.reload();
    await page.getByText(/Checked every 5 minutes; last checked /).waitFor();
    expect(await page.getByTestId('pull-health').textContent()).toBe('Working');
    expect(await row(`SELECT health, last_pull_at IS NOT NULL AS pulled FROM statement_sources WHERE shortcode = $1`, [OWN.shortcode])).toEqual({ health: 'ok', pulled: true });

    // a file that is not a statement: the API's message in an alert
    await page.getByLabel('Statement file (CSV)').setInputFiles(writeFile('notes.csv', 'hello,world\n1,2\n'));
    const refused = page.getByRole('alert').filter({ hasText: 'Statement not accepted' });
    await refused.getByText('This is not an M-Pesa statement we can read', { exact: false }).waitFor();
    await page.getByLabel('Statement file (CSV)').setInputFiles(writeFile('statement.pdf', '%PDF-1.4'));
    await page.getByRole('alert').getByText('“statement.pdf” is not a CSV file.', { exact: false }).waitFor();
    // neither refused file was kept, and the page says nothing was uploaded
    expect(await row(`SELECT count(*)::int AS n FROM statement_uploads`)).toEqual({ n: 0 });
    expect(await page.getByRole('table', { name: 'Statement uploads' }).count()).toBe(0);
    expect(await page.getByRole('alert').allTextContents()).toEqual([expect.stringContaining('“statement.pdf” is not a CSV file.')]);
    await shot(page, 'statements-02-pull-registered');
    await page.close();
  });

  it('uploads the statement, previews it, settles the lost payment and shows it as settled via Statement', async () => {
    const normal = await t.app.get(PaymentsService).startPurchase({ providerId, routerId, planId, phone: phone(), clientIp: '10.5.50.8' });
    normalReceipt = await waitPaid(normal.purchaseId);
    lost = await lostPurchase();
    const unknown = await sim.c2bPay({ shortCode: OWN.shortcode, amount: 75, msisdn: phone(), billRefNumber: 'NOSUCHREF9' });
    expect(unknown.status).toBe('confirmed');
    unknownReceipt = unknown.transId;
    expect(await t.app.get(StatementPullService).pullAll()).toMatchObject({ settled: 0 }); // Pull does not list the STK payment
    expect((await row(`SELECT status FROM payments WHERE id = $1`, [lost.paymentId])).status).toBe('failed');

    const page = await browser.newPage({ viewport: DESKTOP });
    await logIn(page, baseUrl, DEMO.owner);
    await page.goto(`${baseUrl}/app/reconciliation`);
    await page.getByLabel('Statement file (CSV)').setInputFiles(statementFile('org-statement.csv'));

    await page.getByTestId('preview-settled').getByText('1 payment will be settled').waitFor();
    expect(await page.getByTestId('preview-unmatched').textContent()).toBe('1 line matches no purchase');
    expect(await page.getByTestId('preview-recorded').textContent()).toBe('1 payment already recorded'); // the one whose callback came
    const lines = page.getByRole('table', { name: 'Statement lines that would settle or stay unmatched' });
    await lines.getByRole('row').filter({ hasText: lost.receipt }).getByText('Will be settled').waitFor();
    await lines.getByRole('row').filter({ hasText: unknownReceipt }).getByText('Matches no purchase').waitFor();
    await lines.getByRole('row').filter({ hasText: unknownReceipt }).getByText('NOSUCHREF9').first().waitFor();
    // a preview changes nothing
    expect((await row(`SELECT status FROM payments WHERE id = $1`, [lost.paymentId])).status).toBe('failed');
    await shot(page, 'statements-03-preview');

    await page.getByRole('button', { name: 'Settle 1 payment' }).click();
    const applied = page.getByRole('status').filter({ hasText: 'Statement applied' });
    await applied.getByText('1 payment settled').waitFor();
    await applied.getByText('1 line kept as unmatched').waitFor();
    expect(await row(`SELECT status, settled_via, receipt FROM payments WHERE id = $1`, [lost.paymentId])).toEqual({ status: 'paid', settled_via: 'statement', receipt: lost.receipt });

    const unmatched = page.getByRole('table', { name: 'Unmatched statement lines' });
    const unknownLine = unmatched.getByRole('row').filter({ hasText: unknownReceipt });
    await unknownLine.getByText('KES 75').waitFor();
    const stored = await row(`SELECT status, amount_minor::int AS amount, reference FROM statement_lines WHERE receipt = $1`, [unknownReceipt]);
    expect(stored.status).toBe('unmatched');
    expect(await cell(unknownLine, 'Amount')).toBe(kes(stored.amount));
    expect(await cell(unknownLine, 'Account number')).toBe(stored.reference);
    const uploads = page.getByRole('table', { name: 'Statement uploads' });
    await uploads.getByRole('row').filter({ hasText: 'org-statement.csv' }).getByText('Applied', { exact: true }).waitFor();
    expect((await row(`SELECT status FROM statement_uploads WHERE filename = 'org-statement.csv'`)).status).toBe('applied');
    await page.getByText('1 statement line matches no purchase', { exact: false }).waitFor();
    await shot(page, 'statements-04-applied');

    await nav(page, 'Payments');
    const table = page.getByRole('table', { name: 'Payments' });
    const paid = table.getByRole('row').filter({ hasText: lost.receipt });
    await paid.getByText('Paid', { exact: true }).waitFor();
    await paid.getByText('Statement', { exact: true }).waitFor();
    await table.getByRole('row').filter({ hasText: normalReceipt }).getByText('M-Pesa callback', { exact: true }).waitFor();
    const lostPayment = await row(`SELECT amount_minor::int AS amount, plan_name FROM payments WHERE id = $1`, [lost.paymentId]);
    const paidText = (await paid.textContent())!;
    expect(paidText).toContain(kes(lostPayment.amount));
    expect(paidText).toContain(lostPayment.plan_name);
    expect(
      await table
        .getByRole('row')
        .filter({ has: page.getByRole('cell') })
        .count(),
    ).toBe((await row(`SELECT count(*)::int AS n FROM payments WHERE provider_id = $1`, [providerId])).n);
    await shot(page, 'statements-05-payments-list');
    await paid.getByRole('link', { name: new RegExp(`Payment ${lost.receipt}`) }).click();
    await page
      .getByRole('definition')
      .filter({ hasText: /^StatementEvery notification was lost/ })
      .waitFor();
    // the payment's details as stored
    const detail = (term: string) =>
      page
        .getByLabel('Payment details')
        .locator('div', { has: page.getByRole('term').getByText(term, { exact: true }) })
        .getByRole('definition')
        .textContent();
    expect(await detail('M-Pesa receipt')).toBe(lost.receipt);
    expect(await detail('Plan')).toBe(lostPayment.plan_name);
    expect(await detail('Settled via')).toMatch(/^StatementEvery notification was lost/);
    await shot(page, 'statements-06-payment-detail');
    await page.close();
  });

  it('works at phone width: the same statement again settles nothing; the payments list fits', async () => {
    const page = await browser.newPage(PHONE);
    await logIn(page, baseUrl, DEMO.owner);
    await nav(page, 'Reconciliation');
    await page.getByTestId('pull-health').getByText('Working').waitFor();
    await page.getByLabel('Statement file (CSV)').setInputFiles(statementFile('org-statement-again.csv'));
    await page.getByTestId('preview-settled').getByText('0 payments will be settled').waitFor();
    // both paid payments on this shortcode are on the statement again: recorded, not settled twice
    const recorded = await row(`SELECT count(*)::int AS n FROM payments WHERE provider_id = $1 AND status = 'paid'`, [providerId]);
    expect(recorded.n).toBe(2);
    expect(await page.getByTestId('preview-recorded').textContent()).toBe(`${recorded.n} payments already recorded`);
    await page.getByRole('button', { name: 'Save unmatched lines' }).waitFor();
    await noSideScroll(page);
    await shot(page, 'statements-07-preview-phone');
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByTestId('preview-settled').waitFor({ state: 'detached' });
    // cancelled = kept as "Not applied", reviewable later
    const uploads = page.getByRole('table', { name: 'Statement uploads' });
    await uploads.getByRole('row').filter({ hasText: 'org-statement-again.csv' }).getByText('Not applied').waitFor();
    expect(await row(`SELECT status, applied_at FROM statement_uploads WHERE filename = 'org-statement-again.csv'`)).toEqual({ status: 'previewed', applied_at: null });
    await page.getByRole('button', { name: 'Review org-statement-again.csv' }).click();
    await page.getByRole('button', { name: 'Save unmatched lines' }).waitFor();
    await noSideScroll(page);
    await shot(page, 'statements-08-reconciliation-phone');

    await page.goto(`${baseUrl}/app/payments`);
    const settled = page.getByRole('table', { name: 'Payments' }).getByRole('row').filter({ hasText: lost.receipt });
    await settled.getByText('Statement', { exact: true }).waitFor();
    expect(await settled.textContent()).toMatch(/Paid.*Statement|Statement.*Paid/);
    await noSideScroll(page);
    await shot(page, 'statements-09-payments-phone');
    await page.close();
  });

  it('staff see reconciliation read-only', async () => {
    const page = await browser.newPage({ viewport: DESKTOP });
    await logIn(page, baseUrl, STAFF);
    await nav(page, 'Reconciliation');
    await page.getByTestId('pull-health').getByText('Working').waitFor();
    await page.getByText('only the account owner can register Pull Transactions, upload statements and apply them', { exact: false }).waitFor();
    await page.getByRole('table', { name: 'Unmatched statement lines' }).getByText(unknownReceipt).waitFor();
    expect(await page.getByLabel('Statement file (CSV)').count()).toBe(0);
    await page.getByRole('button', { name: 'View org-statement-again.csv' }).click();
    await page.getByTestId('preview-settled').waitFor();
    expect(await page.getByTestId('preview-settled').textContent()).toBe('0 payments will be settled');
    expect(await page.getByRole('button', { name: 'Save unmatched lines' }).count()).toBe(0);
    await shot(page, 'statements-10-staff-read-only');
    await page.close();
  });

  let platformLost: { paymentId: string; receipt: string };

  it('the super admin sees the sources, registers the platform shortcode, settles from the platform statement and sees unmatched lines', async () => {
    platformLost = await lostPurchase(hotspot);
    const page = await browser.newPage({ viewport: DESKTOP });
    await logIn(page, baseUrl, DEMO.admin);
    await nav(page, 'Statements');
    await page.getByRole('heading', { name: 'M-Pesa statements', level: 1 }).waitFor();
    const sources = page.getByRole('table', { name: 'Pull Transactions sources' });
    const own = sources.getByRole('row').filter({ hasText: OWN.shortcode });
    await own.getByText(/^.+ \(own account\)$/).waitFor(); // the provider's business name
    const [ownProvider] = await t.dataSource.query(`SELECT business_name FROM providers WHERE id = $1`, [providerId]);
    expect(await cell(own, 'Collects for')).toBe(`${ownProvider.business_name} (own account)`);
    expect(await cell(own, 'Health')).toBe('Working');
    // the platform's statement is for the platform's shortcode only: the API's refusal is shown
    await page.getByLabel('Statement file (CSV)').setInputFiles(statementFile('provider-statement.csv'));
    await page
      .getByRole('alert')
      .filter({ hasText: 'Statement not accepted' })
      .getByText(`The statement is for shortcode ${OWN.shortcode}; payments here are collected on ${DEMO_APP.shortcode}`)
      .waitFor();

    await page.getByRole('heading', { name: 'Register the platform shortcode for Pull' }).waitFor();
    await page.getByLabel('Nominated M-Pesa number').fill('0722 000 111');
    await page.getByRole('button', { name: 'Register the platform shortcode' }).click();
    const platform = sources.getByRole('row').filter({ hasText: DEMO_APP.shortcode });
    await platform.getByText('Platform', { exact: true }).waitFor();
    await platform.getByText('Not checked yet').waitFor();
    await page.getByRole('heading', { name: 'Register the platform shortcode for Pull' }).waitFor({ state: 'detached' });
    expect(await row(`SELECT provider_id, nominated_number FROM statement_sources WHERE shortcode = $1`, [DEMO_APP.shortcode])).toEqual({ provider_id: null, nominated_number: '254722000111' });
    expect(sim.pullRegistrations().filter((r) => r.shortCode === DEMO_APP.shortcode)).toEqual([expect.objectContaining({ nominatedNumber: '254722000111' })]);

    // the same upload → preview → apply flow, for the platform's statement
    await page.getByLabel('Statement file (CSV)').setInputFiles(statementFile('platform-statement.csv', DEMO_APP.shortcode));
    await page.getByTestId('preview-settled').getByText('1 payment will be settled').waitFor();
    await page.getByRole('table', { name: 'Statement lines that would settle or stay unmatched' }).getByRole('row').filter({ hasText: platformLost.receipt }).getByText('Will be settled').waitFor();
    await shot(page, 'statements-11-admin-preview');
    await page.getByRole('button', { name: 'Settle 1 payment' }).click();
    await page.getByRole('status').filter({ hasText: 'Statement applied' }).getByText('1 payment settled').waitFor();
    expect(await row(`SELECT status, settled_via, collection_mode FROM payments WHERE id = $1`, [platformLost.paymentId])).toEqual({
      status: 'paid',
      settled_via: 'statement',
      collection_mode: 'platform',
    });
    await page.getByRole('table', { name: 'Statement uploads' }).getByRole('row').filter({ hasText: 'platform-statement.csv' }).getByText('Applied', { exact: true }).waitFor();

    const unmatched = page.getByRole('table', { name: 'Unmatched statement lines' });
    await unmatched.getByRole('row').filter({ hasText: unknownReceipt }).getByText(OWN.shortcode).waitFor();
    const unmatchedLines: { receipt: string }[] = await t.dataSource.query(`SELECT receipt FROM statement_lines WHERE status = 'unmatched' ORDER BY receipt`);
    const shownUnmatched = unmatched.getByRole('row').filter({ has: page.getByRole('cell') });
    expect((await Promise.all((await shownUnmatched.all()).map((r) => cell(r, 'Receipt')))).map((text) => unmatchedLines.find((l) => text!.startsWith(l.receipt))?.receipt).sort()).toEqual(
      unmatchedLines.map((l) => l.receipt),
    );
    await shot(page, 'statements-12-admin');

    await page.getByLabel('Filter by shortcode').fill('12');
    await page.getByRole('button', { name: 'Filter', exact: true }).click();
    await page.getByRole('alert').getByText('Enter a shortcode: 5–7 digits.').waitFor();
    await page.getByLabel('Filter by shortcode').fill(DEMO_APP.shortcode);
    await page.getByRole('button', { name: 'Filter', exact: true }).click();
    await page.waitForURL((url) => url.searchParams.get('shortcode') === DEMO_APP.shortcode);
    await page.getByText(`No unmatched lines on shortcode ${DEMO_APP.shortcode}`).waitFor();
    expect(await unmatched.count()).toBe(0);
    await page.getByRole('button', { name: 'Clear', exact: true }).click();
    await unmatched.getByText(unknownReceipt).waitFor();
    expect(new URL(page.url()).searchParams.has('shortcode')).toBe(false);
    await page.close();

    const phonePage = await browser.newPage(PHONE);
    await logIn(phonePage, baseUrl, DEMO.admin);
    await nav(phonePage, 'Statements');
    await phonePage.getByRole('table', { name: 'Pull Transactions sources' }).getByText(DEMO_APP.shortcode).waitFor();
    const phoneLine = phonePage.getByRole('table', { name: 'Unmatched statement lines' }).getByRole('row').filter({ hasText: unknownReceipt });
    await phoneLine.waitFor();
    expect(await cell(phoneLine, 'Shortcode')).toBe(OWN.shortcode);
    expect(await cell(phoneLine, 'Amount')).toBe(kes((await row(`SELECT amount_minor::int AS amount FROM statement_lines WHERE receipt = $1`, [unknownReceipt])).amount));
    await noSideScroll(phonePage);
    await shot(phonePage, 'statements-13-admin-phone');
    await phonePage.close();
  });

  it('a platform-collection provider is told the platform checks the statement, and sees its settled line', async () => {
    const page = await browser.newPage(PHONE);
    await logIn(page, baseUrl, hotspot);
    await nav(page, 'Reconciliation');
    await page.getByRole('heading', { name: 'Checked by Wavu' }).waitFor();
    await page.getByText('Wavu checks that statement for you', { exact: false }).waitFor();
    expect(await page.getByLabel('Statement file (CSV)').count()).toBe(0);
    expect(await page.getByRole('button', { name: 'Register for Pull Transactions' }).count()).toBe(0);
    const line = page.getByRole('table', { name: 'Statement lines for your account' }).getByRole('row').filter({ hasText: platformLost.receipt });
    await line.getByText('Settled', { exact: true }).waitFor();
    const platformPayment = await row(`SELECT amount_minor::int AS amount FROM payments WHERE id = $1`, [platformLost.paymentId]);
    expect(await cell(line, 'Amount')).toBe(kes(platformPayment.amount));
    expect(await cell(line, 'Status')).toBe('Settled');
    await noSideScroll(page);
    await shot(page, 'statements-14-platform-collection-phone');
    await page.goto(`${baseUrl}/app/payments`);
    const payment = page.getByRole('table', { name: 'Payments' }).getByRole('row').filter({ hasText: platformLost.receipt });
    await payment.getByText('Statement', { exact: true }).waitFor();
    const paymentText = (await payment.textContent())!;
    expect(paymentText).toContain('Paid');
    expect(paymentText).toContain(kes(platformPayment.amount));
    await page.close();
  });
});
