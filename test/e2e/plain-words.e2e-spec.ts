import type { DarajaSimulator } from '@wavu/daraja-sim';
import { DEMO_APP, RESULT_DESC, startDarajaSimulator } from '@wavu/daraja-sim';
import * as PostgresQueryRunnerModule from 'typeorm/driver/postgres/PostgresQueryRunner';
import { PaymentsService } from '../../apps/api/src/modules/payments/payments.service';
import type { ProviderFixture, Session } from '../factories';
import { acceptInvitation, createApiKey, createProvider, createSuperAdmin } from '../factories';
import { freePort } from '../setup/free-port';
import type { TestApp } from '../setup/test-app';
import { startTestApp } from '../setup/test-app';

/**
 * Plain words (issue 15): payment results in an owner's words, the audit log with names,
 * revealing a buyer's number (owner only, audited, limited) and the public trial length. The
 * purchases go through the real STK flow: the Daraja simulator's phone answers and calls back.
 */
describe('plain words (e2e)', () => {
  let t: TestApp;
  let sim: DarajaSimulator;
  let admin: Session & { email: string };
  let a: ProviderFixture;
  let b: ProviderFixture;
  let routerA: string;
  let planA: string;
  let payments: PaymentsService;
  let seq = 0;
  const msisdn = (suffix: string) => `2547${1000 + ++seq}${suffix}`;
  const waitFor = async (check: () => Promise<boolean>, ms = 8000) => {
    const until = Date.now() + ms;
    while (Date.now() < until) {
      if (await check()) return;
      await new Promise((r) => setTimeout(r, 20));
    }
    throw new Error('condition not met in time');
  };
  /** A purchase through STK push; resolves once the simulator's callback has settled it. */
  const buy = async (phone: string): Promise<string> => {
    const started = await payments.startPurchase({ providerId: a.providerId, routerId: routerA, planId: planA, phone, clientIp: `10.9.0.${seq}` });
    await sim.idle();
    await waitFor(async () => (await t.dataSource.query(`SELECT status FROM payments WHERE id = $1`, [started.purchaseId]))[0].status !== 'pending');
    return started.purchaseId;
  };

  beforeAll(async () => {
    sim = await startDarajaSimulator({ apps: [DEMO_APP], logger: { debug: () => undefined, warn: () => undefined, error: () => undefined } });
    const port = await freePort();
    t = await startTestApp({ DARAJA_BASE_URL: sim.url, DARAJA_CALLBACK_BASE_URL: `http://127.0.0.1:${port}`, DARAJA_TIMEOUT_MS: '2000', SUBSCRIPTION_TRIAL_DAYS: '21' });
    await t.app.listen(port, '127.0.0.1');
    payments = t.app.get(PaymentsService);
    admin = await createSuperAdmin(t);
    a = await createProvider(t, admin);
    b = await createProvider(t, admin);
    routerA = (
      await t.http().post('/api/v1/routers').set(a.owner.auth).send({ name: 'Kiosk Kawangware', host: '127.0.0.1', apiPort: 1, useTls: false, username: 'admin', password: 'router-pw' }).expect(201)
    ).body.id;
    planA = (await t.http().post('/api/v1/plans').set(a.owner.auth).send({ name: '1 hour', price: 20, kind: 'unlimited', validitySeconds: 3600 }).expect(201)).body.id;
  });
  afterAll(async () => {
    await t?.close();
    await sim?.close();
  });

  describe('payment results in plain words', () => {
    // every ResultCode the simulator produces: its magic phone suffixes, and other codes through a phone rule
    it.each([
      ['0001', '1', 'failed', 'Not enough money in M-Pesa'],
      ['2001', '2001', 'failed', 'Wrong M-Pesa PIN'],
      ['1032', '1032', 'cancelled', 'Customer cancelled'],
      ['1037', '1037', 'failed', 'Phone could not be reached (off or no network)'],
      ['1019', '1019', 'failed', 'Request expired before the customer answered'],
      ['9999', '9999', 'failed', 'The M-Pesa prompt could not be sent'],
      ['0017', '17', 'failed', 'Same payment just made: customer must wait 2 minutes'],
      ['1025', '1025', 'failed', 'The M-Pesa prompt could not be sent'],
      ['8006', '8006', 'failed', "Customer's M-Pesa PIN is locked"],
    ])('phone ending %s → ResultCode %s: %s, "%s", Daraja’s text kept', async (suffix, code, status, label) => {
      const id = await buy(msisdn(suffix));
      const res = await t.http().get(`/api/v1/payments/${id}`).set(a.owner.auth).expect(200);
      expect(res.body).toMatchObject({ status, resultCode: code, resultLabel: label, resultDesc: RESULT_DESC[code] });
    });

    it.each([
      [26, 'M-Pesa was busy'],
      [1001, 'Another M-Pesa request was open on the phone'],
      [2028, 'M-Pesa settings wrong (paybill or till mixed up)'],
    ])('a callback with ResultCode %s reads "%s"', async (code, label) => {
      const phone = msisdn('5555');
      sim.addPhoneRule({ match: { phone }, action: { resultCode: code } });
      const id = await buy(phone);
      expect((await t.http().get(`/api/v1/payments/${id}`).set(a.owner.auth).expect(200)).body).toMatchObject({ resultCode: String(code), resultLabel: label });
    });

    it('the list carries the label too, and a paid payment has none', async () => {
      const paid = await buy(msisdn('0000'));
      const list = (await t.http().get('/api/v1/payments?limit=100').set(a.owner.auth).expect(200)).body.items as {
        id: string;
        status: string;
        resultLabel: string | null;
        resultCode: string | null;
      }[];
      expect(list.find((p) => p.id === paid)).toMatchObject({ status: 'paid', resultLabel: null });
      expect(list.find((p) => p.resultCode === '2001')?.resultLabel).toBe('Wrong M-Pesa PIN');
    });
  });

  describe('audit log with names', () => {
    let staffEmail: string;

    beforeAll(async () => {
      staffEmail = `wanjiru-${Date.now()}@example.test`;
      await t.http().post('/api/v1/staff').set(a.owner.auth).send({ name: 'Wanjiru Staff', email: staffEmail }).expect(201);
      await t.http().patch(`/api/v1/routers/${routerA}`).set(a.owner.auth).send({ name: 'Kiosk Stage' }).expect(200);
      await t.http().post('/api/v1/voucher-batches').set(a.owner.auth).send({ planId: planA, quantity: 3, label: 'Counter stock' }).expect(202);
      const gone = await t
        .http()
        .post('/api/v1/routers')
        .set(a.owner.auth)
        .send({ name: 'Old Shop Router', host: '127.0.0.1', apiPort: 1, useTls: false, username: 'admin', password: 'router-pw' })
        .expect(201);
      await t.http().delete(`/api/v1/routers/${gone.body.id}`).set(a.owner.auth).expect(204);
    });

    const entries = async (query = '') => (await t.http().get(`/api/v1/audit-logs?limit=100${query}`).set(a.owner.auth).expect(200)).body.items as Record<string, any>[];

    it('names the actor, the target and the action, and writes details as lines', async () => {
      const items = await entries();
      const byAction = (action: string) => items.find((e) => e.action === action)!;
      const owner = byAction('router.update');
      expect(owner.actorLabel).toBe(`Test Owner (${a.email})`);
      expect(owner).toMatchObject({ actorName: 'Test Owner', actionLabel: 'Changed a router', targetLabel: 'Router “Kiosk Stage”' });
      expect(owner.details).toEqual(expect.arrayContaining([{ label: 'Changed', value: 'name' }]));
      expect(byAction('plan.created')).toMatchObject({ actionLabel: 'Created a plan', targetLabel: 'Plan “1 hour”' });
      expect(byAction('staff.created')).toMatchObject({ actionLabel: 'Added a staff member', targetLabel: `Wanjiru Staff (${staffEmail})` });
      expect(byAction('voucher_batch.created')).toMatchObject({ actionLabel: 'Generated a voucher batch', targetLabel: 'Voucher batch “Counter stock”' });
      expect(byAction('voucher_batch.created').details).toEqual(expect.arrayContaining([{ label: 'Codes', value: '3' }]));
      // a deleted router keeps the name its entry recorded
      expect(byAction('router.delete')).toMatchObject({ actionLabel: 'Deleted a router', targetLabel: 'Router “Old Shop Router”' });
      // nothing shows a raw id
      for (const e of items) for (const d of e.details) expect(d.value).not.toMatch(/[0-9a-f]{8}-[0-9a-f]{4}-/);
    });

    it('the super admin sees provider names', async () => {
      const items = (await t.http().get(`/api/v1/audit-logs?providerId=${a.providerId}&action=provider.`).set(admin.auth).expect(200)).body.items as Record<string, any>[];
      const approve = items.find((e) => e.action === 'provider.approve')!;
      expect(approve.actorLabel).toBe(`Test Admin (${admin.email})`);
      expect(approve.providerName).toMatch(/^Hotspot /);
      expect(approve.targetLabel).toBe(`Provider “${approve.providerName}”`);
      expect(approve.details).toEqual(
        expect.arrayContaining([
          { label: 'From', value: 'pending' },
          { label: 'To', value: 'active' },
        ]),
      );
    });

    it('resolves the names of a page in one statement, however long the page', async () => {
      // counts the statements that read the audit log or the tables names come from (the routers'
      // background work — outbox retries to the unreachable test router — reads other tables)
      const READS =
        /audit_logs|unnest\(\$1::text\[\], \$2::uuid\[\]\)|FROM "?(users|api_keys|providers|plans|vouchers|voucher_batches|platform_plans|subscription_invoices|provider_subscriptions|statement_uploads|statement_sources)"?\b/;
      const { PostgresQueryRunner } = PostgresQueryRunnerModule;
      const original = PostgresQueryRunner.prototype.query;
      const count = async (limit: number) => {
        const seen: string[] = [];
        PostgresQueryRunner.prototype.query = function (this: unknown, ...args: unknown[]) {
          if (READS.test(String(args[0]))) seen.push(String(args[0]));
          return (original as (...a: unknown[]) => unknown).apply(this, args);
        } as typeof original;
        try {
          const res = await t.http().get(`/api/v1/audit-logs?limit=${limit}`).set(a.owner.auth).expect(200);
          return { seen, items: res.body.items.length as number };
        } finally {
          PostgresQueryRunner.prototype.query = original;
        }
      };
      const small = await count(2);
      const large = await count(100);
      expect(large.items).toBeGreaterThan(8);
      expect(large.seen.length).toBe(small.seen.length);
      expect(large.seen.filter((q) => q.includes('unnest($1::text[], $2::uuid[])'))).toHaveLength(1);
    });
  });

  describe('revealing a buyer’s number', () => {
    let phone: string;
    let customerId: string;
    let paymentId: string;
    let staff: Session;

    beforeAll(async () => {
      phone = msisdn('0000');
      paymentId = await buy(phone);
      const list = (await t.http().get(`/api/v1/customers?search=${phone}`).set(a.owner.auth).expect(200)).body.items;
      customerId = list[0].id;
      const created = await t
        .http()
        .post('/api/v1/staff')
        .set(a.owner.auth)
        .send({ name: 'Counter Staff', email: `counter-${Date.now()}@example.test` })
        .expect(201);
      staff = await acceptInvitation(t, created.body.user.email, 'staff-password-123');
    });

    const reveals = async () =>
      await t.dataSource.query<
        {
          actor_email: string;
          target_id: string;
          metadata: Record<string, unknown>;
        }[]
      >(`SELECT actor_email, target_id, metadata FROM audit_logs WHERE action = 'customer.phone_revealed' ORDER BY created_at`);

    it('the list stays masked; the owner sees the full number and the reveal is audited with who and which', async () => {
      const list = (await t.http().get(`/api/v1/customers?search=${phone}`).set(a.owner.auth).expect(200)).body.items;
      expect(list[0].phone).toBe(`${phone.slice(0, 4)}•••••${phone.slice(-3)}`);
      expect(JSON.stringify((await t.http().get('/api/v1/customers').set(a.owner.auth).expect(200)).body)).not.toContain(phone);

      const res = await t.http().post(`/api/v1/customers/${customerId}/phone`).set(a.owner.auth).expect(200);
      expect(res.body).toEqual({ customerId, phone, display: `0${phone.slice(3, 6)} ${phone.slice(6, 9)} ${phone.slice(9)}`, remaining: 29 });
      const fromPayment = await t.http().post(`/api/v1/payments/${paymentId}/phone`).set(a.owner.auth).expect(200);
      expect(fromPayment.body).toMatchObject({ customerId, phone, remaining: 28 });

      const rows = await reveals();
      expect(rows).toEqual([
        { actor_email: a.email, target_id: customerId, metadata: { phone: list[0].phone, via: 'customer' } },
        { actor_email: a.email, target_id: customerId, metadata: { phone: list[0].phone, via: 'payment' } },
      ]);
      const entry = (await t.http().get('/api/v1/audit-logs?action=customer.phone_revealed').set(a.owner.auth).expect(200)).body.items[0];
      expect(entry).toMatchObject({ actionLabel: "Showed a buyer's full phone number", targetLabel: `Buyer ${list[0].phone}` });
    });

    it('staff and API keys get 403, another provider 404, bad ids 400; none of them is audited', async () => {
      const before = (await reveals()).length;
      expect((await t.http().post(`/api/v1/customers/${customerId}/phone`).set(staff.auth).expect(403)).body.code).toBe('FORBIDDEN');
      await t.http().post(`/api/v1/payments/${paymentId}/phone`).set(staff.auth).expect(403);
      const key = await createApiKey(t, a.owner, 'full');
      await t.http().post(`/api/v1/customers/${customerId}/phone`).set(key.auth).expect(403);
      expect((await t.http().post(`/api/v1/customers/${customerId}/phone`).set(b.owner.auth).expect(404)).body.code).toBe('CUSTOMER_NOT_FOUND');
      expect((await t.http().post(`/api/v1/payments/${paymentId}/phone`).set(b.owner.auth).expect(404)).body.code).toBe('PAYMENT_NOT_FOUND');
      await t.http().post('/api/v1/customers/not-a-uuid/phone').set(a.owner.auth).expect(400);
      await t.http().post(`/api/v1/customers/${customerId}/phone`).expect(401);
      expect((await reveals()).length).toBe(before);
    });

    it('stops at 30 an hour per user with a 429 and Retry-After, auditing only what was shown', async () => {
      const done = (await reveals()).length;
      for (let i = done; i < 30; i++) await t.http().post(`/api/v1/customers/${customerId}/phone`).set(a.owner.auth).expect(200);
      const refused = await t.http().post(`/api/v1/customers/${customerId}/phone`).set(a.owner.auth).expect(429);
      expect(refused.body.code).toBe('PHONE_REVEAL_RATE_LIMITED');
      expect(Number(refused.headers['retry-after'])).toBeGreaterThan(3000);
      expect(refused.body).not.toHaveProperty('phone');
      expect((await reveals()).length).toBe(30);
    });
  });

  describe('public trial length', () => {
    it('states the configured trial, without logging in, and the trial a provider gets matches it', async () => {
      const res = await t.http().get('/api/v1/platform-plans/trial').expect(200);
      expect(res.body).toEqual({ trialDays: 21, graceDays: 3, maxRouters: 10, maxVouchersPerMonth: 20_000 });
      const sub = (await t.http().get('/api/v1/subscription').set(b.owner.auth).expect(200)).body;
      expect(sub.status).toBe('trialing');
      expect(Math.round((Date.parse(sub.currentPeriodEnd) - Date.parse(sub.currentPeriodStart)) / 86_400_000)).toBe(21);
      // the plans list keeps its shape
      expect(Array.isArray((await t.http().get('/api/v1/platform-plans').expect(200)).body)).toBe(true);
    });
  });
});
