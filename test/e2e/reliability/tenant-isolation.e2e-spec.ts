import { DEMO_APP } from '@wavu/daraja-sim';
import type { Sandbox } from '@wavu/sandbox';
import { startSandbox } from '@wavu/sandbox';
import { PaymentSettingsService } from '../../../apps/api/src/modules/payments/payment-settings.service';
import { PaymentsService } from '../../../apps/api/src/modules/payments/payments.service';
import { OutboxWorker } from '../../../apps/api/src/modules/routers/outbox.worker';
import { RoutersService } from '../../../apps/api/src/modules/routers/routers.service';
import { VoucherBatchesService } from '../../../apps/api/src/modules/vouchers/voucher-batches.service';
import type { ProviderFixture, Session } from '../../factories';
import { changedTables, createApiKey, createProvider, createSuperAdmin, fingerprintOf } from '../../factories';
import type { TestApp } from '../../setup/test-app';
import { startTestApp } from '../../setup/test-app';
import { freePort } from './processes';
import type { Operation } from '../../setup/openapi-ops';
import { fillPath, operations, pathParams, resolve } from '../../setup/openapi-ops';

/**
 * docs/product.md §13 "Tenant isolation holds on every endpoint", generated from openapi.json: every
 * operation with an id in its path is called by provider A (JWT, then full-scope API key) with
 * provider B's real ids → 404 (403 where the role or principal kind is refused first), and the
 * database is unchanged. Operations whose body references other resources are called on A's
 * own resources with B's ids in the body. Every list endpoint A can read never shows B's ids.
 */

/** The kind of id each path parameter carries, from the path segment before it. A new id-taking
 *  endpoint with no entry here fails the sweep, so nothing slips through unmapped. */
