import type { DarajaSimulator, SimAppConfig } from '@wavu/daraja-sim';
import { DEMO_APP, startDarajaSimulator } from '@wavu/daraja-sim';

import { LiveUpdatesBus } from '../../../apps/api/src/common/live-updates/live-updates-bus';
import { PaymentsRepository } from '../../../apps/api/src/modules/payments/payments.repository';
import { PaymentsService } from '../../../apps/api/src/modules/payments/payments.service';
import { SettlementService } from '../../../apps/api/src/modules/payments/settlement.service';
import type { ProviderFixture } from '../../factories';
import { createProvider, createSuperAdmin } from '../../factories';
import { freePort } from '../../setup/free-port';
import type { TestApp } from '../../setup/test-app';
import { startTestApp } from '../../setup/test-app';

/**
 * The paid-callback path under concurrency (docs/mpesa.md "The paid-callback path"): Daraja may
 * send the same success several times at once, and a late failure may cross it. Whatever the
 * interleaving, one purchase is sold once: one voucher, one ledger entry, one outbox entry, one
 * `payment.settled`, and every other copy is logged as a duplicate.
 */
const OWN: SimAppConfig = { consumerKey: 'ck-conc-own-5e2a', consumerSecret: 'cs-conc-SECRET-81d0', shortcode: '600400', passkey: 'pk-conc-PASSKEY-3f9c' };
const OTHER: SimAppConfig = { consumerKey: 'ck-conc-other-77b1', consumerSecret: 'cs-conc-SECRET-9a4e', shortcode: '600401', passkey: 'pk-conc-PASSKEY-0d2b' };
const COPIES = 12;

let phoneSeq = 0;
let buys12 = 0;
const phone = () => `2547${3000 + ++phoneSeq}${String(7000 + phoneSeq)}`;

