import type { DarajaSimulator } from '@wavu/daraja-sim';
import { DEMO_APP, startDarajaSimulator } from '@wavu/daraja-sim';
import { PaymentsService } from '../../apps/api/src/modules/payments/payments.service';
import { VoucherBatchesService } from '../../apps/api/src/modules/vouchers/voucher-batches.service';
import { hotspotLoginUrl } from '../../apps/api/src/modules/vouchers/voucher-routers';
import { VoucherUsageService } from '../../apps/api/src/modules/vouchers/voucher-usage.service';
import type { ProviderFixture, Session } from '../factories';
import { createApiKey, createProvider, createStaff, createSuperAdmin, databaseFingerprint } from '../factories';
import { freePort } from '../setup/free-port';
import type { TestApp } from '../setup/test-app';
import { startTestApp } from '../setup/test-app';

/**
 * Cash sales end to end (docs/cash-sales.md): printed cards sold for cash reach the ledger (method
 * cash, commission 0) and from there the overview, the revenue report and both CSVs, next to an
 * M-Pesa STK sale that pays commission; each voucher is recorded once, also under two requests at
 * once; typed and scanned codes, ranges, soldAt; skipped and refused vouchers; used cards whose sale
 * was not recorded; bad input (400) and another provider's vouchers (404) change nothing.
 */
jest.setTimeout(60_000);

interface BatchCard {
  id: string;
  code: string;
  password: string | null;
  seq: number;
}

