import type { DarajaSimulator, SimAppConfig } from '@wavu/daraja-sim';
import { DEMO_APP, startDarajaSimulator } from '@wavu/daraja-sim';

import { PaymentsService } from '../../apps/api/src/modules/payments/payments.service';
import type { ProviderFixture, Session } from '../factories';
import { createProvider, createSuperAdmin } from '../factories';
import type { TestApp } from '../setup/test-app';
import { startTestApp } from '../setup/test-app';
import { freePort } from '../setup/free-port';

/**
 * Needs attention and the webhook log viewer end to end: C2B money that did not become a voucher
 * (wrong amount, unknown reference) arrives from the Daraja simulator over HTTP, shows in the
 * provider's queue and log, and is resolved through the API.
 */
// external validation off: Safaricom sends the confirmation whatever the amount or reference
const OWN: SimAppConfig = { consumerKey: 'ck-attention-a', consumerSecret: 'cs-attention-a-5d1e', shortcode: '600200', passkey: 'pk-attention-a-0b7f', externalValidation: false };

describe('needs attention and webhook logs (e2e)', () => {
  let t: TestApp;
  let sim: DarajaSimulator;
  let admin: Session;
  let a: ProviderFixture;
  let b: ProviderFixture;
  let planA: string;
  let routerId: string;

  const row = async (sql: string, params: unknown[] = []) => (await t.dataSource.query(sql, params))[0];
  const waitFor = async (check: () => Promise<boolean>, ms = 5000) => {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      if (await check()) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('condition not met in time');
  };
  const reserve = async () => {
    const batch = await t.http().post('/api/v1/voucher-batches').set(a.owner.auth).send({ planId: planA, quantity: 1 }).expect(202);
    await waitFor(async () => (await row(`SELECT count(*)::int AS n FROM vouchers WHERE batch_id = $1`, [batch.body.id])).n === 1);
    return row(`SELECT id, payment_reference FROM vouchers WHERE batch_id = $1`, [batch.body.id]) as Promise<{ id: string; payment_reference: string }>;
  };
  const queue = async (session: Session, query = '') => (await t.http().get(`/api/v1/payments/attention${query}`).set(session.auth).expect(200)).body as { items: any[]; nextCursor: string | null };

  beforeAll(async () => {
    sim = await startDarajaSimulator({ apps: [DEMO_APP, OWN], logger: { debug: () => undefined, warn: () => undefined, error: () => undefined } });
    const port = await freePort();
    t = await startTestApp({ DARAJA_BASE_URL: sim.url, DARAJA_CALLBACK_BASE_URL: `http://127.0.0.1:${port}`, DARAJA_TIMEOUT_MS: '2000' });
    await t.app.listen(port, '127.0.0.1');
    admin = await createSuperAdmin(t);
    a = await createProvider(t, admin);
    b = await createProvider(t, admin);
    routerId = (await t.http().post('/api/v1/routers').set(a.owner.auth).send({ name: 'Kiosk', host: '127.0.0.1', apiPort: 1, useTls: false, username: 'admin', password: 'router-pw' }).expect(201))
      .body.id;
    planA = (await t.http().post('/api/v1/plans').set(a.owner.auth).send({ name: '1 day', price: 50, kind: 'unlimited', validitySeconds: 86400 }).expect(201)).body.id;
    await t
      .http()
      .put('/api/v1/payments/settings')
      .set(a.owner.auth)
      .send({ mode: 'own_account', environment: 'sandbox', shortcodeType: 'paybill', shortcode: OWN.shortcode, consumerKey: OWN.consumerKey, consumerSecret: OWN.consumerSecret, passkey: OWN.passkey })
      .expect(200);
    await t.http().post('/api/v1/payments/settings/c2b-registration').set(a.owner.auth).expect(200);
  });
  afterAll(async () => {
    await t?.close();
    await sim?.close();
  });

  it('a wrong-amount payment is issued its voucher once, even when "issue the voucher" is sent twice at once; another provider gets 404', async () => {
    const voucher = await reserve();
    const paid = await sim.c2bPay({ shortCode: OWN.shortcode, amount: 49, msisdn: '254712345678', billRefNumber: voucher.payment_reference });
    expect(paid).toMatchObject({ status: 'confirmed', confirmationStatus: 200 });
    const payment = await row(`SELECT id, status FROM payments WHERE receipt = $1`, [paid.transId]);
    expect(payment.status).toBe('flagged');

    const open = await queue(a.owner);
    const item = open.items.find((i) => i.paymentId === payment.id);
    expect(item).toMatchObject({
      kind: 'flagged_payment',
      state: 'open',
      amount: 49,
      receipt: paid.transId,
      reference: voucher.payment_reference,
      canIssueVoucher: true,
      reason: expect.stringMatching(/differs from the price/),
    });
    expect((await t.http().get('/api/v1/payments/attention/count').set(a.owner.auth).expect(200)).body.open).toBeGreaterThanOrEqual(1);

    // tenant isolation: B neither sees nor resolves A's item
    expect((await queue(b.owner)).items).toEqual([]);
    await t.http().get(`/api/v1/payments/attention/${item.id}`).set(b.owner.auth).expect(404);
    const foreign = await t.http().post(`/api/v1/payments/attention/${item.id}/issue-voucher`).set(b.owner.auth).expect(404);
    expect(foreign.body.code).toBe('ATTENTION_ITEM_NOT_FOUND');
    await t.http().post(`/api/v1/payments/attention/${item.id}/dismiss`).set(b.owner.auth).send({ reason: 'not mine at all' }).expect(404);

    const both = await Promise.all([1, 2].map(() => t.http().post(`/api/v1/payments/attention/${item.id}/issue-voucher`).set(a.owner.auth)));
    expect(both.map((r) => r.status).sort()).toEqual([200, 409]);
    const ok = both.find((r) => r.status === 200)!.body;
    const refused = both.find((r) => r.status === 409)!.body;
    expect(refused.code).toBe('ATTENTION_ALREADY_RESOLVED');
    expect(ok).toMatchObject({ state: 'voucher_issued', voucherId: expect.any(String), voucherCode: expect.any(String), resolvedBy: a.email });

    expect(await row(`SELECT count(*)::int AS n FROM ledger_entries WHERE payment_id = $1`, [payment.id])).toEqual({ n: 1 });
    expect(await row(`SELECT count(*)::int AS n, min(gross_minor)::int AS gross FROM ledger_entries WHERE receipt = $1`, [paid.transId])).toEqual({ n: 1, gross: 4900 });
    expect(await row(`SELECT count(*)::int AS n FROM vouchers WHERE payment_id = $1`, [payment.id])).toEqual({ n: 1 });
    expect(await row(`SELECT status, settled_via, voucher_id FROM payments WHERE id = $1`, [payment.id])).toEqual({ status: 'paid', settled_via: 'manual', voucher_id: ok.voucherId });
    expect(await row(`SELECT code, status FROM vouchers WHERE id = $1`, [ok.voucherId])).toEqual({ code: ok.voucherCode, status: 'sold' });
    expect(await row(`SELECT count(*)::int AS n FROM audit_logs WHERE action = 'payments.attention_voucher_issued' AND target_id = $1`, [item.id])).toEqual({ n: 1 });

    // it left the queue, and is still there with the filter
    expect((await queue(a.owner)).items.map((i) => i.id)).not.toContain(item.id);
    expect((await queue(a.owner, '?state=voucher_issued')).items.map((i) => i.id)).toContain(item.id);
    // issued again later: refused, nothing more written
    await t.http().post(`/api/v1/payments/attention/${item.id}/issue-voucher`).set(a.owner.auth).expect(409);
    expect(await row(`SELECT count(*)::int AS n FROM ledger_entries WHERE payment_id = $1`, [payment.id])).toEqual({ n: 1 });
  });

  it('money for an unknown reference is queued without a payment: it cannot be issued, only dismissed with a reason or marked refund due', async () => {
    const unknown = await sim.c2bPay({ shortCode: OWN.shortcode, amount: 50, msisdn: '254712345679', billRefNumber: 'NOPE2345' });
    expect(unknown.status).toBe('confirmed');
    expect(await row(`SELECT count(*)::int AS n FROM payments WHERE receipt = $1`, [unknown.transId])).toEqual({ n: 0 });
    const item = (await queue(a.owner, '?kind=unmatched_c2b')).items.find((i) => i.receipt === unknown.transId);
    expect(item).toMatchObject({ kind: 'unmatched_c2b', amount: 50, reference: 'NOPE2345', paymentId: null, canIssueVoucher: false, phone: expect.not.stringContaining('2547123456') });
    expect((await t.http().post(`/api/v1/payments/attention/${item.id}/issue-voucher`).set(a.owner.auth).expect(409)).body.code).toBe('ATTENTION_CANNOT_ISSUE');

    const before = await row(`SELECT state, note, updated_at FROM attention_items WHERE id = $1`, [item.id]);
    const blank = await t.http().post(`/api/v1/payments/attention/${item.id}/dismiss`).set(a.owner.auth).send({ reason: '  ' }).expect(400);
    expect(blank.body.details.map((d: { field: string }) => d.field)).toEqual(['reason']);
    await t.http().post(`/api/v1/payments/attention/${item.id}/dismiss`).set(a.owner.auth).send({}).expect(400);
    expect(await row(`SELECT state, note, updated_at FROM attention_items WHERE id = $1`, [item.id])).toEqual(before);

    const dismissed = await t.http().post(`/api/v1/payments/attention/${item.id}/dismiss`).set(a.owner.auth).send({ reason: 'Test payment by the shop owner' }).expect(200);
    expect(dismissed.body).toMatchObject({ state: 'dismissed', note: 'Test payment by the shop owner' });
    await t.http().post(`/api/v1/payments/attention/${item.id}/refund-due`).set(a.owner.auth).send({}).expect(409);
    expect((await queue(a.owner, '?state=dismissed')).items.map((i) => i.id)).toContain(item.id);
    expect(await row(`SELECT count(*)::int AS n FROM audit_logs WHERE action = 'payments.attention_dismissed' AND target_id = $1`, [item.id])).toEqual({ n: 1 });

    // refund due on another one
    const voucher = await reserve();
    const wrong = await sim.c2bPay({ shortCode: OWN.shortcode, amount: 500, msisdn: '254712345670', billRefNumber: voucher.payment_reference });
    const second = (await queue(a.owner)).items.find((i) => i.receipt === wrong.transId);
    const refund = await t.http().post(`/api/v1/payments/attention/${second.id}/refund-due`).set(a.owner.auth).send({ note: 'Paid 500 for a 50 plan' }).expect(200);
    expect(refund.body).toMatchObject({ state: 'refund_due', note: 'Paid 500 for a 50 plan' });
    expect(await row(`SELECT count(*)::int AS n FROM ledger_entries WHERE receipt = $1`, [wrong.transId])).toEqual({ n: 0 });

    // the super admin sees every provider's items; a provider cannot use the admin routes
    const all = await t.http().get('/api/v1/admin/attention?state=refund_due').set(admin.auth).expect(200);
    expect(all.body.items.map((i: { id: string }) => i.id)).toContain(second.id);
    await t.http().get('/api/v1/admin/attention').set(a.owner.auth).expect(403);
  });

  it('an unmatched statement line is queued once; the same money already queued as an unmatched C2B confirmation is not queued twice', async () => {
    const lost = await sim.c2bPay({ shortCode: OWN.shortcode, amount: 30, msisdn: '254712345676', billRefNumber: 'GONE7777' });
    const line = (receipt: string, amountMinor: number) =>
      t.dataSource.query(
        `INSERT INTO statement_lines (shortcode, receipt, source, provider_id, status, transaction_type, amount_minor, reference, phone_masked, occurred_at, detail)
         VALUES ($1, $2, 'pull', $3, 'unmatched', 'Pay Bill Online', $4, 'GONE7777', '2547•••••676', now(), 'unknown reference GONE7777') RETURNING id`,
        [OWN.shortcode, receipt, a.providerId, amountMinor],
      );
    const [{ id: sameMoney }] = await line(lost.transId, 3000);
    const [{ id: other }] = await line('TSTLINE0001', 2000);
    const items = (await queue(a.owner)).items;
    expect(items.filter((i) => i.receipt === lost.transId).map((i) => i.kind)).toEqual(['unmatched_c2b']);
    expect(items.find((i) => i.statementLineId === other)).toMatchObject({ kind: 'unmatched_statement_line', amount: 20, reference: 'GONE7777', canIssueVoucher: false });
    expect(items.find((i) => i.statementLineId === sameMoney)).toBeUndefined();
    // listing again adds nothing
    const count = (await t.http().get('/api/v1/payments/attention/count').set(a.owner.auth).expect(200)).body.open;
    expect((await t.http().get('/api/v1/payments/attention/count').set(a.owner.auth).expect(200)).body.open).toBe(count);
    expect(await row(`SELECT count(*)::int AS n FROM attention_items WHERE statement_line_id = $1`, [other])).toEqual({ n: 1 });
  });

  it('an expired push the customer says they paid can be claimed, then issued', async () => {
    const voucher = await reserve();
    const [{ id: paymentId }] = await t.dataSource.query(
      `INSERT INTO payments (provider_id, source, status, collection_mode, shortcode, amount_minor, currency, commission_rate_bp, phone, phone_masked, payment_reference, plan_id, plan_name, voucher_id)
       VALUES ($1, 'stk', 'expired', 'own_account', $2, 5000, 'KES', 0, '254712345671', '2547•••••671', $3, $4, '1 day', $5) RETURNING id`,
      [a.providerId, OWN.shortcode, voucher.payment_reference, planA, voucher.id],
    );
    await t.http().post('/api/v1/payments/attention/claims').set(b.owner.auth).send({ paymentId, reason: 'showed the SMS' }).expect(404);
    const claim = await t.http().post('/api/v1/payments/attention/claims').set(a.owner.auth).send({ paymentId, reason: 'showed the SMS' }).expect(201);
    expect(claim.body).toMatchObject({ kind: 'expired_stk_claim', state: 'open', amount: 50, canIssueVoucher: true });
    await t.http().post('/api/v1/payments/attention/claims').set(a.owner.auth).send({ paymentId, reason: 'showed the SMS' }).expect(409);
    const issued = await t.http().post(`/api/v1/payments/attention/${claim.body.id}/issue-voucher`).set(a.owner.auth).expect(200);
    expect(issued.body).toMatchObject({ state: 'voucher_issued', voucherId: voucher.id });
    expect(await row(`SELECT status, settled_via FROM payments WHERE id = $1`, [paymentId])).toEqual({ status: 'paid', settled_via: 'manual' });
    expect(await row(`SELECT status FROM vouchers WHERE id = $1`, [voucher.id])).toEqual({ status: 'sold' });
  });

  it('a success whose receipt another payment already counted cannot be issued a second voucher', async () => {
    const first = await reserve();
    const counted = await sim.c2bPay({ shortCode: OWN.shortcode, amount: 50, msisdn: '254712345674', billRefNumber: first.payment_reference });
    expect((await row(`SELECT status FROM payments WHERE receipt = $1`, [counted.transId])).status).toBe('paid');
    // the STK purchase whose success callback carried that same receipt: flagged by the settlement path, no receipt of its own
    const second = await reserve();
    const [{ id: paymentId }] = await t.dataSource.query(
      `INSERT INTO payments (provider_id, source, status, collection_mode, shortcode, amount_minor, currency, commission_rate_bp, phone, phone_masked, payment_reference, plan_id, plan_name, voucher_id, flag_reason)
       VALUES ($1, 'stk', 'flagged', 'own_account', $2, 5000, 'KES', 0, '254712345675', '2547•••••675', $3, $4, '1 day', $5, $6) RETURNING id`,
      [a.providerId, OWN.shortcode, second.payment_reference, planA, second.id, `receipt ${counted.transId} already counted by another payment`],
    );
    await t.dataSource.query(
      `INSERT INTO stk_requests (provider_id, payment_id, status, phone, amount, shortcode, account_reference, receipt) VALUES ($1, $2, 'paid', '254712345675', 50, $3, $4, $5)`,
      [a.providerId, paymentId, OWN.shortcode, second.payment_reference, counted.transId],
    );
    const item = (await queue(a.owner)).items.find((i) => i.paymentId === paymentId);
    const refused = await t.http().post(`/api/v1/payments/attention/${item.id}/issue-voucher`).set(a.owner.auth).expect(409);
    expect(refused.body.code).toBe('ATTENTION_CANNOT_ISSUE');
    expect(await row(`SELECT count(*)::int AS n FROM ledger_entries WHERE payment_id = $1`, [paymentId])).toEqual({ n: 0 });
    expect(await row(`SELECT status, state FROM payments p, attention_items a WHERE p.id = $1 AND a.id = $2`, [paymentId, item.id])).toEqual({ status: 'flagged', state: 'open' });
  });

  it('the webhook log: own callbacks found by receipt, reference or phone, phones masked, linked to their payment; never another provider’s', async () => {
    const voucher = await reserve();
    const paid = await sim.c2bPay({ shortCode: OWN.shortcode, amount: 50, msisdn: '254712345672', billRefNumber: voucher.payment_reference });
    const payment = await row(`SELECT id, status FROM payments WHERE receipt = $1`, [paid.transId]);
    expect(payment.status).toBe('paid');

    const byReceipt = await t.http().get(`/api/v1/payments/webhook-logs?search=${paid.transId.toLowerCase()}`).set(a.owner.auth).expect(200);
    expect(byReceipt.body.items).toHaveLength(1);
    const log = byReceipt.body.items[0];
    expect(log).toMatchObject({
      kind: 'c2b_confirmation',
      outcome: 'processed',
      receipt: paid.transId,
      paymentReference: voucher.payment_reference,
      paymentId: payment.id,
      durationMs: expect.any(Number),
    });
    expect(JSON.stringify(log.body)).not.toContain('254712345672');

    const byReference = await t.http().get(`/api/v1/payments/webhook-logs?search=${voucher.payment_reference}`).set(a.owner.auth).expect(200);
    expect(byReference.body.items.map((l: { id: string }) => l.id)).toEqual([log.id]);

    // an STK purchase: its callback carries the full phone (C2B v2 sends it masked, so only STK and C2B v1 logs are found by phone)
    const purchase = await t.app.get(PaymentsService).startPurchase({ providerId: a.providerId, routerId, planId: planA, phone: '0712 345 673', clientIp: '10.0.0.7' });
    await sim.idle();
    await waitFor(async () => (await row(`SELECT outcome FROM webhook_logs WHERE kind = 'stk' AND provider_id = $1 ORDER BY created_at DESC LIMIT 1`, [a.providerId]))?.outcome === 'processed');
    const byPhone = await t
      .http()
      .get(`/api/v1/payments/webhook-logs?search=${encodeURIComponent('0712 345 673')}`)
      .set(a.owner.auth)
      .expect(200);
    expect(byPhone.body.items).toHaveLength(1);
    expect(byPhone.body.items[0]).toMatchObject({ kind: 'stk', outcome: 'processed', paymentId: purchase.purchaseId, paymentReference: purchase.paymentReference, receipt: expect.any(String) });
    expect(byPhone.body.items[0].externalId).toContain('•');
    expect(JSON.stringify(byPhone.body.items[0].body)).not.toContain('254712345673');
    const stkByReceipt = await t.http().get(`/api/v1/payments/webhook-logs?search=${byPhone.body.items[0].receipt}&kind=stk`).set(a.owner.auth).expect(200);
    expect(stkByReceipt.body.items.map((l: { id: string }) => l.id)).toEqual([byPhone.body.items[0].id]);

    const pageOne = await t.http().get('/api/v1/payments/webhook-logs?limit=2').set(a.owner.auth).expect(200);
    expect(pageOne.body.items).toHaveLength(2);
    const pageTwo = await t.http().get(`/api/v1/payments/webhook-logs?limit=2&cursor=${pageOne.body.nextCursor}`).set(a.owner.auth).expect(200);
    expect(pageTwo.body.items.map((l: { id: string }) => l.id)).not.toContain(pageOne.body.items[0].id);

    expect((await t.http().get(`/api/v1/payments/webhook-logs?search=${paid.transId}`).set(b.owner.auth).expect(200)).body.items).toEqual([]);
    expect((await t.http().get('/api/v1/payments/webhook-logs').set(b.owner.auth).expect(200)).body.items).toEqual([]);
    const bad = await t
      .http()
      .get(`/api/v1/payments/webhook-logs?search=${encodeURIComponent("x' OR 1=1")}`)
      .set(a.owner.auth)
      .expect(400);
    expect(bad.body.details.map((d: { field: string }) => d.field)).toEqual(['search']);
  });
});
