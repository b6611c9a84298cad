import { randomUUID } from 'node:crypto';
import type { ProviderFixture } from '../factories';
import { createProvider, createSuperAdmin } from '../factories';
import type { TestApp } from '../setup/test-app';
import { startTestApp } from '../setup/test-app';

/**
 * GET /admin/providers/performance end to end: ledger, STK payments, routers and vouchers are
 * written as known rows (times chosen around the range's edges), and every figure the API answers
 * is compared with one computed here from those rows; then sorting, search, pagination, the
 * default range and what is refused.
 */

// 1–8 March 2026, Nairobi days: [1 March 00:00 EAT, 9 March 00:00 EAT)
const FROM = '2026-02-28T21:00:00.000Z';
const TO = '2026-03-08T21:00:00.000Z';
const at = (iso: string) => new Date(iso);
const ms = (iso: string, delta: number) => new Date(at(iso).getTime() + delta).toISOString();

type Kind = 'sale' | 'refund';
interface LedgerFixture {
  p: 'A' | 'B' | 'C';
  source: 'stk' | 'c2b' | 'cash';
  kind: Kind;
  gross: number;
  commission: number;
  occurredAt: string;
}
interface PaymentFixture {
  p: 'A' | 'B' | 'C';
  source: 'stk' | 'c2b';
  status: 'pending' | 'paid' | 'failed' | 'cancelled' | 'expired' | 'flagged';
  createdAt: string;
  /** seconds from created to paid */
  paidAfter?: number;
}

const LEDGER: LedgerFixture[] = [
  { p: 'A', source: 'stk', kind: 'sale', gross: 2000, commission: 200, occurredAt: ms(FROM, -1) }, // just before the range
  { p: 'A', source: 'stk', kind: 'sale', gross: 5000, commission: 500, occurredAt: FROM }, // the first instant: inside
  { p: 'A', source: 'stk', kind: 'sale', gross: 10000, commission: 1000, occurredAt: '2026-03-03T09:00:00.000Z' },
  { p: 'A', source: 'cash', kind: 'sale', gross: 3000, commission: 0, occurredAt: '2026-03-04T12:00:00.000Z' },
  { p: 'A', source: 'stk', kind: 'refund', gross: -10000, commission: -1000, occurredAt: '2026-03-05T08:00:00.000Z' },
  { p: 'A', source: 'stk', kind: 'sale', gross: 7000, commission: 700, occurredAt: TO }, // the end is exclusive: outside, but the latest sale
  { p: 'B', source: 'c2b', kind: 'sale', gross: 20000, commission: 0, occurredAt: '2026-03-06T10:00:00.000Z' },
  { p: 'B', source: 'cash', kind: 'sale', gross: 1500, commission: 0, occurredAt: '2026-03-07T18:30:00.000Z' },
];

const PAYMENTS: PaymentFixture[] = [
  { p: 'A', source: 'stk', status: 'paid', createdAt: '2026-03-02T10:00:00.000Z', paidAfter: 10 },
  { p: 'A', source: 'stk', status: 'paid', createdAt: '2026-03-02T11:00:00.000Z', paidAfter: 20 },
  { p: 'A', source: 'stk', status: 'paid', createdAt: FROM, paidAfter: 40 },
  { p: 'A', source: 'stk', status: 'failed', createdAt: '2026-03-03T10:00:00.000Z' },
  { p: 'A', source: 'stk', status: 'cancelled', createdAt: '2026-03-03T11:00:00.000Z' },
  { p: 'A', source: 'stk', status: 'expired', createdAt: '2026-03-04T10:00:00.000Z' },
  { p: 'A', source: 'stk', status: 'pending', createdAt: '2026-03-08T20:59:59.999Z' },
  { p: 'A', source: 'stk', status: 'paid', createdAt: TO, paidAfter: 5 }, // outside
  { p: 'A', source: 'stk', status: 'failed', createdAt: ms(FROM, -1) }, // outside
  { p: 'A', source: 'c2b', status: 'paid', createdAt: '2026-03-05T10:00:00.000Z', paidAfter: 0 }, // not a push
  { p: 'B', source: 'stk', status: 'paid', createdAt: '2026-03-06T10:00:00.000Z', paidAfter: 30 },
];

