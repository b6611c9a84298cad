import type { DarajaClient } from '@wavu/daraja';
import { DARAJA_CLIENT } from '@wavu/daraja';
import type { DarajaSimulator, SimAppConfig } from '@wavu/daraja-sim';
import { DEMO_APP, startDarajaSimulator } from '@wavu/daraja-sim';
import { PaymentsService } from '../../apps/api/src/modules/payments/payments.service';
import { ReconciliationService } from '../../apps/api/src/modules/payments/reconciliation.service';
import { StatementPullService } from '../../apps/api/src/modules/payments/statement-pull.service';
import type { ProviderFixture, Session } from '../factories';
import { createProvider, createSuperAdmin, databaseFingerprint } from '../factories';
import { freePort } from '../setup/free-port';
import type { TestApp } from '../setup/test-app';
import { startTestApp } from '../setup/test-app';

/**
 * Statement reconciliation end to end (docs/payments-reconciliation.md): payments whose every
 * notification was lost are found by Daraja Pull Transactions or an uploaded org-portal statement
 * and settled exactly once through the normal settlement path; money that matches nothing stays
 * an unmatched line and changes nothing else.
 */
const OWN: SimAppConfig = { consumerKey: 'ck-stmt-own-a', consumerSecret: 'cs-stmt-own-a-5d1e', shortcode: '600300', passkey: 'pk-stmt-own-a-0b7c' };
const OTHER: SimAppConfig = { consumerKey: 'ck-stmt-own-c', consumerSecret: 'cs-stmt-own-c-8a2f', shortcode: '600301', passkey: 'pk-stmt-own-c-3e94' };
/** Nothing listens here: notifications sent to it are lost. */
const DEAD_URL = 'http://127.0.0.1:9/lost';
/** Statement tables and bookkeeping a pull or a preview may write; nothing else may change. */
const STATEMENT_TABLES = ['statement_lines', 'statement_sources', 'statement_uploads', 'audit_logs', 'job_runs'];

jest.setTimeout(60_000);

let phoneSeq = 0;
const phone = () => `25471${String(3_000_000 + ++phoneSeq).padStart(7, '0')}`;

