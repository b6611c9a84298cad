import type { PesapalSimulatorHandle } from '@wavu/pesapal-sim';
import { startPesapalSimulator } from '@wavu/pesapal-sim';
import { Clock } from '../../apps/api/src/common/clock';
import { SubscriptionLifecycleService } from '../../apps/api/src/modules/subscriptions/subscription-lifecycle.service';
import { SubscriptionsService } from '../../apps/api/src/modules/subscriptions/subscriptions.service';
import type { ProviderFixture, Session } from '../factories';
import { createProvider, createSuperAdmin, databaseFingerprint } from '../factories';
import type { TestApp } from '../setup/test-app';
import { startTestApp } from '../setup/test-app';
import { freePort } from '../setup/free-port';

const DAY = 86_400_000;

function addMonthsUtc(d: Date, n: number): Date {
  const r = new Date(d.getTime());
  const day = r.getUTCDate();
  r.setUTCDate(1);
  r.setUTCMonth(r.getUTCMonth() + n);
  r.setUTCDate(Math.min(day, new Date(Date.UTC(r.getUTCFullYear(), r.getUTCMonth() + 1, 0)).getUTCDate()));
  return r;
}

async function waitFor<T>(what: string, probe: () => Promise<T | null | undefined | false>, timeoutMs = 5000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** Plain-HTTP stand-in for the browser on Pesapal's hosted page: GET it, POST the form; returns Pesapal's redirect. */
async function payOnHostedPage(redirectUrl: string, action: 'mpesa' | 'card' | 'decline' | 'cancel'): Promise<string> {
  const page = await (await fetch(redirectUrl)).text();
  const formAction = /<form method="post" action="([^"]+)"/.exec(page)?.[1];
  const trackingId = /name="OrderTrackingId" value="([^"]+)"/.exec(page)?.[1];
  if (!formAction || !trackingId) throw new Error('no payment form on the hosted page');
  const res = await fetch(new URL(formAction, redirectUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ OrderTrackingId: trackingId, action, phone: '0712345678' }).toString(),
    redirect: 'manual',
  });
  await res.text();
  expect(res.status).toBe(302);
  return res.headers.get('location')!;
}