const ROUTERS: Array<{ p: 'A' | 'B'; status: 'online' | 'offline' | 'error' | 'unknown' }> = [
  { p: 'A', status: 'online' },
  { p: 'A', status: 'online' },
  { p: 'A', status: 'offline' },
  { p: 'A', status: 'error' },
  { p: 'A', status: 'unknown' },
  { p: 'B', status: 'online' },
];

const VOUCHERS: Array<{ p: 'A' | 'B'; status: string; soldAt: string | null }> = [
  { p: 'A', status: 'sold', soldAt: FROM },
  { p: 'A', status: 'in_use', soldAt: '2026-03-03T09:00:00.000Z' },
  { p: 'A', status: 'refunded', soldAt: '2026-03-04T12:00:00.000Z' },
  { p: 'A', status: 'sold', soldAt: TO }, // outside
  { p: 'A', status: 'available', soldAt: null },
  { p: 'B', status: 'expired', soldAt: '2026-03-06T10:00:00.000Z' },
  { p: 'B', status: 'sold', soldAt: '2026-03-07T18:30:00.000Z' },
];

const inRange = (iso: string, from = FROM, to = TO) => at(iso) >= at(from) && at(iso) < at(to);

/** What the report should say for provider `p`, computed from the fixtures. */
function expected(p: 'A' | 'B' | 'C', from = FROM, to = TO) {
  const ledger = LEDGER.filter((l) => l.p === p && inRange(l.occurredAt, from, to));
  const sales = ledger.filter((l) => l.kind === 'sale');
  const refunds = ledger.filter((l) => l.kind === 'refund');
  const sum = (xs: LedgerFixture[], f: (l: LedgerFixture) => number) => xs.reduce((n, l) => n + f(l), 0);
  const pushes = PAYMENTS.filter((x) => x.p === p && x.source === 'stk' && inRange(x.createdAt, from, to));
  const paid = pushes.filter((x) => x.status === 'paid');
  const times = paid.map((x) => x.paidAfter!).sort((a, b) => a - b);
  const median = times.length === 0 ? null : times.length % 2 ? times[(times.length - 1) / 2] : (times[times.length / 2 - 1] + times[times.length / 2]) / 2;
  const routers = ROUTERS.filter((r) => r.p === p);
  const lastSale = LEDGER.filter((l) => l.p === p && l.kind === 'sale')
    .map((l) => l.occurredAt)
    .sort()
    .pop();
  return {
    sales:
      ledger.length === 0
        ? []
        : [
            {
              currency: 'KES',
              count: sales.length,
              grossMinor: sum(sales, (l) => l.gross),
              refundCount: refunds.length,
              refundsMinor: sum(refunds, (l) => -l.gross),
              commissionMinor: sum(ledger, (l) => l.commission),
              netMinor: sum(ledger, (l) => l.gross - l.commission),
            },
          ],
    salesCount: sales.length,
    pushes: {
      started: pushes.length,
      paid: paid.length,
      failed: pushes.filter((x) => x.status === 'failed' || x.status === 'cancelled').length,
      expired: pushes.filter((x) => x.status === 'expired').length,
      successRate: pushes.length === 0 ? null : paid.length / pushes.length,
      medianSecondsToPaid: median,
    },
    routers: {
      total: routers.length,
      online: routers.filter((r) => r.status === 'online').length,
      offline: routers.filter((r) => r.status === 'offline' || r.status === 'error').length,
    },
    vouchersSold: VOUCHERS.filter((v) => v.p === p && v.soldAt !== null && inRange(v.soldAt, from, to)).length,
    lastSaleAt: lastSale ? at(lastSale).toISOString() : null,
  };
}

