import type { DarajaSimulator, SimAppConfig } from '@wavu/daraja-sim';
import { DEMO_APP, startDarajaSimulator } from '@wavu/daraja-sim';

import type { PurchaseStatus } from '../../apps/api/src/modules/payments/payments.service';
import { PaymentsService } from '../../apps/api/src/modules/payments/payments.service';
import { DarajaWebhooksService } from '../../apps/api/src/modules/payments/daraja-webhooks.service';
import { ReconciliationService } from '../../apps/api/src/modules/payments/reconciliation.service';
import type { ProviderFixture, Session } from '../factories';
import { createProvider, createSuperAdmin, databaseFingerprint } from '../factories';
import type { TestApp } from '../setup/test-app';
import { startTestApp } from '../setup/test-app';
import { freePort } from '../setup/free-port';

/**
 * M-Pesa payments end to end: the API listens on a real port, the Daraja simulator pushes,
 * decides on its simulated phone and calls the API back over HTTP.
 */
const OWN: SimAppConfig = { consumerKey: 'ck-own-provider-a', consumerSecret: 'cs-own-SECRET-a-91f2', shortcode: '600100', passkey: 'pk-own-PASSKEY-a-77c1' };
const SECRETS = [OWN.consumerSecret, OWN.passkey, DEMO_APP.consumerSecret, DEMO_APP.passkey];

let phoneSeq = 0;
/** A fresh MSISDN ending with `suffix` (magic numbers) or a neutral 5xxx suffix. */
const phone = (suffix?: string) => {
  phoneSeq++;
  return `2547${1000 + phoneSeq}${suffix ?? String(5000 + phoneSeq)}`;
};

