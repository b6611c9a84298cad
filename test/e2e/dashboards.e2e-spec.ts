import type { DarajaSimulator } from '@wavu/daraja-sim';
import { DEMO_APP, startDarajaSimulator } from '@wavu/daraja-sim';
import type { IncomingMessage } from 'node:http';
import { get as httpGet } from 'node:http';

import { OutboxWorker } from '../../apps/api/src/modules/routers/outbox.worker';
import { RouterMonitorService } from '../../apps/api/src/modules/routers/router-monitor.service';
import { RoutersService } from '../../apps/api/src/modules/routers/routers.service';
import { PaymentsService } from '../../apps/api/src/modules/payments/payments.service';
import type { ProviderFixture, Session } from '../factories';
import { acceptInvitation, createProvider, createSuperAdmin } from '../factories';
import type { TestApp } from '../setup/test-app';
import { startTestApp } from '../setup/test-app';
import { freePort } from '../setup/free-port';

/**
 * Dashboards end to end: the overview aggregates are compared with ledger rows created by real
 * STK purchases (Daraja simulator over HTTP); staff are refused owner-only routes; audit
 * filters; system health actions; the SSE stream is tenant-scoped.
 */
let seq = 0;
const phone = (suffix: string) => `2547${2000 + ++seq}${suffix}`;

interface Stream {
  events: Array<{ event: string; data: any }>;
  close(): void;
}

function openStream(port: number, ticket: string): Promise<Stream> {
  return new Promise((resolve, reject) => {
    const events: Stream['events'] = [];
    const req = httpGet({ host: '127.0.0.1', port, path: `/api/v1/events/stream?ticket=${encodeURIComponent(ticket)}`, headers: { Accept: 'text/event-stream' } }, (res: IncomingMessage) => {
      if (res.statusCode !== 200) return reject(new Error(`stream answered ${res.statusCode}`));
      let buffer = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        buffer += chunk;
        let cut: number;
        while ((cut = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, cut);
          buffer = buffer.slice(cut + 2);
          const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
          const data = /^data: (.*)$/m.exec(block)?.[1];
          events.push({ event, data: data ? JSON.parse(data) : null });
        }
      });
      const stream = { events, close: () => req.destroy() };
      const waitReady = () => (events.some((e) => e.event === 'ready') ? resolve(stream) : setTimeout(waitReady, 10));
      waitReady();
    });
    req.on('error', (err) => (err.message === 'socket hang up' ? undefined : reject(err)));
  });
}

