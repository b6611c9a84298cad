import type { SimRouter } from '@wavu/routeros-sim';
import type { Sandbox } from '@wavu/sandbox';
import { startSandbox } from '@wavu/sandbox';
import { Clock } from '../../apps/api/src/common/clock';
import { inTransaction } from '../../apps/api/src/database/transaction';
import { OutboxWorker } from '../../apps/api/src/modules/routers/outbox.worker';
import { RouterMonitorService } from '../../apps/api/src/modules/routers/router-monitor.service';
import { RoutersService } from '../../apps/api/src/modules/routers/routers.service';
import { VoucherBatchesService } from '../../apps/api/src/modules/vouchers/voucher-batches.service';
import { VoucherSalesService } from '../../apps/api/src/modules/vouchers/voucher-sales.service';
import { VouchersJobs } from '../../apps/api/src/modules/vouchers/vouchers.jobs';
import { qrEncoder } from '../../apps/api/src/modules/vouchers/voucher-print-draw';
import type { ProviderFixture, Session } from '../factories';
import { createProvider, createSuperAdmin, databaseFingerprint } from '../factories';
import { pdfColors, pdfImageCount, pdfText } from '../pdf-text';
import { pngDataUrl, solidPng } from '../png';
import type { TestApp } from '../setup/test-app';
import { startTestApp } from '../setup/test-app';

const DNS = 'wifi.demo-hotspot.test';

