import type { DarajaSimulator } from '@wavu/daraja-sim';
import { DEMO_APP, startDarajaSimulator } from '@wavu/daraja-sim';

import { RateLimiter } from '../../apps/api/src/common/http/rate-limit';
import { DeviceCheckLimiter } from '../../apps/api/src/modules/captive/device-limit';
import type { ProviderFixture, Session } from '../factories';
import { createProvider, createSuperAdmin, databaseFingerprint } from '../factories';
import type { TestApp } from '../setup/test-app';
import { startTestApp } from '../setup/test-app';
import { freePort } from '../setup/free-port';

// a 1×1 PNG
const PNG = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

/** The public captive API: context, purchase, status, voucher check, recovery; abuse and tenancy. */
describe('captive portal API (e2e)', () => {
  let t: TestApp;
  let daraja: DarajaSimulator;
  let admin: Session;
  let a: ProviderFixture;
  let b: ProviderFixture;
  let routerA: string;
  let routerB: string;
  let planA: string;
  let hiddenPlanA: string;
  let planB: string;
  const api = () => t.http();
  const limiter = () => t.app.get(RateLimiter);

  beforeAll(async () => {
    daraja = await startDarajaSimulator({ apps: [DEMO_APP] });
    const port = await freePort();
    t = await startTestApp({ DARAJA_BASE_URL: daraja.url, DARAJA_CALLBACK_BASE_URL: `http://127.0.0.1:${port}` });
    await t.app.listen(port, '127.0.0.1');
    admin = await createSuperAdmin(t);
    a = await createProvider(t, admin);
    b = await createProvider(t, admin);
    for (const p of [a, b]) {
      const router = await api().post('/api/v1/routers').set(p.owner.auth).send({ name: 'Kiosk', host: '127.0.0.1', apiPort: 1, useTls: false, username: 'admin', password: 'pw' }).expect(201);
      const plan = await api().post('/api/v1/plans').set(p.owner.auth).send({ name: '1 hour', price: 20, kind: 'time', uptimeLimitSeconds: 3600, downloadRate: '5M', uploadRate: '2M' }).expect(201);
      if (p === a) [routerA, planA] = [router.body.id, plan.body.id];
      else [routerB, planB] = [router.body.id, plan.body.id];
    }
    hiddenPlanA = (await api().post('/api/v1/plans').set(a.owner.auth).send({ name: 'Staff', price: 5, kind: 'unlimited', validitySeconds: 86400, portalVisible: false }).expect(201)).body.id;
    await api().put('/api/v1/provider/branding').set(a.owner.auth).send({ brandName: 'Mama Njeri WiFi', accentColor: '#0b6e4f', logoDataUrl: PNG }).expect(200);
  });
  afterAll(async () => {
    await t?.close();
    await daraja?.close();
  });
  beforeEach(() => limiter().reset());

  it("gives the router context: branding, the plans offered there (not hidden ones, not other providers'), sales open", async () => {
    const res = await api().get(`/api/v1/captive/routers/${routerA}`).expect(200);
    expect(res.body).toMatchObject({
      routerId: routerA,
      sales: 'open',
      languages: ['en', 'sw'],
      branding: { name: 'Mama Njeri WiFi', accentColor: '#0B6E4F', logoUrl: `/api/v1/captive/routers/${routerA}/logo` },
    });
    expect(res.body.plans).toEqual([
      {
        id: planA,
        name: '1 hour',
        price: 20,
        currency: 'KES',
        kind: 'time',
        uptimeLimitSeconds: 3600,
        validitySeconds: null,
        dataLimitBytes: null,
        downloadRate: '5M',
        uploadRate: '2M',
        sharedUsers: 1,
      },
    ]);
    const logo = await api().get(res.body.branding.logoUrl).expect(200);
    expect(logo.headers['content-type']).toBe('image/png');
    expect((await api().get(`/api/v1/captive/routers/${routerB}`).expect(200)).body.branding).toEqual({ name: expect.any(String), logoUrl: null, accentColor: null });
    expect((await api().get(`/api/v1/captive/routers/00000000-0000-4000-8000-000000000000`).expect(404)).body.code).toBe('CAPTIVE_ROUTER_NOT_FOUND');
    await api().get(`/api/v1/captive/routers/not-a-uuid`).expect(400);
  });

  it('refuses bad branding: SVG, bytes not matching the type, too large, bad colours', async () => {
    const put = (body: object) => api().put('/api/v1/provider/branding').set(b.owner.auth).send(body);
    expect((await put({ logoDataUrl: 'data:image/svg+xml;base64,PHN2Zz48L3N2Zz4=' }).expect(400)).body.code).toBe('VALIDATION_FAILED');
    await put({ logoDataUrl: 'data:image/png;base64,R0lGODlhAQABAAAAACw=' }).expect(400);
    await put({ logoDataUrl: `data:image/png;base64,${Buffer.alloc(30_000, 1).toString('base64')}` }).expect(400);
    await put({ accentColor: 'red' }).expect(400);
    await put({ accentColor: '#12345' }).expect(400);
    expect((await api().get('/api/v1/provider/branding').set(b.owner.auth).expect(200)).body).toMatchObject({ logoDataUrl: null, accentColor: null });
  });

  it('starts a purchase (STK push) and shows its status only through its own router, to the holder of its token', async () => {
    const res = await api().post('/api/v1/captive/purchases').send({ routerId: routerA, planId: planA, phone: '0712 300 001', mac: '02:11:22:33:44:55', ip: '10.5.50.77' }).expect(201);
    expect(res.body).toMatchObject({ status: 'pending', amount: 20, currency: 'KES', planName: '1 hour', voucher: null, phone: '2547•••••001', token: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/) });
    expect(res.body.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(daraja.listPushes().some((p) => p.phoneNumber === '254712300001' && p.amount === 20)).toBe(true);
    const status = await api().get(`/api/v1/captive/purchases/${res.body.id}`).query({ routerId: routerA }).set('x-purchase-token', res.body.token).expect(200);
    expect(status.body.token).toBeUndefined();
    // only the token's hash is stored
    const [stored] = await t.dataSource.query<Array<{ token_hash: string; client_mac: string }>>(`SELECT token_hash, client_mac FROM portal_purchases WHERE payment_id = $1`, [res.body.id]);
    expect(stored).toEqual({ token_hash: expect.stringMatching(/^[0-9a-f]{64}$/), client_mac: '02:11:22:33:44:55' });
    expect(JSON.stringify(stored)).not.toContain(res.body.token);
    expect((await api().get(`/api/v1/captive/purchases/${res.body.id}`).query({ routerId: routerA }).expect(404)).body.code).toBe('CAPTIVE_PURCHASE_NOT_FOUND');
    expect((await api().get(`/api/v1/captive/purchases/${res.body.id}`).query({ routerId: routerB }).set('x-purchase-token', res.body.token).expect(404)).body.code).toBe('CAPTIVE_PURCHASE_NOT_FOUND');
    await api().get(`/api/v1/captive/purchases/${res.body.id}`).set('x-purchase-token', res.body.token).expect(400);
  });

  it('answers 4xx to malformed, abusive and cross-tenant purchases and changes nothing', async () => {
    // the previous test's push is approved by the simulated phone a moment later: let that callback
    // land before taking the fingerprint, or it changes the database in the middle of this test
    for (const deadline = Date.now() + 20_000; ;) {
      const [{ n }] = await t.dataSource.query<{ n: number }[]>(`SELECT count(*)::int AS n FROM payments WHERE status = 'pending'`);
      if (n === 0) break;
      if (Date.now() > deadline) throw new Error(`${n} payments still pending`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const before = await databaseFingerprint(t, ['audit_log']);
    const bad: Array<[object, number]> = [
      [{ routerId: routerA, planId: planB, phone: '0712300002' }, 404], // another provider's plan on this router
      [{ routerId: routerB, planId: planA, phone: '0712300002' }, 404],
      [{ routerId: routerA, planId: hiddenPlanA, phone: '0712300002' }, 404], // not shown on the portal
      [{ routerId: '00000000-0000-4000-8000-000000000000', planId: planA, phone: '0712300002' }, 404],
      [{ routerId: routerA, planId: planA, phone: '9'.repeat(5000) }, 400],
      [{ routerId: routerA, planId: planA, phone: '０７１２３００００２' }, 400], // full-width digits
      [{ routerId: routerA, planId: planA, phone: "0712300002' OR 1=1 --" }, 400],
      [{ routerId: routerA, planId: planA, phone: '+44 7911 123456' }, 400],
      [{ routerId: routerA, planId: planA, phone: ['0712300002'] }, 400],
      [{ routerId: routerA, planId: planA, phone: '0712300002', amount: 1 }, 400], // unknown field
      [{ routerId: routerA, planId: planA, phone: '0712300002', mac: '<script>' }, 400],
      [{ routerId: routerA, planId: `${planA}'; DROP TABLE payments; --`, phone: '0712300002' }, 400],
      [{ routerId: routerA, planId: planA }, 400],
    ];
    for (const [body, status] of bad) {
      await limiter().reset(); // rate limiting has its own test
      await api().post('/api/v1/captive/purchases').send(body).expect(status);
    }
    await api().post('/api/v1/captive/purchases').set('content-type', 'application/json').send('{"routerId":').expect(400);
    await api()
      .post('/api/v1/captive/purchases')
      .send({ routerId: routerA, planId: planA, phone: 'x'.repeat(2_000_000) })
      .expect(413);
    expect(await databaseFingerprint(t, ['audit_log'])).toEqual(before);
  });

  it('checks voucher codes for this router only, never returning the password', async () => {
    const batch = await api().post('/api/v1/voucher-batches').set(a.owner.auth).send({ planId: planA, quantity: 2, codeLength: 8 }).expect(202);
    let codes: string[] = [];
    for (let i = 0; i < 50 && codes.length < 2; i++) {
      const csv = await api().get(`/api/v1/voucher-batches/${batch.body.id}/vouchers.csv`).set(a.owner.auth);
      if (csv.status === 200)
        codes = csv.text
          .trim()
          .split('\n')
          .slice(1)
          .map((l) => l.split(',')[0].replace(/"/g, ''));
      else await new Promise((r) => setTimeout(r, 50));
    }
    expect(codes).toHaveLength(2);
    const ok = await api().post('/api/v1/captive/vouchers/check').send({ routerId: routerA, code: codes[0].toLowerCase() }).expect(200);
    expect(ok.body).toEqual({ usable: true, reason: null, planName: '1 hour', expiresAt: expect.any(String) });
    expect(JSON.stringify(ok.body)).not.toContain(codes[0]);
    expect((await api().post('/api/v1/captive/vouchers/check').send({ routerId: routerB, code: codes[0] }).expect(200)).body).toMatchObject({ usable: false, reason: 'not_found' });
    expect((await api().post('/api/v1/captive/vouchers/check').send({ routerId: routerA, code: 'ZZZZ9999' }).expect(200)).body).toMatchObject({ usable: false, reason: 'not_found' });
    for (const code of ['', 'a b', '💥💥💥💥', 'X'.repeat(33), "A' OR '1'='1"]) await api().post('/api/v1/captive/vouchers/check').send({ routerId: routerA, code }).expect(400);
  });

  it('recovers by receipt or by phone + amount + day, and refuses neither/both', async () => {
    expect((await api().post('/api/v1/captive/recover').send({ routerId: routerA, receipt: 'NLJ7RT61SV' }).expect(200)).body).toEqual({ purchases: [] });
    expect((await api().post('/api/v1/captive/recover').send({ routerId: routerA, phone: '0712300009', amount: 20, day: '2026-01-05', mac: '02:11:22:33:44:55' }).expect(200)).body).toEqual({
      purchases: [],
    });
    // by phone needs the device's MAC
    expect((await api().post('/api/v1/captive/recover').send({ routerId: routerA, phone: '0712300009', amount: 20, day: '2026-01-05' }).expect(400)).body.details[0].field).toBe('mac');
    await api().post('/api/v1/captive/recover').send({ routerId: routerA }).expect(400);
    await api().post('/api/v1/captive/recover').send({ routerId: routerA, receipt: 'NLJ7RT61SV', phone: '0712300009', amount: 20, day: '2026-01-05' }).expect(400);
    await api().post('/api/v1/captive/recover').send({ routerId: routerA, phone: '0712300009', amount: 20 }).expect(400);
    await api().post('/api/v1/captive/recover').send({ routerId: routerA, receipt: 'short' }).expect(400);
    await api().post('/api/v1/captive/recover').send({ routerId: routerA, phone: '0712300009', amount: 1.5, day: '2026-01-05' }).expect(400);
  });

  it('rate limits floods per IP with 429 + Retry-After (wrong codes per device and per IP), and the flood changes nothing', async () => {
    t.app.get(DeviceCheckLimiter).reset();
    const before = await databaseFingerprint(t, ['audit_log']);
    const answers = await Promise.all(Array.from({ length: 140 }, () => api().get(`/api/v1/captive/routers/${routerA}`)));
    const limited = answers.filter((r) => r.status === 429);
    expect(answers.filter((r) => r.status === 200)).toHaveLength(120);
    expect(limited).toHaveLength(20);
    expect(limited[0].body.code).toBe('RATE_LIMITED');
    expect(Number(limited[0].headers['retry-after'])).toBeGreaterThan(0);
    const checks = [];
    for (let i = 0; i < 35; i++)
      checks.push(
        (
          await api()
            .post('/api/v1/captive/vouchers/check')
            // a device each, so the address's 30 wrong codes a minute is what runs out (per-device: portal-abuse.e2e-spec)
            .send({ routerId: routerA, code: `GUESS${i}AAA`, mac: `02:00:00:00:00:${i.toString(16).padStart(2, '0')}` })
        ).status,
      );
    expect(checks.filter((s) => s === 429).length).toBe(5);
    expect(await databaseFingerprint(t, ['audit_log'])).toEqual(before);
  });

  it('says "paused" and refuses sales once the subscription is paused, without touching anything', async () => {
    await t.dataSource.query(`UPDATE provider_subscriptions SET status = 'paused' WHERE provider_id = $1`, [b.providerId]);
    const ctx = await api().get(`/api/v1/captive/routers/${routerB}`).expect(200);
    expect(ctx.body).toMatchObject({ sales: 'paused', plans: [] });
    const before = await databaseFingerprint(t, ['audit_log']);
    expect((await api().post('/api/v1/captive/purchases').send({ routerId: routerB, planId: planB, phone: '0712300010' }).expect(403)).body.code).toBe('CAPTIVE_SALES_PAUSED');
    expect(await databaseFingerprint(t, ['audit_log'])).toEqual(before);
  });
});
