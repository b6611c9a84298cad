import type { DarajaSimulator, SimAppConfig } from '@wavu/daraja-sim';
import { DEMO_APP, startDarajaSimulator } from '@wavu/daraja-sim';

import { DarajaWebhooksService } from '../../apps/api/src/modules/payments/daraja-webhooks.service';
import type { PurchaseStatus } from '../../apps/api/src/modules/payments/payments.service';
import { PaymentsService } from '../../apps/api/src/modules/payments/payments.service';
import { ReconciliationService } from '../../apps/api/src/modules/payments/reconciliation.service';
import { StatementsService } from '../../apps/api/src/modules/payments/statements.service';
import type { ProviderFixture, Session } from '../factories';
import { createProvider, createSuperAdmin } from '../factories';
import { freePort } from '../setup/free-port';
import type { TestApp } from '../setup/test-app';
import { startTestApp } from '../setup/test-app';

/**
 * Paybill by reference and till payments on the platform's own shortcode (docs/mpesa.md §7b), end to
 * end: the API on a real port, the Daraja simulator validating and confirming over HTTP. Providers A
 * and B collect through the platform; C collects on its own shortcode.
 */
const OWN: SimAppConfig = { consumerKey: 'ck-own-provider-c', consumerSecret: 'cs-own-SECRET-c-5d1e', shortcode: '600200', passkey: 'pk-own-PASSKEY-c-3a9b' };
const PLATFORM = DEMO_APP.shortcode;

let phoneSeq = 0;
/** A fresh Safaricom-style demo number; its last three digits are unique in this file (a v2 mask shows them). */
const phone = () => {
  phoneSeq++;
  return `2547${String(10000 + phoneSeq).slice(1)}0${500 + phoneSeq}`;
};

