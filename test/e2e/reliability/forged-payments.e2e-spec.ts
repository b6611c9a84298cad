import type { DarajaSimulator, SimAppConfig } from '@wavu/daraja-sim';
import { DEMO_APP, startDarajaSimulator } from '@wavu/daraja-sim';
import { QueryFailedError } from 'typeorm';

import type { PurchaseStatus } from '../../../apps/api/src/modules/payments/payments.service';
import { PaymentsService } from '../../../apps/api/src/modules/payments/payments.service';
import { ReconciliationService } from '../../../apps/api/src/modules/payments/reconciliation.service';
import { WebhookLogsRepository } from '../../../apps/api/src/modules/payments/webhook-logs.repository';
import type { ProviderFixture, Session } from '../../factories';
import { createProvider, createSuperAdmin, databaseFingerprint } from '../../factories';
import { freePort } from '../../setup/free-port';
import type { TestApp } from '../../setup/test-app';
import { startTestApp } from '../../setup/test-app';

/**
 * Issue 19: payments a provider could forge. Daraja's callbacks are unsigned; the URL's secret is
 * all that authenticates them, and a provider on its own Daraja app can read it (its registered
 * C2B URLs). Under platform collection the platform owes the provider what the ledger says, so a
 * success callback alone must never credit it: the secret is replaced when the collection mode
 * changes (or on demand), and the STK Query must confirm the payment first.
 */
const OWN: SimAppConfig = { consumerKey: 'ck-forge-own-7d1c', consumerSecret: 'cs-forge-SECRET-e19a', shortcode: '600300', passkey: 'pk-forge-PASSKEY-42b0' };

let phoneSeq = 0;
const phone = () => `2547${2000 + ++phoneSeq}${String(6000 + phoneSeq)}`;