describe('admin provider performance (e2e)', () => {
  let t: TestApp;
  let admin: Awaited<ReturnType<typeof createSuperAdmin>>;
  const providers = {} as Record<'A' | 'B' | 'C', ProviderFixture>;
  const NAMES = { A: 'Alpha Demo Shop', B: 'Beta Demo Hotspot', C: 'Charlie Demo Cafe' } as const;

  const report = (query: Record<string, string | number> = {}, auth = admin.auth) =>
    t
      .http()
      .get('/api/v1/admin/providers/performance')
      .query({ from: FROM, to: TO, ...query })
      .set(auth);
  const row = (body: { items: Array<{ providerId: string } & Record<string, any>> }, p: 'A' | 'B' | 'C') => body.items.find((i) => i.providerId === providers[p].providerId);

  beforeAll(async () => {
    t = await startTestApp();
    admin = await createSuperAdmin(t);
    providers.A = await createProvider(t, admin);
    providers.B = await createProvider(t, admin);
    providers.C = await createProvider(t, admin, { pending: true });
    const q = (sql: string, params: unknown[]) => t.dataSource.query(sql, params);
    for (const p of ['A', 'B', 'C'] as const) await q(`UPDATE providers SET business_name = $2 WHERE id = $1`, [providers[p].providerId, NAMES[p]]);
    // B collects into its own Daraja app: the settings row exists once the owner reads it
    await t.http().get('/api/v1/payments/settings').set(providers.B.owner.auth).expect(200);
    await q(`UPDATE payment_settings SET mode = 'own_account' WHERE provider_id = $1`, [providers.B.providerId]);
    const planId = randomUUID();
    for (const l of LEDGER) {
      await q(
        `INSERT INTO ledger_entries (provider_id, source, kind, collection_mode, gross_minor, commission_rate_bp, commission_minor, net_minor, currency, plan_id, plan_name, occurred_at)
         VALUES ($1, $2, $3, 'platform', $4, 1000, $5, $6, 'KES', $7, '1 day', $8)`,
        [providers[l.p].providerId, l.source, l.kind, l.gross, l.commission, l.gross - l.commission, planId, l.occurredAt],
      );
    }
    let ref = 0;
    for (const x of PAYMENTS) {
      const paidAt = x.paidAfter === undefined ? null : new Date(at(x.createdAt).getTime() + x.paidAfter * 1000);
      await q(
        `INSERT INTO payments (provider_id, source, status, collection_mode, shortcode, amount_minor, currency, commission_rate_bp, payment_reference, plan_id, plan_name, created_at, paid_at)
         VALUES ($1, $2, $3, 'platform', '174379', 5000, 'KES', 1000, $4, $5, '1 day', $6, $7)`,
        [providers[x.p].providerId, x.source, x.status, `PERF${++ref}`, planId, x.createdAt, paidAt],
      );
    }
    let n = 0;
    for (const r of ROUTERS) {
      await q(`INSERT INTO routers (id, provider_id, name, host, api_port, username, password_sealed, status) VALUES ($1, $2, $3, '10.0.0.1', 8728, 'admin', 'x', $4)`, [
        randomUUID(),
        providers[r.p].providerId,
        `Router ${++n}`,
        r.status,
      ]);
    }
    for (const v of VOUCHERS) {
      await q(
        `INSERT INTO vouchers (provider_id, plan_id, code, payment_reference, status, plan_name, price_minor, currency, kind, validity_from, profile_name, sold_at)
         VALUES ($1, $2, $3, $3, $4, '1 day', 5000, 'KES', 'unlimited', 'first_login', 'wavu-1day', $5)`,
        [providers[v.p].providerId, planId, `CODE${++n}`, v.status, v.soldAt],
      );
    }
  });
  afterAll(async () => {
    await t?.close();
  });

  it('answers every figure of every provider as computed from the rows, and the platform totals', async () => {
    const { body } = await report().expect(200);
    expect(body).toMatchObject({ from: FROM, to: TO, sort: 'gross', order: 'desc', total: 3, nextCursor: null });
    for (const p of ['A', 'B', 'C'] as const) {
      expect(row(body, p)).toEqual({
        providerId: providers[p].providerId,
        name: NAMES[p],
        status: p === 'C' ? 'pending' : 'active',
        collectionMode: p === 'B' ? 'own_account' : 'platform',
        ...expected(p),
      });
    }
    // hand-checked against the fixtures: A sold 5 000 + 10 000 + 3 000, refunded 10 000, paid 3 of 7 pushes (median of 10, 20, 40 s)
    expect(row(body, 'A')).toMatchObject({
      sales: [{ count: 3, grossMinor: 18000, refundCount: 1, refundsMinor: 10000, commissionMinor: 500, netMinor: 7500 }],
      pushes: { started: 7, paid: 3, failed: 2, expired: 1, successRate: 3 / 7, medianSecondsToPaid: 20 },
      routers: { total: 5, online: 2, offline: 2 },
      vouchersSold: 3,
      lastSaleAt: TO,
    });
    expect(row(body, 'C')!.pushes.successRate).toBeNull();

    const all = (['A', 'B', 'C'] as const).map((p) => expected(p));
    const sales = all.flatMap((e) => e.sales);
    const times = PAYMENTS.filter((x) => x.source === 'stk' && x.status === 'paid' && inRange(x.createdAt))
      .map((x) => x.paidAfter!)
      .sort((a, b) => a - b);
    expect(times).toEqual([10, 20, 30, 40]);
    expect(body.totals).toEqual({
      providers: 3,
      sales: [
        {
          currency: 'KES',
          count: sales.reduce((n, s) => n + s.count, 0),
          grossMinor: sales.reduce((n, s) => n + s.grossMinor, 0),
          refundCount: sales.reduce((n, s) => n + s.refundCount, 0),
          refundsMinor: sales.reduce((n, s) => n + s.refundsMinor, 0),
          commissionMinor: sales.reduce((n, s) => n + s.commissionMinor, 0),
          netMinor: sales.reduce((n, s) => n + s.netMinor, 0),
        },
      ],
      salesCount: 5,
      pushes: { started: 8, paid: 4, failed: 2, expired: 1, successRate: 0.5, medianSecondsToPaid: 25 },
      routers: { total: 6, online: 3, offline: 2 },
      vouchersSold: 5,
      lastSaleAt: TO,
    });
  });

  it('counts from inclusive and to exclusive', async () => {
    const later = ms(TO, 1);
    const { body } = await report({ to: later }).expect(200);
    expect(row(body, 'A')).toMatchObject(expected('A', FROM, later));
    expect(row(body, 'A')!.salesCount).toBe(4); // the sale at TO now counts
    const { body: shifted } = await report({ from: ms(FROM, -1) }).expect(200);
    expect(row(shifted, 'A')).toMatchObject(expected('A', ms(FROM, -1), TO));
    expect(row(shifted, 'A')!.pushes.started).toBe(8); // the push a millisecond before FROM
    const { body: narrow } = await report({ from: '2026-03-06T00:00:00.000Z', to: '2026-03-07T00:00:00.000Z' }).expect(200);
    expect(row(narrow, 'A')).toMatchObject({ sales: [], salesCount: 0, vouchersSold: 0, lastSaleAt: TO });
    expect(row(narrow, 'B')!.sales).toEqual(expected('B', '2026-03-06T00:00:00.000Z', '2026-03-07T00:00:00.000Z').sales);
  });

  it('defaults to the last 30 Nairobi days, today included', async () => {
    const { body } = await t.http().get('/api/v1/admin/providers/performance').set(admin.auth).expect(200);
    const nairobiMidnight = (daysAgo: number) => {
      const local = Date.now() + 3 * 3_600_000;
      return new Date(Math.floor(local / 86_400_000) * 86_400_000 - 3 * 3_600_000 - daysAgo * 86_400_000).toISOString();
    };
    expect(body.from).toBe(nairobiMidnight(29));
    expect(body.to).toBe(nairobiMidnight(-1));
    expect(body.totals.salesCount).toBe(0); // the fixtures are in March 2026
  });

  it('sorts by gross, success rate, offline routers and name; a provider without pushes ranks last either way', async () => {
    const order = async (query: Record<string, string>) => ((await report(query).expect(200)).body.items as Array<{ name: string }>).map((i) => i.name);
    expect(await order({})).toEqual([NAMES.B, NAMES.A, NAMES.C]); // 21 500 > 18 000 > 0
    expect(await order({ sort: 'gross', order: 'asc' })).toEqual([NAMES.C, NAMES.A, NAMES.B]);
    expect(await order({ sort: 'successRate' })).toEqual([NAMES.B, NAMES.A, NAMES.C]);
    expect(await order({ sort: 'successRate', order: 'asc' })).toEqual([NAMES.A, NAMES.B, NAMES.C]);
    expect(await order({ sort: 'routersOffline' })).toEqual([NAMES.A, NAMES.B, NAMES.C]); // B and C tie at 0: by name
    expect(await order({ sort: 'name' })).toEqual([NAMES.A, NAMES.B, NAMES.C]);
    expect(await order({ sort: 'name', order: 'desc' })).toEqual([NAMES.C, NAMES.B, NAMES.A]);
  });

  it('searches by name without changing the platform totals', async () => {
    const { body } = await report({ search: 'beta demo' }).expect(200);
    expect(body.items.map((i: { name: string }) => i.name)).toEqual([NAMES.B]);
    expect(body.total).toBe(1);
    expect(body.totals.providers).toBe(3);
    expect(body.totals.salesCount).toBe(5);
    expect((await report({ search: 'nobody' }).expect(200)).body).toMatchObject({ items: [], total: 0, nextCursor: null });
  });

  it('pages with limit and the opaque cursor', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const query: Record<string, string | number> = { limit: 1, sort: 'name' };
      if (cursor) query.cursor = cursor;
      const res = await report(query).expect(200);
      expect(res.body.items).toHaveLength(1);
      expect(res.body.total).toBe(3);
      seen.push(res.body.items[0].name);
      cursor = res.body.nextCursor as string | null;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual([NAMES.A, NAMES.B, NAMES.C]);
    const bad = await report({ cursor: 'not-a-cursor' }).expect(400);
    expect(bad.body.code).toBe('INVALID_CURSOR');
  });

  it('is for the super admin only', async () => {
    const res = await report({}, providers.A.owner.auth).expect(403);
    expect(res.body.code).toBe('FORBIDDEN');
    await t.http().get('/api/v1/admin/providers/performance').expect(401);
  });

  it.each([
    [{ sort: 'revenue' }, 'sort'],
    [{ order: 'up' }, 'order'],
    [{ limit: 0 }, 'limit'],
    [{ limit: 101 }, 'limit'],
    [{ from: 'yesterday' }, 'from'],
    [{ from: TO, to: FROM }, 'from'],
    [{ from: '2025-02-01T00:00:00.000Z', to: '2026-02-03T00:00:00.000Z' }, 'from'], // 367 days
    [{ providerId: 'x' }, 'providerId'],
  ])('refuses %j with 400 naming %s', async (query, field) => {
    const res = await report(query).expect(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(res.body.details)).toContain(field);
  });

  it('accepts a range of exactly 366 days', async () => {
    await report({ from: '2025-03-08T21:00:00.000Z', to: TO }).expect(200);
  });
});
