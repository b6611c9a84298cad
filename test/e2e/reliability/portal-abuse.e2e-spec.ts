import type { DarajaSimulator } from '@wavu/daraja-sim';
import { DEMO_APP, startDarajaSimulator } from '@wavu/daraja-sim';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RateLimiter } from '../../../apps/api/src/common/http/rate-limit';
import { DeviceCheckLimiter } from '../../../apps/api/src/modules/captive/device-limit';
import { VoucherBatchesService } from '../../../apps/api/src/modules/vouchers/voucher-batches.service';
import type { ProviderFixture } from '../../factories';
import { createProvider, createSuperAdmin, databaseFingerprint } from '../../factories';
import { freePort } from '../../setup/free-port';
import type { TestApp } from '../../setup/test-app';
import { startTestApp } from '../../setup/test-app';

const MAC_BUYER = '02:AB:00:00:00:01';
const MAC_OTHER = '02:AB:00:00:00:02';
const DNS = 'wifi.mama-njeri.test';

/**
 * The captive portal against someone who knows the customer's phone number, the public prices
 * and the portal's URLs (docs/portal.md, issue 19): recovery by phone only from the device that
 * bought, a purchase readable only by the client that started it, no login URL but the router's,
 * no code space a guesser can cover, JSON from our own origin only.
 */