describe('dashboards (e2e)', () => {
  let t: TestApp;
  let sim: DarajaSimulator;
  let port: number;
  let admin: Awaited<ReturnType<typeof createSuperAdmin>>;
  let a: ProviderFixture;
  let b: ProviderFixture;
  const routers: Record<string, string> = {};
  const plans: Record<string, string> = {};
  let payments: PaymentsService;

  const row = async (sql: string, params: unknown[] = []) => (await t.dataSource.query(sql, params))[0];
  const waitFor = async (check: () => Promise<boolean> | boolean, ms = 8000) => {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      if (await check()) return;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('condition not met in time');
  };
  const buy = async (p: ProviderFixture, suffix: string) => {
    const started = await payments.startPurchase({ providerId: p.providerId, routerId: routers[p.providerId], planId: plans[p.providerId], phone: phone(suffix), clientIp: '10.0.0.9' });
    await sim.idle();
    await waitFor(async () => (await row(`SELECT status FROM payments WHERE id = $1`, [started.purchaseId])).status !== 'pending');
    return started.purchaseId;
  };

  beforeAll(async () => {
    sim = await startDarajaSimulator({ apps: [DEMO_APP], logger: { debug: () => undefined, warn: () => undefined, error: () => undefined } });
    port = await freePort();
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
    a = await createProvider(t, admin);
    b = await createProvider(t, admin);
    for (const p of [a, b]) {
      const router = await t
        .http()
        .post('/api/v1/routers')
        .set(p.owner.auth)
        .send({ name: 'Kiosk', host: '127.0.0.1', apiPort: 1, useTls: false, username: 'admin', password: 'router-pw' })
        .expect(201);
      const plan = await t.http().post('/api/v1/plans').set(p.owner.auth).send({ name: '1 day', price: 50, kind: 'unlimited', validitySeconds: 86400 }).expect(201);
      routers[p.providerId] = router.body.id;
      plans[p.providerId] = plan.body.id;
    }
    // B collects through the platform with a 15 % commission: commissions become platform revenue.
    await t.http().put(`/api/v1/admin/payments/providers/${b.providerId}/commission`).set(admin.auth).send({ rateBp: 1500 }).expect(200);
    await buy(a, '0000');
    await buy(a, '0000');
    await buy(a, '0001'); // fails (insufficient funds)
    await buy(b, '0000');
  });
  afterAll(async () => {
    await t?.close();
    await sim?.close();
  });

  describe('provider overview', () => {
    it('matches the ledger: revenue ranges, sales, daily chart, top plans, payment success', async () => {
      const res = await t.http().get('/api/v1/overview').set(a.owner.auth).expect(200);
      const ledger = await row(`SELECT count(*)::int AS n, coalesce(sum(gross_minor), 0)::int AS gross, coalesce(sum(net_minor), 0)::int AS net FROM ledger_entries WHERE provider_id = $1`, [
        a.providerId,
      ]);
      expect(ledger.n).toBe(2);
      for (const range of ['today', 'last7Days', 'last30Days'] as const) {
        expect(res.body.revenue[range]).toEqual([{ currency: 'KES', count: ledger.n, grossMinor: ledger.gross, refundCount: 0, refundsMinor: 0, commissionMinor: 0, netMinor: ledger.net }]);
      }
      expect(res.body.sales).toEqual({ today: 2, last7Days: 2, last30Days: 2 });
      // by method: both sales were STK pushes; paybill, cash, reseller and complimentary are listed with zeros
      for (const range of ['today', 'last7Days', 'last30Days'] as const) {
        expect(res.body.salesByMethod[range]).toEqual([
          { method: 'stk', label: 'M-Pesa STK', currency: 'KES', count: ledger.n, grossMinor: ledger.gross, refundCount: 0, refundsMinor: 0, commissionMinor: 0, netMinor: ledger.net },
          { method: 'c2b', label: 'M-Pesa paybill', currency: 'KES', count: 0, grossMinor: 0, refundCount: 0, refundsMinor: 0, commissionMinor: 0, netMinor: 0 },
          { method: 'cash', label: 'Cash', currency: 'KES', count: 0, grossMinor: 0, refundCount: 0, refundsMinor: 0, commissionMinor: 0, netMinor: 0 },
          { method: 'reseller', label: 'Reseller', currency: 'KES', count: 0, grossMinor: 0, refundCount: 0, refundsMinor: 0, commissionMinor: 0, netMinor: 0 },
          { method: 'comp', label: 'Complimentary', currency: 'KES', count: 0, grossMinor: 0, refundCount: 0, refundsMinor: 0, commissionMinor: 0, netMinor: 0 },
        ]);
      }
      expect(res.body.daily).toHaveLength(30);
      expect(res.body.daily.reduce((s: number, d: { grossMinor: number }) => s + d.grossMinor, 0)).toBe(ledger.gross);
      expect(res.body.daily[29].grossMinor).toBe(ledger.gross);
      expect(res.body.topPlans).toEqual([{ planId: plans[a.providerId], planName: '1 day', currency: 'KES', count: 2, grossMinor: ledger.gross }]);
      const outcomes = await row(
        `SELECT count(*) FILTER (WHERE status = 'paid')::int AS paid, count(*) FILTER (WHERE status IN ('failed', 'cancelled', 'expired'))::int AS bad FROM payments WHERE provider_id = $1`,
        [a.providerId],
      );
      expect(res.body.paymentSuccess).toEqual({ succeeded: outcomes.paid, total: outcomes.paid + outcomes.bad, rate: outcomes.paid / (outcomes.paid + outcomes.bad), windowDays: 7 });
      expect(res.body.subscription).toMatchObject({ status: 'trialing', canSell: true });
    });

    it('counts vouchers by status and routers, and keeps tenants apart', async () => {
      const res = await t.http().get('/api/v1/overview').set(a.owner.auth).expect(200);
      const counts = await t.http().get('/api/v1/vouchers/counts').set(a.owner.auth).expect(200);
      expect(res.body.vouchers).toEqual(counts.body);
      expect(res.body.vouchers.sold + res.body.vouchers.in_use).toBeGreaterThanOrEqual(2);
      expect(res.body.routers).toMatchObject({ total: 1 });
      const other = await t.http().get('/api/v1/overview').set(b.owner.auth).expect(200);
      expect(other.body.sales.today).toBe(1);
      await t.http().get('/api/v1/overview').set(admin.auth).expect(403);
    });
  });

  describe('super-admin overview', () => {
    it('platform revenue = subscriptions + commissions, GMV and rates agree with the ledger and logs', async () => {
      const res = await t.http().get('/api/v1/admin/overview').set(admin.auth).expect(200);
      const ledger = await row(`SELECT count(*)::int AS n, sum(gross_minor)::int AS gross, sum(commission_minor)::int AS commission FROM ledger_entries`);
      expect(ledger.commission).toBe(750); // 15 % of KES 50 at B
      const subs = await row(`SELECT coalesce(sum(amount_minor), 0)::int AS s FROM subscription_invoices WHERE status = 'paid' AND paid_at > now() - interval '30 days'`);
      expect(res.body.gmv.last30Days).toEqual([expect.objectContaining({ currency: 'KES', count: ledger.n, grossMinor: ledger.gross, commissionMinor: ledger.commission })]);
      expect(res.body.platformRevenue.commissions30Days).toEqual([{ currency: 'KES', amountMinor: ledger.commission }]);
      expect(res.body.gmvByMethod.last30Days.find((m: { method: string }) => m.method === 'stk')).toMatchObject({ count: ledger.n, grossMinor: ledger.gross, commissionMinor: ledger.commission });
      expect(res.body.gmvByMethod.last30Days.find((m: { method: string }) => m.method === 'cash')).toMatchObject({ count: 0, grossMinor: 0 });
      const total = res.body.platformRevenue.total30Days.find((x: { currency: string }) => x.currency === 'KES');
      expect(total.amountMinor).toBe(ledger.commission + subs.s);
      expect(res.body.daily.filter((d: { currency: string }) => d.currency === 'KES').reduce((s: number, d: { gmvMinor: number }) => s + d.gmvMinor, 0)).toBe(ledger.gross);
      const p = await row(`SELECT count(*) FILTER (WHERE status = 'paid')::int AS paid, count(*) FILTER (WHERE status IN ('failed', 'cancelled', 'expired'))::int AS bad FROM payments`);
      expect(res.body.paymentSuccess).toMatchObject({ succeeded: p.paid, total: p.paid + p.bad });
      const w = await row(
        `SELECT count(*) FILTER (WHERE outcome IN ('processed', 'duplicate', 'ignored', 'rejected', 'flagged'))::int AS ok, count(*) FILTER (WHERE outcome = 'failed')::int AS failed FROM webhook_logs`,
      );
      expect(w.ok).toBeGreaterThanOrEqual(4);
      expect(res.body.webhookSuccess).toMatchObject({ succeeded: w.ok, total: w.ok + w.failed });
      const providers = await row(`SELECT count(*) FILTER (WHERE status = 'active')::int AS active, count(*)::int AS total FROM providers`);
      expect(res.body.providers).toMatchObject({ active: providers.active, total: providers.total });
      expect(res.body.routers.total).toBe(2);
      await t.http().get('/api/v1/admin/overview').set(a.owner.auth).expect(403);
    });

    it('router sync rate and system health: dead letters per router, retry, run a job now', async () => {
      // Sold vouchers queued operations for A's router. An unreachable router's backlog waits (it is
      // never dead-lettered), so set one aside as the worker does when a router keeps rejecting it.
      await t.app.get(OutboxWorker).drainOnce();
      await t.dataSource.query(
        `UPDATE router_provisioning_ops SET status = 'dead', attempts = 1, last_error_code = 'TRAP', last_error = 'failure: rejected by the router'
          WHERE id = (SELECT id FROM router_provisioning_ops WHERE router_id = $1 AND status = 'pending' ORDER BY seq LIMIT 1)`,
        [routers[a.providerId]],
      );
      const dead = await row(`SELECT count(*)::int AS n FROM router_provisioning_ops WHERE router_id = $1 AND status = 'dead'`, [routers[a.providerId]]);
      expect(dead.n).toBeGreaterThan(0);
      const overview = await t.http().get('/api/v1/admin/overview').set(admin.auth).expect(200);
      const ops = await row(`SELECT count(*) FILTER (WHERE status = 'done')::int AS done, count(*) FILTER (WHERE status = 'dead')::int AS dead FROM router_provisioning_ops`);
      const bulk = await row(`SELECT coalesce(sum(done), 0)::int AS done, coalesce(sum(total - done) FILTER (WHERE status = 'failed'), 0)::int AS refused FROM router_bulk_syncs`);
      expect(overview.body.routerSync).toMatchObject({ succeeded: ops.done + bulk.done, total: ops.done + ops.dead + bulk.done + bulk.refused });

      const health = await t.http().get('/api/v1/admin/system-health').set(admin.auth).expect(200);
      const backlog = health.body.outbox.find((o: { routerId: string }) => o.routerId === routers[a.providerId]);
      expect(backlog).toMatchObject({ dead: dead.n, providerId: a.providerId, providerName: expect.stringMatching(/^Hotspot /) });
      expect(health.body.jobs.map((j: { name: string }) => j.name)).toEqual(expect.arrayContaining(['voucher-expiry', 'router-monitor', 'payments-stk-reconcile', 'router-outbox']));

      // retry sets the dead operations back and makes every waiting one due now
      const waiting = await row(`SELECT count(*)::int AS n FROM router_provisioning_ops WHERE router_id = $1 AND status = 'pending'`, [routers[a.providerId]]);
      const retried = await t.http().post(`/api/v1/admin/system-health/routers/${routers[a.providerId]}/retry`).set(admin.auth).expect(200);
      expect(retried.body.retried).toBe(dead.n + waiting.n);
      expect((await row(`SELECT count(*)::int AS n FROM router_provisioning_ops WHERE router_id = $1 AND status = 'dead'`, [routers[a.providerId]])).n).toBe(0);
      await t.http().post(`/api/v1/admin/system-health/routers/00000000-0000-4000-8000-000000000000/retry`).set(admin.auth).expect(404);

      const run = await t.http().post('/api/v1/admin/system-health/jobs/voucher-expiry/run').set(admin.auth).expect(200);
      expect(run.body).toMatchObject({ status: 'succeeded', runId: expect.any(String) });
      const after = await t.http().get('/api/v1/admin/system-health').set(admin.auth).expect(200);
      expect(after.body.jobs.find((j: { name: string }) => j.name === 'voucher-expiry')).toMatchObject({ runnable: true, lastRun: { status: 'succeeded' }, runs24h: 1 });
      await t.http().post('/api/v1/admin/system-health/jobs/no-such-job/run').set(admin.auth).expect(404);
      await t.http().post('/api/v1/admin/system-health/jobs/voucher-expiry/run').set(a.owner.auth).expect(403);
    });

    it('shows failed webhooks with their payload masked', async () => {
      const msisdn = '254712398765';
      await t.dataSource.query(`INSERT INTO webhook_logs (provider_id, kind, body, outcome, detail) VALUES ($1, 'stk', $2, 'failed', 'boom')`, [
        a.providerId,
        JSON.stringify({ Body: { stkCallback: { CallbackMetadata: { Item: [{ Name: 'PhoneNumber', Value: Number(msisdn) }] } } }, FirstName: 'Achieng' }),
      ]);
      const health = await t.http().get('/api/v1/admin/system-health').set(admin.auth).expect(200);
      const failure = health.body.webhookFailures[0];
      expect(failure).toMatchObject({ providerId: a.providerId, outcome: 'failed', detail: 'boom' });
      expect(JSON.stringify(failure.body)).toContain('2547•••••765');
      expect(JSON.stringify(health.body)).not.toMatch(/712398765|Achieng/);
    });
  });

  describe('customers', () => {
    it('lists buyers by masked phone with totals, searchable, with their purchases', async () => {
      const list = await t.http().get('/api/v1/customers').set(a.owner.auth).expect(200);
      const paid = await t.dataSource.query<{ phone: string }[]>(`SELECT phone, amount_minor FROM payments WHERE provider_id = $1 AND status = 'paid'`, [a.providerId]);
      expect(list.body.items).toHaveLength(new Set(paid.map((p) => p.phone)).size);
      expect(JSON.stringify(list.body)).not.toContain(paid[0].phone);
      expect(list.body.items[0]).toMatchObject({ purchases: 1, stkPurchases: 1, paybillPurchases: 0, total: 50, currency: 'KES', phone: expect.stringContaining('•') });
      const found = await t
        .http()
        .get('/api/v1/customers')
        .query({ search: `0${paid[0].phone.slice(3)}` })
        .set(a.owner.auth)
        .expect(200);
      expect(found.body.items).toHaveLength(1);
      const byDigits = await t
        .http()
        .get('/api/v1/customers')
        .query({ search: paid[0].phone.slice(-5) })
        .set(a.owner.auth)
        .expect(200);
      expect(byDigits.body.items.map((c: { id: string }) => c.id)).toContain(found.body.items[0].id);
      const page1 = await t.http().get('/api/v1/customers').query({ limit: 1 }).set(a.owner.auth).expect(200);
      const page2 = await t.http().get('/api/v1/customers').query({ limit: 1, cursor: page1.body.nextCursor }).set(a.owner.auth).expect(200);
      expect(page2.body.items[0].id).not.toBe(page1.body.items[0].id);
      const purchases = await t.http().get(`/api/v1/customers/${found.body.items[0].id}/purchases`).set(a.owner.auth).expect(200);
      expect(purchases.body.items).toHaveLength(1);
      await t.http().get(`/api/v1/customers/${found.body.items[0].id}/purchases`).set(b.owner.auth).expect(404);
    });
  });

  describe('staff users', () => {
    let staff: Session;
    let staffId: string;

    it('an owner invites a staff user, who sets a password through the e-mailed link', async () => {
      const created = await t
        .http()
        .post('/api/v1/staff')
        .set(a.owner.auth)
        .send({ name: 'Wanjiru', email: `staff-${Date.now()}@example.test` })
        .expect(201);
      expect(created.body.user).toMatchObject({ role: 'provider_staff', active: true, status: 'invited' });
      expect(created.body).not.toHaveProperty('temporaryPassword');
      staffId = created.body.user.id;
      staff = await acceptInvitation(t, created.body.user.email, 'staff-password-123');
      const list = await t.http().get('/api/v1/staff').set(a.owner.auth).expect(200);
      expect(list.body.items.map((u: { role: string }) => u.role).sort()).toEqual(['provider_owner', 'provider_staff']);
      await t.http().post('/api/v1/staff').set(a.owner.auth).send({ name: 'Again', email: created.body.user.email }).expect(409);
    });

    it('staff are refused the owner-only routes with 403 and can use the rest', async () => {
      const refused: Array<[string, string, object?]> = [
        ['get', '/api/v1/payments/settings'],
        ['put', '/api/v1/payments/settings', { mode: 'platform' }],
        ['get', '/api/v1/api-keys'],
        ['post', '/api/v1/api-keys', { name: 'x', scope: 'read' }],
        ['get', '/api/v1/subscription'],
        ['get', '/api/v1/subscription/invoices'],
        ['post', '/api/v1/subscription/checkout', { planId: '00000000-0000-4000-8000-000000000000' }],
        ['get', '/api/v1/staff'],
        ['post', '/api/v1/staff', { name: 'Sneaky', email: 'sneaky@example.test' }],
        ['delete', `/api/v1/staff/${staffId}`],
        ['get', '/api/v1/audit-logs'],
      ];
      for (const [method, path, body] of refused) {
        const res = await (t.http() as any)[method](path).set(staff.auth).send(body);
        expect([path, res.status]).toEqual([path, 403]);
      }
      await t.http().get('/api/v1/overview').set(staff.auth).expect(200);
      const overview = await t.http().get('/api/v1/overview').set(staff.auth).expect(200);
      expect(overview.body.subscription).toBeNull();
      await t.http().get('/api/v1/customers').set(staff.auth).expect(200);
      await t.http().get('/api/v1/routers').set(staff.auth).expect(200);
    });

    it('another provider cannot remove them (404); the owner removes them and their sessions end at once', async () => {
      await t.http().delete(`/api/v1/staff/${staffId}`).set(b.owner.auth).expect(404);
      await t.http().delete(`/api/v1/staff/${a.owner.userId}`).set(a.owner.auth).expect(404);
      const removed = await t.http().delete(`/api/v1/staff/${staffId}`).set(a.owner.auth).expect(200);
      expect(removed.body).toMatchObject({ id: staffId, active: false });
      await t.http().get('/api/v1/overview').set(staff.auth).expect(401);
      await t.http().post('/api/v1/auth/refresh').send({ refreshToken: staff.refreshToken }).expect(401);
    });
  });

  describe('audit log', () => {
    it('filters by action prefix, actor and dates, and keeps providers to their own entries', async () => {
      const staffEntries = await t.http().get('/api/v1/audit-logs').query({ action: 'staff.' }).set(a.owner.auth).expect(200);
      expect(staffEntries.body.items.map((e: { action: string }) => e.action)).toEqual(['staff.removed', 'staff.created']);
      expect(staffEntries.body.items.every((e: { providerId: string }) => e.providerId === a.providerId)).toBe(true);
      const exact = await t.http().get('/api/v1/audit-logs').query({ action: 'staff.created' }).set(a.owner.auth).expect(200);
      expect(exact.body.items).toHaveLength(1);
      const future = await t
        .http()
        .get('/api/v1/audit-logs')
        .query({ from: new Date(Date.now() + 60_000).toISOString() })
        .set(a.owner.auth)
        .expect(200);
      expect(future.body.items).toEqual([]);
      const past = await t
        .http()
        .get('/api/v1/audit-logs')
        .query({ to: new Date(Date.now() + 60_000).toISOString(), limit: 2 })
        .set(a.owner.auth)
        .expect(200);
      expect(past.body.items).toHaveLength(2);
      expect(past.body.nextCursor).toEqual(expect.any(String));
      // B cannot read A's entries, even by asking for A's provider id
      const sneaky = await t.http().get('/api/v1/audit-logs').query({ providerId: a.providerId, action: 'staff.' }).set(b.owner.auth).expect(200);
      expect(sneaky.body.items).toEqual([]);
      const adminView = await t.http().get('/api/v1/audit-logs').query({ providerId: a.providerId, actor: a.email }).set(admin.auth).expect(200);
      expect(adminView.body.items.length).toBeGreaterThan(0);
      expect(adminView.body.items.every((e: { providerId: string; actorEmail: string }) => e.providerId === a.providerId && e.actorEmail === a.email)).toBe(true);
      const jobRun = await t.http().get('/api/v1/audit-logs').query({ action: 'job.run_now' }).set(admin.auth).expect(200);
      expect(jobRun.body.items[0]).toMatchObject({ targetId: 'voucher-expiry', actorEmail: admin.email });
    });
  });

  describe('live updates (SSE)', () => {
    it('delivers a router status change to its tenant only; forged tickets are refused', async () => {
      const ticketA = (await t.http().post('/api/v1/events/ticket').set(a.owner.auth).expect(200)).body.ticket;
      const ticketB = (await t.http().post('/api/v1/events/ticket').set(b.owner.auth).expect(200)).body.ticket;
      const ticketAdmin = (await t.http().post('/api/v1/events/ticket').set(admin.auth).expect(200)).body.ticket;
      const [streamA, streamB, streamAdmin] = await Promise.all([openStream(port, ticketA), openStream(port, ticketB), openStream(port, ticketAdmin)]);
      try {
        const router = await t.app.get(RoutersService).requireRouter(a.providerId, routers[a.providerId]);
        await t.dataSource.query(`UPDATE routers SET status = 'online' WHERE id = $1`, [router.id]);
        await t.app.get(RouterMonitorService).checkRouter({ ...router, status: 'online' });
        await waitFor(() => streamA.events.some((e) => e.event === 'router.status'));
        expect(streamA.events.find((e) => e.event === 'router.status')!.data).toMatchObject({ routerId: router.id, status: 'offline', previousStatus: 'online', providerId: a.providerId });
        await waitFor(() => streamAdmin.events.some((e) => e.event === 'router.status' && e.data.routerId === router.id));
        await new Promise((r) => setTimeout(r, 100));
        expect(streamB.events.filter((e) => e.event !== 'ready' && e.event !== 'ping')).toEqual([]);

        await buy(a, '0000');
        await waitFor(() => streamA.events.some((e) => e.event === 'payment.settled'));
        expect(streamA.events.find((e) => e.event === 'payment.settled')!.data).toMatchObject({ amount: 50, currency: 'KES', phoneMasked: expect.stringContaining('•') });
        expect(streamB.events.some((e) => e.event === 'payment.settled')).toBe(false);
      } finally {
        streamA.close();
        streamB.close();
        streamAdmin.close();
      }
      const forged = ticketA.split('.')[0] + '.' + 'x'.repeat(43);
      const res = await t.http().get('/api/v1/events/stream').query({ ticket: forged });
      expect(res.status).toBe(401);
      await t.http().post('/api/v1/events/ticket').expect(401);
    });
  });
});
