import type { DarajaSimulator, SimAppConfig } from '@wavu/daraja-sim';
import { DEMO_APP, startDarajaSimulator } from '@wavu/daraja-sim';

import { LiveUpdatesBus } from '../../../apps/api/src/common/live-updates/live-updates-bus';
import { PaymentsService } from '../../../apps/api/src/modules/payments/payments.service';
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
const COPIES = 12;

let phoneSeq = 0;
const phone = () => `2547${3000 + ++phoneSeq}${String(7000 + phoneSeq)}`;

describe('concurrent STK callbacks (reliability, Daraja simulator over HTTP)', () => {
  let t: TestApp;
  let sim: DarajaSimulator;
  let p: ProviderFixture;
  let router: string;
  let plan: string;
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
  const purchase = async () => {
    const msisdn = phone();
    const started = await payments.startPurchase({ providerId: p.providerId, routerId: router, planId: plan, phone: msisdn, clientIp: '10.0.0.7' });
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
    sim = await startDarajaSimulator({ apps: [DEMO_APP, OWN], phone: { defaultAction: 'never', magicNumbers: false } });
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
});