describe('concurrent STK callbacks (reliability, Daraja simulator over HTTP)', () => {
  let t: TestApp;
  let sim: DarajaSimulator;
  let p: ProviderFixture;
  let router: string;
  let plan: string;
  /** a second provider collecting on its own paybill: a group holds callbacks of several providers */
  let q: ProviderFixture;
  let qRouter: string;
  let qPlan: string;
  let payments: PaymentsService;
  const settled: string[] = [];

  const row = async (sql: string, params: unknown[] = []) => (await t.dataSource.query(sql, params))[0];
  const callback = (checkout: string, result: { code: number; receipt?: string; amount?: number; msisdn?: string }) => ({
    Body: {
      stkCallback: {
        MerchantRequestID: `m-${checkout}`,
        CheckoutRequestID: checkout,
        ResultCode: result.code,
        ResultDesc: result.code === 0 ? 'The service request is processed successfully.' : 'Request cancelled by user',
        ...(result.code === 0
          ? {
              CallbackMetadata: {
                Item: [
                  { Name: 'Amount', Value: result.amount },
                  { Name: 'MpesaReceiptNumber', Value: result.receipt },
                  { Name: 'TransactionDate', Value: 20261207120000 },
                  { Name: 'PhoneNumber', Value: Number(result.msisdn) },
                ],
              },
            }
          : {}),
      },
    },
  });
  /** A purchase waiting for its callback: ids, and the path its CallBackURL names. */
  const purchase = async (of: 'p' | 'q' = 'p') => {
    const msisdn = phone();
    const [providerId, routerId, planId] = of === 'p' ? [p.providerId, router, plan] : [q.providerId, qRouter, qPlan];
    const started = await payments.startPurchase({ providerId, routerId, planId, phone: msisdn, clientIp: '10.0.0.7' });
    const { checkout_request_id: checkout } = await row(`SELECT checkout_request_id FROM stk_requests WHERE payment_id = $1`, [started.purchaseId]);
    return { id: started.purchaseId, msisdn, checkout: checkout as string, path: new URL(sim.getPush(checkout)!.callbackUrl).pathname };
  };
  const post = (path: string, body: unknown) =>
    t
      .http()
      .post(path)
      .send(body as object)
      .expect(200);
  const counts = (paymentId: string) =>
    row(
      `SELECT (SELECT status FROM payments WHERE id = $1) AS payment,
              (SELECT status FROM stk_requests WHERE payment_id = $1) AS push,
              (SELECT count(*)::int FROM ledger_entries WHERE payment_id = $1) AS ledger,
              (SELECT count(*)::int FROM vouchers WHERE payment_id = $1 AND status = 'sold') AS sold,
              (SELECT count(*)::int FROM router_provisioning_ops o JOIN vouchers v ON v.code = o.target WHERE v.payment_id = $1 AND o.type = 'upsert_user') AS outbox`,
      [paymentId],
    );
  const outcomes = async (checkout: string, receipt: string | null) =>
    (await t.dataSource.query(`SELECT outcome, count(*)::int AS n FROM webhook_logs WHERE external_id = $1 AND receipt IS NOT DISTINCT FROM $2 GROUP BY outcome`, [checkout, receipt])).reduce(
      (acc: Record<string, number>, r: { outcome: string; n: number }) => ({ ...acc, [r.outcome]: r.n }),
      {},
    );

  beforeAll(async () => {
    sim = await startDarajaSimulator({ apps: [DEMO_APP, OWN, OTHER], phone: { defaultAction: 'never', magicNumbers: false } });
    const port = await freePort();
    t = await startTestApp({ DARAJA_BASE_URL: sim.url, DARAJA_CALLBACK_BASE_URL: `http://127.0.0.1:${port}` });
    await t.app.listen(port, '127.0.0.1');
    payments = t.app.get(PaymentsService);
    const bus = t.app.get(LiveUpdatesBus);
    const publish = bus.publish.bind(bus);
    jest.spyOn(bus, 'publish').mockImplementation((event) => {
      if (event.type === 'payment.settled') settled.push(String((event.data as { paymentId: string }).paymentId));
      publish(event);
    });
    const admin = await createSuperAdmin(t);
    p = await createProvider(t, admin);
    await t
      .http()
      .put('/api/v1/payments/settings')
      .set(p.owner.auth)
      .send({ mode: 'own_account', environment: 'sandbox', shortcodeType: 'paybill', shortcode: OWN.shortcode, consumerKey: OWN.consumerKey, consumerSecret: OWN.consumerSecret, passkey: OWN.passkey })
      .expect(200);
    router = (await t.http().post('/api/v1/routers').set(p.owner.auth).send({ name: 'Kiosk', host: '127.0.0.1', apiPort: 1, useTls: false, username: 'admin', password: 'router-pw' }).expect(201)).body
      .id;
    plan = (await t.http().post('/api/v1/plans').set(p.owner.auth).send({ name: '1 day', price: 50, kind: 'unlimited', validitySeconds: 86400 }).expect(201)).body.id;
    q = await createProvider(t, admin);
    await t
      .http()
      .put('/api/v1/payments/settings')
      .set(q.owner.auth)
      .send({
        mode: 'own_account',
        environment: 'sandbox',
        shortcodeType: 'paybill',
        shortcode: OTHER.shortcode,
        consumerKey: OTHER.consumerKey,
        consumerSecret: OTHER.consumerSecret,
        passkey: OTHER.passkey,
      })
      .expect(200);
    qRouter = (await t.http().post('/api/v1/routers').set(q.owner.auth).send({ name: 'Shop', host: '127.0.0.1', apiPort: 1, useTls: false, username: 'admin', password: 'router-pw' }).expect(201)).body
      .id;
    qPlan = (await t.http().post('/api/v1/plans').set(q.owner.auth).send({ name: '2 hours', price: 50, kind: 'unlimited', validitySeconds: 7200 }).expect(201)).body.id;
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await t?.close();
    await sim?.close();
  });

  it(`the same success sent ${COPIES} times at once, crossed by a late cancel, sells once`, async () => {
    const buy = await purchase();
    const success = callback(buy.checkout, { code: 0, receipt: 'TKC0NC0001', amount: 50, msisdn: buy.msisdn });
    const cancel = callback(buy.checkout, { code: 1032 });
    // the cancel in the middle of the burst: before, between or after the successes, depending on the scheduler
    const burst = Array.from({ length: COPIES }, () => success as unknown);
    burst.splice(COPIES / 2, 0, cancel);
    await Promise.all(burst.map((body) => post(buy.path, body)));

    expect(await counts(buy.id)).toEqual({ payment: 'paid', push: 'paid', ledger: 1, sold: 1, outbox: 1 });
    expect(settled.filter((id) => id === buy.id)).toHaveLength(1);
    // one copy sold it; the other copies are duplicates; nothing failed or was left unfinished
    expect(await outcomes(buy.checkout, 'TKC0NC0001')).toEqual({ processed: 1, duplicate: COPIES - 1 });
    const cancelLog = await row(`SELECT outcome FROM webhook_logs WHERE external_id = $1 AND receipt IS NULL`, [buy.checkout]);
    // a cancel applied first is overruled by the success (money moved); after it, paid is final
    expect(['processed', 'duplicate']).toContain(cancelLog.outcome);
    const ledger = await row(`SELECT gross_minor::int AS gross, receipt FROM ledger_entries WHERE payment_id = $1`, [buy.id]);
    expect(ledger).toEqual({ gross: 5000, receipt: 'TKC0NC0001' });
  });

  it('an echo after the sale is logged finished and masked, linked to its payment, and changes nothing', async () => {
    const buy = await purchase();
    const success = callback(buy.checkout, { code: 0, receipt: 'TKC0NC0002', amount: 50, msisdn: buy.msisdn });
    await post(buy.path, success);
    const before = await counts(buy.id);
    expect(before).toEqual({ payment: 'paid', push: 'paid', ledger: 1, sold: 1, outbox: 1 });

    await post(buy.path, success);
    expect(await counts(buy.id)).toEqual(before);
    const logs = await t.dataSource.query(
      `SELECT outcome, detail, payment_id, payment_reference, processed_at IS NOT NULL AS finished, body::text AS body FROM webhook_logs WHERE external_id = $1 ORDER BY created_at`,
      [buy.checkout],
    );
    const { payment_reference: reference } = await row(`SELECT payment_reference FROM payments WHERE id = $1`, [buy.id]);
    expect(logs).toHaveLength(2);
    for (const log of logs) {
      expect(log).toMatchObject({ payment_id: buy.id, payment_reference: reference, finished: true });
      expect(log.body).not.toContain(buy.msisdn);
      expect(log.body).toContain(`${buy.msisdn.slice(0, 4)}•••••${buy.msisdn.slice(-3)}`);
    }
    expect(logs.map((l: { outcome: string }) => l.outcome)).toEqual(['processed', 'duplicate']);
  });

  it('a copy with a different amount after the sale is flagged, not counted', async () => {
    const buy = await purchase();
    await post(buy.path, callback(buy.checkout, { code: 0, receipt: 'TKC0NC0003', amount: 50, msisdn: buy.msisdn }));
    await post(buy.path, callback(buy.checkout, { code: 0, receipt: 'TKC0NC0003', amount: 5, msisdn: buy.msisdn }));
    expect(await counts(buy.id)).toEqual({ payment: 'paid', push: 'paid', ledger: 1, sold: 1, outbox: 1 });
    expect(await outcomes(buy.checkout, 'TKC0NC0003')).toEqual({ processed: 1, flagged: 1 });
  });

  it('a burst of callbacks for many purchases of two providers is settled in groups, each purchase once, each callback with its own outcome', async () => {
    const groups: number[] = [];
    const applyStks = SettlementService.prototype.applyStks;
    const spy = jest.spyOn(SettlementService.prototype, 'applyStks').mockImplementation(function (this: SettlementService, manager, items) {
      groups.push(items.length);
      return applyStks.call(this, manager, items);
    });
    const buys = [...(await Promise.all(Array.from({ length: 24 }, () => purchase('p')))), ...(await Promise.all(Array.from({ length: 8 }, () => purchase('q'))))];
    const receipt = (i: number) => `TKG${String(i).padStart(7, '0')}`;
    const success = (i: number, amount = 50) => callback(buys[i].checkout, { code: 0, receipt: receipt(i), amount, msisdn: buys[i].msisdn });
    // purchase 3: the wrong amount; purchase 5: its reserved voucher expired meanwhile (a fresh one is sold);
    // purchase 7: the receipt purchase 6 also carries (counted once); purchases 0, 10 and 30: sent twice
    const voucherOf5 = (await row(`SELECT voucher_id FROM payments WHERE id = $1`, [buys[5].id])).voucher_id as string;
    await t.dataSource.query(`UPDATE vouchers SET status = 'expired' WHERE id = $1`, [voucherOf5]);
    const burst = buys.map((b, i) => ({ path: b.path, body: i === 3 ? success(3, 5) : i === 7 ? callback(b.checkout, { code: 0, receipt: receipt(6), amount: 50, msisdn: b.msisdn }) : success(i) }));
    burst.push(...[0, 10, 30].map((i) => ({ path: buys[i].path, body: success(i) })));
    await Promise.all(burst.map(({ path, body }) => post(path, body))).finally(() => spy.mockRestore());

    // grouped for real: at least one group settled several callbacks together
    expect(Math.max(...groups)).toBeGreaterThan(1);
    for (const [i, b] of buys.entries()) {
      if (i === 3 || i === 6 || i === 7) continue;
      expect({ i, ...(await counts(b.id)) }).toEqual({ i, payment: 'paid', push: 'paid', ledger: 1, sold: 1, outbox: 1 });
      expect(await outcomes(b.checkout, receipt(i))).toEqual([0, 10, 30].includes(i) ? { processed: 1, duplicate: 1 } : { processed: 1 });
      expect(settled.filter((id) => id === b.id)).toHaveLength(1);
    }
    expect(await counts(buys[3].id)).toMatchObject({ payment: 'flagged', push: 'flagged', ledger: 0, sold: 0 });
    expect(await outcomes(buys[3].checkout, receipt(3))).toEqual({ flagged: 1 });
    // a fresh voucher for purchase 5, the expired one left alone
    expect(await row(`SELECT voucher_id <> $2 AS fresh FROM payments WHERE id = $1`, [buys[5].id, voucherOf5])).toEqual({ fresh: true });
    expect(await row(`SELECT status FROM vouchers WHERE id = $1`, [voucherOf5])).toEqual({ status: 'expired' });
    // one receipt, two purchases: counted once (whichever came first), the other flagged with the money not counted again
    const shared = await t.dataSource.query(`SELECT status FROM payments WHERE id = ANY($1) ORDER BY status`, [[buys[6].id, buys[7].id]]);
    expect(shared).toEqual([{ status: 'flagged' }, { status: 'paid' }]);
    expect(await row(`SELECT count(*)::int AS n FROM ledger_entries WHERE receipt = $1`, [receipt(6)])).toEqual({ n: 1 });
    // every callback logged once and finished
    const logs = await row(`SELECT count(*)::int AS n, count(*) FILTER (WHERE outcome = 'received')::int AS open FROM webhook_logs WHERE external_id = ANY($1)`, [buys.map((b) => b.checkout)]);
    expect(logs).toEqual({ n: burst.length, open: 0 });
  });

  it('a group that cannot commit leaves nothing behind: its callbacks are applied one by one, each once', async () => {
    const buys = await Promise.all(Array.from({ length: 12 }, () => purchase(buys12++ % 2 ? 'p' : 'q')));
    const repo = t.app.get(PaymentsRepository);
    const lock = repo.lockPushesAndPayments.bind(repo);
    let failed = 0;
    // the first group of several callbacks fails where a deadlock or a lost connection would
    const spy = jest.spyOn(repo, 'lockPushesAndPayments').mockImplementation(async (manager, keys) => {
      if (keys.length > 1 && failed++ === 0) throw new Error('could not serialize access (injected)');
      return lock(manager, keys);
    });
    const receipt = (i: number) => `TKF${String(i).padStart(7, '0')}`;
    await Promise.all(buys.map((b, i) => post(b.path, callback(b.checkout, { code: 0, receipt: receipt(i), amount: 50, msisdn: b.msisdn })))).finally(() => spy.mockRestore());

    expect(failed).toBeGreaterThan(0);
    for (const [i, b] of buys.entries()) {
      expect({ i, ...(await counts(b.id)) }).toEqual({ i, payment: 'paid', push: 'paid', ledger: 1, sold: 1, outbox: 1 });
      // one log per callback: the failed group's raw logs were rolled back with it
      expect(await outcomes(b.checkout, receipt(i))).toEqual({ processed: 1 });
    }
  });
});
