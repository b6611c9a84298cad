import type { DarajaSimulator } from '@wavu/daraja-sim';
import { DEMO_APP, startDarajaSimulator } from '@wavu/daraja-sim';

import { PaymentsService } from '../../apps/api/src/modules/payments/payments.service';
import type { ProviderFixture, Session } from '../factories';
import { changedTables, createProvider, createSuperAdmin, databaseFingerprint } from '../factories';
import type { TestApp } from '../setup/test-app';
import { startTestApp } from '../setup/test-app';
import { freePort } from '../setup/free-port';

/**
 * Refunds end to end (docs/mpesa.md, Refunds): vouchers sold by real STK purchases (Daraja
 * simulator over HTTP) to a platform-collection provider with a 15 % commission, then refunded
 * over the API. Revenue, commission and the payouts balance drop by exactly the sale's amounts;
 * a refund happens once, also when two arrive at the same moment.
 */
let seq = 0;
const phone = () => `2547${3000 + ++seq}0000`;

describe('refunds (e2e)', () => {
  let t: TestApp;
  let sim: DarajaSimulator;
  let admin: Session;
  let p: ProviderFixture; // platform collection, 15 %
  let other: ProviderFixture;
  let routerId: string;
  let planId: string;
  let payments: PaymentsService;

  const row = async (sql: string, params: unknown[] = []) => (await t.dataSource.query(sql, params))[0];
  const waitFor = async (check: () => Promise<boolean>, ms = 8000) => {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      if (await check()) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('condition not met in time');
  };
  /** A paid STK purchase; returns the sold voucher's id. */
  const sell = async (): Promise<string> => {
    const started = await payments.startPurchase({ providerId: p.providerId, routerId, planId, phone: phone(), clientIp: '10.0.0.11' });
    await sim.idle();
    await waitFor(async () => (await row(`SELECT status FROM payments WHERE id = $1`, [started.purchaseId])).status === 'paid');
    return (await row(`SELECT voucher_id FROM payments WHERE id = $1`, [started.purchaseId])).voucher_id;
  };
  const figures = async () => {
    const revenue = (await t.http().get('/api/v1/payments/reports/revenue').query({ groupBy: 'day' }).set(p.owner.auth).expect(200)).body.total;
    const platform = (await t.http().get('/api/v1/admin/payments/revenue').query({ groupBy: 'month' }).set(admin.auth).expect(200)).body.total;
    const balance = (await t.http().get('/api/v1/payments/balance').set(p.owner.auth).expect(200)).body;
    const overview = (await t.http().get('/api/v1/overview').set(p.owner.auth).expect(200)).body.revenue.today[0];
    const admin30 = (await t.http().get('/api/v1/admin/overview').set(admin.auth).expect(200)).body.platformRevenue.commissions30Days[0];
    return { revenue, platform, balance, overview, admin30 };
  };
  /** The outbox worker keeps working on the sales' router ops in the background: those tables are compared by op count instead. */
  const WORKER_TABLES = ['router_provisioning_ops', 'router_events', 'routers', 'router_users', 'router_profiles', 'job_leases', 'job_runs'];
  const snapshot = async () => ({
    tables: await databaseFingerprint(t, WORKER_TABLES),
    ops: (await row(`SELECT count(*)::int AS n FROM router_provisioning_ops`)).n as number,
  });
  const unchangedSince = async (before: Awaited<ReturnType<typeof snapshot>>) => {
    const after = await snapshot();
    expect(changedTables(before.tables, after.tables)).toEqual([]);
    expect(after.ops).toBe(before.ops);
  };
  const refund = (voucherId: string, body: Record<string, unknown>, session: Session = p.owner) => t.http().post(`/api/v1/vouchers/${voucherId}/refund`).set(session.auth).send(body);

  beforeAll(async () => {
    sim = await startDarajaSimulator({ apps: [DEMO_APP], logger: { debug: () => undefined, warn: () => undefined, error: () => undefined } });
    const port = await freePort();
    t = await startTestApp({
      DARAJA_BASE_URL: sim.url,
      DARAJA_CALLBACK_BASE_URL: `http://127.0.0.1:${port}`,
      DARAJA_TIMEOUT_MS: '2000',
      ROUTER_OUTBOX_MAX_ATTEMPTS: '1',
      ROUTER_CALL_TIMEOUT_MS: '300',
    });
    await t.app.listen(port, '127.0.0.1');
    payments = t.app.get(PaymentsService);
    admin = await createSuperAdmin(t);
    p = await createProvider(t, admin);
    other = await createProvider(t, admin);
    const router = await t.http().post('/api/v1/routers').set(p.owner.auth).send({ name: 'Kiosk', host: '127.0.0.1', apiPort: 1, useTls: false, username: 'admin', password: 'router-pw' }).expect(201);
    const plan = await t.http().post('/api/v1/plans').set(p.owner.auth).send({ name: '1 day', price: 50, kind: 'unlimited', validitySeconds: 86400 }).expect(201);
    [routerId, planId] = [router.body.id, plan.body.id];
    await t.http().put(`/api/v1/admin/payments/providers/${p.providerId}/commission`).set(admin.auth).send({ rateBp: 1500 }).expect(200);
  });
  afterAll(async () => {
    await t?.close();
    await sim?.close();
  });

  it('refunding a paid voucher lowers revenue, commission and the payouts balance by exactly its amounts; the sale stays', async () => {
    await sell();
    const voucherId = await sell();
    const sale = await row(`SELECT * FROM ledger_entries WHERE voucher_id = $1`, [voucherId]);
    expect(sale).toMatchObject({ kind: 'sale', collection_mode: 'platform', gross_minor: '5000', commission_minor: '750', net_minor: '4250' });
    const before = await figures();

    const res = await refund(voucherId, { method: 'mpesa_reversal', reference: 'qk71abc2de', reason: 'Customer could not connect' }).expect(200);
    expect(res.body).toMatchObject({ id: voucherId, status: 'refunded', refundReason: 'Customer could not connect' });

    const after = await figures();
    // gross sales stay; the refund is its own line; commission and net drop by the sale's
    expect(after.revenue).toMatchObject({
      count: before.revenue.count,
      grossMinor: before.revenue.grossMinor,
      refundCount: before.revenue.refundCount + 1,
      refundsMinor: before.revenue.refundsMinor + 5000,
      commissionMinor: before.revenue.commissionMinor - 750,
      netMinor: before.revenue.netMinor - 4250,
    });
    expect(after.revenue.grossMinor - after.revenue.refundsMinor).toBe(after.revenue.commissionMinor + after.revenue.netMinor);
    expect(after.platform).toMatchObject({ grossMinor: before.platform.grossMinor, refundsMinor: before.platform.refundsMinor + 5000, commissionMinor: before.platform.commissionMinor - 750 });
    expect(after.balance).toMatchObject({ owedMinor: before.balance.owedMinor - 4250, balanceMinor: before.balance.balanceMinor - 4250, paidOutMinor: before.balance.paidOutMinor });
    expect(after.overview).toMatchObject({ count: before.overview.count, grossMinor: before.overview.grossMinor, refundsMinor: 5000, commissionMinor: before.overview.commissionMinor - 750 });
    expect(after.admin30.amountMinor).toBe(before.admin30.amountMinor - 750);

    // the sale row is untouched; the reversal negates it and says how the money went back
    expect(await row(`SELECT * FROM ledger_entries WHERE id = $1`, [sale.id])).toEqual(sale);
    const reversal = await row(`SELECT * FROM ledger_entries WHERE reverses_id = $1`, [sale.id]);
    expect(reversal).toMatchObject({
      kind: 'refund',
      payment_id: sale.payment_id,
      voucher_id: voucherId,
      gross_minor: '-5000',
      commission_minor: '-750',
      net_minor: '-4250',
      refund_method: 'mpesa_reversal',
      refund_reference: 'QK71ABC2DE',
      refund_reason: 'Customer could not connect',
    });
    const audit = await t.dataSource.query(`SELECT action, target_type, target_id, metadata FROM audit_logs WHERE action IN ('voucher.refunded', 'payments.refund_recorded') ORDER BY action`);
    expect(audit).toEqual([
      expect.objectContaining({ action: 'payments.refund_recorded', target_id: sale.payment_id, metadata: expect.objectContaining({ method: 'mpesa_reversal', grossMinor: 5000, netMinor: 4250 }) }),
      expect.objectContaining({ action: 'voucher.refunded', target_id: voucherId, metadata: expect.objectContaining({ method: 'mpesa_reversal', reference: 'QK71ABC2DE' }) }),
    ]);

    // CSVs: the ledger shows a negative row, the revenue report a refunds column
    const ledgerCsv = (await t.http().get('/api/v1/payments/ledger.csv').set(p.owner.auth).expect(200)).text.trim().split('\r\n');
    const header = ledgerCsv[0].split(',');
    const refundLine = ledgerCsv
      .slice(1)
      .find((l) => l.split(',')[header.indexOf('kind')] === 'refund')!
      .split(',');
    expect([refundLine[header.indexOf('gross')], refundLine[header.indexOf('net')], refundLine[header.indexOf('refund_method')]]).toEqual(['-50.00', '-42.50', 'mpesa_reversal']);
    const revenueCsv = (await t.http().get('/api/v1/payments/reports/revenue.csv').query({ groupBy: 'month' }).set(p.owner.auth).expect(200)).text.trim().split('\r\n');
    const total = revenueCsv[revenueCsv.length - 1].split(',');
    expect(total.slice(2)).toEqual([String(after.revenue.count), '100.00', '1', '50.00', '7.50', '42.50']);
  });

  it('refunding twice refunds once: the second answers 409 and writes nothing', async () => {
    const voucherId = await sell();
    await refund(voucherId, { method: 'mpesa_reversal', reference: 'QK71ABC2DF', reason: 'Wrong plan' }).expect(200);
    const before = await snapshot();
    const again = await refund(voucherId, { method: 'mpesa_reversal', reference: 'QK71ABC2DF', reason: 'Wrong plan' }).expect(409);
    expect(again.body).toMatchObject({ code: 'VOUCHER_INVALID_TRANSITION', message: 'Cannot refund a voucher that is refunded' });
    await unchangedSince(before);
    expect(await row(`SELECT count(*)::int AS n FROM ledger_entries WHERE voucher_id = $1 AND kind = 'refund'`, [voucherId])).toEqual({ n: 1 });
  });

  it('two refunds at the same moment: one reversal, the other a clear 409', async () => {
    const voucherId = await sell();
    const owedBefore = (await t.http().get('/api/v1/payments/balance').set(p.owner.auth).expect(200)).body.owedMinor;
    const results = await Promise.all([1, 2].map((n) => refund(voucherId, { method: 'mpesa_reversal', reference: `QK71ABC3D${n}`, reason: 'Asked twice' })));
    expect(results.map((r) => r.status).sort()).toEqual([200, 409]);
    expect(['VOUCHER_INVALID_TRANSITION', 'REFUND_ALREADY_RECORDED']).toContain(results.find((r) => r.status === 409)!.body.code);
    expect(await row(`SELECT count(*)::int AS n FROM ledger_entries WHERE voucher_id = $1 AND kind = 'refund'`, [voucherId])).toEqual({ n: 1 });
    expect((await t.http().get('/api/v1/payments/balance').set(p.owner.auth).expect(200)).body.owedMinor).toBe(owedBefore - 4250);
  });

  it('the database refuses a second reversal of the same sale, whatever the path', async () => {
    const [first] = await t.dataSource.query(`SELECT * FROM ledger_entries WHERE kind = 'refund' LIMIT 1`);
    await expect(
      t.dataSource.query(
        `INSERT INTO ledger_entries (provider_id, payment_id, source, collection_mode, gross_minor, commission_rate_bp, commission_minor, net_minor, currency, plan_id, plan_name, occurred_at, kind, reverses_id)
         VALUES ($1, $2, 'stk', 'platform', -5000, 1500, -750, -4250, 'KES', $3, '1 day', now(), 'refund', $4)`,
        [first.provider_id, first.payment_id, first.plan_id, first.reverses_id],
      ),
    ).rejects.toMatchObject({ code: '23505' });
  });

  it('bad input is a 400 naming the field and changes nothing; another provider’s voucher is 404', async () => {
    const voucherId = await sell();
    const before = await snapshot();
    const cases: Array<[Record<string, unknown>, string, RegExp]> = [
      [{ reason: 'No method' }, 'method', /method/],
      [{ method: 'bank', reason: 'Unknown method' }, 'method', /method/],
      [{ method: 'mpesa_reversal', reason: 'No reference' }, 'reference', /required for mpesa_reversal/],
      [{ method: 'mpesa_reversal', reference: 'QK-71', reason: 'Bad reference' }, 'reference', /transaction id/],
      [{ method: 'none', reason: 'Paid, but no refund' }, 'method', /was paid \(KES 50/],
      [{ method: 'cash', reason: 'Cash for a platform sale' }, 'method', /platform collected this payment/],
      [{ method: 'cash', reason: ' ' }, 'reason', /reason/],
    ];
    for (const [body, field, message] of cases) {
      const res = await refund(voucherId, body).expect(400);
      const detail = res.body.details.find((d: { field: string }) => d.field === field);
      expect(detail.messages.join(' ')).toMatch(message);
    }
    await refund(voucherId, { method: 'mpesa_reversal', reference: 'QK71ABC2DG', reason: 'Not mine' }, other.owner).expect(404);
    await unchangedSince(before);
    expect((await t.http().get(`/api/v1/vouchers/${voucherId}`).set(p.owner.auth).expect(200)).body.status).toBe('sold');
  });

  it('payout statement: sales, commission, refunds, payouts and the running balance, with CSV; the super admin sees the same and what is owed', async () => {
    const owed = (await t.http().get('/api/v1/payments/balance').set(p.owner.auth).expect(200)).body;
    const ledger = await row(
      `SELECT count(*) FILTER (WHERE kind = 'sale')::int AS sales, count(*) FILTER (WHERE kind = 'refund')::int AS refunds, sum(net_minor)::int AS net, sum(commission_minor)::int AS commission
         FROM ledger_entries WHERE provider_id = $1 AND collection_mode = 'platform'`,
      [p.providerId],
    );
    expect(owed.balanceMinor).toBe(ledger.net);
    await t.http().post(`/api/v1/admin/payments/providers/${p.providerId}/payouts`).set(admin.auth).send({ amount: 20, method: 'mpesa_b2c', reference: 'B2C PAY1' }).expect(201);

    const range = { from: new Date(Date.now() - 2 * 86_400_000).toISOString(), to: new Date(Date.now() + 3_600_000).toISOString() };
    const statement = (await t.http().get('/api/v1/payments/payouts/statement').query(range).set(p.owner.auth).expect(200)).body;
    expect(statement).toMatchObject({ providerId: p.providerId, openingBalanceMinor: 0, closingBalanceMinor: ledger.net - 2000 });
    expect(statement.total).toMatchObject({
      count: ledger.sales,
      grossMinor: ledger.sales * 5000,
      refundCount: ledger.refunds,
      refundsMinor: ledger.refunds * 5000,
      commissionMinor: ledger.commission,
      netMinor: ledger.net,
      payoutsMinor: 2000,
    });
    expect(statement.days[statement.days.length - 1].balanceMinor).toBe(ledger.net - 2000);
    expect(statement.payouts).toEqual([expect.objectContaining({ amountMinor: 2000, method: 'mpesa_b2c', reference: 'B2C PAY1' })]);
    expect((await t.http().get('/api/v1/payments/balance').set(p.owner.auth).expect(200)).body.balanceMinor).toBe(statement.closingBalanceMinor);

    const csv = (await t.http().get('/api/v1/payments/payouts/statement.csv').query(range).set(p.owner.auth).expect(200)).text.trim().split('\r\n');
    expect(csv[0]).toBe('day,sales,gross,refund_count,refunds,commission,net,payouts,balance');
    expect(csv[1]).toBe('opening,,,,,,,,0.00');
    expect(csv[csv.length - 1].split(',')).toEqual([
      'total',
      String(ledger.sales),
      (ledger.sales * 50).toFixed(2),
      String(ledger.refunds),
      (ledger.refunds * 50).toFixed(2),
      (ledger.commission / 100).toFixed(2),
      (ledger.net / 100).toFixed(2),
      '20.00',
      ((ledger.net - 2000) / 100).toFixed(2),
    ]);

    const adminView = (await t.http().get(`/api/v1/admin/payments/providers/${p.providerId}/statement`).query(range).set(admin.auth).expect(200)).body;
    expect(adminView).toEqual(statement);
    const list = (await t.http().get('/api/v1/admin/payments/payouts').set(admin.auth).expect(200)).body;
    expect(list.find((b: { providerId: string }) => b.providerId === p.providerId)).toMatchObject({
      mode: 'platform',
      owedMinor: ledger.net,
      paidOutMinor: 2000,
      balanceMinor: ledger.net - 2000,
      lastPayoutAt: expect.any(String),
    });

    await t.http().get(`/api/v1/admin/payments/providers/00000000-0000-4000-8000-000000000000/statement`).set(admin.auth).expect(404);
    await t.http().get(`/api/v1/admin/payments/providers/${p.providerId}/statement`).set(p.owner.auth).expect(403);
    const empty = (await t.http().get('/api/v1/payments/payouts/statement').set(other.owner.auth).expect(200)).body;
    expect(empty).toMatchObject({ openingBalanceMinor: 0, closingBalanceMinor: 0, days: [], payouts: [] });
    await t.http().get('/api/v1/payments/payouts/statement').query({ from: '2026-05-02T00:00:00Z', to: '2026-05-01T00:00:00Z' }).set(p.owner.auth).expect(400);
  });

  it('a payout is more than 0 and at most the balance; two at once cannot overdraw it', async () => {
    const { balanceMinor } = (await t.http().get('/api/v1/payments/balance').set(p.owner.auth).expect(200)).body;
    const pay = (amount: number) => t.http().post(`/api/v1/admin/payments/providers/${p.providerId}/payouts`).set(admin.auth).send({ amount, method: 'bank_transfer', reference: 'BANK 1' });
    for (const [amount, message] of [
      [balanceMinor / 100 + 1, /exceeds what the platform owes/],
      [0, /amount/],
    ] as const) {
      const res = await pay(amount).expect(400);
      expect(res.body.details.find((d: { field: string }) => d.field === 'amount').messages.join(' ')).toMatch(message);
    }
    await t.http().post(`/api/v1/admin/payments/providers/${p.providerId}/payouts`).set(admin.auth).send({ amount: 1, method: 'cheque', reference: 'X' }).expect(400);
    const part = Math.floor((balanceMinor / 100) * 0.6);
    const results = await Promise.all([pay(part), pay(part)]);
    expect(results.map((r) => r.status).sort()).toEqual([201, 400]);
    const after = (await t.http().get('/api/v1/payments/balance').set(p.owner.auth).expect(200)).body;
    expect(after.balanceMinor).toBe(balanceMinor - part * 100);
    expect(after.balanceMinor).toBeGreaterThanOrEqual(0);
  });
});