describe('plans and vouchers (e2e, RouterOS simulator over TCP)', () => {
  let t: TestApp;
  let sandbox: Sandbox;
  let sim: SimRouter;
  let admin: Session;
  let p: ProviderFixture;
  let routerId: string;
  let dayPlan: { id: string; profileName: string };

  const api = (method: 'get' | 'post' | 'patch', path: string) => (t.http() as any)[method](`/api/v1${path}`).set(p.owner.auth);
  const drain = async () => {
    for (let i = 0; i < 5; i++) await t.app.get(OutboxWorker).drainOnce();
  };
  const waitBatch = async (id: string) => {
    await t.app.get(VoucherBatchesService).settled(id);
    await t.app.get(RoutersService).settled();
    return (await api('get', `/voucher-batches/${id}`).expect(200)).body;
  };

  beforeAll(async () => {
    [t, sandbox] = await Promise.all([startTestApp(), startSandbox({ routers: 1 })]);
    sim = sandbox.routers[0];
    admin = await createSuperAdmin(t);
    p = await createProvider(t, admin);
    const router = await t
      .http()
      .post('/api/v1/routers')
      .set(p.owner.auth)
      .send({ name: 'Kawangware', host: '127.0.0.1', apiPort: sim.port, useTls: false, username: 'admin', password: '', hotspotDnsName: DNS })
      .expect(201);
    routerId = router.body.id;
  });
  afterAll(async () => {
    t.app.get(Clock).reset();
    await t?.close();
    await sandbox?.stop();
  });

  it('creates plans with every field, refuses inconsistent ones, and puts the profile on the router', async () => {
    const bad = await api('post', '/plans').send({ name: '1 hour', price: 20, kind: 'time' }).expect(400);
    expect(bad.body).toMatchObject({ code: 'PLAN_INVALID', details: [{ field: 'uptimeLimitSeconds' }] });

    const res = await api('post', '/plans')
      .send({
        name: '1 day',
        price: 50,
        kind: 'unlimited',
        validitySeconds: 86400,
        validityFrom: 'first_login',
        downloadRate: '5M',
        uploadRate: '2M',
        burstDownloadRate: '10M',
        burstUploadRate: '4M',
        sharedUsers: 2,
        idleTimeoutSeconds: 300,
        sortOrder: 2,
      })
      .expect(201);
    dayPlan = res.body;
    expect(res.body).toMatchObject({ price: 50, priceMinor: 5000, currency: 'KES', rateLimit: '2M/5M 4M/10M 2M/5M 10/10', status: 'active', routerScope: 'all', activationExpiryDays: 30 });
    expect(res.body.profileName).toMatch(/^wavu-1-day-[0-9a-f]{6}$/);
    await drain();
    expect(sim.state.hotspot.userProfiles.find('name', dayPlan.profileName)).toMatchObject({ 'rate-limit': '2M/5M 4M/10M 2M/5M 10/10', 'shared-users': '2' });

    // an edit re-queues the profile; archive keeps it; list filters
    await api('patch', `/plans/${dayPlan.id}`).send({ downloadRate: '8M', burstDownloadRate: null, burstUploadRate: null }).expect(200);
    await drain();
    expect(sim.state.hotspot.userProfiles.find('name', dayPlan.profileName)).toMatchObject({ 'rate-limit': '2M/8M' });
    const hour = (
      await api('post', '/plans')
        .send({ name: '1 hour', price: 20, kind: 'time', uptimeLimitSeconds: 3600, validitySeconds: 86400, routerScope: 'selected', routerIds: [routerId] })
        .expect(201)
    ).body;
    await api('post', `/plans/${hour.id}/archive`).expect(200);
    expect((await api('post', `/plans/${hour.id}/archive`).expect(409)).body.code).toBe('PLAN_INVALID_TRANSITION');
    expect((await api('get', '/plans').query({ status: 'active' }).expect(200)).body.items.map((x: { id: string }) => x.id)).toEqual([dayPlan.id]);
    expect((await api('post', '/voucher-batches').send({ planId: hour.id, quantity: 5 }).expect(409)).body.code).toBe('VOUCHER_PLAN_ARCHIVED');
  });

  it('generates a pushed batch with progress; CSV and PDF contain exactly the batch; each QR opens the hotspot login with the code', async () => {
    const started = await api('post', '/voucher-batches').send({ planId: dayPlan.id, quantity: 30, codeLength: 10, alphabet: 'digits', prefix: 'KW', pushToRouter: true, label: 'Kiosk' }).expect(202);
    expect(started.body).toMatchObject({ quantity: 30, pushToRouter: true, label: 'Kiosk' });
    const batch = await waitBatch(started.body.id);
    expect(batch).toMatchObject({ status: 'ready', generated: 30, routers: [{ routerId, status: 'succeeded', total: 30, done: 30, failed: 0 }] });

    const vouchers = (await api('get', '/vouchers').query({ batchId: batch.id, limit: 100, sort: 'oldest' }).expect(200)).body.items;
    expect(vouchers).toHaveLength(30);
    for (const v of vouchers) {
      expect(v.code).toMatch(/^KW[2-9]{10}$/);
      expect(sim.state.hotspot.findUser(v.code)).toMatchObject({ password: v.code, profile: dayPlan.profileName, comment: `wavu:${v.id}` });
    }
    const codes = vouchers.map((v: { code: string }) => v.code).sort();

    const csv = await api('get', `/voucher-batches/${batch.id}/vouchers.csv`).expect(200);
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    const lines = csv.text.trim().split('\r\n');
    expect(lines[0]).toBe('code,password,payment_reference,plan,price,currency,status,expires_at');
    expect(
      lines
        .slice(1)
        .map((l: string) => l.split(',')[0])
        .sort(),
    ).toEqual(codes);
    expect(lines[1].split(',').slice(3, 7)).toEqual(['1 day', '50', 'KES', 'available']);

    const spy = jest.spyOn(qrEncoder, 'encode');
    const pdf = await api('get', `/voucher-batches/${batch.id}/print.pdf`)
      .buffer(true)
      .parse((res: any, cb: any) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(pdf.status).toBe(200);
    expect(pdf.headers['content-type']).toBe('application/pdf');
    const text = pdfText(pdf.body);
    const printed = [...new Set(text.match(/KW[2-9]{10}/g) ?? [])].sort();
    expect(printed).toEqual(codes);
    expect(text).toContain(p.providerId ? 'KES 50' : '');
    const payloads = spy.mock.calls.map((c) => c[0]);
    expect(payloads.sort()).toEqual(codes.map((c: string) => `http://${DNS}/login?username=${c}&password=${c}`).sort());
    spy.mockRestore();

    const thermal = await api('get', `/voucher-batches/${batch.id}/print.pdf`)
      .query({ layout: 'thermal' })
      .buffer(true)
      .parse((res: any, cb: any) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    // a continuous roll: the 30 tickets one after another on a few long pages, not a page each
    expect((thermal.body.toString('latin1').match(/\/Type \/Page\b/g) ?? []).length).toBeLessThan(5);
    expect([...new Set(pdfText(thermal.body).match(/KW[2-9]{10}/g) ?? [])].sort()).toEqual(codes);
    // the 58 mm roll of small Bluetooth printers: every code, and a narrower page than the 80 mm roll
    const narrow = await api('get', `/voucher-batches/${batch.id}/print.pdf`)
      .query({ layout: 'thermal58' })
      .buffer(true)
      .parse((res: any, cb: any) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    expect(narrow.headers['content-type']).toContain('application/pdf');
    expect([...new Set(pdfText(narrow.body).match(/KW[2-9]{10}/g) ?? [])].sort()).toEqual(codes);
    const pageWidth = (pdf: Buffer) => Number(/\/MediaBox \[0 0 ([\d.]+)/.exec(pdf.toString('latin1'))![1]);
    expect(pageWidth(narrow.body)).toBeLessThan(pageWidth(thermal.body));
    await api('get', `/voucher-batches/${batch.id}/print.pdf`).query({ layout: 'poster' }).expect(400);
  });

  it("prints the provider's branding: brand name, PNG logo embedded once, accent colour on borders and headers; WebP logo → name only", async () => {
    const pdfOf = async (id: string, layout: 'a4' | 'thermal') =>
      (
        await api('get', `/voucher-batches/${id}/print.pdf`)
          .query({ layout })
          .buffer(true)
          .parse((res: any, cb: any) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => cb(null, Buffer.concat(chunks)));
          })
          .expect(200)
      ).body as Buffer;
    const batch = await waitBatch((await api('post', '/voucher-batches').send({ planId: dayPlan.id, quantity: 3 }).expect(202)).body.id);
    await t
      .http()
      .put('/api/v1/provider/branding')
      .set(p.owner.auth)
      .send({ brandName: 'Mama Njeri WiFi', accentColor: '#7a1fa2', logoDataUrl: pngDataUrl(solidPng(30, 12, [0x7a, 0x1f, 0xa2])) })
      .expect(200);
    for (const layout of ['a4', 'thermal'] as const) {
      const pdf = await pdfOf(batch.id, layout);
      expect(
        pdfText(pdf)
          .split('\n')
          .filter((l) => l === 'Mama Njeri WiFi'),
      ).toHaveLength(3);
      // a thermal head prints black only: the accent colour is for A4
      expect(pdfColors(pdf, 'stroke')).toEqual(new Set([layout === 'a4' ? '#7A1FA2' : '#000000']));
      expect(pdfImageCount(pdf)).toBe(1);
    }
    // WebP cannot be embedded by pdfkit: the name alone; no colour → the default accent
    const webp = Buffer.concat([Buffer.from('RIFF'), Buffer.from([0x1a, 0, 0, 0]), Buffer.from('WEBPVP8L'), Buffer.alloc(14, 1)]);
    await t
      .http()
      .put('/api/v1/provider/branding')
      .set(p.owner.auth)
      .send({ accentColor: null, logoDataUrl: `data:image/webp;base64,${webp.toString('base64')}` })
      .expect(200);
    const plain = await pdfOf(batch.id, 'a4');
    expect(pdfText(plain)).toContain('Mama Njeri WiFi');
    expect(pdfImageCount(plain)).toBe(0);
    expect(pdfColors(plain, 'stroke')).toEqual(new Set(['#0B6E4F']));
    // cleared branding: the business name
    await t.http().put('/api/v1/provider/branding').set(p.owner.auth).send({ brandName: null, logoDataUrl: null }).expect(200);
    const business = (await t.http().get('/api/v1/provider/branding').set(p.owner.auth).expect(200)).body.name;
    expect(pdfText(await pdfOf(batch.id, 'thermal'))).toContain(business);
  });

  it('lists with filters, search, cursor pagination and counts; other tenants get 404', async () => {
    const b = await waitBatch((await api('post', '/voucher-batches').send({ planId: dayPlan.id, quantity: 7 }).expect(202)).body.id);
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const query: Record<string, string | number> = { batchId: b.id, limit: 3 };
      if (cursor) query.cursor = cursor;
      const page = await api('get', '/vouchers').query(query).expect(200);
      seen.push(...page.body.items.map((v: { id: string }) => v.id));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(7);

    const one = (await api('get', '/vouchers').query({ batchId: b.id, limit: 1 }).expect(200)).body.items[0];
    expect((await api('get', '/vouchers').query({ search: one.code.toLowerCase() }).expect(200)).body.items.map((v: { id: string }) => v.id)).toEqual([one.id]);
    expect((await api('get', '/vouchers').query({ search: one.paymentReference }).expect(200)).body.items.map((v: { id: string }) => v.id)).toEqual([one.id]);
    await api('post', `/vouchers/${one.id}/disable`).expect(200);
    const counts = (await api('get', '/vouchers/counts').query({ batchId: b.id }).expect(200)).body;
    expect(counts).toMatchObject({ available: 6, disabled: 1, sold: 0, total: 7 });
    expect((await api('get', '/vouchers').query({ batchId: b.id, status: 'disabled' }).expect(200)).body.items.map((v: { id: string }) => v.id)).toEqual([one.id]);
    const future = new Date(Date.now() + 86400_000).toISOString();
    expect((await api('get', '/vouchers').query({ batchId: b.id, createdFrom: future }).expect(200)).body.items).toEqual([]);

    const other = await createProvider(t, admin);
    await t.http().get(`/api/v1/vouchers/${one.id}`).set(other.owner.auth).expect(404);
    await t.http().post(`/api/v1/vouchers/${one.id}/enable`).set(other.owner.auth).expect(404);
    await t.http().get(`/api/v1/voucher-batches/${b.id}/print.pdf`).set(other.owner.auth).expect(404);
    expect((await t.http().get('/api/v1/vouchers').query({ batchId: b.id }).set(other.owner.auth).expect(200)).body.items).toEqual([]);

    const exported = await api('get', '/vouchers/export.csv').query({ batchId: b.id, status: 'available' }).expect(200);
    expect(exported.text.trim().split('\r\n')).toHaveLength(7);
  });

  it('actions are audited and reflected on the router; illegal transitions fail and change nothing', async () => {
    const b = await waitBatch((await api('post', '/voucher-batches').send({ planId: dayPlan.id, quantity: 2, pushToRouter: true }).expect(202)).body.id);
    const [v, w] = (await api('get', '/vouchers').query({ batchId: b.id, sort: 'oldest' }).expect(200)).body.items;
    expect(v.allowedActions).toEqual(['disable', 'transfer', 'extend', 'push']);

    const before = await databaseFingerprint(t);
    const illegal = await api('post', `/vouchers/${v.id}/refund`).send({ method: 'none', reason: 'Customer asked' }).expect(409);
    expect(illegal.body).toMatchObject({ code: 'VOUCHER_INVALID_TRANSITION', message: 'Cannot refund a voucher that is available' });
    expect((await api('post', `/vouchers/${v.id}/enable`).expect(409)).body.code).toBe('VOUCHER_INVALID_TRANSITION');
    expect(await databaseFingerprint(t)).toEqual(before);

    await api('post', `/vouchers/${v.id}/disable`).expect(200);
    await drain();
    expect(sim.state.hotspot.findUser(v.code)).toMatchObject({ disabled: 'true' });
    const enabled = await api('post', `/vouchers/${v.id}/enable`).expect(200);
    expect(enabled.body.status).toBe('available');
    await drain();
    expect(sim.state.hotspot.findUser(v.code)).toMatchObject({ disabled: 'false' });

    // a sale through the payments API, then a refund with a reason removes the user
    const sold = await inTransaction(t.dataSource, (m) => t.app.get(VoucherSalesService).sellVoucher(m, p.providerId, w.id, { saleKey: 'e2e-sale-1', buyerPhone: '0712345678' }));
    expect(sold.status).toBe('sold');
    const detail = (await api('get', `/vouchers/${w.id}`).expect(200)).body;
    expect(detail).toMatchObject({ status: 'sold', buyerPhone: expect.not.stringContaining('345') });
    const refunded = await api('post', `/vouchers/${w.id}/refund`).send({ method: 'none', reason: 'Could not connect' }).expect(200);
    expect(refunded.body).toMatchObject({ status: 'refunded', refundReason: 'Could not connect' });
    await drain();
    expect(sim.state.hotspot.findUser(w.code)).toBeUndefined();

    const extended = await api('post', `/vouchers/${v.id}/extend`).send({ seconds: 86400 }).expect(200);
    expect(new Date(extended.body.expiresAt).getTime() - new Date(v.expiresAt).getTime()).toBe(86400_000);
    const moved = await api('post', `/vouchers/${v.id}/transfer`).send({ routerId }).expect(200);
    expect(moved.body.routerId).toBe(routerId);

    const bulk = await api('post', '/vouchers/bulk')
      .send({ action: 'enable', ids: [v.id, w.id] })
      .expect(200);
    expect(bulk.body).toEqual({
      succeeded: [],
      failed: [expect.objectContaining({ id: v.id, code: 'VOUCHER_INVALID_TRANSITION' }), expect.objectContaining({ id: w.id, code: 'VOUCHER_INVALID_TRANSITION' })],
    });

    const audit = await t.dataSource.query(`SELECT action, metadata FROM audit_logs WHERE target_id = ANY($1) ORDER BY created_at`, [[v.id, w.id]]);
    expect(audit.map((a: { action: string }) => a.action)).toEqual(['voucher.disabled', 'voucher.enabled', 'voucher.refunded', 'voucher.extended', 'voucher.transferred']);
    expect(audit[2].metadata).toMatchObject({ reason: 'Could not connect', method: 'none', reference: null });
  });

  it('first login is picked up by usage sync, and the expiry job removes the user from the router', async () => {
    const b = await waitBatch((await api('post', '/voucher-batches').send({ planId: dayPlan.id, quantity: 1, pushToRouter: true }).expect(202)).body.id);
    const [v] = (await api('get', '/vouchers').query({ batchId: b.id }).expect(200)).body.items;
    sandbox.loginDevices(sim, [{ user: v.code, password: v.code, ip: '10.5.50.90', mac: 'AA:BB:CC:00:09:09', rateOut: 100 }]);
    sim.clock.advance(30_000);
    await t.app.get(RouterMonitorService).syncUsageAll();
    const inUse = (await api('get', `/vouchers/${v.id}`).expect(200)).body;
    expect(inUse).toMatchObject({ status: 'in_use', uptimeUsedSeconds: 30 });
    expect(inUse.firstLoginAt).not.toBeNull();
    // usage expiry: the 1-day window counts from first login
    expect(new Date(inUse.expiresAt).getTime() - new Date(inUse.firstLoginAt).getTime()).toBe(86400_000);

    const run = await t.app.get(VouchersJobs).runNow(new Date(new Date(inUse.expiresAt).getTime() + 1000));
    expect(run.status).toBe('succeeded');
    expect(run.counts.expired).toBeGreaterThanOrEqual(1);
    expect((await api('get', `/vouchers/${v.id}`).expect(200)).body.status).toBe('expired');
    expect(sim.state.hotspot.findUser(v.code)).toBeDefined();
    await drain();
    expect(sim.state.hotspot.findUser(v.code)).toBeUndefined();
  });
});
