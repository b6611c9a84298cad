import type { DataSource } from 'typeorm';
import type { ProviderFixture } from '../../../../../test/factories';
import { createProvider, createSuperAdmin } from '../../../../../test/factories';
import type { TestApp } from '../../../../../test/setup/test-app';
import { startTestApp } from '../../../../../test/setup/test-app';
import { Clock } from '../../common/clock';
import { inTransaction } from '../../database/transaction';
import { PlansService } from '../plans/plans.service';
import { VoucherBatchesService } from './voucher-batches.service';
import { VoucherCodeGenerator } from './voucher-codes';
import { VoucherSalesService } from './voucher-sales.service';
import { VoucherUsageService } from './voucher-usage.service';
import { VouchersJobs } from './vouchers.jobs';
import { VouchersService } from './vouchers.service';
import { VoucherException } from './vouchers.exception';

const HOUR = 3600_000;
const DAY = 24 * HOUR;
/** Simulated times lie a year back, before anything the other tests generate (real clock) falls due. */
const BASE = Math.floor((Date.now() - 400 * DAY) / DAY) * DAY;
const at = (offsetMs: number) => new Date(BASE + offsetMs);

describe('vouchers against PostgreSQL', () => {
  let t: TestApp;
  let p: ProviderFixture;
  let ds: DataSource;
  let clock: Clock;
  let batches: VoucherBatchesService;
  let vouchers: VouchersService;
  let sales: VoucherSalesService;
  let usage: VoucherUsageService;
  let routerId: string;
  const actor = () => ({ kind: 'user' as const, userId: p.owner.userId, apiKeyId: null, email: p.email, role: 'provider_owner' as const, providerId: p.providerId, scope: 'full' as const });
  const ctx = { ip: null, userAgent: 'int-spec' };

  const plan = async (body: Record<string, unknown>) =>
    (await t.app.get(PlansService).create(p.providerId, { name: `Plan ${Math.random()}`, price: 50, kind: 'unlimited', validitySeconds: 86400, ...body } as never, actor(), ctx)).id;
  const row = async (id: string) => (await ds.query(`SELECT status, sold_at, first_login_at, expires_at, price_minor FROM vouchers WHERE id = $1`, [id]))[0];

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.dataSource;
    p = await createProvider(t, await createSuperAdmin(t));
    const router = await t.http().post('/api/v1/routers').set(p.owner.auth).send({ name: 'Unreachable', host: '127.0.0.1', apiPort: 1, useTls: false, username: 'admin', password: '' }).expect(201);
    routerId = router.body.id;
    clock = t.app.get(Clock);
    batches = t.app.get(VoucherBatchesService);
    vouchers = t.app.get(VouchersService);
    sales = t.app.get(VoucherSalesService);
    usage = t.app.get(VoucherUsageService);
  });
  afterEach(() => {
    clock.reset();
    jest.restoreAllMocks();
  });
  afterAll(() => t?.close());

  it('writes 10,000 vouchers in one batch, all unique and persisted, in order', async () => {
    const planId = await plan({});
    const batch = await batches.create(p.providerId, { planId, quantity: 10_000, codeLength: 8, alphabet: 'mixed' }, actor(), ctx, { wait: true });
    const done = await batches.get(p.providerId, batch.id);
    expect(done).toMatchObject({ status: 'ready', generated: 10_000, quantity: 10_000 });
    const [stats] = await ds.query(
      `SELECT count(*)::int AS n, count(DISTINCT code)::int AS codes, count(DISTINCT payment_reference)::int AS refs, min(batch_seq) AS lo, max(batch_seq) AS hi,
              bool_and(status = 'available') AS available, bool_and(length(payment_reference) <= 12) AS short
         FROM vouchers WHERE batch_id = $1`,
      [batch.id],
    );
    expect(stats).toEqual({ n: 10_000, codes: 10_000, refs: 10_000, lo: 1, hi: 10_000, available: true, short: true });
  });

  it('retries a code that conflicts on insert, never dropping it', async () => {
    const planId = await plan({});
    const first = await batches.create(p.providerId, { planId, quantity: 3 }, actor(), ctx, { wait: true });
    const [taken] = await ds.query(`SELECT code, payment_reference FROM vouchers WHERE batch_id = $1 ORDER BY batch_seq LIMIT 1`, [first.id]);
    const generator = t.app.get(VoucherCodeGenerator);
    const real = generator.codes.bind(generator);
    // the first draw collides with an existing code (and, separately, an existing reference)
    const codes = jest.spyOn(generator, 'codes').mockImplementationOnce((n, o) => [taken.code, ...real(n - 1, o)]);
    const realRefs = generator.references.bind(generator);
    const refs = jest.spyOn(generator, 'references').mockImplementationOnce((n) => [...realRefs(n - 1), taken.payment_reference]);

    const batch = await batches.create(p.providerId, { planId, quantity: 5 }, actor(), ctx, { wait: true });
    expect(await batches.get(p.providerId, batch.id)).toMatchObject({ status: 'ready', generated: 5 });
    const written = await ds.query(`SELECT code, payment_reference, batch_seq FROM vouchers WHERE batch_id = $1 ORDER BY batch_seq`, [batch.id]);
    expect(written.map((r: { batch_seq: number }) => r.batch_seq)).toEqual([1, 2, 3, 4, 5]);
    expect(written.map((r: { code: string }) => r.code)).not.toContain(taken.code);
    expect(written.map((r: { payment_reference: string }) => r.payment_reference)).not.toContain(taken.payment_reference);
    expect(codes.mock.calls.length).toBeGreaterThanOrEqual(2); // a second draw for the conflicting rows
    expect(refs.mock.calls.length).toBeGreaterThanOrEqual(2);
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM vouchers WHERE provider_id = $1 AND code = $2`, [p.providerId, taken.code]);
    expect(n).toBe(1);
  });

  it('draws again a reference another provider holds: references are unique across providers', async () => {
    const planId = await plan({});
    const first = await batches.create(p.providerId, { planId, quantity: 2 }, actor(), ctx, { wait: true });
    const [taken] = await ds.query(`SELECT payment_reference FROM vouchers WHERE batch_id = $1 ORDER BY batch_seq LIMIT 1`, [first.id]);
    const q = await createProvider(t, await createSuperAdmin(t));
    const qActor = { ...actor(), userId: q.owner.userId, email: q.email, providerId: q.providerId };
    const qPlan = (await t.app.get(PlansService).create(q.providerId, { name: 'Demo day', price: 50, kind: 'unlimited', validitySeconds: 86400 } as never, qActor, ctx)).id;
    const generator = t.app.get(VoucherCodeGenerator);
    const realRefs = generator.references.bind(generator);
    // provider q's first draws (its batch, then a voucher reserved for a portal purchase) name provider p's reference
    const refs = jest
      .spyOn(generator, 'references')
      .mockImplementationOnce((n) => [taken.payment_reference, ...realRefs(n - 1)])
      .mockImplementationOnce(() => [taken.payment_reference]);

    const batch = await batches.create(q.providerId, { planId: qPlan, quantity: 3 }, qActor, ctx, { wait: true });
    expect(await batches.get(q.providerId, batch.id)).toMatchObject({ status: 'ready', generated: 3 });
    const written = await ds.query(`SELECT payment_reference FROM vouchers WHERE batch_id = $1`, [batch.id]);
    expect(written).toHaveLength(3);
    expect(written.map((r: { payment_reference: string }) => r.payment_reference)).not.toContain(taken.payment_reference);
    const reserved = await inTransaction(ds, (m) => sales.reserveForPurchase(m, q.providerId, { planId: qPlan }));
    expect(reserved.paymentReference).not.toBe(taken.payment_reference);
    expect(refs.mock.calls.length).toBeGreaterThanOrEqual(4); // each conflicting draw was drawn again
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM vouchers WHERE payment_reference = $1`, [taken.payment_reference]);
    expect(n).toBe(1);
    expect(await vouchers.findByPaymentReferenceAnyProvider(taken.payment_reference.toLowerCase())).toMatchObject({ providerId: p.providerId, paymentReference: taken.payment_reference });
  });

  it('the bulk insert reports conflicting rows instead of failing the transaction', async () => {
    const planId = await plan({});
    const b = await batches.create(p.providerId, { planId, quantity: 2 }, actor(), ctx, { wait: true });
    const [existing] = await ds.query(`SELECT code FROM vouchers WHERE batch_id = $1 LIMIT 1`, [b.id]);
    const snapshot = await t.app.get(PlansService).getSnapshot(p.providerId, planId);
    const common = {
      providerId: p.providerId,
      planId,
      batchId: null,
      routerId: null,
      status: 'available' as const,
      planName: snapshot.name,
      priceMinor: 1,
      currency: 'KES',
      kind: 'unlimited',
      uptimeLimitSeconds: null,
      dataLimitBytes: null,
      validitySeconds: 60,
      validityFrom: 'purchase',
      profileName: 'x',
      expiresAt: null,
    };
    const stats = await inTransaction(ds, (m) =>
      batches.insertWithRetry(
        m,
        common,
        [
          { code: existing.code, password: null, reference: 'ZZZZ2222', seq: null },
          { code: 'UNIQUE2345', password: null, reference: 'ZZZZ3333', seq: null },
        ],
        { length: 8, alphabet: 'mixed' },
        false,
      ),
    );
    expect(stats).toEqual({ inserted: 2, conflictsRetried: 1 });
  });

  it('activation expiry: unsold vouchers expire N days after generation; once sold it no longer applies', async () => {
    clock.set(at(8 * HOUR));
    const planId = await plan({ activationExpiryDays: 2, validityFrom: 'purchase', validitySeconds: 30 * 86400 });
    const b = await batches.create(p.providerId, { planId, quantity: 2 }, actor(), ctx, { wait: true });
    const [a, sold] = await ds.query<{ id: string; payment_reference: string }[]>(`SELECT id, payment_reference FROM vouchers WHERE batch_id = $1 ORDER BY batch_seq`, [b.id]);
    expect((await row(a.id)).expires_at).toEqual(at(2 * DAY + 8 * HOUR));

    clock.advance(HOUR);
    await inTransaction(ds, (m) => sales.sellByReference(m, p.providerId, sold.payment_reference, { saleKey: `pay-${sold.id}` }));
    const s = await row(sold.id);
    expect(s.status).toBe('sold');
    expect(s.expires_at).toEqual(at(30 * DAY + 9 * HOUR)); // purchase window, not activation

    const job = t.app.get(VouchersJobs);
    expect((await job.runNow(at(2 * DAY + 8 * HOUR - 60_000))).counts).toMatchObject({ expired: 0 });
    const run = await job.runNow(at(2 * DAY + 8 * HOUR));
    expect(run).toMatchObject({ status: 'succeeded', counts: { expired: 1 } });
    expect((await row(a.id)).status).toBe('expired');
    expect((await row(sold.id)).status).toBe('sold');
    const [recorded] = await ds.query(`SELECT status, counts FROM job_runs WHERE id = $1`, [run.runId]);
    expect(recorded).toMatchObject({ status: 'succeeded', counts: { expired: 1 } });
  });

  it('purchase vs usage expiry: the window starts at the sale or at first login', async () => {
    const t0 = at(100 * DAY);
    clock.set(t0);
    const purchasePlan = await plan({ validityFrom: 'purchase', validitySeconds: 86400 });
    const usagePlan = await plan({ validityFrom: 'first_login', validitySeconds: 86400 });
    const [bought, used] = await inTransaction(ds, async (m) => [
      await sales.issueForSale(m, p.providerId, { planId: purchasePlan, saleKey: 'sale-purchase' }),
      await sales.issueForSale(m, p.providerId, { planId: usagePlan, saleKey: 'sale-usage' }),
    ]);
    expect(bought.expiresAt).toEqual(new Date(t0.getTime() + DAY));
    expect(used.expiresAt).toBeNull(); // nothing runs until first login

    // first login 10 hours later, reported by usage sync
    const loginAt = new Date(t0.getTime() + 10 * HOUR);
    const users = [bought, used].map((v) => ({ name: v.code, comment: `wavu:${v.id}`, uptimeSeconds: 5, bytesIn: 100, bytesOut: 900, active: true, limitReached: false }));
    expect(await usage.applyUsage({ providerId: p.providerId, routerId, at: loginAt, users })).toMatchObject({ updated: 2, firstLogins: 2, exhausted: 0 });
    expect(await row(bought.id)).toMatchObject({ status: 'in_use', first_login_at: loginAt, expires_at: new Date(t0.getTime() + DAY) });
    expect(await row(used.id)).toMatchObject({ status: 'in_use', first_login_at: loginAt, expires_at: new Date(loginAt.getTime() + DAY) });

    await usage.expireDue(new Date(t0.getTime() + DAY));
    expect((await row(bought.id)).status).toBe('expired');
    expect((await row(used.id)).status).toBe('in_use');
    await usage.expireDue(new Date(loginAt.getTime() + DAY));
    expect((await row(used.id)).status).toBe('expired');
  });

  it('usage sync ends a voucher whose data limit is used up', async () => {
    const planId = await plan({ kind: 'data', dataLimitBytes: 10 * 1024 * 1024, validitySeconds: null });
    const v = await inTransaction(ds, (m) => sales.issueForSale(m, p.providerId, { planId, saleKey: 'sale-data' }));
    const report = (bytes: number) => ({
      providerId: p.providerId,
      routerId,
      at: new Date(),
      users: [{ name: v.code, comment: `wavu:${v.id}`, uptimeSeconds: 60, bytesIn: 0, bytesOut: bytes, active: true, limitReached: false }],
    });
    await usage.applyUsage(report(5 * 1024 * 1024));
    expect((await row(v.id)).status).toBe('in_use');
    expect(await usage.applyUsage(report(10 * 1024 * 1024))).toMatchObject({ exhausted: 1 });
    expect((await row(v.id)).status).toBe('expired');
  });

  it('usage sync writes only what moved: the counters of a voucher in use, nothing for one unchanged or idle', async () => {
    const planId = await plan({});
    const [a, b, idle] = await Promise.all(['usage-a', 'usage-b', 'usage-idle'].map((saleKey) => inTransaction(ds, (m) => sales.issueForSale(m, p.providerId, { planId, saleKey }))));
    const user = (v: { id: string; code: string }, uptimeSeconds: number, bytes: number) => ({
      name: v.code,
      comment: `wavu:${v.id}`,
      uptimeSeconds,
      bytesIn: bytes,
      bytesOut: 0,
      active: uptimeSeconds > 0,
      limitReached: false,
    });
    const report = (users: ReturnType<typeof user>[]) => usage.applyUsage({ providerId: p.providerId, routerId, at: new Date(), users });
    expect(await report([user(a, 10, 1000), user(b, 20, 2000), user(idle, 0, 0)])).toMatchObject({ updated: 2, firstLogins: 2 });
    const stamp = async (id: string) => (await ds.query(`SELECT status, uptime_used_seconds, bytes_used, updated_at FROM vouchers WHERE id = $1`, [id]))[0];
    const idleBefore = await stamp(idle.id);
    const bBefore = await stamp(b.id);

    // a still online, b unchanged since the last sync, the idle card still unused
    expect(await report([user(a, 70, 5000), user(b, 20, 2000), user(idle, 0, 0)])).toMatchObject({ updated: 1, firstLogins: 0, exhausted: 0 });
    expect(await stamp(a.id)).toMatchObject({ status: 'in_use', uptime_used_seconds: '70', bytes_used: '5000' });
    expect(await stamp(b.id)).toEqual(bBefore);
    expect(await stamp(idle.id)).toEqual(idleBefore);
    expect(idleBefore.status).toBe('sold');
  });

  it('selling is idempotent by sale key, and a sold voucher cannot be sold again', async () => {
    const planId = await plan({});
    const a = await inTransaction(ds, (m) => sales.issueForSale(m, p.providerId, { planId, saleKey: 'mpesa-QWE123', buyerPhone: '0712345678' }));
    const b = await inTransaction(ds, (m) => sales.issueForSale(m, p.providerId, { planId, saleKey: 'mpesa-QWE123' }));
    expect(b).toMatchObject({ id: a.id, code: a.code, replayed: true });
    expect(a.replayed).toBe(false);
    const found = await vouchers.findByPaymentReference(p.providerId, a.paymentReference.toLowerCase());
    expect(found).toMatchObject({ id: a.id, status: 'sold', price: 50 });
    await expect(inTransaction(ds, (m) => sales.sellVoucher(m, p.providerId, a.id, { saleKey: 'other' }))).rejects.toMatchObject({ code: 'VOUCHER_NOT_AVAILABLE' });
  });

  it('a group of sales: each answered in its place, a voucher named twice sold once, a sale key used twice refused, unknown ids 404', async () => {
    const planId = await plan({});
    const reserve = () => inTransaction(ds, (m) => sales.reserveForPurchase(m, p.providerId, { planId, routerId }));
    const [a, b, c] = [await reserve(), await reserve(), await reserve()];
    const other = await createProvider(t, await createSuperAdmin(t));
    const answers = await inTransaction(ds, (m) =>
      sales.sellVouchers(m, [
        { providerId: p.providerId, voucherId: a.id, sale: { saleKey: 'group-a', buyerPhone: '0712000001' } },
        { providerId: p.providerId, voucherId: a.id, sale: { saleKey: 'group-a2' } },
        { providerId: p.providerId, voucherId: b.id, sale: { saleKey: 'group-b' } },
        { providerId: p.providerId, voucherId: c.id, sale: { saleKey: 'group-b' } },
        { providerId: other.providerId, voucherId: a.id, sale: { saleKey: 'group-x' } },
        { providerId: p.providerId, voucherId: '00000000-0000-4000-8000-000000000000', sale: { saleKey: 'group-y' } },
      ]),
    );
    expect(answers.map((x) => (x instanceof VoucherException ? x.code : `sold ${x.id}`))).toEqual([
      `sold ${a.id}`,
      'VOUCHER_NOT_AVAILABLE',
      `sold ${b.id}`,
      'VOUCHER_SALE_KEY_CONFLICT',
      'VOUCHER_NOT_FOUND',
      'VOUCHER_NOT_FOUND',
    ]);
    const rows = await ds.query(`SELECT id, status, sale_key, buyer_phone FROM vouchers WHERE id = ANY($1) ORDER BY sale_key NULLS LAST`, [[a.id, b.id, c.id]]);
    expect(rows).toEqual([
      { id: a.id, status: 'sold', sale_key: 'group-a', buyer_phone: '254712000001' },
      { id: b.id, status: 'sold', sale_key: 'group-b', buyer_phone: null },
      { id: c.id, status: 'available', sale_key: null, buyer_phone: null },
    ]);
    // each sold voucher queued for the router once, with its profile
    const codes = await ds.query(`SELECT id, code FROM vouchers WHERE id = ANY($1)`, [[a.id, b.id, c.id]]);
    const codeOf = (id: string) => codes.find((r: { id: string }) => r.id === id).code as string;
    const ops = await ds.query(`SELECT target FROM router_provisioning_ops WHERE router_id = $1 AND type = 'upsert_user' AND target = ANY($2)`, [routerId, codes.map((r: { code: string }) => r.code)]);
    expect(ops.map((o: { target: string }) => o.target).sort()).toEqual([codeOf(a.id), codeOf(b.id)].sort());
  });

  it('plan edits never change vouchers already generated', async () => {
    const plans = t.app.get(PlansService);
    const planId = await plan({ price: 20, kind: 'time', uptimeLimitSeconds: 3600, validitySeconds: 86400 });
    const b = await batches.create(p.providerId, { planId, quantity: 3 }, actor(), ctx, { wait: true });
    const before = await ds.query(`SELECT price_minor, uptime_limit_seconds, validity_seconds, validity_from, plan_name FROM vouchers WHERE batch_id = $1`, [b.id]);
    await plans.update(p.providerId, planId, { price: 30, uptimeLimitSeconds: 7200, validitySeconds: 172800, validityFrom: 'purchase', name: 'Renamed' }, actor(), ctx);
    const after = await ds.query(`SELECT price_minor, uptime_limit_seconds, validity_seconds, validity_from, plan_name FROM vouchers WHERE batch_id = $1`, [b.id]);
    expect(after).toEqual(before);
    expect(before[0]).toMatchObject({ price_minor: '2000', uptime_limit_seconds: 3600 });
    const next = await batches.create(p.providerId, { planId, quantity: 1 }, actor(), ctx, { wait: true });
    expect((await ds.query(`SELECT price_minor, plan_name FROM vouchers WHERE batch_id = $1`, [next.id]))[0]).toEqual({ price_minor: '3000', plan_name: 'Renamed' });
  });
});