describe('subscriptions (e2e, Pesapal simulator over HTTP)', () => {
  let t: TestApp;
  let sim: PesapalSimulatorHandle;
  let admin: Session;
  let base: string;
  let clock: Clock;
  let service: SubscriptionsService;
  let lifecycle: SubscriptionLifecycleService;
  let monthly: { id: string; priceMinor: number };
  let yearly: { id: string; priceMinor: number };

  const sub = async (p: ProviderFixture) => (await t.http().get('/api/v1/subscription').set(p.owner.auth).expect(200)).body;
  const checkout = async (p: ProviderFixture, planId = monthly.id) => (await t.http().post('/api/v1/subscription/checkout').set(p.owner.auth).send({ planId }).expect(201)).body;
  const invoice = async (p: ProviderFixture, id: string) => (await t.http().get(`/api/v1/subscription/invoices/${id}`).set(p.owner.auth).expect(200)).body;
  const notifications = async (p: ProviderFixture) => (await t.http().get('/api/v1/notifications').set(p.owner.auth).query({ limit: 100 }).expect(200)).body.items as { kind: string; title: string }[];
  /** Follows Pesapal's redirect to our callback: answers our redirect to the SPA. */
  const returnTo = async (location: string) => {
    const res = await fetch(location, { redirect: 'manual' });
    await res.text();
    expect(res.status).toBe(302);
    return new URL(res.headers.get('location')!);
  };
  const auditCount = async (action: string, targetId: string) =>
    (await t.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM audit_logs WHERE action = $1 AND target_id = $2`, [action, targetId]))[0].n;

  beforeAll(async () => {
    const port = await freePort();
    base = `http://127.0.0.1:${port}`;
    sim = await startPesapalSimulator({ ipn: { retryBackoffMs: 10, timeoutMs: 3000 } });
    t = await startTestApp({ PESAPAL_BASE_URL: sim.url, PUBLIC_URL: base, SUBSCRIPTION_TRIAL_DAYS: '14', SUBSCRIPTION_GRACE_DAYS: '3' });
    await t.app.listen(port, '127.0.0.1');
    clock = t.app.get(Clock);
    service = t.app.get(SubscriptionsService);
    lifecycle = t.app.get(SubscriptionLifecycleService);
    admin = await createSuperAdmin(t);
    monthly = (
      await t
        .http()
        .post('/api/v1/admin/platform-plans')
        .set(admin.auth)
        .send({ name: 'Pro', priceMinor: 250_000, period: 'monthly', maxRouters: 2, maxVouchersPerMonth: 5000, features: ['M-Pesa STK push', ' Priority support '] })
        .expect(201)
    ).body;
    yearly = (await t.http().post('/api/v1/admin/platform-plans').set(admin.auth).send({ name: 'Pro yearly', priceMinor: 2_500_000, period: 'yearly', features: [] }).expect(201)).body;
  });
  afterAll(async () => {
    clock?.reset();
    await t?.close();
    await sim?.close();
  });
  afterEach(async () => {
    clock.reset();
    sim.configure({ ipn: { duplicates: 0, delayMs: 0, drop: false } });
    await sim.idle();
  });

  it('super admin manages platform plans; the public list shows only active ones', async () => {
    expect(monthly).toMatchObject({ name: 'Pro', priceMinor: 250_000, currency: 'KES', period: 'monthly', maxRouters: 2, features: ['M-Pesa STK push', 'Priority support'], active: true });
    const dup = await t.http().post('/api/v1/admin/platform-plans').set(admin.auth).send({ name: 'Pro', priceMinor: 100, period: 'monthly' }).expect(409);
    expect(dup.body.code).toBe('PLATFORM_PLAN_NAME_TAKEN');
    const basic = (await t.http().post('/api/v1/admin/platform-plans').set(admin.auth).send({ name: 'Basic', priceMinor: 100_000, period: 'monthly', active: false }).expect(201)).body;
    const publicList = (await t.http().get('/api/v1/platform-plans').expect(200)).body as { name: string }[];
    expect(publicList.map((p) => p.name)).toEqual(['Pro', 'Pro yearly']);
    const updated = await t.http().patch(`/api/v1/admin/platform-plans/${basic.id}`).set(admin.auth).send({ active: true, maxRouters: null, priceMinor: 120_000 }).expect(200);
    expect(updated.body).toMatchObject({ name: 'Basic', period: 'monthly', active: true, maxRouters: null, priceMinor: 120_000 }); // unchanged fields too
    const [updateAudit] = await t.dataSource.query(`SELECT metadata FROM audit_logs WHERE action = 'platform_plan.update' AND target_id = $1`, [basic.id]);
    expect([...updateAudit.metadata.fields].sort()).toEqual(['active', 'maxRouters', 'priceMinor']); // only what was sent
    expect((await t.http().get('/api/v1/platform-plans').expect(200)).body.map((p: { name: string }) => p.name)).toEqual(['Basic', 'Pro', 'Pro yearly']);
    await t.http().delete(`/api/v1/admin/platform-plans/${basic.id}`).set(admin.auth).expect(204);
    await t.http().delete(`/api/v1/admin/platform-plans/${basic.id}`).set(admin.auth).expect(404);
    const p = await createProvider(t, admin);
    await t.http().post('/api/v1/admin/platform-plans').set(p.owner.auth).send({ name: 'Hack', priceMinor: 100, period: 'monthly' }).expect(403);
    expect(await auditCount('platform_plan.delete', basic.id)).toBe(1);
  });

  it('approval starts a 14-day trial in the same transaction; a pending provider has none', async () => {
    const before = Date.now();
    const p = await createProvider(t, admin);
    const s = await sub(p);
    expect(s).toMatchObject({ providerId: p.providerId, status: 'trialing', plan: null, daysLeft: 14, canSell: true, graceEndsAt: null });
    const end = Date.parse(s.currentPeriodEnd);
    expect(end).toBeGreaterThanOrEqual(before + 14 * DAY - 1000);
    expect(end).toBeLessThanOrEqual(Date.now() + 14 * DAY);
    const pending = await createProvider(t, admin, { pending: true });
    await expect(service.getForProvider(pending.providerId)).rejects.toMatchObject({ code: 'SUBSCRIPTION_NOT_FOUND' });
    expect((await t.http().get('/api/v1/subscription').set(pending.owner.auth).expect(403)).body.code).toBe('PROVIDER_NOT_ACTIVE');
    expect(await service.canSell(pending.providerId)).toBe(false);
  });

  it('a paid order activates exactly once with duplicate IPNs, extra IPNs and the return all arriving at once', async () => {
    const p = await createProvider(t, admin);
    const trial = await sub(p);
    const { invoice: inv, redirectUrl } = await checkout(p);
    expect(inv).toMatchObject({ status: 'pending', amountMinor: 250_000, currency: 'KES', planName: 'Pro', number: 1, merchantReference: `SUB-${p.providerId.slice(0, 8)}-0001-1` });
    expect(redirectUrl).toContain(sim.url);
    expect(sim.ipnRegistrations()).toHaveLength(1); // registered once for the platform

    sim.configure({ ipn: { duplicates: 4 } });
    const location = await payOnHostedPage(redirectUrl, 'card');
    const trackingId = new URL(location).searchParams.get('OrderTrackingId')!;
    const ipnUrl = `${base}/api/v1/billing/pesapal/ipn?OrderTrackingId=${trackingId}&OrderMerchantReference=${inv.merchantReference}&OrderNotificationType=IPNCHANGE`;
    const [spa, ...acks] = await Promise.all([
      returnTo(location),
      ...Array.from({ length: 3 }, () => fetch(ipnUrl).then((r) => r.json())),
      fetch(`${base}/api/v1/billing/pesapal/ipn`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ OrderTrackingId: trackingId, OrderMerchantReference: inv.merchantReference, OrderNotificationType: 'IPNCHANGE' }),
      }).then((r) => r.json()),
    ]);
    await sim.idle();

    expect(spa.origin + spa.pathname).toBe(`${base}/app/subscription`);
    expect(Object.fromEntries(spa.searchParams)).toEqual({ payment: 'paid', invoice: inv.id });
    for (const ack of acks) expect(ack).toEqual({ orderNotificationType: 'IPNCHANGE', orderTrackingId: trackingId, orderMerchantReference: inv.merchantReference, status: 200 });
    const deliveries = sim.ipnDeliveries().filter((d) => d.orderTrackingId === trackingId);
    expect(deliveries.length).toBe(5);
    expect(deliveries.every((d) => d.acknowledged)).toBe(true);

    const s = await sub(p);
    // paid during the trial: the paid month starts when the trial ends (trial days are kept)
    expect(s).toMatchObject({ status: 'active', plan: { id: monthly.id }, canSell: true, currentPeriodStart: trial.currentPeriodEnd });
    expect(s.currentPeriodEnd).toBe(addMonthsUtc(new Date(trial.currentPeriodEnd), 1).toISOString());
    const paid = await invoice(p, inv.id);
    expect(paid).toMatchObject({ status: 'paid', paymentMethod: 'Visa', redirectUrl: null, periodStart: trial.currentPeriodEnd, periodEnd: s.currentPeriodEnd });
    expect(paid.confirmationCode).toMatch(/^\d{22}$/);
    expect((await notifications(p)).filter((n) => n.kind === 'subscription.paid')).toHaveLength(1);
    expect(await auditCount('subscription.paid', inv.id)).toBe(1);
    expect((await t.http().get('/api/v1/subscription/invoices').set(p.owner.auth).expect(200)).body.items).toHaveLength(1);
  });

  it('a pending status never activates (abandoned page, IPN and refresh while pending)', async () => {
    const p = await createProvider(t, admin);
    const before = await sub(p);
    const { invoice: inv, redirectUrl } = await checkout(p);
    const location = new URL(await payOnHostedPage(redirectUrl, 'cancel')); // to our cancellation_url: the SPA page
    expect(location.origin + location.pathname).toBe(`${base}/app/subscription`);
    expect(Object.fromEntries(location.searchParams)).toEqual({ invoice: inv.id, payment: 'cancelled' });
    const trackingId = sim.findOrderByReference(inv.merchantReference)!.orderTrackingId;
    const spa = await returnTo(`${base}/api/v1/billing/pesapal/callback?OrderTrackingId=${trackingId}&OrderMerchantReference=${inv.merchantReference}`);
    expect(spa.searchParams.get('payment')).toBe('pending');
    const ack = await t.http().get('/api/v1/billing/pesapal/ipn').query({ OrderTrackingId: trackingId, OrderMerchantReference: inv.merchantReference, OrderNotificationType: 'IPNCHANGE' }).expect(200);
    expect(ack.body.status).toBe(200);
    const refreshed = await t.http().post(`/api/v1/subscription/invoices/${inv.id}/refresh`).set(p.owner.auth).expect(200);
    expect(refreshed.body).toMatchObject({ status: 'pending', redirectUrl });
    expect(await sub(p)).toEqual(before);

    // M-Pesa that settles after the return: pending at the return, paid by the IPN later
    sim.configure({ mobileMoneyPendingMs: 150 });
    try {
      const second = await checkout(p);
      const loc2 = await payOnHostedPage(second.redirectUrl, 'mpesa');
      expect((await returnTo(loc2)).searchParams.get('payment')).toBe('pending');
      expect((await invoice(p, second.invoice.id)).status).toBe('pending');
      expect((await sub(p)).status).toBe('trialing');
      await waitFor('the late IPN', async () => (await invoice(p, second.invoice.id)).status === 'paid');
      expect((await sub(p)).status).toBe('active');
    } finally {
      sim.configure({ mobileMoneyPendingMs: 0 });
    }
  });

  it('a failed payment leaves the subscription unchanged', async () => {
    const p = await createProvider(t, admin);
    const before = await sub(p);
    const { invoice: inv, redirectUrl } = await checkout(p);
    const location = await payOnHostedPage(redirectUrl, 'decline');
    expect((await returnTo(location)).searchParams.get('payment')).toBe('failed');
    await sim.idle();
    const failed = await invoice(p, inv.id);
    expect(failed.status).toBe('failed');
    expect(failed.failureReason).toBeTruthy();
    expect(await sub(p)).toEqual(before);
  });

  it('an amount or currency mismatch never activates', async () => {
    const p = await createProvider(t, admin);
    const before = await sub(p);
    const { invoice: inv, redirectUrl } = await checkout(p);
    // our record says more than the order Pesapal charged (e.g. a tampered or stale order)
    await t.dataSource.query(`UPDATE subscription_invoices SET amount_minor = 260000 WHERE id = $1`, [inv.id]);
    const location = await payOnHostedPage(redirectUrl, 'mpesa');
    expect((await returnTo(location)).searchParams.get('payment')).toBe('rejected');
    await sim.idle();
    const rejected = await invoice(p, inv.id);
    expect(rejected.status).toBe('rejected');
    expect(rejected.failureReason).toMatch(/paid 250000 minor units, invoiced 260000/);
    expect(await sub(p)).toEqual(before);
    expect(await auditCount('subscription.payment_mismatch', inv.id)).toBe(1);
  });

  it('renewal extends from the current expiry while active, and from now once expired', async () => {
    const p = await createProvider(t, admin);
    const pay = async (planId = monthly.id) => {
      const { redirectUrl, invoice: inv } = await checkout(p, planId);
      await returnTo(await payOnHostedPage(redirectUrl, 'mpesa'));
      await sim.idle();
      expect((await invoice(p, inv.id)).status).toBe('paid');
    };
    const trial = await sub(p);
    await pay();
    const first = await sub(p);
    expect(first.currentPeriodEnd).toBe(addMonthsUtc(new Date(trial.currentPeriodEnd), 1).toISOString());
    await pay(yearly.id); // still active: from the current expiry
    const second = await sub(p);
    expect(second).toMatchObject({ status: 'active', plan: { id: yearly.id }, currentPeriodStart: first.currentPeriodEnd });
    expect(second.currentPeriodEnd).toBe(addMonthsUtc(new Date(first.currentPeriodEnd), 12).toISOString());

    // expired: 10 days after the end, the job has moved it to past_due; paying counts from now
    const now = new Date(Date.parse(second.currentPeriodEnd) + 10 * DAY);
    clock.set(now);
    await lifecycle.runDaily(now);
    expect((await sub(p)).status).toBe('paused');
    await pay();
    const renewed = await sub(p);
    expect(renewed).toMatchObject({ status: 'active', currentPeriodStart: now.toISOString(), currentPeriodEnd: addMonthsUtc(now, 1).toISOString(), graceEndsAt: null, pausedAt: null, canSell: true });
  });

  it('the daily job: reminders 7/3/1 → expired (grace) → paused; paying un-pauses', async () => {
    const p = await createProvider(t, admin);
    const end = new Date((await sub(p)).currentPeriodEnd);
    const at = (ms: number) => {
      const now = new Date(end.getTime() + ms);
      clock.set(now);
      return now;
    };
    const kinds = async () => (await notifications(p)).map((n) => n.title).reverse();

    await lifecycle.runDaily(at(-8 * DAY));
    expect(await kinds()).toEqual([]);
    await lifecycle.runDaily(at(-6.5 * DAY));
    await lifecycle.runDaily(at(-6.4 * DAY)); // same reminder: once
    expect(await kinds()).toEqual(['Your trial ends in 7 days']);
    await lifecycle.runDaily(at(-2.5 * DAY));
    await lifecycle.runDaily(at(-0.5 * DAY));
    expect(await kinds()).toEqual(['Your trial ends in 7 days', 'Your trial ends in 3 days', 'Your trial ends in 1 day']);
    expect((await sub(p)).status).toBe('trialing');

    await lifecycle.runDaily(at(DAY / 24));
    const pastDue = await sub(p);
    expect(pastDue).toMatchObject({ status: 'past_due', daysLeft: 0, canSell: true, graceEndsAt: new Date(end.getTime() + 3 * DAY).toISOString() });
    expect(await service.canSell(p.providerId)).toBe(true);
    await lifecycle.runDaily(at(2 * DAY));
    expect((await sub(p)).status).toBe('past_due');

    const pausedAt = at(3 * DAY + DAY / 24);
    const outcome = await lifecycle.runDaily(pausedAt);
    expect(outcome.paused).toBeGreaterThanOrEqual(1);
    expect(await sub(p)).toMatchObject({ status: 'paused', canSell: false, pausedAt: pausedAt.toISOString() });
    expect(await service.canSell(p.providerId)).toBe(false);
    expect((await kinds()).slice(3)).toEqual(['Your trial has ended', 'Sales paused']);
    await lifecycle.runDaily(pausedAt); // idempotent
    expect(await kinds()).toHaveLength(5);

    const { redirectUrl } = await checkout(p);
    await returnTo(await payOnHostedPage(redirectUrl, 'mpesa'));
    expect(await sub(p)).toMatchObject({ status: 'active', canSell: true, currentPeriodStart: pausedAt.toISOString(), currentPeriodEnd: addMonthsUtc(pausedAt, 1).toISOString() });
    expect(await service.canSell(p.providerId)).toBe(true);
  });

  it('super admin extends (days) and waives (a paid period, not revenue), both audited', async () => {
    const p = await createProvider(t, admin);
    const trial = await sub(p);
    const extended = await t.http().post(`/api/v1/admin/subscriptions/${p.providerId}/extend`).set(admin.auth).send({ days: 10, reason: 'Router outage compensation' }).expect(200);
    expect(extended.body).toMatchObject({ status: 'trialing', currentPeriodEnd: new Date(Date.parse(trial.currentPeriodEnd) + 10 * DAY).toISOString() });
    const revenueBefore = (await t.http().get('/api/v1/admin/subscriptions/revenue').set(admin.auth).expect(200)).body;
    const waived = await t.http().post(`/api/v1/admin/subscriptions/${p.providerId}/waive`).set(admin.auth).send({ planId: monthly.id, periods: 2, reason: 'Launch partner' }).expect(200);
    expect(waived.body).toMatchObject({
      status: 'active',
      plan: { id: monthly.id },
      currentPeriodStart: extended.body.currentPeriodEnd,
      currentPeriodEnd: addMonthsUtc(new Date(extended.body.currentPeriodEnd), 2).toISOString(),
    });
    const invoices = (await t.http().get('/api/v1/subscription/invoices').set(p.owner.auth).expect(200)).body.items;
    expect(invoices).toMatchObject([{ status: 'waived', amountMinor: 0, periods: 2 }]);
    expect((await t.http().get('/api/v1/admin/subscriptions/revenue').set(admin.auth).expect(200)).body).toEqual(revenueBefore);
    const audits = await t.dataSource.query(`SELECT action, metadata FROM audit_logs WHERE provider_id = $1 AND action LIKE 'subscription.%' ORDER BY created_at`, [p.providerId]);
    expect(audits.map((a: { action: string }) => a.action)).toEqual(['subscription.extend', 'subscription.waive']);
    expect(audits[0].metadata).toMatchObject({ days: 10, reason: 'Router outage compensation' });
    expect((await notifications(p)).map((n) => n.kind).sort()).toEqual(['subscription.extended', 'subscription.waived']);
    await t.http().post(`/api/v1/admin/subscriptions/${p.providerId}/extend`).set(p.owner.auth).send({ days: 10, reason: 'self service' }).expect(403);
    await t.http().post(`/api/v1/admin/subscriptions/00000000-0000-4000-8000-000000000000/extend`).set(admin.auth).send({ days: 1, reason: 'nobody' }).expect(404);
    expect((await t.http().get(`/api/v1/admin/subscriptions/${p.providerId}`).set(admin.auth).expect(200)).body.status).toBe('active');
  });

  it('subscription revenue: paid invoices only, total and per month', async () => {
    const rows = await t.dataSource.query<
      {
        total: string;
        n: number;
      }[]
    >(`SELECT coalesce(sum(amount_minor), 0)::bigint AS total, count(*)::int AS n FROM subscription_invoices WHERE status = 'paid'`);
    const revenue = (await t.http().get('/api/v1/admin/subscriptions/revenue').set(admin.auth).expect(200)).body;
    expect(rows[0].n).toBeGreaterThanOrEqual(5);
    expect(revenue.totals).toEqual([{ currency: 'KES', amountMinor: Number(rows[0].total), invoices: rows[0].n }]);
    expect(revenue.months.reduce((s: number, m: { amountMinor: number }) => s + m.amountMinor, 0)).toBe(Number(rows[0].total));
    expect(revenue.months[0].month).toMatch(/^\d{4}-\d{2}$/);
    await t
      .http()
      .get('/api/v1/admin/subscriptions/revenue')
      .set((await createProvider(t, admin)).owner.auth)
      .expect(403);
  });

  it("tenancy: A cannot see or refresh B's invoices (404) and lists only its own", async () => {
    const a = await createProvider(t, admin);
    const b = await createProvider(t, admin);
    const bInvoice = (await checkout(b)).invoice;
    const aInvoice = (await checkout(a)).invoice;
    const before = await databaseFingerprint(t, ['audit_logs']);
    expect((await t.http().get(`/api/v1/subscription/invoices/${bInvoice.id}`).set(a.owner.auth).expect(404)).body.code).toBe('SUBSCRIPTION_INVOICE_NOT_FOUND');
    await t.http().post(`/api/v1/subscription/invoices/${bInvoice.id}/refresh`).set(a.owner.auth).expect(404);
    const list = (await t.http().get('/api/v1/subscription/invoices').set(a.owner.auth).expect(200)).body.items;
    expect(list.map((i: { id: string }) => i.id)).toEqual([aInvoice.id]);
    await t.http().post('/api/v1/subscription/checkout').set(a.owner.auth).send({ planId: monthly.id, providerId: b.providerId }).expect(400);
    expect(await databaseFingerprint(t, ['audit_logs'])).toEqual(before);
  });

  it('webhook routes: malformed input is a 400 and changes nothing; an unknown order is not acknowledged', async () => {
    const before = await databaseFingerprint(t, ['audit_logs']);
    for (const query of [
      {},
      { OrderTrackingId: 'x' },
      { OrderTrackingId: 'a b', OrderMerchantReference: 'r' },
      { OrderTrackingId: 'x'.repeat(65), OrderMerchantReference: 'r' },
      { OrderTrackingId: 'x', OrderMerchantReference: 'r', extra: '1' },
    ]) {
      expect((await t.http().get('/api/v1/billing/pesapal/ipn').query(query).expect(400)).body.details).toBeDefined();
      await t.http().get('/api/v1/billing/pesapal/callback').query(query).expect(400);
    }
    for (const body of [{}, { OrderTrackingId: 'x' }, { OrderTrackingId: 5, OrderMerchantReference: 'r' }, { OrderTrackingId: 'x', OrderMerchantReference: 'r', Status: 'COMPLETED' }]) {
      expect((await t.http().post('/api/v1/billing/pesapal/ipn').send(body).expect(400)).body.details).toBeDefined();
    }
    const unknown = await t
      .http()
      .get('/api/v1/billing/pesapal/ipn')
      .query({ OrderTrackingId: '00000000-0000-4000-8000-000000000000', OrderMerchantReference: 'SUB-x-1-1', OrderNotificationType: 'IPNCHANGE' })
      .expect(200);
    expect(unknown.body).toEqual({ orderNotificationType: 'IPNCHANGE', orderTrackingId: '00000000-0000-4000-8000-000000000000', orderMerchantReference: 'SUB-x-1-1', status: 500 });
    const camel = await t.http().post('/api/v1/billing/pesapal/ipn').send({ orderTrackingId: 'abc', orderMerchantReference: 'SUB-y-1-1', orderNotificationType: 'IPNCHANGE' }).expect(200);
    expect(camel.body).toMatchObject({ orderTrackingId: 'abc', status: 500 });
    expect(await databaseFingerprint(t, ['audit_logs'])).toEqual(before);
  });

  it("adding a router beyond the plan's limit is refused (create and CSV import)", async () => {
    const p = await createProvider(t, admin);
    const router = (name: string) => ({ name, host: '127.0.0.1', apiPort: 1, useTls: false, username: 'admin', password: 'router-pass-1' });
    await t.http().post('/api/v1/routers').set(p.owner.auth).send(router('Trial router 1')).expect(201);
    await t.http().post(`/api/v1/admin/subscriptions/${p.providerId}/waive`).set(admin.auth).send({ planId: monthly.id, reason: 'router limit test' }).expect(200);
    await t.http().post('/api/v1/routers').set(p.owner.auth).send(router('Shop 2')).expect(201);
    const refused = await t.http().post('/api/v1/routers').set(p.owner.auth).send(router('Shop 3')).expect(409);
    expect(refused.body).toMatchObject({ code: 'PLAN_LIMIT_REACHED', message: expect.stringContaining('Your Pro plan allows at most 2 routers (you have 2, adding 1)') });
    const csv = 'name,host,username,password\nShop 4,127.0.0.1,admin,router-pass-1\n';
    expect((await t.http().post('/api/v1/routers/import').set(p.owner.auth).send({ csv }).expect(409)).body.code).toBe('PLAN_LIMIT_REACHED');
    expect((await t.http().get('/api/v1/routers').set(p.owner.auth).expect(200)).body.items).toHaveLength(2);
  });

  it("generating vouchers beyond the plan's monthly limit is refused", async () => {
    const p = await createProvider(t, admin);
    const tiny = (await t.http().post('/api/v1/admin/platform-plans').set(admin.auth).send({ name: 'Tiny', priceMinor: 10_000, period: 'monthly', maxVouchersPerMonth: 10, active: false }).expect(201))
      .body;
    await t.http().post(`/api/v1/admin/subscriptions/${p.providerId}/waive`).set(admin.auth).send({ planId: tiny.id, reason: 'voucher limit test' }).expect(200);
    const plan = (await t.http().post('/api/v1/plans').set(p.owner.auth).send({ name: '1 day', price: 50, kind: 'unlimited', validitySeconds: 86400 }).expect(201)).body;
    await t.http().post('/api/v1/voucher-batches').set(p.owner.auth).send({ planId: plan.id, quantity: 6 }).expect(202);
    const refused = await t.http().post('/api/v1/voucher-batches').set(p.owner.auth).send({ planId: plan.id, quantity: 5 }).expect(409);
    expect(refused.body).toMatchObject({ code: 'PLAN_LIMIT_REACHED', message: expect.stringContaining('at most 10 vouchers per month (you have 6, adding 5)') });
    await t.http().post('/api/v1/voucher-batches').set(p.owner.auth).send({ planId: plan.id, quantity: 4 }).expect(202);
  });

  it('plan limits: PLAN_LIMIT_REACHED with the limit in the message; the trial has the default limits', async () => {
    const p = await createProvider(t, admin);
    await expect(service.assertWithinLimit(p.providerId, 'routers', { current: 9, adding: 1 })).resolves.toBeUndefined();
    await expect(service.assertWithinLimit(p.providerId, 'routers', { current: 10, adding: 1 })).rejects.toMatchObject({
      code: 'PLAN_LIMIT_REACHED',
      message: expect.stringContaining('The free trial allows at most 10 routers (you have 10, adding 1). Choose a plan'),
    });
    await expect(service.assertWithinLimit(p.providerId, 'vouchers_per_month', { current: 15_000, adding: 5_001 })).rejects.toMatchObject({
      code: 'PLAN_LIMIT_REACHED',
      message: expect.stringContaining('at most 20000 vouchers per month'),
    });
    await t.http().post(`/api/v1/admin/subscriptions/${p.providerId}/waive`).set(admin.auth).send({ planId: monthly.id, reason: 'limits test' }).expect(200);
    await expect(service.assertWithinLimit(p.providerId, 'routers', { current: 1, adding: 1 })).resolves.toBeUndefined();
    await expect(service.assertWithinLimit(p.providerId, 'routers', { current: 2, adding: 1 })).rejects.toMatchObject({
      code: 'PLAN_LIMIT_REACHED',
      httpStatus: 409,
      message: expect.stringContaining('at most 2 routers'),
    });
    await expect(service.assertWithinLimit(p.providerId, 'vouchers_per_month', { current: 4000, adding: 1001 })).rejects.toMatchObject({
      code: 'PLAN_LIMIT_REACHED',
      message: expect.stringContaining('at most 5000 vouchers per month'),
    });
  });

  it('the default limits (free trial, no plan) are platform settings the super admin edits, audited; exceeding them is PLAN_LIMIT_REACHED', async () => {
    expect((await t.http().get('/api/v1/admin/platform-settings').set(admin.auth).expect(200)).body).toMatchObject({ defaultMaxRouters: 10, defaultMaxVouchersPerMonth: 20_000 });
    expect((await t.http().get('/api/v1/platform-plans/trial').expect(200)).body).toMatchObject({ maxRouters: 10, maxVouchersPerMonth: 20_000 });
    const p = await createProvider(t, admin);
    await t.http().put('/api/v1/admin/platform-settings').set(p.owner.auth).send({ defaultMaxRouters: 100 }).expect(403);
    for (const bad of [{ defaultMaxRouters: -1 }, { defaultMaxVouchersPerMonth: 1.5 }, { defaultMaxRouters: 'many' }, { unknown: 1 }]) {
      await t.http().put('/api/v1/admin/platform-settings').set(admin.auth).send(bad).expect(400);
    }
    try {
      const changed = await t.http().put('/api/v1/admin/platform-settings').set(admin.auth).send({ defaultMaxRouters: 1, defaultMaxVouchersPerMonth: 5 }).expect(200);
      expect(changed.body).toMatchObject({ defaultMaxRouters: 1, defaultMaxVouchersPerMonth: 5 });
      const [audit] = await t.dataSource.query(`SELECT metadata FROM audit_logs WHERE action = 'platform_settings.update' ORDER BY created_at DESC LIMIT 1`);
      expect(audit.metadata).toEqual({ defaultMaxRouters: '10 → 1', defaultMaxVouchersPerMonth: '20,000 → 5' });
      const router = (name: string) => ({ name, host: '127.0.0.1', apiPort: 1, useTls: false, username: 'admin', password: 'router-pass-1' });
      await t.http().post('/api/v1/routers').set(p.owner.auth).send(router('Trial 1')).expect(201);
      const refused = await t.http().post('/api/v1/routers').set(p.owner.auth).send(router('Trial 2')).expect(409);
      expect(refused.body).toMatchObject({ code: 'PLAN_LIMIT_REACHED', message: expect.stringContaining('The free trial allows at most 1 router (you have 1, adding 1)') });
      const plan = (await t.http().post('/api/v1/plans').set(p.owner.auth).send({ name: '1 day', price: 50, kind: 'unlimited', validitySeconds: 86400 }).expect(201)).body;
      expect((await t.http().post('/api/v1/voucher-batches').set(p.owner.auth).send({ planId: plan.id, quantity: 6 }).expect(409)).body.code).toBe('PLAN_LIMIT_REACHED');
      expect((await t.http().get('/api/v1/routers').set(p.owner.auth).expect(200)).body.items).toHaveLength(1);
      // null = unlimited
      await t.http().put('/api/v1/admin/platform-settings').set(admin.auth).send({ defaultMaxRouters: null }).expect(200);
      await t.http().post('/api/v1/routers').set(p.owner.auth).send(router('Trial 2')).expect(201);
    } finally {
      await t.http().put('/api/v1/admin/platform-settings').set(admin.auth).send({ defaultMaxRouters: 10, defaultMaxVouchersPerMonth: 20_000 }).expect(200);
    }
  });
});