describe('forged M-Pesa payments (reliability, Daraja simulator over HTTP)', () => {
  let t: TestApp;
  let sim: DarajaSimulator;
  let admin: Session;
  let p: ProviderFixture;
  let router: string;
  let plan: string;
  let payments: PaymentsService;
  let recon: ReconciliationService;
  const logLines: string[] = [];
  let restoreWrite = () => undefined as void;

  const row = async (sql: string, params: unknown[] = []) => (await t.dataSource.query(sql, params))[0];
  const waitFor = async (check: () => Promise<boolean>, ms = 5000) => {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      if (await check()) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('condition not met in time');
  };
  const statusOf = async (purchaseId: string) => (await row(`SELECT status FROM payments WHERE id = $1`, [purchaseId])).status as string;
  const buy = (msisdn: string): Promise<PurchaseStatus> => payments.startPurchase({ providerId: p.providerId, routerId: router, planId: plan, phone: msisdn, clientIp: '10.0.0.9' });
  const checkoutOf = async (purchaseId: string): Promise<string> => (await row(`SELECT checkout_request_id FROM stk_requests WHERE payment_id = $1`, [purchaseId])).checkout_request_id;
  const secretOf = (url: string) => new URL(url).pathname.split('/')[6];
  const stkPath = (secret: string) => `/api/v1/webhooks/daraja/${p.providerId}/${secret}/stk`;
  const success = (checkout: string, items: { Name: string; Value?: number | string }[]) => ({
    Body: {
      stkCallback: { MerchantRequestID: 'm-forged', CheckoutRequestID: checkout, ResultCode: 0, ResultDesc: 'The service request is processed successfully.', CallbackMetadata: { Item: items } },
    },
  });
  const credited = async (purchaseId: string) =>
    row(
      `SELECT (SELECT count(*)::int FROM ledger_entries WHERE payment_id = $1) AS ledger,
              (SELECT count(*)::int FROM vouchers WHERE payment_id = $1 AND status = 'sold') AS sold`,
      [purchaseId],
    );
  const lastLog = async (checkout: string) => row(`SELECT outcome, detail FROM webhook_logs WHERE external_id = $1 ORDER BY created_at DESC LIMIT 1`, [checkout]);
  const toPlatform = () => t.http().put('/api/v1/payments/settings').set(p.owner.auth).send({ mode: 'platform' }).expect(200);
  const toOwn = () =>
    t
      .http()
      .put('/api/v1/payments/settings')
      .set(p.owner.auth)
      .send({ mode: 'own_account', environment: 'sandbox', shortcodeType: 'paybill', shortcode: OWN.shortcode, consumerKey: OWN.consumerKey, consumerSecret: OWN.consumerSecret, passkey: OWN.passkey })
      .expect(200);

  beforeAll(async () => {
    // pino writes to process.stdout: capture every log line of the run
    const realWrite = process.stdout.write;
    restoreWrite = () => void (process.stdout.write = realWrite);
    process.stdout.write = (chunk: unknown, ...rest: unknown[]) => {
      logLines.push(String(chunk));
      const cb = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      if (cb) process.nextTick(cb);
      return true;
    };
    sim = await startDarajaSimulator({ apps: [DEMO_APP, OWN] });
    const port = await freePort();
    t = await startTestApp({ DARAJA_BASE_URL: sim.url, DARAJA_CALLBACK_BASE_URL: `http://127.0.0.1:${port}`, LOG_LEVEL: 'debug', DARAJA_TIMEOUT_MS: '2000' });
    await t.app.listen(port, '127.0.0.1');
    payments = t.app.get(PaymentsService);
    recon = t.app.get(ReconciliationService);
    admin = await createSuperAdmin(t);
    p = await createProvider(t, admin);
    router = (await t.http().post('/api/v1/routers').set(p.owner.auth).send({ name: 'Kiosk', host: '127.0.0.1', apiPort: 1, useTls: false, username: 'admin', password: 'router-pw' }).expect(201)).body
      .id;
    plan = (await t.http().post('/api/v1/plans').set(p.owner.auth).send({ name: '1 day', price: 50, kind: 'unlimited', validitySeconds: 86400 }).expect(201)).body.id;
  });
  afterAll(async () => {
    restoreWrite();
    await t?.close();
    await sim?.close();
  });

  it('a forged platform-collection success callback gives no ledger credit', async () => {
    // 1. on its own Daraja app the provider can read its callback secret (the registered C2B URLs)
    await toOwn();
    await t.http().post('/api/v1/payments/settings/c2b-registration').set(p.owner.auth).expect(200);
    const known = secretOf(sim.c2bRegistrations().at(-1)!.confirmationUrl);
    const inFlightPhone = phone();
    sim.addPhoneRule({ match: { phone: inFlightPhone }, action: 'manual' });
    const inFlight = await buy(inFlightPhone); // sent with the old secret, still open at the switch

    // 2. it switches to platform collection (the secret is replaced)
    await toPlatform();

    // 3. a platform purchase; the customer has not paid (the prompt is still open)
    const msisdn = phone();
    sim.addPhoneRule({ match: { phone: msisdn }, action: 'manual' });
    const started = await buy(msisdn);
    const checkout = await checkoutOf(started.purchaseId);
    const current = secretOf(sim.getPush(checkout)!.callbackUrl);
    const forged = success(checkout, [{ Name: 'Amount', Value: 50 }, { Name: 'MpesaReceiptNumber', Value: 'TSTFORGE01' }, { Name: 'Balance' }, { Name: 'PhoneNumber', Value: Number(msisdn) }]);

    // the old secret is refused: 404, nothing stored
    const before = await databaseFingerprint(t);
    await t.http().post(stkPath(known)).send(forged).expect(404);
    expect(await databaseFingerprint(t)).toEqual(before);
    expect(current).not.toBe(known);

    // the current secret (leaked somehow) with a fake receipt: Daraja's STK Query does not confirm it
    await t.http().post(stkPath(current)).send(forged).expect(200, { ResultCode: 0, ResultDesc: 'Accepted' });
    expect(await statusOf(started.purchaseId)).toBe('pending');
    expect(await row(`SELECT result_desc FROM payments WHERE id = $1`, [started.purchaseId])).toEqual({ result_desc: expect.stringMatching(/waiting for M-Pesa to confirm/) });
    expect(await credited(started.purchaseId)).toEqual({ ledger: 0, sold: 0 });
    expect(await lastLog(checkout)).toEqual({ outcome: 'flagged', detail: expect.stringMatching(/awaiting STK Query confirmation/) });

    // the customer cancels; the same forgery again: the query says 1032, nothing is credited, ever
    sim.resolvePush(checkout, 'cancel');
    await sim.idle();
    await waitFor(async () => (await statusOf(started.purchaseId)) === 'cancelled');
    await t.http().post(stkPath(current)).send(forged).expect(200);
    expect(await lastLog(checkout)).toEqual({ outcome: 'flagged', detail: 'success callback not confirmed: STK Query says result 1032' });
    await recon.reconcile(new Date(Date.now() + 10 * 60_000));
    expect(await statusOf(started.purchaseId)).toBe('cancelled');
    expect(await credited(started.purchaseId)).toEqual({ ledger: 0, sold: 0 });
    expect(await row(`SELECT count(*)::int AS n FROM ledger_entries WHERE provider_id = $1 AND collection_mode = 'platform'`, [p.providerId])).toEqual({ n: 0 });

    // the push sent before the switch is still answered with the secret it carried
    const inFlightCheckout = await checkoutOf(inFlight.purchaseId);
    expect(secretOf(sim.getPush(inFlightCheckout)!.callbackUrl)).toBe(known);
    sim.approve(inFlightCheckout);
    await sim.idle();
    await waitFor(async () => (await statusOf(inFlight.purchaseId)) === 'paid');
    expect(await credited(inFlight.purchaseId)).toEqual({ ledger: 1, sold: 1 });
  });

  it('rotates on demand (owner and super admin, audited); a push in flight is still settled once, through the query under platform collection', async () => {
    const msisdn = phone();
    sim.addPhoneRule({ match: { phone: msisdn }, action: 'manual' });
    const started = await buy(msisdn);
    const checkout = await checkoutOf(started.purchaseId);
    const sentWith = secretOf(sim.getPush(checkout)!.callbackUrl);

    // the collection-mode changes of the first test replaced it twice (to its own app, back to the platform)
    expect((await t.http().get('/api/v1/payments/settings').set(p.owner.auth).expect(200)).body).toMatchObject({ mode: 'platform', callbackSecretRotatedAt: expect.any(String) });
    const rotated = await t.http().post('/api/v1/payments/settings/callback-secret').set(p.owner.auth).expect(200);
    expect(rotated.body).toMatchObject({ mode: 'platform', callbackSecretRotatedAt: expect.any(String) });
    const other = await createProvider(t, admin);
    await t.http().post(`/api/v1/admin/payments/providers/${p.providerId}/callback-secret`).set(other.owner.auth).expect(403);
    await t.http().post(`/api/v1/admin/payments/providers/00000000-0000-4000-8000-000000000000/callback-secret`).set(admin.auth).expect(404);
    const audits = await t.dataSource.query(`SELECT metadata FROM audit_logs WHERE action = 'payments.callback_secret_rotated' AND provider_id = $1 ORDER BY created_at`, [p.providerId]);
    expect(audits.map((a: { metadata: unknown }) => a.metadata)).toEqual([
      { version: 2, reason: 'collection_mode_changed' },
      { version: 3, reason: 'collection_mode_changed' },
      { version: 4, reason: 'on_demand' },
    ]);

    // a new push carries the new secret; the replaced one does not authenticate callbacks for it
    const next = phone();
    sim.addPhoneRule({ match: { phone: next }, action: 'manual' });
    const after = await buy(next);
    const afterCheckout = await checkoutOf(after.purchaseId);
    const newSecret = secretOf(sim.getPush(afterCheckout)!.callbackUrl);
    expect(newSecret).not.toBe(sentWith);
    await t
      .http()
      .post(stkPath(sentWith))
      .send(
        success(afterCheckout, [
          { Name: 'Amount', Value: 50 },
          { Name: 'MpesaReceiptNumber', Value: 'TSTFORGE02' },
        ]),
      )
      .expect(404);

    // the customer pays the older push: its callback (old secret) is accepted and, once the query confirms, settled once
    sim.approve(checkout);
    await sim.idle();
    await waitFor(async () => (await statusOf(started.purchaseId)) === 'paid');
    expect(await credited(started.purchaseId)).toEqual({ ledger: 1, sold: 1 });
    expect(await row(`SELECT receipt FROM payments WHERE id = $1`, [started.purchaseId])).toEqual({ receipt: sim.getPush(checkout)!.receipt });

    // the super admin rotates too; pushes two rotations old are no longer answered by callback, the query still settles them
    // (two at once: rotations chain, none is lost)
    await Promise.all([1, 2].map(() => t.http().post(`/api/v1/admin/payments/providers/${p.providerId}/callback-secret`).set(admin.auth).expect(200)));
    const versions = await t.dataSource.query(`SELECT metadata->>'version' AS v FROM audit_logs WHERE action = 'payments.callback_secret_rotated' AND provider_id = $1 ORDER BY 1`, [p.providerId]);
    expect(versions.map((r: { v: string }) => Number(r.v))).toEqual([2, 3, 4, 5, 6]);
    expect(await row(`SELECT callback_secret_version AS v FROM payment_settings WHERE provider_id = $1`, [p.providerId])).toEqual({ v: 6 });
    sim.approve(afterCheckout);
    await sim.idle();
    expect(await statusOf(after.purchaseId)).toBe('pending');
    await recon.reconcile(new Date(Date.now() + 10 * 60_000));
    expect(await statusOf(after.purchaseId)).toBe('paid');
    expect(await credited(after.purchaseId)).toEqual({ ledger: 1, sold: 1 });
    await recon.reconcile(new Date(Date.now() + 20 * 60_000));
    expect(await credited(after.purchaseId)).toEqual({ ledger: 1, sold: 1 });
  });

  it('a success callback without Amount settles nothing; the STK Query settles it once', async () => {
    await toOwn(); // callbacks of the provider's own app are trusted once complete
    const msisdn = phone();
    sim.addPhoneRule({ match: { phone: msisdn }, action: 'manual', callback: { drop: true } });
    const started = await buy(msisdn);
    const checkout = await checkoutOf(started.purchaseId);
    const secret = secretOf(sim.getPush(checkout)!.callbackUrl);
    const noAmount = success(checkout, [
      { Name: 'MpesaReceiptNumber', Value: 'TSTNOAMNT1' },
      { Name: 'PhoneNumber', Value: Number(msisdn) },
    ]);
    await t.http().post(stkPath(secret)).send(noAmount).expect(200);
    expect(await statusOf(started.purchaseId)).toBe('pending');
    expect(await credited(started.purchaseId)).toEqual({ ledger: 0, sold: 0 });
    expect(await lastLog(checkout)).toEqual({ outcome: 'flagged', detail: 'success without Amount: not settled, left for the STK query' });
    // due for the query at once
    expect((await row(`SELECT next_query_at <= now() AS due FROM stk_requests WHERE payment_id = $1`, [started.purchaseId])).due).toBe(true);

    sim.approve(checkout);
    await sim.idle();
    const run = await recon.reconcile(new Date(Date.now() + 1000));
    expect(run.paid).toBeGreaterThanOrEqual(1);
    expect(await row(`SELECT status, receipt, settled_via FROM payments WHERE id = $1`, [started.purchaseId])).toEqual({ status: 'paid', receipt: null, settled_via: 'query' });
    expect(await credited(started.purchaseId)).toEqual({ ledger: 1, sold: 1 });
  });

  it('a success for a push whose CheckoutRequestID was never stored is adopted only when the STK Query confirms it', async () => {
    const msisdn = phone();
    sim.addPhoneRule({ match: { phone: msisdn }, action: 'manual' });
    const started = await buy(msisdn);
    const checkout = await checkoutOf(started.purchaseId);
    const secret = secretOf(sim.getPush(checkout)!.callbackUrl);
    // the process died between Daraja's answer and storing it
    await t.dataSource.query(`UPDATE stk_requests SET status = 'initiated', checkout_request_id = NULL, merchant_request_id = NULL, next_query_at = NULL WHERE payment_id = $1`, [started.purchaseId]);

    // a made-up CheckoutRequestID with the right phone and amount: Daraja knows no such checkout
    const madeUp = success('ws_CO_051220262100000000000000', [
      { Name: 'Amount', Value: 50 },
      { Name: 'MpesaReceiptNumber', Value: 'TSTORPHAN1' },
      { Name: 'PhoneNumber', Value: Number(msisdn) },
    ]);
    await t.http().post(stkPath(secret)).send(madeUp).expect(200);
    expect(await row(`SELECT checkout_request_id, status FROM stk_requests WHERE payment_id = $1`, [started.purchaseId])).toEqual({ checkout_request_id: null, status: 'initiated' });
    expect(await credited(started.purchaseId)).toEqual({ ledger: 0, sold: 0 });
    expect(await lastLog('ws_CO_051220262100000000000000')).toEqual({ outcome: 'flagged', detail: expect.stringMatching(/^success for an unknown CheckoutRequestID not confirmed by STK Query/) });

    // the real one: the query confirms that checkout, the push is adopted and settled once
    sim.approve(checkout);
    await sim.idle();
    await waitFor(async () => (await statusOf(started.purchaseId)) === 'paid');
    expect(await row(`SELECT checkout_request_id FROM stk_requests WHERE payment_id = $1`, [started.purchaseId])).toEqual({ checkout_request_id: checkout });
    expect(await credited(started.purchaseId)).toEqual({ ledger: 1, sold: 1 });
  });

  it('keeps only masked phones in processed webhook logs', async () => {
    const paid = await buy(phone()); // the simulated phone approves; the callback carries its number
    await waitFor(async () => (await statusOf(paid.purchaseId)) === 'paid');
    // the log row is finished just after the settlement commits
    await waitFor(async () => (await row(`SELECT count(*)::int AS n FROM webhook_logs WHERE provider_id = $1 AND outcome = 'received'`, [p.providerId])).n === 0);
    const rows: { body: unknown; outcome: string }[] = await t.dataSource.query(`SELECT body, outcome FROM webhook_logs WHERE provider_id = $1`, [p.providerId]);
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((r) => r.outcome !== 'received' && r.outcome !== 'failed')).toBe(true);
    // a whole MSISDN, not digits inside an id (a CheckoutRequestID ends with the 9-digit number after its milliseconds)
    for (const r of rows) expect(JSON.stringify(r.body)).not.toMatch(/(?<!\d)2547\d{8}(?!\d)/);
    const processed = rows.find((r) => JSON.stringify(r.body).includes('PhoneNumber') && r.outcome === 'processed')!;
    expect(JSON.stringify(processed.body)).toMatch(/"Name":"PhoneNumber","Value":"2547•••••\d{3}"/);

    // rows stored raw before bodies were masked on processing: the retention job masks the handled ones
    const raw = (n: number) => ({
      Body: { stkCallback: { CheckoutRequestID: `ws_CO_raw${n}`, ResultCode: 0, CallbackMetadata: { Item: [{ Name: 'PhoneNumber', Value: 254711000100 + n }] } } },
    });
    const c2bV1 = { TransID: 'TSTRAWC2B1', MSISDN: 'a'.repeat(64), BillRefNumber: '254711000999', FirstName: 'Achieng' };
    const insert = (body: unknown, outcome: string) =>
      t.dataSource.query(`INSERT INTO webhook_logs (provider_id, kind, body, outcome) VALUES ($1, 'stk', $2::jsonb, $3) RETURNING id`, [p.providerId, JSON.stringify(body), outcome]);
    for (let n = 1; n <= 3; n++) await insert(raw(n), 'processed');
    await insert(c2bV1, 'processed');
    const [{ id: failedId }] = await insert(raw(9), 'failed'); // still to be replayed: stays raw
    expect(await recon.maskHandledWebhookLogs(2)).toEqual({ masked: 4 });
    const after: { body: unknown }[] = await t.dataSource.query(`SELECT body FROM webhook_logs WHERE provider_id = $1 AND id <> $2`, [p.providerId, failedId]);
    for (const r of after) expect(JSON.stringify(r.body)).not.toMatch(/25471100010\d|a{64}|Achieng/);
    expect(await row(`SELECT body FROM webhook_logs WHERE id = $1`, [failedId])).toEqual({ body: raw(9) });
    // the account number is not a phone field: left as typed (the row is looked at again on each run, nothing loops)
    expect(await recon.maskHandledWebhookLogs(2)).toEqual({ masked: 1 });
  });

  it('no callback secret, consumer key or secret, or SQL parameter reaches a log line', async () => {
    logLines.length = 0;
    // a Daraja auth call: "Test credentials", with the wrong secret and then the right one
    await t.http().put('/api/v1/payments/settings').set(p.owner.auth).send({ mode: 'own_account', consumerSecret: 'cs-forge-WRONG-55aa' }).expect(200);
    expect((await t.http().post('/api/v1/payments/settings/test').set(p.owner.auth).expect(200)).body.ok).toBe(false);
    await t.http().put('/api/v1/payments/settings').set(p.owner.auth).send({ mode: 'own_account', consumerSecret: OWN.consumerSecret }).expect(200);
    expect((await t.http().post('/api/v1/payments/settings/test').set(p.owner.auth).expect(200)).body.ok).toBe(true);

    // a callback that succeeds, and one whose handling fails on a database error carrying its parameters
    const msisdn = phone();
    const started = await buy(msisdn);
    await waitFor(async () => (await statusOf(started.purchaseId)) !== 'pending');
    const checkout = await checkoutOf(started.purchaseId);
    const secret = secretOf(sim.getPush(checkout)!.callbackUrl);
    const parameter = `param-${msisdn}-marker`;
    // as PostgreSQL reports a unique violation: the values are in the parameters and the detail, not the message
    const driverError = Object.assign(new Error('duplicate key value violates unique constraint "uq_example"'), { code: '23505', detail: `Key (receipt)=(${parameter}) already exists.` });
    const spy = jest.spyOn(WebhookLogsRepository.prototype, 'insertWebhookLog').mockRejectedValueOnce(new QueryFailedError('SELECT 1 WHERE $1 = $1', [parameter], driverError));
    await t
      .http()
      .post(stkPath(secret))
      .send(
        success(checkout, [
          { Name: 'Amount', Value: 50 },
          { Name: 'MpesaReceiptNumber', Value: 'TSTLOGS001' },
        ]),
      )
      .expect(500);
    spy.mockRestore();
    await t
      .http()
      .post(stkPath(secret))
      .send(
        success(checkout, [
          { Name: 'Amount', Value: 50 },
          { Name: 'MpesaReceiptNumber', Value: sim.getPush(checkout)!.receipt! },
        ]),
      )
      .expect(200);

    const text = logLines.join('');
    expect(text).toMatch(/Unhandled error/);
    expect(text).toMatch(/webhooks\/daraja\/[^/]+\/\[redacted\]\/stk/);
    const callbackSecrets = [...new Set(sim.listPushes().map((push) => secretOf(push.callbackUrl)))];
    for (const value of [...callbackSecrets, OWN.consumerKey, OWN.consumerSecret, 'cs-forge-WRONG-55aa', OWN.passkey, DEMO_APP.consumerSecret, parameter, msisdn]) {
      expect(logLines.filter((l) => l.includes(value))).toEqual([]);
    }
  });
});
