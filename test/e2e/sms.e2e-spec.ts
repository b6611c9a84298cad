import type { DarajaSimulator } from '@wavu/daraja-sim';
import { DEMO_APP, startDarajaSimulator } from '@wavu/daraja-sim';
import type { SmsSimulator } from '@wavu/sms-sim';
import { DEMO_SMS_APP, startSmsSimulator } from '@wavu/sms-sim';
import { MessageSender } from '../../apps/api/src/modules/notifications';
import { PaymentsService } from '../../apps/api/src/modules/payments';
import { VoucherBatchesService } from '../../apps/api/src/modules/vouchers/voucher-batches.service';
import { createProvider, createSuperAdmin, type ProviderFixture, type Session } from '../factories';
import { freePort } from '../setup/free-port';
import type { TestApp } from '../setup/test-app';
import { startTestApp } from '../setup/test-app';
import { createTestDatabase, type TestDatabase } from '../setup/test-database';

/**
 * SMS end to end (docs/sms.md §8–9): the API listens on a real port, texts through the Africa's
 * Talking simulator over HTTP, and the simulator posts delivery reports back to it.
 */
describe('SMS (e2e, Africa’s Talking and Daraja simulators over HTTP)', () => {
  let db: TestDatabase;
  let t: TestApp;
  let port: number;
  let env: Record<string, string>;
  let sms: SmsSimulator;
  let daraja: DarajaSimulator;
  let admin: Session;
  let a: ProviderFixture; // platform SMS account
  let b: ProviderFixture; // own Africa's Talking app
  let routerA: string;
  let planA: string;
  let phoneSeq = 0;
  /** 2547…5nnn: the last four digits are no magic number of either simulator (e.g. Daraja's 0001 = insufficient funds) */
  const phone = () => {
    phoneSeq++;
    return `2547${String(phoneSeq).padStart(4, '0')}5${String(phoneSeq % 1000).padStart(3, '0')}`;
  };
  const OWN_APP = { username: 'mamanjeri', apiKey: 'own-at-api-key-for-tests', environment: 'production' as const, senderIds: ['MAMANJERI'] };

  const row = async (sql: string, params: unknown[] = []) => (await t.dataSource.query(sql, params))[0];
  const rows = (sql: string, params: unknown[] = []) => t.dataSource.query(sql, params);
  const waitFor = async (check: () => Promise<boolean>, ms = 8000) => {
    const until = Date.now() + ms;
    while (!(await check())) {
      if (Date.now() > until) throw new Error('condition not met in time');
      await new Promise((r) => setTimeout(r, 25));
    }
  };
  const drain = () => t.app.get(MessageSender).drainOnce();
  const inbox = (msisdn: string) => sms.listMessages({ to: `+${msisdn}` });
  const start = async () => {
    t = await startTestApp(env, { db });
    await t.app.listen(port, '127.0.0.1');
  };
  const buy = async (msisdn: string) => {
    const started = await t.app.get(PaymentsService).startPurchase({ providerId: a.providerId, routerId: routerA, planId: planA, phone: msisdn, clientIp: '10.0.0.9' });
    await daraja.idle();
    await waitFor(async () => (await row(`SELECT status FROM payments WHERE id = $1`, [started.purchaseId])).status === 'paid');
    return started.purchaseId;
  };

  beforeAll(async () => {
    port = await freePort();
    const base = `http://127.0.0.1:${port}`;
    sms = await startSmsSimulator({
      apps: [
        { ...DEMO_SMS_APP, deliveryReportUrl: `${base}/api/v1/webhooks/africastalking/sms-callback-token-for-the-tests-0001/delivery-reports` },
        { ...OWN_APP, balanceMinor: 100_000 },
      ],
      settings: { deliveryDelayMs: 20, callbackRetryBackoffMs: 50 },
    });
    daraja = await startDarajaSimulator({ apps: [DEMO_APP] });
    env = {
      AT_BASE_URL: sms.url,
      AT_USERNAME: DEMO_SMS_APP.username,
      AT_API_KEY: DEMO_SMS_APP.apiKey,
      AT_SENDER_ID: 'WAVU',
      SMS_CALLBACK_TOKEN: 'sms-callback-token-for-the-tests-0001',
      // generous: a timeout is ambiguous (the text may have gone) and its retry would text twice (docs/sms.md §6)
      AT_TIMEOUT_MS: '15000',
      PUBLIC_URL: base,
      DARAJA_BASE_URL: daraja.url,
      DARAJA_CALLBACK_BASE_URL: base,
      OUTBOX_BACKOFF_MS: '200',
    };
    db = await createTestDatabase();
    await start();
    admin = await createSuperAdmin(t);
    a = await createProvider(t, admin);
    b = await createProvider(t, admin);
    const router = await t.http().post('/api/v1/routers').set(a.owner.auth).send({ name: 'Kiosk', host: '127.0.0.1', apiPort: 1, useTls: false, username: 'admin', password: 'router-pw' }).expect(201);
    const plan = await t.http().post('/api/v1/plans').set(a.owner.auth).send({ name: '1 day', price: 50, kind: 'unlimited', validitySeconds: 86400 }).expect(201);
    [routerA, planA] = [router.body.id, plan.body.id];
  });
  afterAll(async () => {
    await t?.close();
    await db?.drop();
    await sms?.close();
    await daraja?.close();
  });

  it('texts the code of a paid purchase once, through duplicated callbacks and an API restart', async () => {
    const buyer = phone();
    const purchaseId = await buy(buyer);
    const push = daraja.listPushes().find((p) => p.phoneNumber === buyer)!;
    const callback = daraja.deliveries(push.checkoutRequestId)[0];
    const callbackPath = new URL(push.callbackUrl).pathname;
    await t
      .http()
      .post(callbackPath)
      .send(callback.body as object)
      .expect(200);

    // the API stops before its sender ran: the SMS waits in PostgreSQL
    await t.close();
    await start();
    await t
      .http()
      .post(callbackPath)
      .send(callback.body as object)
      .expect(200);
    await drain();
    await drain();
    await sms.idle();

    const { code } = await row(`SELECT v.code FROM payments p JOIN vouchers v ON v.id = p.voucher_id WHERE p.id = $1`, [purchaseId]);
    const received = inbox(buyer);
    expect(received).toHaveLength(1);
    expect(received[0]).toMatchObject({ from: 'WAVU', segments: 1, encoding: 'GSM-7' });
    expect(received[0].text).toContain(`your WiFi code is ${code}`);
    expect(received[0].text).toContain('1 day');
    await waitFor(async () => (await row(`SELECT delivery_status FROM outbound_messages WHERE recipient = $1`, [buyer])).delivery_status === 'delivered');
    const log = await t
      .http()
      .get('/api/v1/sms/messages')
      .query({ phone: buyer.slice(-6) })
      .set(a.owner.auth)
      .expect(200);
    expect(log.body.items).toEqual([
      expect.objectContaining({ template: 'voucher_code', status: 'sent', delivery: 'delivered', deliveryDetail: 'Success', account: 'platform', segments: 1, cost: 0.8, currency: 'KES' }),
    ]);
    expect(log.body.items[0].to).not.toContain(buyer.slice(4, 9));
    const usage = await t.http().get('/api/v1/sms/usage').set(a.owner.auth).expect(200);
    expect(usage.body).toMatchObject({ messages: 1, segments: 1, platformSegments: 1, cost: [{ account: 'platform', currency: 'KES', cost: 0.8, segments: 1, messages: 1 }] });
  });

  it('texts nothing when the provider turned voucher SMS off, and Swahili when it chose Swahili', async () => {
    await t.http().put('/api/v1/sms/settings').set(a.owner.auth).send({ mode: 'platform', voucherSms: false }).expect(200);
    const quiet = phone();
    await buy(quiet);
    await drain();
    expect(inbox(quiet)).toHaveLength(0);

    await t.http().put('/api/v1/sms/settings').set(a.owner.auth).send({ mode: 'platform', voucherSms: true, locale: 'sw' }).expect(200);
    const swahili = phone();
    await buy(swahili);
    await drain();
    expect(inbox(swahili)[0].text).toMatch(/nambari yako ya WiFi ni [A-Z0-9]+ \(1 day\)/);
    await t.http().put('/api/v1/sms/settings').set(a.owner.auth).send({ mode: 'platform', locale: 'en' }).expect(200);
  });

  it('resends to the buyer three times an hour, then answers 429, each resend audited', async () => {
    const buyer = phone();
    const purchaseId = await buy(buyer);
    const { voucher_id: voucherId } = await row(`SELECT voucher_id FROM payments WHERE id = $1`, [purchaseId]);
    for (let i = 0; i < 3; i++) {
      const res = await t.http().post(`/api/v1/vouchers/${voucherId}/resend-sms`).set(a.owner.auth).expect(202);
      expect(res.body).toEqual({ queued: true, to: expect.stringMatching(/^2547•+\d{3}$/) });
    }
    const limited = await t.http().post(`/api/v1/vouchers/${voucherId}/resend-sms`).set(a.owner.auth).expect(429);
    expect(limited.body.code).toBe('SMS_RATE_LIMITED');
    expect(limited.headers['retry-after']).toBeDefined();
    await drain();
    expect(inbox(buyer).filter((m) => m.text.includes('sent again'))).toHaveLength(3);
    expect((await row(`SELECT count(*)::int AS n FROM audit_logs WHERE action = 'voucher.sms_resent' AND target_id = $1`, [voucherId])).n).toBe(3);

    // a printed card has no buyer phone; another provider's voucher is not found
    const batch = await t.http().post('/api/v1/voucher-batches').set(a.owner.auth).send({ planId: planA, quantity: 1, pushToRouter: false }).expect(202);
    await t.app.get(VoucherBatchesService).settled(batch.body.id);
    const { id: printed } = await row(`SELECT id FROM vouchers WHERE batch_id = $1`, [batch.body.id]);
    expect((await t.http().post(`/api/v1/vouchers/${printed}/resend-sms`).set(a.owner.auth).expect(409)).body.code).toBe('SMS_NO_PHONE');
    await t.http().post(`/api/v1/vouchers/${voucherId}/resend-sms`).set(b.owner.auth).expect(404);
  });

  it('generates a batch for 100 phone numbers: 100 texts, each with its own code, and their delivery reports', async () => {
    const phones = Array.from({ length: 100 }, () => phone());
    const local = phones.map((p, i) => (i % 2 ? `0${p.slice(3)}` : `+${p}`));
    const res = await t.http().post('/api/v1/voucher-batches').set(a.owner.auth).send({ planId: planA, quantity: 100, pushToRouter: false, phones: local }).expect(202);
    await t.app.get(VoucherBatchesService).settled(res.body.id);
    const vouchers = await rows(`SELECT code, buyer_phone FROM vouchers WHERE batch_id = $1 ORDER BY batch_seq`, [res.body.id]);
    expect(vouchers.map((v: { buyer_phone: string }) => v.buyer_phone)).toEqual(phones);
    for (let i = 0; i < 5 && (await row(`SELECT count(*)::int AS n FROM outbound_messages WHERE template_key = 'voucher_batch' AND status <> 'sent'`)).n > 0; i++) await drain();
    await sms.idle();
    phones.forEach((p, i) => {
      const got = inbox(p);
      expect(got).toHaveLength(1);
      expect(got[0].text).toContain(vouchers[i].code);
    });
    await waitFor(async () => (await row(`SELECT count(*)::int AS n FROM outbound_messages WHERE template_key = 'voucher_batch' AND delivery_status = 'delivered'`)).n === 100, 20_000);
    expect((await t.http().get(`/api/v1/voucher-batches/${res.body.id}`).set(a.owner.auth).expect(200)).body.smsRecipients).toBe(100);

    // bad input changes nothing
    const before = (await row(`SELECT count(*)::int AS n FROM voucher_batches`)).n;
    await t
      .http()
      .post('/api/v1/voucher-batches')
      .set(a.owner.auth)
      .send({ planId: planA, quantity: 2, phones: [phones[0]] })
      .expect(400);
    await t
      .http()
      .post('/api/v1/voucher-batches')
      .set(a.owner.auth)
      .send({ planId: planA, quantity: 2, phones: [phones[0], `0${phones[0].slice(3)}`] })
      .expect(400);
    await t
      .http()
      .post('/api/v1/voucher-batches')
      .set(a.owner.auth)
      .send({ planId: planA, quantity: 1, phones: ['0200 123 456'] })
      .expect(400);
    expect((await row(`SELECT count(*)::int AS n FROM voucher_batches`)).n).toBe(before);
  });

  it('keeps a text through a gateway outage and delivers it once the gateway is back', async () => {
    const buyer = phone();
    await drain(); // nothing else due: the two faults below are this message's
    sms.injectFault({ kind: 'http503', times: 2 });
    await buy(buyer);
    await drain();
    const failed = await row(`SELECT status, attempts, last_error FROM outbound_messages WHERE recipient = $1`, [buyer]);
    expect(failed).toMatchObject({ status: 'failed', attempts: 1, last_error: expect.stringMatching(/unavailable/i) });
    expect(inbox(buyer)).toHaveLength(0);
    await waitFor(async () => {
      await drain();
      return (await row(`SELECT status FROM outbound_messages WHERE recipient = $1`, [buyer])).status === 'sent';
    });
    expect(inbox(buyer)).toHaveLength(1);
    expect(await row(`SELECT attempts FROM outbound_messages WHERE recipient = $1`, [buyer])).toEqual({ attempts: 3 });
  });

  it('keeps a delivery report that arrives before the send was answered, and applies it', async () => {
    const to = phone();
    await drain();
    // the gateway accepts, reports at once, and answers the send 400 ms later
    sms.setSettings({ deliveryDelayMs: 0 });
    sms.injectFault({ kind: 'slow', delayMs: 400 });
    try {
      await t.http().post('/api/v1/sms/test').set(a.owner.auth).send({ phone: to }).expect(202);
      await drain();
      await sms.idle();
    } finally {
      sms.setSettings({ deliveryDelayMs: 20 });
    }
    expect(inbox(to)[0].reports[0]).toMatchObject({ httpStatus: 200, status: 'Success' });
    expect(await row(`SELECT status, delivery_status, delivery_detail FROM outbound_messages WHERE recipient = $1`, [to])).toEqual({
      status: 'sent',
      delivery_status: 'delivered',
      delivery_detail: 'Success',
    });
    expect((await row(`SELECT count(*)::int AS n FROM early_delivery_reports`)).n).toBe(0);
  });

  it('records a refused recipient as dead at once, and a failed delivery from its report', async () => {
    const refused = '254700000406'; // the simulator's UserInBlacklist
    const absent = '254700009002'; // accepted, then Failed: AbsentSubscriber
    await t.http().post('/api/v1/sms/test').set(a.owner.auth).send({ phone: refused }).expect(202);
    await t.http().post('/api/v1/sms/test').set(a.owner.auth).send({ phone: absent }).expect(202);
    await drain();
    await sms.idle();
    expect(await row(`SELECT status, attempts, last_error FROM outbound_messages WHERE recipient = $1`, [refused])).toMatchObject({
      status: 'dead',
      attempts: 1,
      last_error: expect.stringContaining('UserInBlacklist'),
    });
    await waitFor(async () => (await row(`SELECT delivery_status FROM outbound_messages WHERE recipient = $1`, [absent])).delivery_status === 'failed');
    expect(await row(`SELECT delivery_detail FROM outbound_messages WHERE recipient = $1`, [absent])).toEqual({ delivery_detail: 'Failed: AbsentSubscriber' });
  });

  it("sends through the provider's own Africa's Talking app, whose reports only reach its own messages", async () => {
    const incomplete = await t.http().put('/api/v1/sms/settings').set(b.owner.auth).send({ mode: 'own', atEnvironment: 'production' }).expect(400);
    expect(incomplete.body.details.map((d: { field: string }) => d.field)).toEqual(['atUsername', 'atApiKey']);
    const saved = await t
      .http()
      .put('/api/v1/sms/settings')
      .set(b.owner.auth)
      .send({ mode: 'own', atEnvironment: 'production', atUsername: OWN_APP.username, atApiKey: OWN_APP.apiKey, senderId: 'MAMANJERI' })
      .expect(200);
    expect(saved.body).toMatchObject({ mode: 'own', atApiKeySet: true, active: true, deliveryReportUrl: expect.stringMatching(/\/api\/v1\/webhooks\/africastalking\/[\w-]{32}\/delivery-reports$/) });
    expect(JSON.stringify(saved.body)).not.toContain(OWN_APP.apiKey);
    expect(JSON.stringify(await rows(`SELECT * FROM provider_sms_settings`))).not.toContain(OWN_APP.apiKey);
    sms.setDeliveryReportUrl(OWN_APP.username, saved.body.deliveryReportUrl);

    const to = phone();
    await t.http().post('/api/v1/sms/test').set(b.owner.auth).send({ phone: to }).expect(202);
    await drain();
    await sms.idle();
    expect(inbox(to)[0]).toMatchObject({ username: OWN_APP.username, from: 'MAMANJERI' });
    await waitFor(async () => (await row(`SELECT delivery_status FROM outbound_messages WHERE recipient = $1`, [to])).delivery_status === 'delivered');
    expect(await row(`SELECT sms_account FROM outbound_messages WHERE recipient = $1`, [to])).toEqual({ sms_account: 'own' });

    // a report for A's (platform) message sent to B's URL changes nothing; an unknown secret is 404
    const aMessage = await row(`SELECT gateway_message_id FROM outbound_messages WHERE provider_id = $1 AND delivery_status = 'delivered' LIMIT 1`, [a.providerId]);
    const path = new URL(saved.body.deliveryReportUrl).pathname;
    const forged = await t.http().post(path).type('form').send({ id: aMessage.gateway_message_id, status: 'Failed', failureReason: 'DeliveryFailure' }).expect(200);
    expect(forged.body).toEqual({ matched: false });
    expect(await row(`SELECT delivery_status FROM outbound_messages WHERE gateway_message_id = $1`, [aMessage.gateway_message_id])).toEqual({ delivery_status: 'delivered' });
    await t.http().post('/api/v1/webhooks/africastalking/not-a-known-secret-0000000000/delivery-reports').type('form').send({ id: 'ATXid_1', status: 'Success' }).expect(404);
    await t.http().post(path).type('form').send({ id: '<script>', status: 'Success' }).expect(200, { matched: false });
    await t
      .http()
      .post(path)
      .send({ id: ['a', 'b'], status: { $ne: 1 } })
      .expect(200, { matched: false });
  });

  it('stops platform SMS at the plan allowance and says so in the log', async () => {
    await t.dataSource.query(`UPDATE platform_settings SET default_max_sms_per_month = $1`, [0]);
    try {
      const to = phone();
      await t.http().post('/api/v1/sms/test').set(a.owner.auth).send({ phone: to }).expect(202);
      await drain();
      expect(inbox(to)).toHaveLength(0);
      const log = await t
        .http()
        .get('/api/v1/sms/messages')
        .query({ phone: to.slice(-6) })
        .set(a.owner.auth)
        .expect(200);
      expect(log.body.items[0]).toMatchObject({ status: 'dead', lastError: expect.stringContaining('SMS allowance used') });
      expect((await t.http().get('/api/v1/sms/usage').set(a.owner.auth).expect(200)).body.platformAllowance).toBe(0);
    } finally {
      await t.dataSource.query(`UPDATE platform_settings SET default_max_sms_per_month = NULL`);
    }
  });

  it('recovers by phone from the portal: the codes go to that phone, never onto the page', async () => {
    const buyer = phone();
    const purchaseId = await buy(buyer);
    await drain();
    const { code } = await row(`SELECT v.code FROM payments p JOIN vouchers v ON v.id = p.voucher_id WHERE p.id = $1`, [purchaseId]);
    expect((await t.http().get(`/api/v1/captive/routers/${routerA}`).expect(200)).body.smsRecovery).toBe(true);

    const answer = await t
      .http()
      .post('/api/v1/captive/recover-by-sms')
      .send({ routerId: routerA, phone: `0${buyer.slice(3)}` })
      .expect(202);
    const stranger = await t.http().post('/api/v1/captive/recover-by-sms').send({ routerId: routerA, phone: phone() }).expect(202);
    expect(stranger.body).toEqual(answer.body);
    expect(JSON.stringify(answer.body)).not.toContain(code);
    await drain();
    const recovery = inbox(buyer).filter((m) => m.text.includes('you bought'));
    expect(recovery).toHaveLength(1);
    expect(recovery[0].text).toContain(code);

    // three texts an hour per phone: the fourth request answers the same and texts nothing
    for (let i = 0; i < 3; i++)
      await t
        .http()
        .post('/api/v1/captive/recover-by-sms')
        .send({ routerId: routerA, phone: buyer, mac: `02:00:00:00:00:0${i}` })
        .expect(202);
    await drain();
    expect(inbox(buyer).filter((m) => m.text.includes('you bought'))).toHaveLength(3);

    await t.http().post('/api/v1/captive/recover-by-sms').send({ routerId: routerA, phone: '12345' }).expect(400);
    await t.http().put('/api/v1/sms/settings').set(a.owner.auth).send({ mode: 'off' }).expect(200);
    expect((await t.http().get(`/api/v1/captive/routers/${routerA}`).expect(200)).body.smsRecovery).toBe(false);
    expect((await t.http().post('/api/v1/captive/recover-by-sms').send({ routerId: routerA, phone: buyer }).expect(409)).body.code).toBe('CAPTIVE_SMS_UNAVAILABLE');
    await t.http().put('/api/v1/sms/settings').set(a.owner.auth).send({ mode: 'platform' }).expect(200);
  });
});