describe('cash sales (e2e)', () => {
  let t: TestApp;
  let sim: DarajaSimulator;
  let admin: Session;
  let a: ProviderFixture;
  let b: ProviderFixture;
  const plans: Record<string, string> = {};
  const routers: Record<string, string> = {};
  let stkVoucherId: string;

  const api = (p: ProviderFixture, method: 'get' | 'post', path: string) => (t.http() as any)[method](`/api/v1${path}`).set(p.owner.auth);
  const rows = (sql: string, params: unknown[] = []) => t.dataSource.query(sql, params);
  const row = async (sql: string, params: unknown[] = []) => (await rows(sql, params))[0];

  /** A printed batch of `quantity` cards (not pushed: no router is reachable here), in print order. */
  const batch = async (p: ProviderFixture, quantity: number): Promise<{ id: string; cards: BatchCard[] }> => {
    const created = await api(p, 'post', '/voucher-batches').send({ planId: plans[p.providerId], quantity, pushToRouter: false }).expect(202);
    await t.app.get(VoucherBatchesService).settled(created.body.id);
    const cards: BatchCard[] = await rows(`SELECT id, code, password, batch_seq AS seq FROM vouchers WHERE batch_id = $1 ORDER BY batch_seq`, [created.body.id]);
    expect(cards).toHaveLength(quantity);
    return { id: created.body.id, cards };
  };
  const cashRows = (ids: string[]) => rows(`SELECT * FROM ledger_entries WHERE source = 'cash' AND voucher_id = ANY($1::uuid[]) ORDER BY voucher_id`, [ids]);
  const sell = (p: ProviderFixture, body: Record<string, unknown>) => api(p, 'post', '/cash-sales').send(body);

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
    admin = await createSuperAdmin(t);
    a = await createProvider(t, admin);
    b = await createProvider(t, admin);
    for (const p of [a, b]) {
      const router = await api(p, 'post', '/routers').send({ name: 'Kiosk', host: '127.0.0.1', apiPort: 1, useTls: false, username: 'admin', password: 'router-pw' }).expect(201);
      routers[p.providerId] = router.body.id;
      plans[p.providerId] = (await api(p, 'post', '/plans').send({ name: '1 day', price: 50, kind: 'unlimited', validitySeconds: 86400 }).expect(201)).body.id;
    }
    // A collects through the platform at 15 %: its STK sale pays commission, its cash sales never do
    await t.http().put(`/api/v1/admin/payments/providers/${a.providerId}/commission`).set(admin.auth).send({ rateBp: 1500 }).expect(200);
    const payments = t.app.get(PaymentsService);
    const started = await payments.startPurchase({ providerId: a.providerId, routerId: routers[a.providerId], planId: plans[a.providerId], phone: '254712345678', clientIp: '10.0.0.9' });
    await sim.idle();
    for (const until = Date.now() + 8000; (await row(`SELECT status FROM payments WHERE id = $1`, [started.purchaseId])).status === 'pending';) {
      if (Date.now() > until) throw new Error('the STK purchase did not settle');
      await new Promise((r) => setTimeout(r, 25));
    }
    const paid = await row(`SELECT status, voucher_id FROM payments WHERE id = $1`, [started.purchaseId]);
    expect(paid.status).toBe('paid');
    stkVoucherId = paid.voucher_id;
  });
  afterAll(async () => {
    await t?.close();
    await sim?.close();
  });

  it('a whole batch sold for cash shows in the overview, the revenue report and both CSVs with commission 0', async () => {
    const { id: batchId, cards } = await batch(a, 10);
    const res = await sell(a, { batchId }).expect(200);
    expect(res.body).toMatchObject({
      named: 10,
      recorded: 10,
      recordedAmounts: [{ currency: 'KES', amountMinor: 50_000 }],
      notOnRouters: 10,
      skippedCount: 0,
      refusedCount: 0,
      skipped: [],
      refused: [],
    });

    const ledger = await cashRows(cards.map((c) => c.id));
    expect(ledger).toHaveLength(10);
    for (const l of ledger) {
      expect(l).toMatchObject({
        provider_id: a.providerId,
        payment_id: null,
        source: 'cash',
        collection_mode: 'own_account',
        commission_rate_bp: 0,
        receipt: null,
        phone_masked: null,
        plan_id: plans[a.providerId],
      });
      expect([Number(l.gross_minor), Number(l.commission_minor), Number(l.net_minor)]).toEqual([5000, 0, 5000]);
      expect(new Date(l.occurred_at).toISOString()).toBe(res.body.soldAt);
    }
    const vouchers = await rows(`SELECT status, sale_key, id FROM vouchers WHERE batch_id = $1`, [batchId]);
    expect(vouchers.every((v: { status: string; sale_key: string; id: string }) => v.status === 'sold' && v.sale_key === `cash:${v.id}`)).toBe(true);

    // overview: totals include cash; the split shows it beside the STK sale (which paid commission)
    const stk = await row(`SELECT gross_minor::int AS gross, commission_minor::int AS commission FROM ledger_entries WHERE provider_id = $1 AND source = 'stk'`, [a.providerId]);
    expect(stk).toEqual({ gross: 5000, commission: 750 });
    const overview = (await api(a, 'get', '/overview').expect(200)).body;
    expect(overview.revenue.today).toEqual([{ currency: 'KES', count: 11, grossMinor: 55_000, refundCount: 0, refundsMinor: 0, commissionMinor: 750, netMinor: 54_250 }]);
    expect(overview.sales.today).toBe(11);
    const split = Object.fromEntries(overview.salesByMethod.today.map((m: { method: string }) => [m.method, m]));
    expect(split).toEqual({
      stk: { method: 'stk', label: 'M-Pesa STK', currency: 'KES', count: 1, grossMinor: 5000, refundCount: 0, refundsMinor: 0, commissionMinor: 750, netMinor: 4250 },
      c2b: { method: 'c2b', label: 'M-Pesa paybill', currency: 'KES', count: 0, grossMinor: 0, refundCount: 0, refundsMinor: 0, commissionMinor: 0, netMinor: 0 },
      cash: { method: 'cash', label: 'Cash', currency: 'KES', count: 10, grossMinor: 50_000, refundCount: 0, refundsMinor: 0, commissionMinor: 0, netMinor: 50_000 },
      reseller: { method: 'reseller', label: 'Reseller', currency: 'KES', count: 0, grossMinor: 0, refundCount: 0, refundsMinor: 0, commissionMinor: 0, netMinor: 0 },
      comp: { method: 'comp', label: 'Complimentary', currency: 'KES', count: 0, grossMinor: 0, refundCount: 0, refundsMinor: 0, commissionMinor: 0, netMinor: 0 },
    });
    expect(overview.salesByMethod.last30Days).toEqual(overview.salesByMethod.today);

    // revenue report: the total includes cash, byMethod and groupBy=method split it
    const report = (await api(a, 'get', '/payments/reports/revenue').expect(200)).body;
    expect(report.total).toMatchObject({ count: 11, grossMinor: 55_000, commissionMinor: 750, netMinor: 54_250 });
    expect(report.byMethod.find((m: { method: string }) => m.method === 'cash')).toMatchObject({ count: 10, grossMinor: 50_000, commissionMinor: 0 });
    const byMethod = (await api(a, 'get', '/payments/reports/revenue').query({ groupBy: 'method' }).expect(200)).body;
    expect(byMethod.rows).toEqual([
      { key: 'cash', label: 'Cash', count: 10, grossMinor: 50_000, refundCount: 0, refundsMinor: 0, commissionMinor: 0, netMinor: 50_000 },
      { key: 'stk', label: 'M-Pesa STK', count: 1, grossMinor: 5000, refundCount: 0, refundsMinor: 0, commissionMinor: 750, netMinor: 4250 },
    ]);
    const revenueCsv = (await api(a, 'get', '/payments/reports/revenue.csv').query({ groupBy: 'method' }).expect(200)).text.split('\r\n');
    expect(revenueCsv).toEqual([
      'method,label,count,gross,refund_count,refunds,commission,net',
      'cash,Cash,10,500.00,0,0.00,0.00,500.00',
      'stk,M-Pesa STK,1,50.00,0,0.00,7.50,42.50',
      'total,,11,550.00,0,0.00,7.50,542.50',
      '',
    ]);

    // ledger CSV: one line per card, method cash, commission 0, no payment, receipt or phone
    const ledgerCsv: string[] = (await api(a, 'get', '/payments/ledger.csv').expect(200)).text.trim().split('\r\n');
    const cashLines = ledgerCsv.filter((l) => l.split(',')[2] === 'cash');
    expect(cashLines).toHaveLength(10);
    for (const line of cashLines) {
      const [, receipt, , mode, gross, rate, commission, net, currency, phone, plan, , voucherId, paymentId] = line.split(',');
      expect({ receipt, mode, gross, rate, commission, net, currency, phone, plan, paymentId }).toEqual({
        receipt: '',
        mode: 'own_account',
        gross: '50.00',
        rate: '0',
        commission: '0.00',
        net: '50.00',
        currency: 'KES',
        phone: '',
        plan: '1 day',
        paymentId: '',
      });
      expect(cards.map((c) => c.id)).toContain(voucherId);
    }

    // cash is the provider's money: the platform's payouts balance does not grow by it
    const balance = (await api(a, 'get', '/payments/balance').expect(200)).body;
    expect(balance.owedMinor).toBe(4250);

    // one audit entry for the request, with its counts
    const audit = await rows(`SELECT target_type, target_id, metadata FROM audit_logs WHERE provider_id = $1 AND action = 'payments.cash_sale_recorded'`, [a.providerId]);
    expect(audit).toEqual([
      {
        target_type: 'voucher_batch',
        target_id: batchId,
        metadata: expect.objectContaining({ by: 'whole batch', named: 10, recordedCash: 10, alreadyRecorded: 0, refused: 0, amountMinor: 50_000 }),
      },
    ]);
  });

  it('recording the same vouchers again, or twice at once, gives one ledger row each', async () => {
    const { id: batchId, cards } = await batch(a, 6);
    const ids = cards.map((c) => c.id);
    // three requests at once, over the same cards named three different ways
    const racing = await Promise.all([sell(a, { batchId }), sell(a, { codes: cards.map((c) => c.code) }), sell(a, { voucherIds: [...ids].reverse() })]);
    expect(racing.map((r) => r.status)).toEqual([200, 200, 200]);
    expect(racing.reduce((n, r) => n + r.body.recorded, 0)).toBe(6);
    expect(racing.reduce((n, r) => n + r.body.skipped.length, 0)).toBe(12);
    expect(racing.flatMap((r) => r.body.skipped).every((s: { reason: string }) => s.reason === 'cash')).toBe(true);
    expect(await cashRows(ids)).toHaveLength(6);

    // again, and again twice at once: nothing new
    const again = await sell(a, { voucherIds: ids }).expect(200);
    expect(again.body).toMatchObject({ named: 6, recorded: 0, recordedAmounts: [], skippedCount: 6, refusedCount: 0 });
    expect(again.body.skipped.map((s: { id: string; reason: string; batchSeq: number }) => [s.batchSeq, s.reason])).toEqual(cards.map((c) => [c.seq, 'cash']));
    const both = await Promise.all([sell(a, { batchId, fromSeq: 1, toSeq: 6 }), sell(a, { voucherIds: ids })]);
    expect(both.map((r) => [r.status, r.body.recorded])).toEqual([
      [200, 0],
      [200, 0],
    ]);
    // and underneath the locks, the database itself refuses a second cash row for a voucher
    await expect(
      rows(
        `INSERT INTO ledger_entries (provider_id, source, collection_mode, gross_minor, commission_rate_bp, commission_minor, net_minor, currency, plan_id, plan_name, voucher_id, occurred_at)
         SELECT provider_id, source, collection_mode, gross_minor, 0, 0, net_minor, currency, plan_id, plan_name, voucher_id, now() FROM ledger_entries WHERE source = 'cash' AND voucher_id = $1`,
        [ids[0]],
      ),
    ).rejects.toThrow(/uq_ledger_entries_voucher_sale/);
    const perVoucher = await rows(`SELECT voucher_id, count(*)::int AS n FROM ledger_entries WHERE voucher_id = ANY($1::uuid[]) GROUP BY voucher_id`, [ids]);
    expect(perVoucher).toHaveLength(6);
    expect(perVoucher.every((r: { n: number }) => r.n === 1)).toBe(true);
  });

  it('takes typed codes, scanned QR links and a range of a batch, dated soldAt', async () => {
    const { id: batchId, cards } = await batch(a, 6);
    const typed = `  ${cards[0].code.toLowerCase().slice(0, 4)} ${cards[0].code.toLowerCase().slice(4)} `;
    const scanned = hotspotLoginUrl('wifi.demo.test', cards[1].code, cards[1].password ?? cards[1].code);
    const byCode = await sell(a, { codes: [typed, scanned, cards[1].code] }).expect(200);
    expect(byCode.body).toMatchObject({ named: 2, recorded: 2 });

    const soldAt = new Date(Date.now() - 2 * 3600_000).toISOString();
    const range = await sell(a, { batchId, fromSeq: 3, toSeq: 4, soldAt }).expect(200);
    expect(range.body).toMatchObject({ named: 2, recorded: 2, soldAt });
    const dated = await cashRows([cards[2].id, cards[3].id]);
    expect(dated.map((l: { occurred_at: Date }) => new Date(l.occurred_at).toISOString())).toEqual([soldAt, soldAt]);
    expect((await row(`SELECT sold_at FROM vouchers WHERE id = $1`, [cards[2].id])).sold_at.toISOString()).toBe(soldAt);

    // the rest of the batch from position 5: an open-ended range
    expect((await sell(a, { batchId, fromSeq: 5 }).expect(200)).body).toMatchObject({ named: 2, recorded: 2 });
    expect(await cashRows(cards.map((c) => c.id))).toHaveLength(6);
  });

  it('skips an M-Pesa sale, refuses disabled, refunded and unsold expired vouchers', async () => {
    const { cards } = await batch(a, 4);
    await api(a, 'post', `/vouchers/${cards[0].id}/disable`).expect(200);
    await sell(a, { voucherIds: [cards[1].id] }).expect(200);
    await api(a, 'post', `/vouchers/${cards[1].id}/refund`).send({ method: 'cash', reason: 'Customer could not connect' }).expect(200);
    // the refund of a cash sale reverses it in the ledger (one sale, one refund: uq_ledger_entries_voucher_sale counts sales only)
    const reversed = await rows(`SELECT kind, source, gross_minor::int AS gross FROM ledger_entries WHERE voucher_id = $1 ORDER BY kind`, [cards[1].id]);
    expect(reversed.map((r: { kind: string; source: string; gross: number }) => [r.kind, r.source, Math.sign(r.gross)])).toEqual([
      ['refund', 'cash', -1],
      ['sale', 'cash', 1],
    ]);
    await rows(`UPDATE vouchers SET expires_at = now() - interval '1 minute' WHERE id = $1`, [cards[2].id]);
    await t.app.get(VoucherUsageService).expireDue();
    const before = await rows(`SELECT count(*)::int AS n FROM ledger_entries`);

    const res = await sell(a, { voucherIds: [cards[0].id, cards[1].id, cards[2].id, cards[3].id, stkVoucherId] }).expect(200);
    expect(res.body).toMatchObject({ recorded: 1, skippedCount: 1, refusedCount: 3 });
    expect(res.body.skipped).toEqual([expect.objectContaining({ id: stkVoucherId, reason: 'mpesa', batchSeq: null })]);
    expect(res.body.refused.map((r: { id: string; reason: string; status: string }) => [r.id, r.status, r.reason])).toEqual([
      [cards[0].id, 'disabled', 'disabled'],
      [cards[1].id, 'refunded', 'refunded'],
      [cards[2].id, 'expired', 'expired_unsold'],
    ]);
    expect((await rows(`SELECT count(*)::int AS n FROM ledger_entries`))[0].n).toBe(before[0].n + 1);
    expect(await cashRows([stkVoucherId])).toHaveLength(0);
  });

  it('lists used cards whose sale is not recorded, and records them through the same endpoint', async () => {
    const { id: batchId, cards } = await batch(a, 3);
    const loginAt = new Date(Date.now() - 3600_000);
    const users = cards.slice(0, 2).map((c) => ({ name: c.code, comment: `wavu:${c.id}`, uptimeSeconds: 60, bytesIn: 100, bytesOut: 900, active: true, limitReached: false }));
    await t.app.get(VoucherUsageService).applyUsage({ providerId: a.providerId, routerId: routers[a.providerId], at: loginAt, users });

    const listed = (await api(a, 'get', '/vouchers').query({ sale: 'not_recorded', batchId }).expect(200)).body;
    expect(listed.items.map((v: { id: string }) => v.id).sort()).toEqual([cards[0].id, cards[1].id].sort());
    // across the provider: only these two (the STK sale is recorded, unused cards are not listed)
    const all = (await api(a, 'get', '/vouchers').query({ sale: 'not_recorded', limit: 1 }).expect(200)).body;
    expect(all.items).toHaveLength(1);
    expect(all.nextCursor).toEqual(expect.any(String));
    const next = (await api(a, 'get', '/vouchers').query({ sale: 'not_recorded', limit: 1, cursor: all.nextCursor }).expect(200)).body;
    expect([...all.items, ...next.items].map((v: { id: string }) => v.id).sort()).toEqual([cards[0].id, cards[1].id].sort());
    expect(next.nextCursor).toBeNull();
    expect((await api(a, 'get', '/vouchers/counts').query({ sale: 'not_recorded' }).expect(200)).body).toMatchObject({ in_use: 2, total: 2 });

    const res = await sell(a, { voucherIds: listed.items.map((v: { id: string }) => v.id) }).expect(200);
    // they logged in, so they were on a router whatever pushed_at says
    expect(res.body).toMatchObject({ named: 2, recorded: 2, notOnRouters: 0 });
    const after = await rows(`SELECT status, first_login_at, sold_at FROM vouchers WHERE id = ANY($1::uuid[])`, [[cards[0].id, cards[1].id]]);
    for (const v of after) expect(v).toEqual({ status: 'in_use', first_login_at: loginAt, sold_at: loginAt });
    expect((await api(a, 'get', '/vouchers').query({ sale: 'not_recorded' }).expect(200)).body.items).toEqual([]);
    expect((await api(a, 'get', '/vouchers').query({ sale: 'recorded', batchId }).expect(200)).body.items).toHaveLength(2);
  });

  it('staff record sales; a read-only API key cannot', async () => {
    const { cards } = await batch(a, 2);
    const staff = await createStaff(t, a.owner);
    await t
      .http()
      .post('/api/v1/cash-sales')
      .set(staff.auth)
      .send({ voucherIds: [cards[0].id] })
      .expect(200);
    const readKey = await createApiKey(t, a.owner, 'read');
    await t
      .http()
      .post('/api/v1/cash-sales')
      .set(readKey.auth)
      .send({ voucherIds: [cards[1].id] })
      .expect(403);
    expect(await cashRows([cards[1].id])).toHaveLength(0);
  });

  it('bad input is a 400 and another provider’s vouchers or batch a 404, each changing nothing', async () => {
    const mine = await batch(a, 2);
    const theirs = await batch(b, 2);
    const before = await databaseFingerprint(t);
    const bad: Array<[Record<string, unknown>, string]> = [
      [{}, 'voucherIds'],
      [{ batchId: mine.id, codes: [mine.cards[0].code] }, 'codes'],
      [{ codes: ['AB1'] }, 'codes'],
      [{ codes: [] }, 'codes'],
      [{ codes: ['http://wifi.demo.test/login?password=x'] }, 'codes'],
      [{ voucherIds: [mine.cards[0].id], fromSeq: 1 }, 'fromSeq'],
      [{ batchId: mine.id, fromSeq: 2, toSeq: 1 }, 'toSeq'],
      [{ batchId: mine.id, fromSeq: 3 }, 'fromSeq'],
      [{ batchId: mine.id, fromSeq: 0 }, 'fromSeq'],
      [{ voucherIds: Array.from({ length: 10_001 }, () => mine.cards[0].id) }, 'voucherIds'],
      [{ voucherIds: ['not-a-uuid'] }, 'voucherIds'],
      [{ batchId: mine.id, soldAt: new Date(Date.now() + 3600_000).toISOString() }, 'soldAt'],
      [{ batchId: mine.id, soldAt: 'yesterday' }, 'soldAt'],
    ];
    for (const [body, field] of bad) {
      const res = await sell(a, body);
      expect([JSON.stringify(body).slice(0, 80), res.status]).toEqual([JSON.stringify(body).slice(0, 80), 400]);
      expect(res.body.details.map((d: { field: string }) => d.field)).toContain(field);
    }
    const notFound: Array<[Record<string, unknown>, string]> = [
      [{ batchId: theirs.id }, 'VOUCHER_BATCH_NOT_FOUND'],
      [{ voucherIds: [mine.cards[0].id, theirs.cards[0].id] }, 'VOUCHER_NOT_FOUND'],
      [{ codes: [mine.cards[0].code, theirs.cards[0].code] }, 'VOUCHER_NOT_FOUND'],
    ];
    for (const [body, code] of notFound) {
      const res = await sell(a, body).expect(404);
      expect(res.body.code).toBe(code);
    }
    // the unknown one is named (it might as well not exist), the provider's own card is not
    const byId = await sell(a, { voucherIds: [mine.cards[0].id, theirs.cards[0].id] }).expect(404);
    expect(JSON.stringify(byId.body.details)).toContain(theirs.cards[0].id);
    expect(JSON.stringify(byId.body.details)).not.toContain(mine.cards[0].id);
    const byCode = await sell(a, { codes: [mine.cards[0].code, theirs.cards[0].code] }).expect(404);
    expect(JSON.stringify(byCode.body.details)).toContain(theirs.cards[0].code);
    expect(JSON.stringify(byCode.body.details)).not.toContain(mine.cards[0].code);
    expect(await databaseFingerprint(t)).toEqual(before);
  });
});