describe('payments (e2e, Daraja simulator over HTTP)', () => {
  let t: TestApp;
  let sim: DarajaSimulator;
  let admin: Session;
  let a: ProviderFixture; // own account (OWN app)
  let b: ProviderFixture; // platform collection (DEMO_APP)
  let routerA: string;
  let routerB: string;
  let planA: string;
  let planB: string;
  let payments: PaymentsService;
  let recon: ReconciliationService;
  let tokensIssued = 0;
  const logLines: string[] = [];
  const bodies: string[] = [];
  let restoreWrite = () => undefined as void;

  const http = () => {
    const agent = t.http();
    return new Proxy(agent, {
      get(target, prop) {
        const fn = (target as any)[prop];
        if (typeof fn !== 'function') return fn;
        return (...args: unknown[]) => {
          const req = fn.apply(target, args);
          req.on?.('response', (res: { text?: string }) => bodies.push(res.text ?? ''));
          return req;
        };
      },
    });
  };

  const row = async (sql: string, params: unknown[] = []) => (await t.dataSource.query(sql, params))[0];
  const waitFor = async (check: () => Promise<boolean>, ms = 5000) => {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      if (await check()) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('condition not met in time');
  };
  const settled = async (purchaseId: string) => {
    await sim.idle();
    await waitFor(async () => (await row(`SELECT status FROM payments WHERE id = $1`, [purchaseId])).status !== 'pending');
  };
  const buy = (provider: ProviderFixture, msisdn: string, extra: Partial<{ planId: string; routerId: string }> = {}): Promise<PurchaseStatus> =>
    payments.startPurchase({
      providerId: provider.providerId,
      routerId: extra.routerId ?? (provider === a ? routerA : routerB),
      planId: extra.planId ?? (provider === a ? planA : planB),
      phone: msisdn,
      clientIp: '10.0.0.7',
    });
  const checkoutOf = async (purchaseId: string): Promise<string> => (await row(`SELECT checkout_request_id FROM stk_requests WHERE payment_id = $1`, [purchaseId])).checkout_request_id;
  const callbackUrlOf = async (purchaseId: string) => sim.getPush(await checkoutOf(purchaseId))!.callbackUrl;

  beforeAll(async () => {
    // pino writes to process.stdout when its write is replaced: capture every log line of the run
    const realWrite = process.stdout.write;
    restoreWrite = () => void (process.stdout.write = realWrite);
    process.stdout.write = (chunk: unknown, ...rest: unknown[]) => {
      logLines.push(String(chunk));
      const cb = rest.find((r) => typeof r === 'function') as (() => void) | undefined;
      if (cb) process.nextTick(cb);
      return true;
    };
    sim = await startDarajaSimulator({
      apps: [DEMO_APP, OWN],
      logger: { debug: (m) => void (m === 'token issued' && tokensIssued++), warn: () => undefined, error: () => undefined },
    });
    const port = await freePort();
    t = await startTestApp({ DARAJA_BASE_URL: sim.url, DARAJA_CALLBACK_BASE_URL: `http://127.0.0.1:${port}`, LOG_LEVEL: 'debug', DARAJA_TIMEOUT_MS: '2000' });
    await t.app.listen(port, '127.0.0.1');
    payments = t.app.get(PaymentsService);
    recon = t.app.get(ReconciliationService);
    admin = await createSuperAdmin(t);
    a = await createProvider(t, admin);
    b = await createProvider(t, admin);
    for (const p of [a, b]) {
      const router = await http().post('/api/v1/routers').set(p.owner.auth).send({ name: 'Kiosk', host: '127.0.0.1', apiPort: 1, useTls: false, username: 'admin', password: 'router-pw' }).expect(201);
      const plan = await http().post('/api/v1/plans').set(p.owner.auth).send({ name: '1 day', price: 50, kind: 'unlimited', validitySeconds: 86400 }).expect(201);
      if (p === a) [routerA, planA] = [router.body.id, plan.body.id];
      else [routerB, planB] = [router.body.id, plan.body.id];
    }
  });
  afterAll(async () => {
    restoreWrite();
    await t?.close();
    await sim?.close();
  });

  describe('settings', () => {
    it('defaults to platform collection with the type commission, and never returns secrets', async () => {
      const res = await http().get('/api/v1/payments/settings').set(a.owner.auth).expect(200);
      expect(res.body).toMatchObject({ mode: 'platform', platformAvailable: true, consumerKeySet: false, consumerSecretSet: false, passkeySet: false, commissionRateBp: 0 });
    });

    it('stores own-account credentials sealed, shows only "set", and tests them against Daraja', async () => {
      const incomplete = await http().put('/api/v1/payments/settings').set(a.owner.auth).send({ mode: 'own_account', environment: 'sandbox' }).expect(400);
      expect(incomplete.body.details.map((d: { field: string }) => d.field)).toEqual(expect.arrayContaining(['shortcode', 'consumerKey', 'consumerSecret', 'passkey']));
      const saved = await http()
        .put('/api/v1/payments/settings')
        .set(a.owner.auth)
        .send({ mode: 'own_account', environment: 'sandbox', shortcodeType: 'paybill', shortcode: OWN.shortcode, consumerKey: OWN.consumerKey, consumerSecret: 'wrong-secret', passkey: OWN.passkey })
        .expect(200);
      expect(saved.body).toMatchObject({ mode: 'own_account', shortcode: OWN.shortcode, consumerKeySet: true, consumerSecretSet: true, passkeySet: true, commissionRateBp: 0 });
      const sealed = await row(`SELECT consumer_secret_sealed, passkey_sealed FROM payment_settings WHERE provider_id = $1`, [a.providerId]);
      expect(sealed.passkey_sealed).toMatch(/^v1\./);
      expect(JSON.stringify(sealed)).not.toContain(OWN.passkey);

      const bad = await http().post('/api/v1/payments/settings/test').set(a.owner.auth).expect(200);
      expect(bad.body).toMatchObject({ ok: false, message: expect.stringMatching(/refused/) });
      await http().put('/api/v1/payments/settings').set(a.owner.auth).send({ mode: 'own_account', consumerSecret: OWN.consumerSecret }).expect(200);
      const good = await http().post('/api/v1/payments/settings/test').set(a.owner.auth).expect(200);
      expect(good.body).toEqual({ ok: true, message: expect.stringMatching(/accepted/) });
      const reg = await http().post('/api/v1/payments/settings/c2b-registration').set(a.owner.auth).expect(200);
      expect(reg.body).toMatchObject({ registered: true, version: 'v2' });
      expect(sim.c2bRegistrations()[0].confirmationUrl).toMatch(new RegExp(`/api/v1/webhooks/daraja/${a.providerId}/[0-9a-f]{64}/c2b/confirmation$`));
    });

    it('lets a super admin override the commission of a platform-collection provider', async () => {
      const res = await http().put(`/api/v1/admin/payments/providers/${b.providerId}/commission`).set(admin.auth).send({ rateBp: 1500 }).expect(200);
      expect(res.body).toMatchObject({ mode: 'platform', commissionRateBp: 1500, commissionOverridden: true });
      await http().put(`/api/v1/admin/payments/providers/${b.providerId}/commission`).set(b.owner.auth).send({ rateBp: 0 }).expect(403);
    });
  });

  describe('STK push and callbacks', () => {
    it.each([
      ['0', '0000', 'paid'],
      ['1', '0001', 'failed'],
      ['1032', '1032', 'cancelled'],
      ['1037', '1037', 'failed'],
      ['2001', '2001', 'failed'],
    ])('ResultCode %s ends the purchase as expected', async (code, suffix, status) => {
      const started = await buy(a, phone(suffix));
      // the simulated phone answers at once, so on a busy machine the callback may already be
      // processed when startPurchase reads the status back: pending or already final are both right
      expect(started).toMatchObject({ amount: 50, currency: 'KES', reused: false });
      expect(['pending', status]).toContain(started.status);
      await settled(started.purchaseId);
      const done = await payments.purchaseStatus(a.providerId, started.purchaseId);
      expect(done.status).toBe(status);
      if (code === '0') {
        expect(done.voucher).toMatchObject({ code: expect.any(String), password: expect.any(String) });
        expect(done.receipt).toMatch(/^[A-Z0-9]{10}$/);
        const v = await row(`SELECT status, payment_id, sale_key FROM vouchers WHERE id = $1`, [done.voucher!.id]);
        expect(v).toMatchObject({ status: 'sold', payment_id: started.purchaseId });
        const ledger = await row(`SELECT count(*)::int AS n, max(gross_minor)::int AS gross FROM ledger_entries WHERE payment_id = $1`, [started.purchaseId]);
        expect(ledger).toEqual({ n: 1, gross: 5000 });
        const outbox = await row(`SELECT count(*)::int AS n FROM router_provisioning_ops WHERE router_id = $1 AND target = $2`, [routerA, done.voucher!.code]);
        expect(outbox.n).toBeGreaterThanOrEqual(1);
      } else {
        expect(done).toMatchObject({ resultCode: code, voucher: null, retryable: true, customerMessage: expect.any(String) });
        expect(await row(`SELECT count(*)::int AS n FROM ledger_entries WHERE payment_id = $1`, [started.purchaseId])).toEqual({ n: 0 });
      }
    });

    it('rejects a bad phone with a 400-style error and reuses the open push of a phone', async () => {
      await expect(buy(a, '0812')).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
      const msisdn = phone();
      sim.addPhoneRule({ match: { phone: msisdn }, action: 'manual' });
      const first = await buy(a, msisdn);
      const again = await buy(a, `0${msisdn.slice(3)}`);
      expect(again).toMatchObject({ purchaseId: first.purchaseId, reused: true });
      expect(sim.listPushes({ phoneNumber: msisdn })).toHaveLength(1);
      sim.cancel(msisdn);
      await settled(first.purchaseId);
    });

    it('10 concurrent duplicate success callbacks: one payment, one voucher sold, one ledger row', async () => {
      const msisdn = phone();
      sim.addPhoneRule({ match: { phone: msisdn }, action: 'approve', callback: { copies: 10 } });
      const started = await buy(b, msisdn);
      await settled(started.purchaseId);
      const delivery = sim.deliveries(await checkoutOf(started.purchaseId))[0];
      const url = await callbackUrlOf(started.purchaseId);
      const path = new URL(url).pathname;
      const results = await Promise.all(
        Array.from({ length: 10 }, () =>
          http()
            .post(path)
            .send(delivery.body as object),
        ),
      );
      for (const r of results) expect(r.body).toEqual({ ResultCode: 0, ResultDesc: 'Accepted' });
      expect(await row(`SELECT count(*)::int AS n FROM payments WHERE id = $1 AND status = 'paid'`, [started.purchaseId])).toEqual({ n: 1 });
      expect(await row(`SELECT count(*)::int AS n FROM vouchers WHERE payment_id = $1 AND status = 'sold'`, [started.purchaseId])).toEqual({ n: 1 });
      expect(
        await row(`SELECT count(*)::int AS n, max(commission_rate_bp) AS bp, max(commission_minor)::int AS c, max(net_minor)::int AS net FROM ledger_entries WHERE payment_id = $1`, [
          started.purchaseId,
        ]),
      ).toEqual({ n: 1, bp: 1500, c: 750, net: 4250 });
      // the simulator's own 10 copies may still be in flight after the payment is paid: wait until
      // all 20 callbacks are logged and none is still being processed, then count the outcomes
      const checkout = await checkoutOf(started.purchaseId);
      const outcomes = () =>
        row(
          `SELECT count(*)::int AS n, count(*) FILTER (WHERE outcome = 'processed')::int AS processed, count(*) FILTER (WHERE outcome = 'received')::int AS open FROM webhook_logs WHERE external_id = $1`,
          [checkout],
        );
      await waitFor(async () => {
        const o = await outcomes();
        return o.n >= 20 && o.open === 0;
      });
      expect(await outcomes()).toEqual({ n: 20, processed: 1, open: 0 });
    });

    it('accepts a real payload with Balance lacking Value, rejects unknown junk with 400 and no change, and never downgrades a success', async () => {
      const started = await buy(a, phone());
      await settled(started.purchaseId);
      const checkout = await checkoutOf(started.purchaseId);
      const real = sim.deliveries(checkout)[0].body as { Body: { stkCallback: { CallbackMetadata: { Item: { Name: string; Value?: unknown }[] } } } };
      expect(real.Body.stkCallback.CallbackMetadata.Item).toContainEqual({ Name: 'Balance' });
      expect((await payments.purchaseStatus(a.providerId, started.purchaseId)).status).toBe('paid');
      const path = new URL(await callbackUrlOf(started.purchaseId)).pathname;
      const before = await databaseFingerprint(t);
      const junk = await http()
        .post(path)
        .send({ Body: { stkCallback: { CheckoutRequestID: checkout, MerchantRequestID: 'y', ResultCode: 0, ResultDesc: 'ok', Evil: true } } })
        .expect(400);
      expect(JSON.stringify(junk.body.details)).toMatch(/Evil/);
      await http()
        .post(path)
        .send({ Body: { stkCallback: { CheckoutRequestID: checkout, MerchantRequestID: 'y', ResultCode: { $ne: 1 }, ResultDesc: 'ok' } } })
        .expect(400);
      await http()
        .post(path)
        .send({ Body: { stkCallback: { CheckoutRequestID: checkout, MerchantRequestID: 'y', ResultCode: 0, ResultDesc: 'ok', CallbackMetadata: { Item: [{ Name: 'Amount', Value: [1] }] } } } })
        .expect(400);
      expect(await databaseFingerprint(t)).toEqual(before);
      // a late failure for the same checkout (out of order) is logged and changes nothing
      await http()
        .post(path)
        .send({ Body: { stkCallback: { MerchantRequestID: 'm', CheckoutRequestID: checkout, ResultCode: 1032, ResultDesc: 'Request cancelled by user' } } })
        .expect(200, { ResultCode: 0, ResultDesc: 'Accepted' });
      expect((await payments.purchaseStatus(a.providerId, started.purchaseId)).status).toBe('paid');
      expect(await row(`SELECT outcome FROM webhook_logs WHERE external_id = $1 ORDER BY created_at DESC LIMIT 1`, [checkout])).toEqual({ outcome: 'duplicate' });
    });

    it('a wrong secret or unknown provider answers 404 and changes nothing', async () => {
      const msisdn = phone();
      sim.addPhoneRule({ match: { phone: msisdn }, action: 'never' });
      const started = await buy(a, msisdn);
      const path = new URL(await callbackUrlOf(started.purchaseId)).pathname;
      const checkout = await checkoutOf(started.purchaseId);
      const body = {
        Body: {
          stkCallback: {
            MerchantRequestID: 'm',
            CheckoutRequestID: checkout,
            ResultCode: 0,
            ResultDesc: 'ok',
            CallbackMetadata: {
              Item: [
                { Name: 'Amount', Value: 50 },
                { Name: 'MpesaReceiptNumber', Value: 'TSTFORGED1' },
              ],
            },
          },
        },
      };
      const before = await databaseFingerprint(t);
      const wrong = path.replace(/\/([0-9a-f]{64})\/stk$/, `/${'0'.repeat(64)}/stk`);
      expect(wrong).not.toBe(path);
      await http().post(wrong).send(body).expect(404);
      await http().post(path.replace(a.providerId, b.providerId)).send(body).expect(404);
      await http().post(path.replace(a.providerId, '00000000-0000-4000-8000-000000000000')).send(body).expect(404);
      expect(await databaseFingerprint(t)).toEqual(before);
      sim.resolvePush(checkout, 'cancel');
      await settled(started.purchaseId);
    });

    it('an amount mismatch issues nothing and is flagged', async () => {
      const msisdn = phone();
      sim.addPhoneRule({ match: { phone: msisdn }, action: 'never' });
      const started = await buy(a, msisdn);
      const path = new URL(await callbackUrlOf(started.purchaseId)).pathname;
      const checkout = await checkoutOf(started.purchaseId);
      const forged = {
        Body: {
          stkCallback: {
            MerchantRequestID: 'm',
            CheckoutRequestID: checkout,
            ResultCode: 0,
            ResultDesc: 'ok',
            CallbackMetadata: {
              Item: [
                { Name: 'Amount', Value: 1 },
                { Name: 'MpesaReceiptNumber', Value: 'TSTMISMAT1' },
                { Name: 'PhoneNumber', Value: Number(msisdn) },
              ],
            },
          },
        },
      };
      await http().post(path).send(forged).expect(200);
      const p = await row(`SELECT status, flag_reason, voucher_id FROM payments WHERE id = $1`, [started.purchaseId]);
      expect(p).toMatchObject({ status: 'flagged', flag_reason: expect.stringMatching(/amount mismatch/) });
      expect(await row(`SELECT status FROM vouchers WHERE id = $1`, [p.voucher_id])).toEqual({ status: 'available' });
      expect(await row(`SELECT count(*)::int AS n FROM ledger_entries WHERE payment_id = $1`, [started.purchaseId])).toEqual({ n: 0 });
      expect(await row(`SELECT outcome FROM webhook_logs WHERE external_id = $1 ORDER BY created_at DESC LIMIT 1`, [checkout])).toEqual({ outcome: 'flagged' });
      sim.resolvePush(checkout, 'cancel');
      await sim.idle();
    });
  });

  describe('reconciliation', () => {
    it('resolves a missing callback with STK Query (pending answers stay pending), then a late callback backfills the receipt', async () => {
      const msisdn = phone();
      sim.addPhoneRule({ match: { phone: msisdn }, action: 'manual', callback: { drop: true } });
      const started = await buy(a, msisdn);
      const now = Date.now();
      const early = await recon.reconcile(new Date(now + 61_000));
      expect(early.pending).toBeGreaterThanOrEqual(1);
      expect((await payments.purchaseStatus(a.providerId, started.purchaseId)).status).toBe('pending');
      const checkout = await checkoutOf(started.purchaseId);
      sim.approve(checkout);
      await sim.idle();
      expect(sim.deliveries(checkout).every((d) => d.dropped)).toBe(true);
      const run = await recon.reconcile(new Date(now + 10 * 60_000));
      expect(run.paid).toBeGreaterThanOrEqual(1);
      const done = await payments.purchaseStatus(a.providerId, started.purchaseId);
      expect(done).toMatchObject({ status: 'paid', receipt: null, voucher: expect.objectContaining({ code: expect.any(String) }) });
      // the dropped callback arrives after all: no second sale, the receipt is filled in
      const push = sim.getPush(checkout)!;
      const body = {
        Body: {
          stkCallback: {
            MerchantRequestID: push.merchantRequestId,
            CheckoutRequestID: checkout,
            ResultCode: 0,
            ResultDesc: 'ok',
            CallbackMetadata: { Item: [{ Name: 'Amount', Value: 50 }, { Name: 'MpesaReceiptNumber', Value: push.receipt }, { Name: 'Balance' }, { Name: 'PhoneNumber', Value: Number(msisdn) }] },
          },
        },
      };
      await http().post(new URL(push.callbackUrl).pathname).send(body).expect(200);
      expect(await payments.purchaseStatus(a.providerId, started.purchaseId)).toMatchObject({ status: 'paid', receipt: push.receipt });
      expect(await row(`SELECT count(*)::int AS n, max(receipt) AS receipt FROM ledger_entries WHERE payment_id = $1`, [started.purchaseId])).toEqual({ n: 1, receipt: push.receipt });
    });

    it('expires an unresolved push, and still honours a success arriving after the expiry', async () => {
      const msisdn = phone();
      sim.addPhoneRule({ match: { phone: msisdn }, action: 'never' });
      const started = await buy(a, msisdn);
      const run = await recon.reconcile(new Date(Date.now() + 400_000));
      expect(run.expired).toBeGreaterThanOrEqual(1);
      expect((await payments.purchaseStatus(a.providerId, started.purchaseId)).status).toBe('expired');
      sim.approve(await checkoutOf(started.purchaseId));
      await settled(started.purchaseId);
      const done = await payments.purchaseStatus(a.providerId, started.purchaseId);
      expect(done).toMatchObject({ status: 'paid', receipt: expect.stringMatching(/^[A-Z0-9]{10}$/) });
      expect(await row(`SELECT count(*)::int AS n FROM ledger_entries WHERE payment_id = $1`, [started.purchaseId])).toEqual({ n: 1 });
    });

    it('honours a success for a push whose CheckoutRequestID was never stored (crash after Daraja accepted it), even after the stale sweep', async () => {
      const msisdn = phone();
      sim.addPhoneRule({ match: { phone: msisdn }, action: 'manual' });
      const started = await buy(a, msisdn);
      const checkout = await checkoutOf(started.purchaseId);
      // the process died between Daraja's answer and storing it: the push row never got its ids
      await t.dataSource.query(`UPDATE stk_requests SET status = 'initiated', checkout_request_id = NULL, merchant_request_id = NULL, next_query_at = NULL WHERE payment_id = $1`, [
        started.purchaseId,
      ]);
      const swept = await recon.reconcile(new Date(Date.now() + 200_000));
      expect(swept).toMatchObject({ errors: 0 });
      expect(await row(`SELECT s.status AS stk, p.status AS payment FROM stk_requests s JOIN payments p ON p.id = s.payment_id WHERE s.payment_id = $1`, [started.purchaseId])).toEqual({
        stk: 'expired',
        payment: 'expired',
      });

      sim.approve(checkout);
      await sim.idle();
      await waitFor(async () => (await row(`SELECT status FROM payments WHERE id = $1`, [started.purchaseId])).status === 'paid');
      const done = await payments.purchaseStatus(a.providerId, started.purchaseId);
      expect(done).toMatchObject({ status: 'paid', receipt: sim.getPush(checkout)!.receipt, voucher: expect.objectContaining({ code: expect.any(String) }) });
      expect(await row(`SELECT checkout_request_id FROM stk_requests WHERE payment_id = $1`, [started.purchaseId])).toEqual({ checkout_request_id: checkout });
      expect(await row(`SELECT count(*)::int AS n FROM ledger_entries WHERE payment_id = $1`, [started.purchaseId])).toEqual({ n: 1 });
    });

    it('refreshes tokens for the 30-minute job, and purges webhook logs older than 90 days', async () => {
      const refreshed = await recon.refreshTokens();
      expect(refreshed).toMatchObject({ failed: 0 });
      const [{ id }] = await t.dataSource.query(`SELECT id FROM webhook_logs ORDER BY created_at LIMIT 1`);
      await t.dataSource.query(`UPDATE webhook_logs SET created_at = now() - interval '91 days' WHERE id = $1`, [id]);
      await t.dataSource.query(`UPDATE webhook_logs SET created_at = now() - interval '89 days' WHERE id = (SELECT id FROM webhook_logs WHERE id <> $1 ORDER BY created_at LIMIT 1)`, [id]);
      const before = (await row(`SELECT count(*)::int AS n FROM webhook_logs`)).n;
      expect(await recon.purgeWebhookLogs()).toEqual({ deleted: 1 });
      expect((await row(`SELECT count(*)::int AS n FROM webhook_logs`)).n).toBe(before - 1);
      expect(await row(`SELECT count(*)::int AS n FROM webhook_logs WHERE id = $1`, [id])).toEqual({ n: 0 });
    });
  });

  describe('tokens', () => {
    it('an invalid token triggers one refresh and a successful retry', async () => {
      await buy(b, phone('0000')).then((s) => settled(s.purchaseId));
      const issuedBefore = tokensIssued;
      expect(sim.invalidateTokens()).toBeGreaterThanOrEqual(1);
      const started = await buy(b, phone('0000'));
      expect(['pending', 'paid']).toContain(started.status);
      expect(tokensIssued).toBe(issuedBefore + 1);
      await settled(started.purchaseId);
      expect((await payments.purchaseStatus(b.providerId, started.purchaseId)).status).toBe('paid');
    });
  });

  describe('C2B', () => {
    const reserve = async (provider: ProviderFixture) => {
      const batch = await http()
        .post('/api/v1/voucher-batches')
        .set(provider.owner.auth)
        .send({ planId: provider === a ? planA : planB, quantity: 1 })
        .expect(202);
      await waitFor(async () => (await row(`SELECT count(*)::int AS n FROM vouchers WHERE batch_id = $1`, [batch.body.id])).n === 1);
      return row(`SELECT id, payment_reference FROM vouchers WHERE batch_id = $1`, [batch.body.id]);
    };

    it('validation rejects an unknown reference and a wrong amount; a right one is confirmed and sells the voucher once', async () => {
      const unknown = await sim.c2bPay({ shortCode: OWN.shortcode, amount: 50, msisdn: phone(), billRefNumber: 'NOPE2345' });
      expect(unknown).toMatchObject({ status: 'rejected', validation: 'C2B00012' });
      const voucher = await reserve(a);
      const wrongAmount = await sim.c2bPay({ shortCode: OWN.shortcode, amount: 49, msisdn: phone(), billRefNumber: voucher.payment_reference });
      expect(wrongAmount).toMatchObject({ status: 'rejected', validation: 'C2B00013' });
      const ok = await sim.c2bPay({ shortCode: OWN.shortcode, amount: 50, msisdn: phone(), billRefNumber: voucher.payment_reference.toLowerCase() });
      expect(ok).toMatchObject({ status: 'confirmed', validation: '0', confirmationStatus: 200 });
      expect(await row(`SELECT status FROM vouchers WHERE id = $1`, [voucher.id])).toEqual({ status: 'sold' });
      const paid = await row(`SELECT source, status, receipt, phone, phone_masked FROM payments WHERE voucher_id = $1`, [voucher.id]);
      expect(paid).toMatchObject({ source: 'c2b', status: 'paid', receipt: ok.transId, phone: null });
      // the same confirmation again (Daraja re-sends): idempotent on TransID
      const log = await row(`SELECT body FROM webhook_logs WHERE kind = 'c2b_confirmation' AND external_id = $1`, [ok.transId]);
      const confirmUrl = new URL(sim.c2bRegistrations()[0].confirmationUrl).pathname;
      await http().post(confirmUrl).send(log.body).expect(200, { ResultCode: 0, ResultDesc: 'Accepted' });
      expect(await row(`SELECT count(*)::int AS n FROM payments WHERE receipt = $1`, [ok.transId])).toEqual({ n: 1 });
      expect(await row(`SELECT count(*)::int AS n FROM ledger_entries WHERE receipt = $1`, [ok.transId])).toEqual({ n: 1 });
    });

    it('a suspended provider sells nothing by paybill either: validation declines, the voucher stays available', async () => {
      const voucher = await reserve(a);
      await http().post(`/api/v1/admin/providers/${a.providerId}/suspend`).set(admin.auth).send({ reason: 'Unpaid invoices' }).expect(200);
      try {
        const declined = await sim.c2bPay({ shortCode: OWN.shortcode, amount: 50, msisdn: phone(), billRefNumber: voucher.payment_reference });
        expect(declined).toMatchObject({ status: 'rejected', validation: 'C2B00016' });
        expect(await row(`SELECT status FROM vouchers WHERE id = $1`, [voucher.id])).toEqual({ status: 'available' });
        expect(await row(`SELECT count(*)::int AS n FROM payments WHERE voucher_id = $1`, [voucher.id])).toEqual({ n: 0 });
      } finally {
        await http().post(`/api/v1/admin/providers/${a.providerId}/reactivate`).set(admin.auth).expect(200);
      }
    });

    it('replays a C2B confirmation whose processing failed, and fills in the receipt of an STK purchase paid by query', async () => {
      // 1. the confirmation is logged and acknowledged, but applying it fails (as after a crash):
      //    Daraja never resends confirmations, so the reconciliation job applies it from the log
      const voucher = await reserve(a);
      const spy = jest.spyOn(DarajaWebhooksService.prototype as unknown as { confirm: () => Promise<unknown> }, 'confirm').mockRejectedValueOnce(new Error('simulated crash'));
      const paidByHand = await sim.c2bPay({ shortCode: OWN.shortcode, amount: 50, msisdn: phone(), billRefNumber: voucher.payment_reference });
      spy.mockRestore();
      expect(paidByHand).toMatchObject({ status: 'confirmed', confirmationStatus: 200 });
      expect(await row(`SELECT status FROM vouchers WHERE id = $1`, [voucher.id])).toEqual({ status: 'available' });
      expect(await row(`SELECT outcome FROM webhook_logs WHERE kind = 'c2b_confirmation' AND external_id = $1`, [paidByHand.transId])).toEqual({ outcome: 'failed' });
      const run = await recon.reconcile(new Date(Date.now() + 60_000));
      expect(run.c2bReplayed).toBeGreaterThanOrEqual(1);
      expect(await row(`SELECT status FROM vouchers WHERE id = $1`, [voucher.id])).toEqual({ status: 'sold' });
      expect(await row(`SELECT source, status FROM payments WHERE receipt = $1`, [paidByHand.transId])).toEqual({ source: 'c2b', status: 'paid' });
      expect(await row(`SELECT outcome FROM webhook_logs WHERE kind = 'c2b_confirmation' AND external_id = $1`, [paidByHand.transId])).toEqual({ outcome: 'processed' });
      expect((await recon.reconcile(new Date(Date.now() + 60_000))).c2bReplayed).toBe(0);

      // 2. an STK purchase settled by STK Query has no receipt; Safaricom's C2B echo of that payment
      //    (no validation step) brings it — a backfill, not a second payment
      const msisdn = phone();
      sim.addPhoneRule({ match: { phone: msisdn }, action: 'manual', callback: { drop: true } });
      const started = await buy(a, msisdn);
      const checkout = await checkoutOf(started.purchaseId);
      sim.approve(checkout);
      await sim.idle();
      await recon.reconcile(new Date(Date.now() + 10 * 60_000));
      const byQuery = await payments.purchaseStatus(a.providerId, started.purchaseId);
      expect(byQuery).toMatchObject({ status: 'paid', receipt: null });
      const receipt = sim.getPush(checkout)!.receipt!;
      const echo = {
        TransactionType: 'Pay Bill',
        TransID: receipt,
        TransTime: '20261121120000',
        TransAmount: '50.00',
        BusinessShortCode: OWN.shortcode,
        BillRefNumber: byQuery.paymentReference,
        InvoiceNumber: '',
        OrgAccountBalance: '',
        ThirdPartyTransID: '',
        MSISDN: '2547 ***** 126',
        FirstName: 'JOHN',
        MiddleName: '',
        LastName: '',
      };
      await http().post(new URL(sim.c2bRegistrations()[0].confirmationUrl).pathname).send(echo).expect(200);
      expect(await payments.purchaseStatus(a.providerId, started.purchaseId)).toMatchObject({ status: 'paid', receipt });
      expect(await row(`SELECT count(*)::int AS n, max(receipt) AS receipt FROM ledger_entries WHERE payment_id = $1`, [started.purchaseId])).toEqual({ n: 1, receipt });
      expect(await row(`SELECT count(*)::int AS n FROM payments WHERE receipt = $1`, [receipt])).toEqual({ n: 1 });
    });

    it('the same receipt via STK and C2B counts once (either order)', async () => {
      sim.stkAlsoFiresC2B = true;
      try {
        const started = await buy(a, phone('0000'));
        await settled(started.purchaseId);
        await sim.idle();
        const done = await payments.purchaseStatus(a.providerId, started.purchaseId);
        expect(done.status).toBe('paid');
        const c2b = sim.c2bPayments().find((o) => o.transId === done.receipt);
        expect(c2b).toBeDefined();
        expect(await row(`SELECT count(*)::int AS n FROM payments WHERE receipt = $1`, [done.receipt])).toEqual({ n: 1 });
        expect(await row(`SELECT count(*)::int AS n FROM ledger_entries WHERE receipt = $1`, [done.receipt])).toEqual({ n: 1 });
      } finally {
        sim.stkAlsoFiresC2B = false;
      }
      // C2B first: the customer pays the reference by hand while the prompt is open; the STK success later is a duplicate
      const msisdn = phone();
      sim.addPhoneRule({ match: { phone: msisdn }, action: 'never' });
      const started = await buy(a, msisdn);
      const status = await payments.purchaseStatus(a.providerId, started.purchaseId);
      const manual = await sim.c2bPay({ shortCode: OWN.shortcode, amount: 50, msisdn, billRefNumber: status.paymentReference });
      expect(manual.status).toBe('confirmed');
      expect(await payments.purchaseStatus(a.providerId, started.purchaseId)).toMatchObject({ status: 'paid', receipt: manual.transId });
      const checkout = await checkoutOf(started.purchaseId);
      const body = {
        Body: {
          stkCallback: {
            MerchantRequestID: 'm',
            CheckoutRequestID: checkout,
            ResultCode: 0,
            ResultDesc: 'ok',
            CallbackMetadata: {
              Item: [
                { Name: 'Amount', Value: 50 },
                { Name: 'MpesaReceiptNumber', Value: manual.transId },
              ],
            },
          },
        },
      };
      await http()
        .post(new URL(await callbackUrlOf(started.purchaseId)).pathname)
        .send(body)
        .expect(200);
      expect(await row(`SELECT count(*)::int AS n FROM payments WHERE receipt = $1`, [manual.transId])).toEqual({ n: 1 });
      expect(await row(`SELECT count(*)::int AS n FROM ledger_entries WHERE payment_id = $1`, [started.purchaseId])).toEqual({ n: 1 });
      expect(await row(`SELECT count(*)::int AS n FROM vouchers WHERE payment_id = $1`, [started.purchaseId])).toEqual({ n: 1 });
      sim.resolvePush(checkout, 'cancel');
      await sim.idle();
    });
  });

  describe('dashboard, reports and tenancy', () => {
    it('lists payments with filters and receipt search, server-side pages', async () => {
      const all = await http().get('/api/v1/payments').query({ limit: 3 }).set(a.owner.auth).expect(200);
      expect(all.body.items).toHaveLength(3);
      expect(all.body.nextCursor).toEqual(expect.any(String));
      const next = await http().get('/api/v1/payments').query({ limit: 3, cursor: all.body.nextCursor }).set(a.owner.auth).expect(200);
      expect(next.body.items[0].id).not.toBe(all.body.items[2].id);
      const paid = await http().get('/api/v1/payments').query({ status: 'paid', limit: 100 }).set(a.owner.auth).expect(200);
      expect(paid.body.items.every((p: { status: string }) => p.status === 'paid')).toBe(true);
      const withReceipt = paid.body.items.find((p: { receipt: string | null }) => p.receipt);
      const found = await http().get('/api/v1/payments').query({ search: withReceipt.receipt.toLowerCase() }).set(a.owner.auth).expect(200);
      expect(found.body.items.map((p: { id: string }) => p.id)).toEqual([withReceipt.id]);
      expect(found.body.items[0].phone === null || /•/.test(found.body.items[0].phone)).toBe(true);
      const cancelled = await http()
        .get('/api/v1/payments')
        .query({ status: 'cancelled', planId: planA, routerId: routerA, from: new Date(Date.now() - 3600_000).toISOString() })
        .set(a.owner.auth)
        .expect(200);
      expect(cancelled.body.items.length).toBeGreaterThanOrEqual(1);
    });

    it('reports revenue by day, plan and router with CSV, and a platform payouts balance', async () => {
      const byDay = await http().get('/api/v1/payments/reports/revenue').query({ groupBy: 'day' }).set(b.owner.auth).expect(200);
      const ledger = await row(`SELECT count(*)::int AS n, sum(gross_minor)::int AS gross, sum(net_minor)::int AS net FROM ledger_entries WHERE provider_id = $1`, [b.providerId]);
      expect(byDay.body.total).toMatchObject({ count: ledger.n, grossMinor: ledger.gross, refundCount: 0, refundsMinor: 0, netMinor: ledger.net });
      const byPlan = await http().get('/api/v1/payments/reports/revenue').query({ groupBy: 'plan' }).set(b.owner.auth).expect(200);
      expect(byPlan.body.rows[0]).toMatchObject({ key: planB, label: '1 day' });
      const byRouter = await http().get('/api/v1/payments/reports/revenue').query({ groupBy: 'router' }).set(b.owner.auth).expect(200);
      expect(byRouter.body.rows[0]).toMatchObject({ key: routerB, label: 'Kiosk' });
      const csv = await http().get('/api/v1/payments/reports/revenue.csv').query({ groupBy: 'month' }).set(b.owner.auth).expect(200);
      expect(csv.headers['content-type']).toMatch(/text\/csv/);
      expect(csv.text.split('\r\n')[0]).toBe('month,label,count,gross,refund_count,refunds,commission,net');
      const ledgerCsv = await http().get('/api/v1/payments/ledger.csv').set(b.owner.auth).expect(200);
      expect(ledgerCsv.text.trim().split('\r\n')).toHaveLength(ledger.n + 1);
      const balance = await http().get('/api/v1/payments/balance').set(b.owner.auth).expect(200);
      expect(balance.body).toMatchObject({ mode: 'platform', owedMinor: ledger.net, paidOutMinor: 0, balanceMinor: ledger.net });
      const paid = await http().post(`/api/v1/admin/payments/providers/${b.providerId}/payouts`).set(admin.auth).send({ amount: 10, method: 'mpesa_b2c', reference: 'B2C TEST1' }).expect(201);
      expect(paid.body).toMatchObject({ paidOutMinor: 1000, balanceMinor: ledger.net - 1000 });
      const platform = await http().get('/api/v1/admin/payments/revenue').query({ groupBy: 'month' }).set(admin.auth).expect(200);
      const all = await row(`SELECT sum(gross_minor)::int AS gross, sum(commission_minor)::int AS c FROM ledger_entries`);
      expect(platform.body.total).toMatchObject({ grossMinor: all.gross, commissionMinor: all.c });
    });

    it("provider B cannot read A's payments (404) and sees only its own settings; staff-only routes need the owner", async () => {
      const [aPayment] = (await http().get('/api/v1/payments').set(a.owner.auth).expect(200)).body.items;
      await http().get(`/api/v1/payments/${aPayment.id}`).set(b.owner.auth).expect(404);
      await http().get(`/api/v1/payments/${aPayment.id}`).set(a.owner.auth).expect(200);
      await expect(payments.purchaseStatus(b.providerId, aPayment.id)).rejects.toMatchObject({ code: 'PAYMENT_NOT_FOUND' });
      const bList = await http().get('/api/v1/payments').query({ limit: 100 }).set(b.owner.auth).expect(200);
      expect(bList.body.items.some((p: { id: string }) => p.id === aPayment.id)).toBe(false);
      expect((await http().get('/api/v1/payments/settings').set(b.owner.auth).expect(200)).body.mode).toBe('platform');
      await http().get('/api/v1/payments/settings').set(admin.auth).expect(403);
    });

    it('recovers a purchase by receipt or by phone + amount + day', async () => {
      const msisdn = phone('0000');
      const started = await buy(b, msisdn);
      await settled(started.purchaseId);
      const done = await payments.purchaseStatus(b.providerId, started.purchaseId);
      expect(await payments.recover({ providerId: b.providerId, receipt: done.receipt!.toLowerCase() })).toEqual([expect.objectContaining({ purchaseId: started.purchaseId, voucher: done.voucher })]);
      expect(await payments.recover({ providerId: a.providerId, receipt: done.receipt! })).toEqual([]);
      const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Africa/Nairobi' }).format(new Date());
      const byPhone = await payments.recover({ providerId: b.providerId, phone: `0${msisdn.slice(3)}`, amount: 50, day });
      expect(byPhone.map((p) => p.purchaseId)).toEqual([started.purchaseId]);
    });
  });

  describe('after the mixed run', () => {
    it("the ledger total equals the simulator's settled total", async () => {
      await sim.idle();
      const gateway = sim.ledger();
      const ours = await row(`SELECT count(*)::int AS n, coalesce(sum(gross_minor), 0)::int AS gross FROM ledger_entries`);
      expect(gateway.count).toBeGreaterThan(5);
      expect(ours).toEqual({ n: gateway.count, gross: gateway.total * 100 });
      const receipts = new Set((await t.dataSource.query(`SELECT receipt FROM ledger_entries WHERE receipt IS NOT NULL`)).map((r: { receipt: string }) => r.receipt));
      for (const e of gateway.entries) expect(receipts.has(e.receipt)).toBe(true);
    });

    it('no secret appeared in any API response or log line of the run', async () => {
      const callbackSecrets = sim.c2bRegistrations().map((r) => new URL(r.confirmationUrl).pathname.split('/')[6]);
      const pushSecrets = sim.listPushes().map((p) => new URL(p.callbackUrl).pathname.split('/')[6]);
      const secrets = [...SECRETS, ...new Set([...callbackSecrets, ...pushSecrets])];
      expect(secrets.length).toBeGreaterThanOrEqual(6);
      expect(logLines.length).toBeGreaterThan(50);
      expect(logLines.some((l) => l.includes('webhooks/daraja'))).toBe(true);
      expect(bodies.length).toBeGreaterThan(30);
      for (const secret of secrets) {
        expect(logLines.filter((l) => l.includes(secret))).toEqual([]);
        expect(bodies.filter((b) => b.includes(secret))).toEqual([]);
      }
      for (const line of logLines) expect(line).not.toMatch(/2547\d{8}/);
    });
  });
});