describe('platform paybill and till (e2e, Daraja simulator over HTTP)', () => {
  let t: TestApp;
  let sim: DarajaSimulator;
  let admin: Session;
  let a: ProviderFixture;
  let b: ProviderFixture;
  let c: ProviderFixture;
  const plans = new Map<string, string>();
  const routers = new Map<string, string>();
  let payments: PaymentsService;
  let recon: ReconciliationService;

  const http = () => t.http();
  const row = async (sql: string, params: unknown[] = []) => (await t.dataSource.query(sql, params))[0];
  const rows = (sql: string, params: unknown[] = []) => t.dataSource.query(sql, params);
  const waitFor = async (check: () => Promise<boolean>, ms = 5000) => {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      if (await check()) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('condition not met in time');
  };
  const reserve = async (provider: ProviderFixture): Promise<{ id: string; payment_reference: string }> => {
    const batch = await http()
      .post('/api/v1/voucher-batches')
      .set(provider.owner.auth)
      .send({ planId: plans.get(provider.providerId), quantity: 1 })
      .expect(202);
    await waitFor(async () => (await row(`SELECT count(*)::int AS n FROM vouchers WHERE batch_id = $1`, [batch.body.id])).n === 1);
    return row(`SELECT id, payment_reference FROM vouchers WHERE batch_id = $1`, [batch.body.id]);
  };
  /** A portal purchase whose prompt stays open (the simulated phone never answers). */
  const openPurchase = async (provider: ProviderFixture, msisdn: string): Promise<PurchaseStatus> => {
    sim.addPhoneRule({ match: { phone: msisdn }, action: 'never' });
    return payments.startPurchase({ providerId: provider.providerId, routerId: routers.get(provider.providerId)!, planId: plans.get(provider.providerId)!, phone: msisdn, clientIp: '10.0.0.9' });
  };
  const closePrompt = async (purchaseId: string) => {
    const { checkout_request_id: checkout } = await row(`SELECT checkout_request_id FROM stk_requests WHERE payment_id = $1`, [purchaseId]);
    sim.resolvePush(checkout, 'cancel');
    await sim.idle();
  };
  const platformUrl = (kind: 'validation' | 'confirmation') => {
    const registration = sim.c2bRegistrations().find((r) => r.shortCode === PLATFORM)!;
    return new URL(kind === 'validation' ? registration.validationUrl : registration.confirmationUrl).pathname;
  };
  let transSeq = 0;
  /** A confirmation as Daraja sends it, for money taken although validation said no (validation is off unless Safaricom enables it). */
  const confirmation = (fields: { amount: number; reference: string; msisdn?: string }) => ({
    TransactionType: 'Pay Bill',
    TransID: `TPB${String(++transSeq).padStart(7, '0')}`,
    TransTime: '20261206120000',
    TransAmount: fields.amount.toFixed(2),
    BusinessShortCode: PLATFORM,
    BillRefNumber: fields.reference,
    InvoiceNumber: '',
    OrgAccountBalance: '',
    ThirdPartyTransID: '',
    MSISDN: fields.msisdn ?? '2547 ***** 999',
    FirstName: 'DEMO',
    MiddleName: '',
    LastName: '',
  });
  /** What a provider's money looks like: its vouchers, payments, ledger and attention items. */
  const snapshotOf = async (providerId: string) => ({
    vouchers: await rows(`SELECT id, status, payment_id FROM vouchers WHERE provider_id = $1 ORDER BY id`, [providerId]),
    payments: await rows(`SELECT id, status, receipt FROM payments WHERE provider_id = $1 ORDER BY id`, [providerId]),
    ledger: await rows(`SELECT id FROM ledger_entries WHERE provider_id = $1 ORDER BY id`, [providerId]),
    attention: await rows(`SELECT id FROM attention_items WHERE provider_id = $1 ORDER BY id`, [providerId]),
    logs: await rows(`SELECT id FROM webhook_logs WHERE provider_id = $1 ORDER BY id`, [providerId]),
  });
  const adminAttention = async () =>
    (await http().get('/api/v1/admin/attention').query({ limit: 100 }).set(admin.auth).expect(200)).body.items as { id: string; receipt: string | null; [key: string]: unknown }[];

  beforeAll(async () => {
    sim = await startDarajaSimulator({ apps: [DEMO_APP, OWN], logger: { debug: () => undefined, warn: () => undefined, error: () => undefined } });
    const port = await freePort();
    t = await startTestApp({ DARAJA_BASE_URL: sim.url, DARAJA_CALLBACK_BASE_URL: `http://127.0.0.1:${port}`, DARAJA_TIMEOUT_MS: '2000' });
    await t.app.listen(port, '127.0.0.1');
    payments = t.app.get(PaymentsService);
    recon = t.app.get(ReconciliationService);
    admin = await createSuperAdmin(t);
    [a, b, c] = [await createProvider(t, admin), await createProvider(t, admin), await createProvider(t, admin)];
    for (const p of [a, b, c]) {
      const router = await http()
        .post('/api/v1/routers')
        .set(p.owner.auth)
        .send({ name: 'Demo Shop', host: '127.0.0.1', apiPort: 1, useTls: false, username: 'admin', password: 'router-pw' })
        .expect(201);
      const plan = await http().post('/api/v1/plans').set(p.owner.auth).send({ name: '1 day', price: 50, kind: 'unlimited', validitySeconds: 86400 }).expect(201);
      routers.set(p.providerId, router.body.id);
      plans.set(p.providerId, plan.body.id);
    }
    await http()
      .put('/api/v1/payments/settings')
      .set(c.owner.auth)
      .send({ mode: 'own_account', environment: 'sandbox', shortcodeType: 'paybill', shortcode: OWN.shortcode, consumerKey: OWN.consumerKey, consumerSecret: OWN.consumerSecret, passkey: OWN.passkey })
      .expect(200);
    // B pays the platform 15 % on what it collects through it
    await http().put(`/api/v1/admin/payments/providers/${b.providerId}/commission`).set(admin.auth).send({ rateBp: 1500 }).expect(200);
  });
  afterAll(async () => {
    await t?.close();
    await sim?.close();
  });

  it("the super admin registers the platform shortcode's C2B URLs (audited); a wrong secret is a 404 that stores nothing", async () => {
    expect((await http().get('/api/v1/admin/payments/platform-c2b').set(admin.auth).expect(200)).body).toEqual({
      configured: true,
      shortcode: PLATFORM,
      shortcodeType: 'paybill',
      registered: false,
      version: null,
      registeredAt: null,
    });
    await http().post('/api/v1/admin/payments/platform-c2b/registration').set(a.owner.auth).expect(403);
    const reg = await http().post('/api/v1/admin/payments/platform-c2b/registration').set(admin.auth).expect(200);
    expect(reg.body).toMatchObject({ registered: true, version: 'v2' });
    expect(platformUrl('confirmation')).toMatch(/^\/api\/v1\/webhooks\/daraja\/platform\/[0-9a-f]{64}\/c2b\/confirmation$/);
    const status = await http().get('/api/v1/admin/payments/platform-c2b').set(admin.auth).expect(200);
    expect(status.body).toMatchObject({ registered: true, version: 'v2', registeredAt: expect.any(String) });
    expect(await row(`SELECT count(*)::int AS n FROM audit_logs WHERE action = 'payments.platform_c2b_registered'`)).toEqual({ n: 1 });

    const logs = await row(`SELECT count(*)::int AS n FROM webhook_logs`);
    const wrong = platformUrl('confirmation').replace(/[0-9a-f]{64}/, 'f'.repeat(64));
    await http()
      .post(wrong)
      .send(confirmation({ amount: 50, reference: 'NOPE2345' }))
      .expect(404);
    await http()
      .post(wrong.replace('confirmation', 'validation'))
      .send(confirmation({ amount: 50, reference: 'NOPE2345' }))
      .expect(404);
    expect(await row(`SELECT count(*)::int AS n FROM webhook_logs`)).toEqual(logs);
  });

  it("a C2B to the platform shortcode with B's reference settles B's voucher and nothing of A's; a duplicate confirmation counts once", async () => {
    const voucherA = await reserve(a);
    const voucherB = await reserve(b);
    const before = await snapshotOf(a.providerId);
    const paid = await sim.c2bPay({ shortCode: PLATFORM, amount: 50, msisdn: phone(), billRefNumber: voucherB.payment_reference.toLowerCase() });
    expect(paid).toMatchObject({ status: 'confirmed', validation: '0', confirmationStatus: 200 });

    expect(await row(`SELECT status FROM vouchers WHERE id = $1`, [voucherB.id])).toEqual({ status: 'sold' });
    const payment = await row(`SELECT id, provider_id, source, status, collection_mode, shortcode, commission_rate_bp, settled_via FROM payments WHERE receipt = $1`, [paid.transId]);
    expect(payment).toMatchObject({ provider_id: b.providerId, source: 'c2b', status: 'paid', collection_mode: 'platform', shortcode: PLATFORM, commission_rate_bp: 1500, settled_via: 'c2b' });
    const ledger = await row(`SELECT provider_id, collection_mode, gross_minor::int AS gross, commission_minor::int AS commission, net_minor::int AS net FROM ledger_entries WHERE payment_id = $1`, [
      payment.id,
    ]);
    expect(ledger).toEqual({ provider_id: b.providerId, collection_mode: 'platform', gross: 5000, commission: 750, net: 4250 });
    const balance = await http().get(`/api/v1/admin/payments/providers/${b.providerId}/balance`).set(admin.auth).expect(200);
    expect(balance.body).toMatchObject({ mode: 'platform', owedMinor: 4250, balanceMinor: 4250 });

    // nothing of A changed: its voucher is still for sale, no payment, ledger row, log or item
    expect(await snapshotOf(a.providerId)).toEqual(before);
    expect(await row(`SELECT status FROM vouchers WHERE id = $1`, [voucherA.id])).toEqual({ status: 'available' });

    // the logs were routed to B: B finds them by receipt in its own webhook log
    const logs = await rows(`SELECT kind, provider_id, platform, outcome, payment_id FROM webhook_logs WHERE receipt = $1 ORDER BY kind`, [paid.transId]);
    expect(logs).toEqual([
      { kind: 'c2b_confirmation', provider_id: b.providerId, platform: true, outcome: 'processed', payment_id: payment.id },
      { kind: 'c2b_validation', provider_id: b.providerId, platform: true, outcome: 'processed', payment_id: null },
    ]);
    const found = await http().get('/api/v1/payments/webhook-logs').query({ search: paid.transId }).set(b.owner.auth).expect(200);
    expect(found.body.items).toHaveLength(2);
    expect((await http().get('/api/v1/payments/webhook-logs').query({ search: paid.transId }).set(a.owner.auth).expect(200)).body.items).toEqual([]);

    // Daraja sends the same confirmation again: counted once
    const { body } = await row(`SELECT body FROM webhook_logs WHERE kind = 'c2b_confirmation' AND receipt = $1`, [paid.transId]);
    await http().post(platformUrl('confirmation')).send(body).expect(200, { ResultCode: 0, ResultDesc: 'Accepted' });
    await Promise.all([1, 2].map(() => http().post(platformUrl('confirmation')).send(body).expect(200)));
    expect(await row(`SELECT count(*)::int AS n FROM payments WHERE receipt = $1`, [paid.transId])).toEqual({ n: 1 });
    expect(await row(`SELECT count(*)::int AS n FROM ledger_entries WHERE receipt = $1`, [paid.transId])).toEqual({ n: 1 });
    expect(await rows(`SELECT DISTINCT outcome FROM webhook_logs WHERE kind = 'c2b_confirmation' AND receipt = $1 AND outcome <> 'processed'`, [paid.transId])).toEqual([{ outcome: 'duplicate' }]);
  });

  it("a wrong amount is rejected at validation; a confirmation with the wrong amount anyway is B's flagged payment in Needs attention", async () => {
    const voucherB = await reserve(b);
    const declined = await sim.c2bPay({ shortCode: PLATFORM, amount: 49, msisdn: phone(), billRefNumber: voucherB.payment_reference });
    expect(declined).toMatchObject({ status: 'rejected', validation: 'C2B00013' });
    expect(await row(`SELECT status FROM vouchers WHERE id = $1`, [voucherB.id])).toEqual({ status: 'available' });
    expect(await row(`SELECT count(*)::int AS n FROM payments WHERE payment_reference = $1`, [voucherB.payment_reference])).toEqual({ n: 0 });

    const taken = confirmation({ amount: 49, reference: voucherB.payment_reference });
    await http().post(platformUrl('confirmation')).send(taken).expect(200);
    expect(await row(`SELECT status FROM vouchers WHERE id = $1`, [voucherB.id])).toEqual({ status: 'available' });
    expect(await row(`SELECT provider_id, status, amount_minor::int AS amount, collection_mode FROM payments WHERE receipt = $1`, [taken.TransID])).toEqual({
      provider_id: b.providerId,
      status: 'flagged',
      amount: 4900,
      collection_mode: 'platform',
    });
    expect(await row(`SELECT count(*)::int AS n FROM ledger_entries WHERE receipt = $1`, [taken.TransID])).toEqual({ n: 0 });
    const queue = await http().get('/api/v1/payments/attention').set(b.owner.auth).expect(200);
    expect(queue.body.items).toEqual([expect.objectContaining({ kind: 'flagged_payment', providerId: b.providerId, receipt: taken.TransID, amountMinor: 4900, canIssueVoucher: true })]);
    expect((await adminAttention()).filter((i) => i.receipt === taken.TransID)).toHaveLength(1);
  });

  it('an unknown reference is rejected; money confirmed anyway reaches no provider and waits at platform level, where the admin issues the voucher it was meant for', async () => {
    const declined = await sim.c2bPay({ shortCode: PLATFORM, amount: 50, msisdn: phone(), billRefNumber: 'NOPE2345' });
    expect(declined).toMatchObject({ status: 'rejected', validation: 'C2B00012' });
    expect(await row(`SELECT provider_id, platform, outcome FROM webhook_logs WHERE kind = 'c2b_validation' AND receipt = $1`, [declined.transId])).toEqual({
      provider_id: null,
      platform: true,
      outcome: 'rejected',
    });

    const beforeA = await snapshotOf(a.providerId);
    const beforeB = await snapshotOf(b.providerId);
    const taken = confirmation({ amount: 50, reference: 'NOPE2345' });
    await http().post(platformUrl('confirmation')).send(taken).expect(200);
    expect(await row(`SELECT provider_id, outcome, detail FROM webhook_logs WHERE kind = 'c2b_confirmation' AND receipt = $1`, [taken.TransID])).toEqual({
      provider_id: null,
      outcome: 'flagged',
      detail: 'money received for unknown reference NOPE2345',
    });
    const item = (await adminAttention()).find((i) => i.receipt === taken.TransID)!;
    expect(item).toMatchObject({
      providerId: null,
      kind: 'unmatched_c2b',
      reference: 'NOPE2345',
      amountMinor: 5000,
      phone: expect.stringMatching(/^2547•+999$/),
      canIssueVoucher: false,
      canChoosePurchase: true,
    });
    expect((await http().get('/api/v1/payments/attention').set(a.owner.auth).expect(200)).body.items.find((i: { receipt: string }) => i.receipt === taken.TransID)).toBeUndefined();
    // the super admin's log of the platform shortcode shows it among the money that reached no provider
    const unrouted = await http().get('/api/v1/admin/payments/webhook-logs').query({ routing: 'unrouted', limit: 100 }).set(admin.auth).expect(200);
    expect(unrouted.body.items.map((l: { receipt: string }) => l.receipt)).toEqual(expect.arrayContaining([taken.TransID, declined.transId]));
    const routedReceipts = (await rows(`SELECT receipt FROM webhook_logs WHERE platform AND provider_id IS NOT NULL`)).map((r: { receipt: string }) => r.receipt);
    expect(unrouted.body.items.filter((l: { receipt: string }) => routedReceipts.includes(l.receipt))).toEqual([]);
    const found = await http().get('/api/v1/admin/payments/webhook-logs').query({ search: taken.TransID }).set(admin.auth).expect(200);
    expect(found.body.items).toEqual([expect.objectContaining({ kind: 'c2b_confirmation', outcome: 'flagged', receipt: taken.TransID })]);
    await http().get('/api/v1/admin/payments/webhook-logs').set(a.owner.auth).expect(403);
    expect(await snapshotOf(a.providerId)).toEqual(beforeA);
    expect(await snapshotOf(b.providerId)).toEqual(beforeB);

    // the customer mistyped B's reference: the admin issues that voucher with this money (a wrong choice changes nothing)
    const voucherB = await reserve(b);
    const voucherC = await reserve(c);
    const both = await http().post(`/api/v1/admin/attention/${item.id}/issue-voucher`).set(admin.auth).send({ reference: voucherB.payment_reference, paymentId: item.id }).expect(400);
    expect(both.body.code).toBe('ATTENTION_CHOICE_INVALID');
    const ownAccount = await http().post(`/api/v1/admin/attention/${item.id}/issue-voucher`).set(admin.auth).send({ reference: voucherC.payment_reference }).expect(400);
    expect(ownAccount.body).toMatchObject({ code: 'ATTENTION_CHOICE_INVALID', details: [{ field: 'reference', messages: [expect.stringMatching(/does not collect through the platform/)] }] });
    await http().post(`/api/v1/admin/attention/${item.id}/issue-voucher`).set(admin.auth).expect(409);
    expect(await row(`SELECT state FROM attention_items WHERE id = $1`, [item.id])).toEqual({ state: 'open' });

    const issued = await http().post(`/api/v1/admin/attention/${item.id}/issue-voucher`).set(admin.auth).send({ reference: voucherB.payment_reference }).expect(200);
    expect(issued.body).toMatchObject({ state: 'voucher_issued', voucherId: voucherB.id, voucherCode: expect.any(String) });
    expect(await row(`SELECT provider_id, status, settled_via, collection_mode FROM payments WHERE receipt = $1`, [taken.TransID])).toEqual({
      provider_id: b.providerId,
      status: 'paid',
      settled_via: 'manual',
      collection_mode: 'platform',
    });
    expect(await row(`SELECT count(*)::int AS n FROM ledger_entries WHERE receipt = $1 AND provider_id = $2`, [taken.TransID, b.providerId])).toEqual({ n: 1 });
    expect(await row(`SELECT metadata->>'chosenReference' AS ref FROM audit_logs WHERE action = 'payments.attention_voucher_issued' AND target_id = $1`, [item.id])).toEqual({
      ref: voucherB.payment_reference,
    });
    await http().post(`/api/v1/admin/attention/${item.id}/issue-voucher`).set(admin.auth).send({ reference: voucherB.payment_reference }).expect(409);
  });

  it("an own-account provider's reference is rejected on the platform shortcode; money confirmed anyway is the platform's to sort out", async () => {
    const voucherC = await reserve(c);
    const declined = await sim.c2bPay({ shortCode: PLATFORM, amount: 50, msisdn: phone(), billRefNumber: voucherC.payment_reference });
    expect(declined).toMatchObject({ status: 'rejected', validation: 'C2B00012' });
    const taken = confirmation({ amount: 50, reference: voucherC.payment_reference });
    await http().post(platformUrl('confirmation')).send(taken).expect(200);
    expect(await row(`SELECT status FROM vouchers WHERE id = $1`, [voucherC.id])).toEqual({ status: 'available' });
    expect(await row(`SELECT count(*)::int AS n FROM payments WHERE receipt = $1`, [taken.TransID])).toEqual({ n: 0 });
    expect((await adminAttention()).find((i) => i.receipt === taken.TransID)).toMatchObject({ providerId: null, kind: 'unmatched_c2b', reason: expect.stringMatching(/own shortcode/) });
    expect((await http().get('/api/v1/payments/attention').set(c.owner.auth).expect(200)).body.items).toEqual([]);
  });

  it('a suspended provider sells nothing by platform paybill: validation declines', async () => {
    const voucherB = await reserve(b);
    await http().post(`/api/v1/admin/providers/${b.providerId}/suspend`).set(admin.auth).send({ reason: 'Unpaid invoices' }).expect(200);
    try {
      const declined = await sim.c2bPay({ shortCode: PLATFORM, amount: 50, msisdn: phone(), billRefNumber: voucherB.payment_reference });
      expect(declined).toMatchObject({ status: 'rejected', validation: 'C2B00016' });
      expect(await row(`SELECT status FROM vouchers WHERE id = $1`, [voucherB.id])).toEqual({ status: 'available' });
    } finally {
      await http().post(`/api/v1/admin/providers/${b.providerId}/reactivate`).set(admin.auth).expect(200);
    }
  });

  it('a payment without an account number settles the one open purchase of that masked phone and amount, once', async () => {
    const msisdn = phone();
    const started = await openPurchase(b, msisdn);
    const other = await openPurchase(a, phone()); // same amount, another phone: not a candidate
    const paid = await sim.c2bPay({ shortCode: PLATFORM, amount: 50, msisdn });
    expect(paid).toMatchObject({ status: 'confirmed', validation: '0' });
    expect(await payments.purchaseStatus(b.providerId, started.purchaseId)).toMatchObject({ status: 'paid', receipt: paid.transId });
    expect(await row(`SELECT settled_via, collection_mode FROM payments WHERE id = $1`, [started.purchaseId])).toEqual({ settled_via: 'c2b', collection_mode: 'platform' });
    expect(await row(`SELECT provider_id, detail FROM webhook_logs WHERE kind = 'c2b_confirmation' AND receipt = $1`, [paid.transId])).toEqual({
      provider_id: b.providerId,
      detail: expect.stringMatching(/^open purchase matched by phone and amount, settled/),
    });
    expect((await payments.purchaseStatus(a.providerId, other.purchaseId)).status).toBe('pending');

    const { body } = await row(`SELECT body FROM webhook_logs WHERE kind = 'c2b_confirmation' AND receipt = $1`, [paid.transId]);
    await http().post(platformUrl('confirmation')).send(body).expect(200);
    expect(await row(`SELECT count(*)::int AS n FROM ledger_entries WHERE payment_id = $1`, [started.purchaseId])).toEqual({ n: 1 });
    expect(await row(`SELECT count(*)::int AS n FROM vouchers WHERE payment_id = $1`, [started.purchaseId])).toEqual({ n: 1 });
    await closePrompt(started.purchaseId);
    await closePrompt(other.purchaseId);
  });

  it('two open purchases behind one masked phone are ambiguous: nothing settles, the admin picks the purchase in Needs attention', async () => {
    // same head (2547) and tail (…777) under the mask, at A and at B, same amount
    const first = await openPurchase(a, '254711111777');
    const second = await openPurchase(b, '254722222777');
    const paid = await sim.c2bPay({ shortCode: PLATFORM, amount: 50, msisdn: '254711111777' });
    expect(paid).toMatchObject({ status: 'confirmed' });
    expect((await payments.purchaseStatus(a.providerId, first.purchaseId)).status).toBe('pending');
    expect((await payments.purchaseStatus(b.providerId, second.purchaseId)).status).toBe('pending');
    expect(await row(`SELECT count(*)::int AS n FROM payments WHERE receipt = $1`, [paid.transId])).toEqual({ n: 0 });
    const item = (await adminAttention()).find((i) => i.receipt === paid.transId)!;
    expect(item).toMatchObject({
      providerId: null,
      kind: 'unmatched_c2b',
      phone: expect.stringMatching(/^2547•+777$/),
      amountMinor: 5000,
      reason: expect.stringMatching(/2 open purchases/),
      canChoosePurchase: true,
    });

    // a purchase of another amount does not fit this money; two issues at once settle it once
    const other = await openPurchase(a, phone());
    await t.dataSource.query(`UPDATE payments SET amount_minor = 9900 WHERE id = $1`, [other.purchaseId]);
    const wrongAmount = await http().post(`/api/v1/admin/attention/${item.id}/issue-voucher`).set(admin.auth).send({ paymentId: other.purchaseId }).expect(400);
    expect(wrongAmount.body.details).toEqual([{ field: 'paymentId', messages: ['That purchase was for a different amount'] }]);
    const both = await Promise.all([1, 2].map(() => http().post(`/api/v1/admin/attention/${item.id}/issue-voucher`).set(admin.auth).send({ paymentId: first.purchaseId })));
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    const issued = both.find((r) => r.status === 200)!;
    expect(issued.body).toMatchObject({ state: 'voucher_issued', voucherCode: expect.any(String) });
    expect(await payments.purchaseStatus(a.providerId, first.purchaseId)).toMatchObject({ status: 'paid', receipt: paid.transId });
    expect(await row(`SELECT settled_via FROM payments WHERE id = $1`, [first.purchaseId])).toEqual({ settled_via: 'manual' });
    expect((await payments.purchaseStatus(b.providerId, second.purchaseId)).status).toBe('pending');
    expect(await row(`SELECT count(*)::int AS n FROM ledger_entries WHERE receipt = $1`, [paid.transId])).toEqual({ n: 1 });
    await closePrompt(first.purchaseId);
    await closePrompt(second.purchaseId);
    await closePrompt(other.purchaseId);
  });

  it('a confirmation whose processing failed is replayed by the reconciliation job and routed then', async () => {
    const voucherB = await reserve(b);
    const spy = jest.spyOn(DarajaWebhooksService.prototype as unknown as { confirmPlatform: () => Promise<unknown> }, 'confirmPlatform').mockRejectedValueOnce(new Error('simulated crash'));
    const paid = await sim.c2bPay({ shortCode: PLATFORM, amount: 50, msisdn: phone(), billRefNumber: voucherB.payment_reference });
    spy.mockRestore();
    expect(await row(`SELECT provider_id, outcome FROM webhook_logs WHERE kind = 'c2b_confirmation' AND receipt = $1`, [paid.transId])).toEqual({ provider_id: null, outcome: 'failed' });
    expect((await recon.reconcile(new Date(Date.now() + 60_000))).c2bReplayed).toBeGreaterThanOrEqual(1);
    expect(await row(`SELECT provider_id, outcome FROM webhook_logs WHERE kind = 'c2b_confirmation' AND receipt = $1`, [paid.transId])).toEqual({ provider_id: b.providerId, outcome: 'processed' });
    expect(await row(`SELECT status FROM vouchers WHERE id = $1`, [voucherB.id])).toEqual({ status: 'sold' });
    expect((await recon.reconcile(new Date(Date.now() + 60_000))).c2bReplayed).toBe(0);
  });

  it("Safaricom's C2B echo of a platform STK payment counts once, routed to its provider", async () => {
    sim.stkAlsoFiresC2B = true;
    try {
      const msisdn = `${phone().slice(0, 8)}0000`; // the simulated phone approves
      const started = await payments.startPurchase({ providerId: b.providerId, routerId: routers.get(b.providerId)!, planId: plans.get(b.providerId)!, phone: msisdn, clientIp: '10.0.0.9' });
      await sim.idle();
      await waitFor(async () => (await payments.purchaseStatus(b.providerId, started.purchaseId)).status === 'paid');
      const done = await payments.purchaseStatus(b.providerId, started.purchaseId);
      await waitFor(async () => (await row(`SELECT count(*)::int AS n FROM webhook_logs WHERE kind = 'c2b_confirmation' AND receipt = $1 AND outcome <> 'received'`, [done.receipt])).n === 1);
      expect(await row(`SELECT provider_id, platform FROM webhook_logs WHERE kind = 'c2b_confirmation' AND receipt = $1`, [done.receipt])).toEqual({ provider_id: b.providerId, platform: true });
      expect(await row(`SELECT count(*)::int AS n FROM payments WHERE receipt = $1`, [done.receipt])).toEqual({ n: 1 });
      expect(await row(`SELECT count(*)::int AS n FROM ledger_entries WHERE receipt = $1`, [done.receipt])).toEqual({ n: 1 });
    } finally {
      sim.stkAlsoFiresC2B = false;
    }
  });

  it("a platform statement line whose confirmation was lost settles B's voucher by reference; an own-account provider's reference stays unmatched", async () => {
    const voucherB = await reserve(b);
    const voucherC = await reserve(c);
    const statements = t.app.get(StatementsService);
    const line = (receipt: string, reference: string) => ({
      shortcode: PLATFORM,
      receipt,
      transactionType: 'c2b-pay-bill-debit',
      amountMinor: 5000,
      reference,
      phoneMasked: '2547•••••321',
      occurredAt: new Date(),
    });
    expect(await statements.applyLine(line('TPBSTMT001', voucherB.payment_reference), 'pull', null, null)).toMatchObject({ status: 'settled', providerId: b.providerId });
    expect(await row(`SELECT status FROM vouchers WHERE id = $1`, [voucherB.id])).toEqual({ status: 'sold' });
    expect(await row(`SELECT provider_id, collection_mode, settled_via FROM payments WHERE receipt = 'TPBSTMT001'`)).toEqual({
      provider_id: b.providerId,
      collection_mode: 'platform',
      settled_via: 'statement',
    });
    expect(await statements.applyLine(line('TPBSTMT001', voucherB.payment_reference), 'pull', null, null)).toMatchObject({ status: 'recorded' });
    expect(await row(`SELECT count(*)::int AS n FROM ledger_entries WHERE receipt = 'TPBSTMT001'`)).toEqual({ n: 1 });
    expect(await statements.applyLine(line('TPBSTMT002', voucherC.payment_reference), 'pull', null, null)).toMatchObject({ status: 'unmatched', providerId: null });
    expect(await row(`SELECT status FROM vouchers WHERE id = $1`, [voucherC.id])).toEqual({ status: 'available' });
  });

  it('with C2B v1 the payer comes as a SHA-256 of the number, matched against the stored phone', async () => {
    await t.dataSource.query(`UPDATE platform_payment_settings SET c2b_version = 'v1'`);
    const reg = await http().post('/api/v1/admin/payments/platform-c2b/registration').set(admin.auth).expect(200);
    expect(reg.body).toMatchObject({ registered: true, version: 'v1' });
    const msisdn = phone();
    const started = await openPurchase(a, msisdn);
    const paid = await sim.c2bPay({ shortCode: PLATFORM, amount: 50, msisdn });
    expect(paid).toMatchObject({ status: 'confirmed' });
    const { body } = await row(`SELECT body FROM webhook_logs WHERE kind = 'c2b_confirmation' AND receipt = $1`, [paid.transId]);
    expect(body.MSISDN).toMatch(/^[0-9a-f]{4}•+[0-9a-f]{3}$/); // the stored body keeps no usable hash of the number
    expect(await payments.purchaseStatus(a.providerId, started.purchaseId)).toMatchObject({ status: 'paid', receipt: paid.transId });
    await closePrompt(started.purchaseId);
  });
});