describe('statement reconciliation (e2e, Daraja simulator over HTTP)', () => {
  let t: TestApp;
  let sim: DarajaSimulator;
  let admin: Session;
  let a: ProviderFixture; // own account (OWN), C2B notifications lost
  let b: ProviderFixture; // platform collection (DEMO_APP)
  let c: ProviderFixture; // own account (OTHER), Pull never provisioned at "Safaricom"
  const ids: Record<string, { router: string; plan: string }> = {};
  let payments: PaymentsService;
  let pull: StatementPullService;

  const q = async (sql: string, params: unknown[] = []) => t.dataSource.query(sql, params);
  const row = async (sql: string, params: unknown[] = []) => (await q(sql, params))[0];
  const ledgerCount = async (providerId: string) => (await row(`SELECT count(*)::int AS n FROM ledger_entries WHERE provider_id = $1`, [providerId])).n as number;

  /** A purchase whose push Daraja accepted after our request timed out, and whose callback was dropped: lost online. */
  const lostPurchase = async (p: ProviderFixture): Promise<{ paymentId: string; receipt: string; reference: string }> => {
    const msisdn = phone();
    sim.addPhoneRule({ match: { phone: msisdn }, action: 'approve', callback: { drop: true }, times: 1 });
    sim.injectFault({ endpoint: 'stkpush', kind: 'slow', delayMs: 1500 });
    await expect(payments.startPurchase({ providerId: p.providerId, routerId: ids[p.providerId].router, planId: ids[p.providerId].plan, phone: msisdn, clientIp: '10.1.0.1' })).rejects.toMatchObject({
      code: 'PAYMENT_GATEWAY_UNAVAILABLE',
    });
    // Daraja goes on with the push our request gave up on: wait for the customer's payment to settle there
    for (let i = 0; i < 200 && sim.listPushes({ phoneNumber: msisdn, status: 'completed' }).length === 0; i++) await new Promise((r) => setTimeout(r, 25));
    await sim.idle();
    const push = sim.listPushes({ phoneNumber: msisdn })[0];
    expect(push).toMatchObject({ status: 'completed' });
    const payment = await row(`SELECT id, status FROM payments WHERE provider_id = $1 AND phone = $2`, [p.providerId, msisdn]);
    expect(payment.status).toBe('failed');
    return { paymentId: payment.id, receipt: push.receipt!, reference: push.accountReference };
  };

  beforeAll(async () => {
    sim = await startDarajaSimulator({ apps: [DEMO_APP, OWN, OTHER], stkAlsoFiresC2B: true, phone: { defaultAction: 'approve', magicNumbers: false } });
    const port = await freePort();
    t = await startTestApp({ DARAJA_BASE_URL: sim.url, DARAJA_CALLBACK_BASE_URL: `http://127.0.0.1:${port}`, DARAJA_TIMEOUT_MS: '1000' });
    await t.app.listen(port, '127.0.0.1');
    payments = t.app.get(PaymentsService);
    pull = t.app.get(StatementPullService);
    admin = await createSuperAdmin(t);
    [a, b, c] = [await createProvider(t, admin), await createProvider(t, admin), await createProvider(t, admin)];
    for (const p of [a, b, c]) {
      const router = await t
        .http()
        .post('/api/v1/routers')
        .set(p.owner.auth)
        .send({ name: 'Kiosk', host: '127.0.0.1', apiPort: 1, useTls: false, username: 'admin', password: 'router-pw' })
        .expect(201);
      const plan = await t.http().post('/api/v1/plans').set(p.owner.auth).send({ name: '1 day', price: 50, kind: 'unlimited', validitySeconds: 86400 }).expect(201);
      ids[p.providerId] = { router: router.body.id, plan: plan.body.id };
    }
    for (const [p, app] of [
      [a, OWN],
      [c, OTHER],
    ] as const) {
      await t
        .http()
        .put('/api/v1/payments/settings')
        .set(p.owner.auth)
        .send({
          mode: 'own_account',
          environment: 'sandbox',
          shortcodeType: 'paybill',
          shortcode: app.shortcode,
          consumerKey: app.consumerKey,
          consumerSecret: app.consumerSecret,
          passkey: app.passkey,
        })
        .expect(200);
      await t.http().post('/api/v1/payments/settings/c2b-registration').set(p.owner.auth).expect(200);
    }
    // provider a's C2B notifications go nowhere (Safaricom stopped delivering them); unanswered validation defaults to Completed
    const daraja = t.app.get<DarajaClient>(DARAJA_CLIENT);
    await daraja.registerC2bUrls(
      { environment: 'sandbox', consumerKey: OWN.consumerKey, consumerSecret: OWN.consumerSecret },
      { shortCode: OWN.shortcode, responseType: 'Completed', validationUrl: DEAD_URL, confirmationUrl: DEAD_URL },
    );
  });
  afterAll(async () => {
    await t?.close();
    await sim?.close();
  });

  it('refuses Pull registration with a bad nominated number, and for a platform-collection account', async () => {
    await t.http().post('/api/v1/payments/settings/pull-registration').set(a.owner.auth).send({ nominatedNumber: 'not a phone' }).expect(400);
    const platform = await t.http().post('/api/v1/payments/settings/pull-registration').set(b.owner.auth).send({ nominatedNumber: '0700000001' }).expect(409);
    expect(platform.body.code).toBe('STATEMENT_NOT_OWN_SHORTCODE');
  });

  it('registers an own shortcode for Pull (Safaricom keeps the first registration)', async () => {
    const res = await t.http().post('/api/v1/payments/settings/pull-registration').set(a.owner.auth).send({ nominatedNumber: '0700000001' }).expect(200);
    expect(res.body).toMatchObject({ shortcode: OWN.shortcode, scope: 'provider', pullEnabled: true, health: 'ok' });
    expect(res.body.nominatedNumber).not.toContain('700000001');
    await t.http().post('/api/v1/payments/settings/pull-registration').set(a.owner.auth).send({ nominatedNumber: '0700000001' }).expect(200);
    expect(sim.pullRegistrations().filter((r) => r.shortCode === OWN.shortcode)).toHaveLength(1);
    const status = await t.http().get('/api/v1/payments/reconciliation').set(a.owner.auth).expect(200);
    expect(status.body).toMatchObject({ ownShortcode: OWN.shortcode, source: { shortcode: OWN.shortcode }, unmatchedLines: 0 });
  });

  it('settles a payment whose callback and C2B confirmation were both lost, and the customer can recover it by receipt', async () => {
    const lost = await lostPurchase(a);
    // nothing online can find it: the push id was never stored, the callback and the C2B echo went nowhere
    await t.app.get(ReconciliationService).reconcile();
    expect((await row(`SELECT status FROM payments WHERE id = $1`, [lost.paymentId])).status).toBe('failed');
    const before = await ledgerCount(a.providerId);

    const counts = await pull.pullAll();
    expect(counts).toMatchObject({ settled: 1, errors: 0, suspect: 0 });
    const paid = await row(`SELECT status, receipt, settled_via, voucher_id FROM payments WHERE id = $1`, [lost.paymentId]);
    expect(paid).toMatchObject({ status: 'paid', receipt: lost.receipt, settled_via: 'statement' });
    expect(await ledgerCount(a.providerId)).toBe(before + 1);
    expect((await row(`SELECT status FROM vouchers WHERE id = $1`, [paid.voucher_id])).status).toBe('sold');
    expect(await row(`SELECT status, payment_id FROM statement_lines WHERE receipt = $1`, [lost.receipt])).toEqual({ status: 'settled', payment_id: lost.paymentId });

    const listed = await t.http().get(`/api/v1/payments?search=${lost.receipt}`).set(a.owner.auth).expect(200);
    expect(listed.body.items).toEqual([expect.objectContaining({ id: lost.paymentId, status: 'paid', settledVia: 'statement' })]);
    const recovered = await t.http().post('/api/v1/captive/recover').send({ routerId: ids[a.providerId].router, receipt: lost.receipt }).expect(200);
    // the receipt is shown masked: only its last 4 characters
    expect(recovered.body.purchases).toEqual([expect.objectContaining({ status: 'paid', receipt: `••••••${lost.receipt.slice(-4)}`, voucher: expect.objectContaining({ code: expect.any(String) }) })]);
  });

  it('sells the voucher of a paybill payment whose C2B confirmation never arrived', async () => {
    const batch = await t.http().post('/api/v1/voucher-batches').set(a.owner.auth).send({ planId: ids[a.providerId].plan, quantity: 2 }).expect(202);
    let refs: { payment_reference: string; id: string }[] = [];
    for (let i = 0; i < 100 && refs.length < 2; i++) {
      refs = await q(`SELECT id, payment_reference FROM vouchers WHERE batch_id = $1 AND status = 'available' ORDER BY payment_reference`, [batch.body.id]);
      if (refs.length < 2) await new Promise((r) => setTimeout(r, 50));
    }
    const outcome = await sim.c2bPay({ shortCode: OWN.shortcode, amount: 50, msisdn: phone(), billRefNumber: refs[0].payment_reference });
    expect(outcome).toMatchObject({ status: 'confirmed', confirmationStatus: null });
    expect(await row(`SELECT count(*)::int AS n FROM payments WHERE receipt = $1`, [outcome.transId])).toEqual({ n: 0 });

    expect(await pull.pullAll()).toMatchObject({ settled: 1, errors: 0 });
    expect(await row(`SELECT source, status, settled_via, voucher_id FROM payments WHERE receipt = $1`, [outcome.transId])).toEqual({
      source: 'c2b',
      status: 'paid',
      settled_via: 'statement',
      voucher_id: refs[0].id,
    });
    expect((await row(`SELECT status FROM vouchers WHERE id = $1`, [refs[0].id])).status).toBe('sold');
  });

  it('keeps a line with an unknown reference as unmatched and changes nothing else', async () => {
    await pull.pullAll();
    const outcome = await sim.c2bPay({ shortCode: OWN.shortcode, amount: 75, msisdn: phone(), billRefNumber: 'NOSUCHREF9' });
    expect(outcome.status).toBe('confirmed');
    const before = await databaseFingerprint(t, STATEMENT_TABLES);
    expect(await pull.pullAll()).toMatchObject({ settled: 0, unmatched: 1 });
    expect(await databaseFingerprint(t, STATEMENT_TABLES)).toEqual(before);
    const lines = await t.http().get('/api/v1/payments/statement-lines?status=unmatched').set(a.owner.auth).expect(200);
    expect(lines.body.items).toEqual([expect.objectContaining({ receipt: outcome.transId, status: 'unmatched', amount: 75, reference: 'NOSUCHREF9', detail: expect.stringContaining('NOSUCHREF9') })]);
    // the other provider sees none of it
    expect((await t.http().get('/api/v1/payments/statement-lines').set(b.owner.auth).expect(200)).body.items).toEqual([]);
    const adminLines = await t.http().get('/api/v1/admin/payments/statement-lines?status=unmatched').set(admin.auth).expect(200);
    expect(adminLines.body.items.map((l: { receipt: string }) => l.receipt)).toContain(outcome.transId);
  });

  it('settles nothing twice when the job runs twice, or in two instances at once', async () => {
    const lost = [await lostPurchase(a), await lostPurchase(a)];
    const before = await ledgerCount(a.providerId);
    const [one, two] = await Promise.all([pull.pullAll(), pull.pullAll()]);
    expect(one.settled + two.settled).toBe(2);
    const again = await pull.pullAll();
    expect(again.settled).toBe(0);
    expect(await ledgerCount(a.providerId)).toBe(before + 2);
    for (const l of lost) {
      expect(await row(`SELECT count(*)::int AS n FROM ledger_entries WHERE receipt = $1`, [l.receipt])).toEqual({ n: 1 });
      expect(await row(`SELECT status, times_seen >= 3 AS seen FROM statement_lines WHERE receipt = $1`, [l.receipt])).toEqual({ status: 'settled', seen: true });
    }
    // the run through the job runner is recorded
    const run = await t.http().post('/api/v1/admin/system-health/jobs/payments-stk-reconcile/run').set(admin.auth);
    expect(run.status).toBeLessThan(300);
    await t
      .http()
      .post('/api/v1/admin/system-health/jobs/payments-statement-pull/run')
      .set(admin.auth)
      .expect((res) => expect(res.status).toBeLessThan(300));
    expect(await row(`SELECT status FROM job_runs WHERE name = 'payments-statement-pull' ORDER BY started_at DESC LIMIT 1`)).toEqual({ status: 'succeeded' });
  });

  it('flags a shortcode whose pulls keep answering "no records" while money is known to arrive', async () => {
    // c believes it is registered, but Safaricom never provisioned the shortcode for Pull
    await q(`INSERT INTO statement_sources (shortcode, provider_id, nominated_number, registered_at) VALUES ($1, $2, '254700000003', now())`, [OTHER.shortcode, c.providerId]);
    const batch = await t.http().post('/api/v1/voucher-batches').set(c.owner.auth).send({ planId: ids[c.providerId].plan, quantity: 1 }).expect(202);
    let ref: string | undefined;
    for (let i = 0; i < 100 && !ref; i++) {
      ref = (await row(`SELECT payment_reference FROM vouchers WHERE batch_id = $1`, [batch.body.id]))?.payment_reference;
      if (!ref) await new Promise((r) => setTimeout(r, 50));
    }
    const paid = await sim.c2bPay({ shortCode: OTHER.shortcode, amount: 50, msisdn: phone(), billRefNumber: ref! });
    expect(paid.confirmationStatus).toBe(200); // c's confirmations arrive: we know money came in
    expect((await row(`SELECT status FROM payments WHERE receipt = $1`, [paid.transId])).status).toBe('paid');

    for (const expected of ['suspect', 'suspect', 'not_registered']) {
      expect(await pull.pullAll()).toMatchObject({ errors: 0 });
      const source = await row(`SELECT health, pulled_until FROM statement_sources WHERE shortcode = $1`, [OTHER.shortcode]);
      expect(source).toEqual({ health: expected, pulled_until: null });
    }
    const status = await t.http().get('/api/v1/payments/reconciliation').set(c.owner.auth).expect(200);
    expect(status.body.source).toMatchObject({ health: 'not_registered', lastError: expect.stringContaining('no records') });
  });

  it('settles from an uploaded statement what Pull does not list, after a preview that changes nothing', async () => {
    sim.setPullSettings({ listStk: false });
    try {
      const lost = await lostPurchase(a);
      expect(await pull.pullAll()).toMatchObject({ settled: 0 });
      expect((await row(`SELECT status FROM payments WHERE id = $1`, [lost.paymentId])).status).toBe('failed');

      const csv = sim.exportStatement({ shortCode: OWN.shortcode, from: new Date(Date.now() - 3_600_000), to: new Date(Date.now() + 60_000) });
      const before = await databaseFingerprint(t, STATEMENT_TABLES);
      const preview = await t.http().post('/api/v1/payments/statements').set(a.owner.auth).send({ filename: 'org-statement.csv', csv }).expect(201);
      expect(preview.body).toMatchObject({ status: 'previewed', shortcode: OWN.shortcode, preview: { settled: 1, unmatched: 1 } });
      expect(preview.body.lines).toEqual(expect.arrayContaining([expect.objectContaining({ receipt: lost.receipt, outcome: 'settled' })]));
      expect(await databaseFingerprint(t, STATEMENT_TABLES)).toEqual(before);

      const applied = await t.http().post(`/api/v1/payments/statements/${preview.body.id}/apply`).set(a.owner.auth).expect(200);
      expect(applied.body).toMatchObject({ status: 'applied', result: { settled: 1 } });
      expect(await row(`SELECT status, settled_via, receipt FROM payments WHERE id = $1`, [lost.paymentId])).toEqual({ status: 'paid', settled_via: 'statement', receipt: lost.receipt });
      const twice = await t.http().post(`/api/v1/payments/statements/${preview.body.id}/apply`).set(a.owner.auth).expect(409);
      expect(twice.body.code).toBe('STATEMENT_ALREADY_APPLIED');
      // the same file again settles nothing
      const again = await t.http().post('/api/v1/payments/statements').set(a.owner.auth).send({ filename: 'again.csv', csv }).expect(201);
      expect(again.body.preview.settled).toBe(0);
    } finally {
      sim.setPullSettings({ listStk: true });
    }
  });

  it('answers bad statement uploads with a clear 4xx', async () => {
    const other = sim.exportStatement({ shortCode: OTHER.shortcode, from: new Date(Date.now() - 3_600_000), to: new Date(Date.now() + 60_000) });
    expect((await t.http().post('/api/v1/payments/statements').set(a.owner.auth).send({ filename: 'x.csv', csv: other }).expect(400)).body.code).toBe('STATEMENT_WRONG_SHORTCODE');
    expect((await t.http().post('/api/v1/payments/statements').set(a.owner.auth).send({ filename: 'x.csv', csv: 'hello,world\n1,2\n' }).expect(400)).body.code).toBe('STATEMENT_UNREADABLE');
    expect((await t.http().post('/api/v1/payments/statements').set(b.owner.auth).send({ filename: 'x.csv', csv: other }).expect(409)).body.code).toBe('STATEMENT_NOT_OWN_SHORTCODE');
    await t.http().post('/api/v1/payments/statements').set(a.owner.auth).send({ filename: 'x.csv' }).expect(400);
    await t.http().post(`/api/v1/payments/statements/00000000-0000-4000-8000-000000000000/apply`).set(a.owner.auth).expect(404);
  });

  it("settles a platform-collection purchase from the platform shortcode's Pull", async () => {
    await t.http().post('/api/v1/admin/payments/statement-sources/platform/pull-registration').set(admin.auth).send({ nominatedNumber: '0700000002' }).expect(200);
    const lost = await lostPurchase(b);
    expect(await pull.pullAll()).toMatchObject({ errors: 0 });
    expect(await row(`SELECT status, settled_via, collection_mode FROM payments WHERE id = $1`, [lost.paymentId])).toEqual({ status: 'paid', settled_via: 'statement', collection_mode: 'platform' });
    expect(await row(`SELECT provider_id, status FROM statement_lines WHERE receipt = $1`, [lost.receipt])).toEqual({ provider_id: b.providerId, status: 'settled' });
    const sources = await t.http().get('/api/v1/admin/payments/statement-sources').set(admin.auth).expect(200);
    expect(sources.body.map((s: { shortcode: string; scope: string }) => `${s.scope}:${s.shortcode}`)).toEqual(expect.arrayContaining([`platform:${DEMO_APP.shortcode}`, `provider:${OWN.shortcode}`]));
  });
});