describe('portal abuse (reliability e2e)', () => {
  let t: TestApp;
  let daraja: DarajaSimulator;
  let dist: string;
  let baseUrl: string;
  let a: ProviderFixture;
  let routerId: string;
  let planId: string;
  let phoneSeq = 0;
  const api = () => t.http();
  const nextPhone = () => `0712${String(400_000 + ++phoneSeq).padStart(6, '0')}`;
  const msisdn = (phone: string) => `254${phone.slice(1)}`;
  const nairobiToday = () => new Date(Date.now() + 3 * 3600_000).toISOString().slice(0, 10);

  const start = (phone: string, mac?: string) =>
    api()
      .post('/api/v1/captive/purchases')
      .send({ routerId, planId, phone, ...(mac ? { mac } : {}) });
  const read = (id: string, token?: string) => {
    const req = api().get(`/api/v1/captive/purchases/${id}`).query({ routerId });
    return token === undefined ? req : req.set('x-purchase-token', token);
  };
  async function waitPaid(id: string, token: string): Promise<{ status: string; receipt: string; voucher: { code: string; password: string } }> {
    for (let i = 0; i < 400; i++) {
      const res = await read(id, token).expect(200);
      if (res.body.status !== 'pending') return res.body;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error('purchase still pending');
  }
  /** A purchase approved on the phone: its id, token, voucher and (full) M-Pesa receipt. */
  async function paidPurchase(mac: string): Promise<{ phone: string; id: string; token: string; code: string; receipt: string }> {
    const phone = nextPhone();
    daraja.addPhoneRule({ match: { phone: msisdn(phone) }, action: 'approve', times: 1 });
    const started = await start(phone, mac).expect(201);
    const paid = await waitPaid(started.body.id, started.body.token);
    expect(paid.status).toBe('paid');
    const [{ receipt }] = await t.dataSource.query<Array<{ receipt: string }>>(`SELECT receipt FROM payments WHERE id = $1`, [started.body.id]);
    expect(receipt).toMatch(/^[A-Z0-9]{10}$/);
    return { phone, id: started.body.id, token: started.body.token, code: paid.voucher.code, receipt };
  }

  beforeAll(async () => {
    daraja = await startDarajaSimulator({ apps: [DEMO_APP] });
    dist = mkdtempSync(join(tmpdir(), 'wavu-portal-'));
    writeFileSync(join(dist, 'portal.html'), '<!doctype html><title>WiFi</title><div id="portal"></div>');
    const port = await freePort();
    baseUrl = `http://127.0.0.1:${port}`;
    t = await startTestApp({ DARAJA_BASE_URL: daraja.url, DARAJA_CALLBACK_BASE_URL: baseUrl, PUBLIC_URL: baseUrl, WEB_DIST_DIR: dist });
    await t.app.listen(port, '127.0.0.1');
    const admin = await createSuperAdmin(t);
    a = await createProvider(t, admin);
    routerId = (
      await api().post('/api/v1/routers').set(a.owner.auth).send({ name: 'Kiosk', host: '127.0.0.1', apiPort: 1, useTls: false, username: 'admin', password: 'pw', hotspotDnsName: DNS }).expect(201)
    ).body.id;
    planId = (await api().post('/api/v1/plans').set(a.owner.auth).send({ name: '1 hour', price: 20, kind: 'time', uptimeLimitSeconds: 3600 }).expect(201)).body.id;
  });
  afterAll(async () => {
    await t?.close();
    await daraja?.close();
    if (dist) rmSync(dist, { recursive: true, force: true });
  });
  beforeEach(() => t.app.get(RateLimiter).reset());

  describe('recovery by phone', () => {
    it('from another device finds nothing (the receipt is needed); from the device that bought it finds the voucher', async () => {
      const bought = await paidPurchase(MAC_BUYER);
      const byPhone = { routerId, phone: bought.phone, amount: 20, day: nairobiToday() };

      // someone who knows the number and the price, on another device: nothing
      const other = await api()
        .post('/api/v1/captive/recover')
        .send({ ...byPhone, mac: MAC_OTHER })
        .expect(200);
      expect(other.body).toEqual({ purchases: [] });
      expect(JSON.stringify(other.body)).not.toContain(bought.code);
      // without a device at all: refused, naming the field
      const none = await api().post('/api/v1/captive/recover').send(byPhone).expect(400);
      expect(none.body).toMatchObject({ code: 'VALIDATION_FAILED', details: [{ field: 'mac' }] });

      // the device that bought it (the MAC may come in either spelling)
      const own = await api()
        .post('/api/v1/captive/recover')
        .send({ ...byPhone, mac: MAC_BUYER.toLowerCase().replace(/:/g, '-') })
        .expect(200);
      expect(own.body.purchases).toEqual([expect.objectContaining({ id: bought.id, status: 'paid', voucher: expect.objectContaining({ code: bought.code }) })]);
      // the receipt is never echoed in full
      expect(own.body.purchases[0].receipt).toBe(`••••••${bought.receipt.slice(-4)}`);
      expect(JSON.stringify(own.body)).not.toContain(bought.receipt);

      // from any device, the M-Pesa receipt proves the purchase
      const byReceipt = await api().post('/api/v1/captive/recover').send({ routerId, receipt: bought.receipt }).expect(200);
      expect(byReceipt.body.purchases).toEqual([expect.objectContaining({ id: bought.id, voucher: expect.objectContaining({ code: bought.code }) })]);
      expect(JSON.stringify(byReceipt.body)).not.toContain(bought.receipt);
    });
  });

  describe('purchase ids', () => {
    it("a second client can read neither the first one's purchase nor its voucher", async () => {
      const bought = await paidPurchase(MAC_BUYER);
      expect((await read(bought.id, bought.token).expect(200)).body.voucher.code).toBe(bought.code);
      for (const token of [undefined, '', 'x'.repeat(43), bought.token.slice(0, -1) + (bought.token.endsWith('A') ? 'B' : 'A')]) {
        const res = await read(bought.id, token).expect(404);
        expect(res.body.code).toBe('CAPTIVE_PURCHASE_NOT_FOUND');
        expect(JSON.stringify(res.body)).not.toContain(bought.code);
      }
      // another purchase's token does not open this one
      const mine = await paidPurchase(MAC_OTHER);
      expect((await read(bought.id, mine.token).expect(404)).body.code).toBe('CAPTIVE_PURCHASE_NOT_FOUND');
    });

    it("a second start for a phone with an open push is 409 with the seconds left, never the first client's purchase, and sends no second push", async () => {
      const phone = nextPhone();
      daraja.addPhoneRule({ match: { phone: msisdn(phone) }, action: 'manual' });
      const first = await start(phone, MAC_BUYER).expect(201);
      expect(first.body).toMatchObject({ status: 'pending', token: expect.any(String) });

      const second = await start(phone, MAC_OTHER).expect(409);
      expect(second.body.code).toBe('CAPTIVE_PAYMENT_OPEN');
      expect(second.body.message).toMatch(/already open on this phone.*wait \d+ s/);
      const wait = Number(second.headers['retry-after']);
      expect(wait).toBeGreaterThan(0);
      expect(wait).toBeLessThanOrEqual(t.config.payments.expireAfterSeconds);
      const leaked = JSON.stringify(second.body) + JSON.stringify(second.headers);
      expect(leaked).not.toContain(first.body.id);
      expect(leaked).not.toContain(first.body.token);
      expect(daraja.listPushes({ phoneNumber: msisdn(phone) })).toHaveLength(1);

      // the first client still follows its own purchase to the end
      daraja.approve(msisdn(phone));
      expect((await waitPaid(first.body.id, first.body.token)).status).toBe('paid');
    });

    it('the device that started the push gets it back after a reload (new token, old one dead, still one push)', async () => {
      const phone = nextPhone();
      daraja.addPhoneRule({ match: { phone: msisdn(phone) }, action: 'manual' });
      const first = await start(phone, MAC_BUYER).expect(201);
      // the page reloaded: the token is gone, the same phone starts again from the same device
      const again = await start(phone, MAC_BUYER).expect(201);
      expect(again.body.id).toBe(first.body.id);
      expect(again.body.token).not.toBe(first.body.token);
      expect(daraja.listPushes({ phoneNumber: msisdn(phone) })).toHaveLength(1);
      expect((await read(first.body.id, first.body.token).expect(404)).body.code).toBe('CAPTIVE_PURCHASE_NOT_FOUND');
      daraja.approve(msisdn(phone));
      expect((await waitPaid(again.body.id, again.body.token)).status).toBe('paid');
    });
  });

  describe('STK push limits', () => {
    it('count per device (router + MAC) before IP: one buyer is capped, the rest of the hotspot behind the same address goes on up to the NAT ceiling', async () => {
      const limits = t.config.payments.rateLimit;
      const saved = { ...limits };
      // every request of this suite comes from 127.0.0.1: the IP ceiling sits 12 above what it already used
      const [{ used }] = await t.dataSource.query<Array<{ used: number }>>(`SELECT count(*)::int AS used FROM payments WHERE client_ip = '127.0.0.1' AND source = 'stk'`);
      Object.assign(limits, { perIp: used + 12 });
      try {
        const buy = async (mac: string) => {
          await t.app.get(RateLimiter).reset(); // the route's per-minute limit is not what this test is about
          const phone = nextPhone();
          daraja.addPhoneRule({ match: { phone: msisdn(phone) }, action: 'manual' });
          return { phone, res: await start(phone, mac) };
        };
        for (let i = 0; i < limits.perDevice; i++) expect((await buy('02:AB:00:00:01:01')).res.status).toBe(201);
        const capped = await buy('02:AB:00:00:01:01');
        expect(capped.res.status).toBe(429);
        expect(capped.res.body.code).toBe('PAYMENT_RATE_LIMITED');
        expect(Number(capped.res.headers['retry-after'])).toBe(limits.windowSeconds);
        expect(daraja.listPushes({ phoneNumber: msisdn(capped.phone) })).toHaveLength(0);

        // another customer of the same hotspot, same public address: not held back by the first
        for (let i = 0; i < 2; i++) expect((await buy('02:AB:00:00:01:02')).res.status).toBe(201);
        // the address's ceiling (a spoofed MAC only buys a fresh device budget up to here)
        const ceiling = await buy('02:AB:00:00:01:03');
        expect(ceiling.res.status).toBe(429);
        expect(ceiling.res.body.code).toBe('PAYMENT_RATE_LIMITED');
        expect(daraja.listPushes({ phoneNumber: msisdn(ceiling.phone) })).toHaveLength(0);
        const rows = await t.dataSource.query<Array<{ client_device: string; n: number }>>(
          `SELECT client_device, count(*)::int AS n FROM payments WHERE client_device LIKE $1 GROUP BY client_device ORDER BY client_device`,
          [`${routerId}:02:AB:00:00:01:%`],
        );
        expect(rows).toEqual([
          { client_device: `${routerId}:02:AB:00:00:01:01`, n: limits.perDevice },
          { client_device: `${routerId}:02:AB:00:00:01:02`, n: 2 },
        ]);
      } finally {
        Object.assign(limits, saved);
      }
    });
  });

  describe('portal links', () => {
    const link = (params: Record<string, string>) => `/portal/${routerId}?${new URLSearchParams({ mac: MAC_BUYER, ip: '10.5.50.77', ...params }).toString()}`;

    it('a login URL on any host but the router gets the bad-link page, never the portal', async () => {
      for (const foreign of [
        'http://evil.example/login',
        'https://evil.example/login',
        `http://${DNS}.evil.example/login`,
        `http://${DNS}@evil.example/login`,
        'http://10.5.50.66/login',
        'http://wifi.hotspot.lan/login', // the setup kit's default name: this router has its own
      ]) {
        const res = await api().get(link({ 'link-login-only': foreign, 'link-orig': 'http://example.com/' }));
        expect([foreign, res.status, res.headers['x-wavu-link-problem']]).toEqual([foreign, 400, 'foreign_login']);
        expect(res.text).toContain('This WiFi login link is not complete');
        expect(res.text).not.toContain('evil');
        expect(res.text).not.toContain('<div id="portal">');
      }
      // a page to go on to that is not a web page
      const js = await api().get(link({ 'link-login-only': `http://${DNS}/login`, 'link-orig': 'javascript:alert(1)' }));
      expect([js.status, js.headers['x-wavu-link-problem']]).toEqual([400, 'garbled_parameters']);
    });

    it("the router's own login URL (its hotspot DNS name, or the address the platform reaches it at) gets the portal", async () => {
      for (const own of [`http://${DNS}/login`, `https://${DNS.toUpperCase()}/login`, 'http://127.0.0.1:8080/login']) {
        const res = await api().get(link({ 'link-login-only': own, 'link-orig': 'http://example.com/', error: 'Send your code to http://evil.example' }));
        expect([own, res.status]).toEqual([own, 200]);
        expect(res.text).toContain('<div id="portal">');
      }
    });
  });

  describe('guessable codes', () => {
    it('refuses a batch that would leave fewer than 10,000 possible codes per live code of its format, and changes nothing', async () => {
      // 6 digits without look-alikes: 8^6 = 262,144 codes → at most 26 live ones
      const before = await databaseFingerprint(t, ['audit_log']);
      const refused = await api().post('/api/v1/voucher-batches').set(a.owner.auth).send({ planId, quantity: 27, codeLength: 6, alphabet: 'digits', pushToRouter: false }).expect(400);
      expect(refused.body).toMatchObject({ code: 'VOUCHER_CODE_SPACE_TOO_SMALL', details: [{ field: 'codeLength' }] });
      expect(refused.body.message).toMatch(/too easy to guess.*longer codes or digits and letters/);
      expect(refused.body.details[0].messages[0]).toMatch(/allow 26 more live codes \(0 live now/);
      expect(await databaseFingerprint(t, ['audit_log'])).toEqual(before);

      // 26 fit; then none more of that format while they live, other formats still do
      const ok = await api().post('/api/v1/voucher-batches').set(a.owner.auth).send({ planId, quantity: 26, codeLength: 6, alphabet: 'digits', pushToRouter: false }).expect(202);
      await t.app.get(VoucherBatchesService).settled(ok.body.id);
      const more = await api().post('/api/v1/voucher-batches').set(a.owner.auth).send({ planId, quantity: 1, codeLength: 6, alphabet: 'digits', pushToRouter: false }).expect(400);
      expect(more.body.details[0].messages[0]).toMatch(/allow 0 more live codes \(26 live now/);
      await api().post('/api/v1/voucher-batches').set(a.owner.auth).send({ planId, quantity: 100, codeLength: 10, alphabet: 'digits', pushToRouter: false }).expect(202);
      await api().post('/api/v1/voucher-batches').set(a.owner.auth).send({ planId, quantity: 100, codeLength: 6, alphabet: 'mixed', pushToRouter: false }).expect(202);

      // expired codes no longer count
      await t.dataSource.query(`UPDATE vouchers SET status = 'expired', expired_at = now() WHERE batch_id = $1`, [ok.body.id]);
      await api().post('/api/v1/voucher-batches').set(a.owner.auth).send({ planId, quantity: 26, codeLength: 6, alphabet: 'digits', pushToRouter: false }).expect(202);
      await t.app.get(VoucherBatchesService).settled();
    });

    it('code checks are limited per router and device: 10 wrong codes a minute, then 429; other devices and good codes go on', async () => {
      const check = (mac: string, code: string) => api().post('/api/v1/captive/vouchers/check').send({ routerId, code, mac });
      const guesser = '02:AB:00:00:00:66';
      for (let i = 0; i < 10; i++) expect((await check(guesser, `WRONG${i}XYZ`).expect(200)).body).toMatchObject({ usable: false, reason: 'not_found' });
      const limited = await check(guesser, 'WRONGXXYZ').expect(429);
      expect(limited.body.code).toBe('RATE_LIMITED');
      expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
      // the same device on login-check shares the budget; no MAC shares one bucket per router
      expect((await api().post(`/api/v1/captive/routers/${routerId}/login-check`).send({ code: 'WRONGXXYZ', mac: guesser })).status).toBe(429);
      expect((await check('02:AB:00:00:00:67', 'WRONGXXYZ').expect(200)).body.reason).toBe('not_found');
      // a customer re-checking a good code never runs out
      const good = await paidPurchase(MAC_BUYER);
      await t.app.get(RateLimiter).reset();
      for (let i = 0; i < 15; i++) expect((await check(MAC_BUYER, good.code).expect(200)).body.usable).toBe(true);
    });
  });

  describe('a busy hotspot behind one address', () => {
    it("checks every customer's good code (the budget is per device), while a guesser making up MACs is held to 30 wrong codes a minute", async () => {
      t.app.get(DeviceCheckLimiter).reset();
      const check = (mac: string, code: string) => api().post('/api/v1/captive/vouchers/check').send({ routerId, code, mac });
      const good = await paidPurchase('02:AC:00:00:01:00');
      // 40 customers in one minute, all through the router's one public address
      for (let i = 0; i < 40; i++) expect((await check(`02:AC:00:00:00:${String(i).padStart(2, '0')}`, good.code).expect(200)).body.usable).toBe(true);
      // a guesser on the same address with a new MAC for every guess
      let refusedAt = -1;
      for (let i = 0; i < 35 && refusedAt < 0; i++) {
        const res = await check(`02:AD:00:00:00:${String(i).padStart(2, '0')}`, `WRONG${i}XYZ`);
        if (res.status === 429) refusedAt = i;
        else expect(res.body.reason).toBe('not_found');
      }
      expect(refusedAt).toBe(30);
      // the address is held for the rest of the minute, for good codes too (it cannot tell them apart before looking)
      expect((await check('02:AD:00:00:01:00', good.code)).status).toBe(429);
    });
  });

  describe('requests from elsewhere', () => {
    it('a POST that is not JSON is 415 and a request from another site is 403: no push is sent, nothing changes', async () => {
      const phone = nextPhone();
      const body = { routerId, planId, phone };
      const pushes = daraja.listPushes().length;
      const before = await databaseFingerprint(t, ['audit_log']);
      // an HTML form on another site can send these three types
      const form = await api().post('/api/v1/captive/purchases').type('form').send(body).expect(415);
      expect(form.body.code).toBe('UNSUPPORTED_MEDIA_TYPE');
      await api().post('/api/v1/captive/purchases').set('content-type', 'text/plain').send(JSON.stringify(body)).expect(415);
      await api()
        .post('/api/v1/captive/purchases')
        .set('content-type', 'multipart/form-data; boundary=x')
        .send(`--x\r\nContent-Disposition: form-data; name="phone"\r\n\r\n${phone}\r\n--x--\r\n`)
        .expect(415);
      await api().post('/api/v1/captive/recover').set('content-type', 'text/plain').send('{}').expect(415);
      // a page on another site (fetch with JSON, or the browser's own marking)
      for (const headers of [{ origin: 'http://evil.example' }, { origin: 'null' }, { origin: `${baseUrl}.evil.example` }, { 'sec-fetch-site': 'cross-site' }, { 'sec-fetch-site': 'same-site' }]) {
        const res = await api().post('/api/v1/captive/purchases').set(headers).send(body);
        expect([headers, res.status, res.body.code]).toEqual([headers, 403, 'CAPTIVE_CROSS_SITE']);
        expect((await api().get(`/api/v1/captive/routers/${routerId}`).set(headers)).status).toBe(403);
      }
      expect(daraja.listPushes()).toHaveLength(pushes);
      expect(await databaseFingerprint(t, ['audit_log'])).toEqual(before);

      // the portal page itself (same origin) and clients without a browser's headers go through
      daraja.addPhoneRule({ match: { phone: msisdn(phone) }, action: 'approve', times: 1 });
      await api().post('/api/v1/captive/purchases').set({ origin: baseUrl, 'sec-fetch-site': 'same-origin' }).send(body).expect(201);
      await api().get(`/api/v1/captive/routers/${routerId}`).set({ 'sec-fetch-site': 'same-origin' }).expect(200);
    });
  });
});