const ID_KIND_BY_SEGMENT: [RegExp, string][] = [
  [/\/admin\/payments\/providers\/\{id\}/, 'provider'],
  [/\/admin\/providers\/\{id\}/, 'provider'],
  [/\/admin\/subscriptions\/\{id\}/, 'provider'],
  [/\/admin\/platform-plans\/\{id\}/, 'platformPlan'],
  [/\/admin\/users\/\{id\}/, 'staff'],
  [/\/api-keys\/\{id\}/, 'apiKey'],
  [/\/payments\/\{id\}/, 'payment'],
  [/\/plans\/\{id\}/, 'plan'],
  [/\/routers\/bulk-syncs\/\{id\}/, 'bulkSync'],
  [/\/routers\/\{id\}/, 'router'],
  [/\/subscription\/invoices\/\{id\}/, 'invoice'],
  [/\/voucher-batches\/\{id\}/, 'voucherBatch'],
  [/\/vouchers\/\{id\}/, 'voucher'],
  [/\/webhooks\/daraja\/\{providerId\}/, 'provider'],
  [/\/staff\/\{id\}/, 'staff'],
  [/\/admin\/system-health\/routers\/\{routerId\}/, 'router'],
  [/\/admin\/system-health\/jobs\/\{name\}/, 'jobName'],
  [/\/customers\/\{id\}\//, 'customer'],
  [/\/payments\/statements\/\{id\}/, 'statementUpload'],
  [/\/attention\/\{id\}/, 'attentionItem'],
  [/\/resellers\/\{id\}/, 'reseller'],
];

/** Public captive-portal reads addressed by a router id printed in the router's login page: anyone
 *  may call them by design (their own tenancy/abuse rules are tested in the captive e2e). Listed
 *  one by one, so any other new id-taking operation still fails the mapping check. */
const PUBLIC_BY_DESIGN = [
  'GET /api/v1/captive/routers/{routerId}',
  'GET /api/v1/captive/routers/{routerId}/logo',
  'GET /api/v1/captive/purchases/{id}',
  'POST /api/v1/captive/routers/{routerId}/login-check',
  // the platform shortcode's C2B URLs carry the platform's secret, no tenant id: nothing of a provider to reach by id (test/e2e/platform-paybill.e2e-spec.ts)
  'POST /api/v1/webhooks/daraja/platform/{secret}/c2b/validation',
  'POST /api/v1/webhooks/daraja/platform/{secret}/c2b/confirmation',
  // delivery reports: the secret names an SMS account, and a report only touches that account's own messages (test/e2e/sms.e2e-spec.ts)
  'POST /api/v1/webhooks/africastalking/{secret}/delivery-reports',
  // a router restoring a backup fetches it through a random single-use link: the token is the only key (test/e2e/router-backups.e2e-spec.ts)
  'GET /api/v1/router-files/{token}',
];

/** Endpoints an API key may never use (@UserOnly): a key gets 403 before any lookup. */
/** The simulated routers' admin password: the routers are registered with it, so their queued
 * operations apply at once instead of failing and retrying in the middle of the sweep. */
const ROUTER_PASSWORD = 'pw-tenant-router';
const USER_ONLY = [
  /^\/api\/v1\/api-keys/,
  /^\/api\/v1\/staff/,
  /\/setup-kit\.(rsc|zip)$/,
  /\/backups\/\{backupId\}\/download$/,
  /^\/api\/v1\/payments\/settings$/,
  /^\/api\/v1\/subscription\/checkout$/,
  /^\/api\/v1\/auth\/(me|me\/alert-preferences|change-password)$/,
  /^\/api\/v1\/(customers|payments)\/\{id\}\/phone$/,
  /^\/api\/v1\/payments\/attention\/\{id\}\/(issue-voucher|refund-due|dismiss)$/,
];

type Ids = Record<string, string>;

describe('tenant isolation on every endpoint (generated from openapi.json)', () => {
  let t: TestApp;
  let sandbox: Sandbox;
  let admin: Session;
  let a: ProviderFixture;
  let b: ProviderFixture;
  let aKey: Awaited<ReturnType<typeof createApiKey>>;
  let bKey: Awaited<ReturnType<typeof createApiKey>>;
  const idsOf: { a: Ids; b: Ids } = { a: {}, b: {} };
  const secretOf: Record<'a' | 'b', string> = { a: '', b: '' };
  let bSessionId: string;
  let platformPlanId: string;
  const stats = { operations: 0, calls: 0, idsChecked: new Set<string>(), bodyRefCalls: 0, lists: 0 };

  const settle = async () => {
    for (let i = 0; i < 3; i++) await t.app.get(OutboxWorker).drainOnce();
    await t.app.get(RoutersService).settled();
  };

  /** B's (or A's) resources of every kind, created through the API. */
  const seed = async (who: 'a' | 'b', p: ProviderFixture, key: { id: string }, phone: string) => {
    const ids = idsOf[who];
    const sim = sandbox.routers[who === 'a' ? 0 : 1];
    const auth = p.owner.auth;
    ids.provider = p.providerId;
    ids.apiKey = key.id;
    ids.staff =
      (
        await t
          .http()
          .post('/api/v1/staff')
          .set(auth)
          .send({ name: `Staff ${who}`, email: `staff-${who}-${Date.now()}@wavu.test` })
          .expect(201)
      ).body.user?.id ?? (await t.http().get('/api/v1/staff').set(auth).expect(200)).body.items.find((u: { role: string }) => u.role === 'provider_staff').id;
    ids.jobName = 'voucher-expiry';
    ids.router = (
      await t
        .http()
        .post('/api/v1/routers')
        .set(auth)
        .send({ name: `R ${who}`, host: '127.0.0.1', apiPort: sim.port, useTls: false, username: 'admin', password: ROUTER_PASSWORD })
        .expect(201)
    ).body.id;
    ids.plan = (
      await t
        .http()
        .post('/api/v1/plans')
        .set(auth)
        .send({ name: `1 day ${who}`, price: 50, kind: 'unlimited', validitySeconds: 86400 })
        .expect(201)
    ).body.id;
    ids.voucherBatch = (await t.http().post('/api/v1/voucher-batches').set(auth).send({ planId: ids.plan, quantity: 3, routerId: ids.router }).expect(202)).body.id;
    await t.app.get(VoucherBatchesService).settled(ids.voucherBatch);
    ids.voucher = (await t.http().get('/api/v1/vouchers').set(auth).expect(200)).body.items[0].id;
    ids.bulkSync = (await t.http().post(`/api/v1/routers/${ids.router}/sync/push`).set(auth).expect(202)).body.id;
    await settle();
    sandbox.daraja!.addPhoneRule({ match: { phone }, action: 'manual' });
    ids.payment = (await t.app.get(PaymentsService).startPurchase({ providerId: p.providerId, routerId: ids.router, planId: ids.plan, phone, clientIp: '10.0.0.9' })).purchaseId;
    // a paid purchase (the simulated phone approves, the STK callback reaches the listening app): a customer id
    const buyer = `2547120000${who === 'a' ? '11' : '12'}`;
    sandbox.daraja!.addPhoneRule({ match: { phone: buyer }, action: 'approve' });
    const paid = (await t.app.get(PaymentsService).startPurchase({ providerId: p.providerId, routerId: ids.router, planId: ids.plan, phone: buyer, clientIp: '10.0.0.9' })).purchaseId;
    for (let i = 0; i < 400 && (await t.dataSource.query(`SELECT status FROM payments WHERE id = $1`, [paid]))[0].status !== 'paid'; i++) await new Promise((r) => setTimeout(r, 25));
    await sandbox.daraja!.idle();
    ids.customer = (await t.http().get('/api/v1/customers').set(auth).expect(200)).body.items[0]?.id;
    await settle();
    ids.invoice = (await t.http().post('/api/v1/subscription/checkout').set(auth).send({ planId: platformPlanId }).expect(201)).body.invoice.id;
    ids.platformPlan = platformPlanId;
    const [op] = await t.dataSource.query(`SELECT id FROM router_provisioning_ops WHERE router_id = $1 LIMIT 1`, [ids.router]);
    ids.op = op.id;
    secretOf[who] = (await t.app.get(PaymentSettingsService).webhookBaseFor(p.providerId)).split('/').pop()!;
    // a statement upload (the API only takes them for own-account shortcodes; these providers collect on the platform's)
    ids.statementUpload = (
      await t.dataSource.query(
        `INSERT INTO statement_uploads (provider_id, shortcode, filename, status, lines, errors, preview) VALUES ($1, '600999', 'statement.csv', 'previewed', '[]', '[]', '{"lines":0,"settled":0,"recorded":0,"unmatched":0,"ignored":0}') RETURNING id`,
        [p.providerId],
      )
    )[0].id;
    ids.reseller = (
      await t
        .http()
        .post('/api/v1/resellers')
        .set(auth)
        .send({ name: `Demo Shop ${who}`, phone: '254700000111' })
        .expect(201)
    ).body.id;
    // a text export of the router (docs/backups.md), read off the simulator
    ids.backup = (await t.http().post(`/api/v1/routers/${ids.router}/backups`).set(auth).send({ kind: 'export' }).expect(201)).body[0].id;
    // a Needs attention item (unmatched paybill money: no payment behind it)
    ids.attentionItem = (
      await t.dataSource.query(`INSERT INTO attention_items (provider_id, kind, reason, amount_minor, occurred_at) VALUES ($1, 'unmatched_c2b', 'seeded', 5000, now()) RETURNING id`, [p.providerId])
    )[0].id;
  };

  beforeAll(async () => {
    sandbox = await startSandbox({ routers: 2, routerPassword: ROUTER_PASSWORD, daraja: { apps: [DEMO_APP] }, pesapal: true });
    const port = await freePort();
    t = await startTestApp({
      DARAJA_BASE_URL: sandbox.daraja!.url,
      DARAJA_CALLBACK_BASE_URL: `http://127.0.0.1:${port}`,
      PESAPAL_BASE_URL: sandbox.pesapal!.url,
      ROUTER_CALL_TIMEOUT_MS: '1000',
      LOG_LEVEL: 'error',
    });
    await t.app.listen(port, '127.0.0.1');
    admin = await createSuperAdmin(t);
    a = await createProvider(t, admin);
    b = await createProvider(t, admin);
    aKey = await createApiKey(t, a.owner, 'full');
    bKey = await createApiKey(t, b.owner, 'full');
    platformPlanId = (await t.http().post('/api/v1/admin/platform-plans').set(admin.auth).send({ name: 'Monthly', priceMinor: 100000, period: 'monthly' }).expect(201)).body.id;
    await seed('a', a, aKey, '254711000001');
    await seed('b', b, bKey, '254711000002');
    // a live session of B's customer on B's router: A must not be able to kick it
    const bRouter = sandbox.routers[1];
    bRouter.state.hotspot.addUser({ name: 'b-customer', password: 'x', profile: 'default' });
    [bSessionId] = sandbox.loginDevices(bRouter, [{ user: 'b-customer', password: 'x', ip: '10.5.50.77', mac: 'AA:BB:CC:00:77:01' }]);
  }, 60_000);
  afterAll(async () => {
    await t?.close();
    await sandbox?.stop();
  });

  const idKind = (op: Operation) => ID_KIND_BY_SEGMENT.find(([re]) => re.test(op.path))?.[1];

  /** A syntactically valid body (so validation passes and the lookup decides), referencing `refs`. */
  const validBody = (op: Operation, refs: Ids): Record<string, unknown> | undefined => {
    const bodies: Record<string, Record<string, unknown>> = {
      'PUT /api/v1/admin/payments/providers/{id}/commission': { rateBp: 100 },
      'POST /api/v1/admin/payments/providers/{id}/payouts': { amount: 1, reference: 'PAYOUT-1' },
      'PATCH /api/v1/admin/platform-plans/{id}': { name: 'Stolen' },
      'POST /api/v1/admin/providers/{id}/approve': { type: 'isp' },
      'POST /api/v1/admin/providers/{id}/reject': { reason: 'stolen' },
      'POST /api/v1/admin/providers/{id}/suspend': { reason: 'stolen' },
      'POST /api/v1/admin/users/{id}/deactivate': { reason: 'stolen' },
      'POST /api/v1/admin/subscriptions/{id}/extend': { days: 30, reason: 'stolen' },
      'POST /api/v1/admin/subscriptions/{id}/waive': { planId: refs.platformPlan, reason: 'stolen' },
      'PATCH /api/v1/plans/{id}': { name: 'Stolen' },
      'PATCH /api/v1/routers/{id}': { name: 'Stolen' },
      'POST /api/v1/routers/{id}/backups': { kind: 'export' },
      'PUT /api/v1/routers/{id}/backups/schedule': { hour: 4 },
      'POST /api/v1/routers/{id}/restores': { backupId: refs.backup, confirmName: 'R b' },
      'POST /api/v1/routers/{id}/certificate/accept': { fingerprint: Array.from({ length: 32 }, () => 'AB').join(':') },
      'POST /api/v1/routers/{id}/sessions/kick': { sessionId: bSessionId },
      'POST /api/v1/routers/{id}/hotspot-users/{name}/adopt': { planId: refs.plan },
      'POST /api/v1/routers/{id}/complimentary-vouchers': { planId: refs.plan, reason: 'stolen' },
      'POST /api/v1/payments/attention/{id}/dismiss': { reason: 'stolen' },
      'POST /api/v1/admin/attention/{id}/dismiss': { reason: 'stolen' },
      'POST /api/v1/payments/attention/{id}/refund-due': { note: 'stolen' },
      'POST /api/v1/admin/attention/{id}/refund-due': { note: 'stolen' },
      'POST /api/v1/admin/attention/{id}/issue-voucher': {},
      'POST /api/v1/routers/{id}/sync/retry': { opId: refs.op },
      'POST /api/v1/vouchers/{id}/extend': { seconds: 3600 },
      'POST /api/v1/vouchers/{id}/refund': { method: 'none', reason: 'stolen' },
      'POST /api/v1/vouchers/{id}/transfer': { routerId: refs.router },
      'PATCH /api/v1/resellers/{id}': { name: 'Stolen' },
      'POST /api/v1/resellers/{id}/handovers': { voucherIds: [refs.voucher], discountPercent: 10 },
      'POST /api/v1/resellers/{id}/returns': { voucherIds: [refs.voucher] },
      'POST /api/v1/resellers/{id}/collections': { amountMinor: 100, method: 'cash' },
      'POST /api/v1/resellers/{id}/collections/{collectionId}/reverse': { reason: 'stolen' },
      'POST /api/v1/webhooks/daraja/{providerId}/{secret}/stk': {
        Body: {
          stkCallback: {
            MerchantRequestID: 'm-1',
            CheckoutRequestID: 'ws_CO_1',
            ResultCode: 0,
            ResultDesc: 'ok',
            CallbackMetadata: {
              Item: [
                { Name: 'Amount', Value: 50 },
                { Name: 'MpesaReceiptNumber', Value: 'QWERTY1234' },
              ],
            },
          },
        },
      },
      'POST /api/v1/webhooks/daraja/{providerId}/{secret}/c2b/validation': c2b(),
      'POST /api/v1/webhooks/daraja/{providerId}/{secret}/c2b/confirmation': c2b(),
    };
    if (!op.body) return undefined;
    const body = bodies[op.label];
    if (!body) throw new Error(`${op.label}: takes an id and a body but has no valid body in the sweep — add one`);
    return body;
  };
  const c2b = () => ({
    TransactionType: 'Pay Bill',
    TransID: 'TX00000001',
    TransTime: '20250101120000',
    TransAmount: '50.00',
    BusinessShortCode: '174379',
    BillRefNumber: 'REF123',
    MSISDN: '254711000002',
  });
  const QUERY: Record<string, Record<string, string>> = {
    'GET /api/v1/routers/{id}/setup-kit.rsc': { platformAddress: '203.0.113.9' },
    'GET /api/v1/routers/{id}/setup-kit.zip': { platformAddress: '203.0.113.9' },
  };

  const expectedStatus = (op: Operation, viaKey: boolean) => {
    if (op.path.startsWith('/api/v1/admin/')) return 403;
    if (viaKey && USER_ONLY.some((re) => re.test(op.path))) return 403;
    return 404;
  };
  const ignore = { api_keys: ['last_used_at'] };

  const idOps = operations.filter((op) => pathParams(op).length && !PUBLIC_BY_DESIGN.includes(op.label));

  it('maps every path id of the document to a kind of resource', () => {
    const unmapped = idOps.filter((op) => !idKind(op)).map((op) => op.label);
    expect(unmapped).toEqual([]);
    expect(idOps.length).toBeGreaterThanOrEqual(45);
  });

  it.each(idOps.map((op) => [op.label, op] as const))("%s: A (JWT and API key) with B's ids → 404/403, nothing changes", async (label, op) => {
    const kind = idKind(op)!;
    const values: Ids = {};
    for (const name of pathParams(op)) values[name] = name === 'secret' ? secretOf.a : idsOf.b[kind];
    if (Object.values(values).some((v) => !v)) throw new Error(`${label}: no id of kind ${kind} was created for B`);
    const before = await fingerprintOf(t.dataSource, { columns: ignore });
    const bSessions = sandbox.routers[1].state.hotspot.active.all().length;
    for (const [viaKey, auth] of [
      [false, a.owner.auth],
      [true, aKey.auth],
    ] as const) {
      const isWebhook = op.path.includes('/webhooks/');
      let req = (t.http() as any)[op.method](fillPath(op, values));
      if (!isWebhook) req = req.set(auth);
      if (QUERY[label]) req = req.query(QUERY[label]);
      const body = validBody(op, idsOf.b);
      const res = body ? await req.send(body) : await req;
      const expected = isWebhook ? 404 : expectedStatus(op, viaKey);
      if (res.status !== expected) throw new Error(`${label} via ${viaKey ? 'API key' : 'JWT'}: expected ${expected}, got ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
      if (expected === 404) expect(res.body.code).toMatch(/_NOT_FOUND$/);
      stats.calls++;
      stats.idsChecked.add(`${kind}:${idsOf.b[kind]}`);
      if (isWebhook) break; // public: no principal to vary
    }
    await settle();
    const after = await fingerprintOf(t.dataSource, { columns: ignore });
    expect(changedTables(before, after)).toEqual([]);
    expect(sandbox.routers[1].state.hotspot.active.all().length).toBe(bSessions);
    stats.operations++;
  });

  /** Body fields that reference another resource (uuid strings and uuid arrays). */
  const refFields = (op: Operation) =>
    Object.entries(op.body?.properties ?? {})
      .filter(([, raw]) => {
        const s = resolve(raw);
        return s.format === 'uuid' || (s.type === 'array' && !!s.items && resolve(s.items).format === 'uuid');
      })
      .map(([name]) => name);
  const BODY_REF_KIND: Record<string, string> = {
    planId: 'plan',
    routerId: 'router',
    routerIds: 'router',
    ids: 'voucher',
    opId: 'op',
    voucherIds: 'voucher',
    batchId: 'voucherBatch',
    paymentId: 'payment',
    backupId: 'backup',
  };
  /** Operations whose id fields are alternatives (exactly one may be given): each is tried on its own. */
  const ONE_OF_REFS = ['POST /api/v1/cash-sales', 'POST /api/v1/resellers/{id}/handovers', 'POST /api/v1/resellers/{id}/returns'];
  const refOps = operations.filter((op) => op.body && refFields(op).length && !op.path.startsWith('/api/v1/admin/') && !/platform|subscription\/checkout|\/captive\//.test(op.path)); // captive: public, addressed by router id by design

  it.each(refOps.map((op) => [op.label, op] as const))("%s: A's own resource with B's ids in the body → refused, nothing changes", async (label, op) => {
    const fields = refFields(op);
    // {name}: a hotspot user's login name on A's router (adopt)
    const own: Ids = { id: idsOf.a[idKind(op) ?? 'router'], name: 'a-walk-in' };
    const bodies = (ONE_OF_REFS.includes(label) ? fields.map((f) => [f]) : [fields]).map((group) => {
      const body: Record<string, unknown> = { ...(validBodyForRefs[label] ?? {}) };
      for (const field of group) {
        const kind = BODY_REF_KIND[field];
        if (!kind) throw new Error(`${label}: body field ${field} references an unmapped kind`);
        const schema = resolve(op.body!.properties![field]);
        body[field] = schema.type === 'array' ? [idsOf.b[kind]] : idsOf.b[kind];
      }
      return body;
    });
    const before = await fingerprintOf(t.dataSource, { columns: ignore });
    for (const body of bodies) {
      for (const auth of [a.owner.auth, aKey.auth]) {
        const res = await (t.http() as any)[op.method](fillPath(op, own)).set(auth).send(body);
        // bulk actions answer per id: every foreign id must come back as not found, none succeeded
        const bulkRefused = op.path.endsWith('/bulk') && res.status === 200 && res.body.succeeded.length === 0 && res.body.failed.every((f: { code: string }) => /_NOT_FOUND$/.test(f.code));
        if (res.status !== 404 && !bulkRefused) throw new Error(`${label} with ${JSON.stringify(body)}: expected 404, got ${res.status} ${JSON.stringify(res.body).slice(0, 300)}`);
        if (!bulkRefused) expect(res.body.code).toMatch(/_NOT_FOUND$/);
        stats.bodyRefCalls++;
      }
    }
    await settle();
    expect(changedTables(before, await fingerprintOf(t.dataSource, { columns: ignore }))).toEqual([]);
  });
  const validBodyForRefs: Record<string, Record<string, unknown>> = {
    'POST /api/v1/plans': { name: 'Cross', price: 10, kind: 'unlimited', validitySeconds: 3600, routerScope: 'selected' },
    'PATCH /api/v1/plans/{id}': { routerScope: 'selected' },
    'POST /api/v1/voucher-batches': { quantity: 1 },
    'POST /api/v1/routers/{id}/complimentary-vouchers': { reason: 'stolen' },
    'POST /api/v1/vouchers/bulk': { action: 'disable' },
    'POST /api/v1/payments/attention/claims': { reason: 'stolen' },
    'POST /api/v1/resellers/{id}/handovers': { discountPercent: 10 },
    'POST /api/v1/routers/{id}/restores': { confirmName: 'Stolen' },
  };

  const listOps = operations.filter((op) => op.method === 'get' && !pathParams(op).length && op.security && !op.path.startsWith('/api/v1/admin/'));

  it.each(listOps.map((op) => [op.label, op] as const))("%s: A's answer never contains B's ids", async (label, op) => {
    const bIds = Object.values(idsOf.b).filter((id) => id !== platformPlanId);
    for (const auth of [a.owner.auth, aKey.auth]) {
      const res = await (t.http() as any).get(op.path).set(auth);
      if (res.status >= 500) throw new Error(`${label}: ${res.status}`);
      const text = res.text ?? JSON.stringify(res.body);
      for (const id of bIds) expect(text).not.toContain(id);
    }
    stats.lists++;
  });

  it('swept a meaningful number of operations and ids', () => {
    // figures for the README (Reliability section)
    console.log(
      `tenant isolation: ${stats.operations} id operations, ${stats.calls} cross-tenant calls, ${stats.idsChecked.size} distinct ids of B, ${stats.bodyRefCalls} body-reference calls, ${stats.lists} list endpoints`,
    );
    expect(stats.operations).toBe(idOps.length);
    expect(stats.idsChecked.size).toBeGreaterThanOrEqual(10);
    expect(stats.bodyRefCalls).toBeGreaterThanOrEqual(8);
  });
});
