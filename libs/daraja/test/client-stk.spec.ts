import type { DarajaSimulator } from '@wavu/daraja-sim';
import { startDarajaSimulator } from '@wavu/daraja-sim';
import type { Receiver } from '../../daraja-sim/test/receiver';
import { startReceiver } from '../../daraja-sim/test/receiver';
import type { DarajaMerchant, StkCallbackResult } from '../src';
import { describeResultCode, parseStkCallback } from '../src';
import type { Recorded } from './helpers';
import { APP, merchantFor, phone, recordedClient, TILL } from './helpers';

describe('DarajaClient STK against the simulator', () => {
  let sim: DarajaSimulator;
  let cb: Receiver;
  let merchant: DarajaMerchant;
  let rec: Recorded;

  beforeEach(async () => {
    sim = await startDarajaSimulator({ apps: [APP, TILL] });
    cb = await startReceiver();
    merchant = merchantFor(APP, sim.url);
    rec = recordedClient();
  });
  afterEach(async () => {
    await sim.close();
    await cb.close();
  });

  const push = (overrides: Partial<Parameters<Recorded['client']['stkPush']>[1]> = {}, m = merchant) =>
    rec.client.stkPush(m, { amount: 20, phoneNumber: phone(), callbackUrl: `${cb.url}/hooks/stk/p1/secret`, accountReference: 'WV7K2P', transactionDesc: 'Wifi 1 hour', ...overrides });

  async function callbackFor(checkoutRequestId: string): Promise<StkCallbackResult> {
    await sim.idle();
    const got = cb.received.find((r) => (r.body as { Body: { stkCallback: { CheckoutRequestID: string } } }).Body.stkCallback.CheckoutRequestID === checkoutRequestId);
    if (!got) throw new Error('no callback');
    return parseStkCallback(got.body);
  }

  it('pushes, receives the success callback, and the query agrees', async () => {
    const r = await push({ amount: 50 });
    expect(r).toMatchObject({
      responseCode: '0',
      checkoutRequestId: expect.stringMatching(/^ws_CO_/),
      customerMessage: 'Success. Request accepted for processing',
      timestamp: expect.stringMatching(/^\d{14}$/),
    });
    const parsed = await callbackFor(r.checkoutRequestId);
    expect(parsed).toMatchObject({ kind: 'success', amount: 50, receipt: expect.stringMatching(/^[A-Z0-9]{10}$/), balance: null, transactionDate: expect.stringMatching(/^\d{14}$/) });
    expect(sim.ledger().entries[0].receipt).toBe(parsed.kind === 'success' ? parsed.receipt : '');
    expect(await rec.client.stkQuery(merchant, r.checkoutRequestId)).toEqual({
      status: 'final',
      merchantRequestId: r.merchantRequestId,
      checkoutRequestId: r.checkoutRequestId,
      resultCode: '0',
      resultDesc: expect.any(String),
      outcome: 'success',
    });
  });

  it.each([
    [1032, 'cancelled'],
    [1037, 'timeout'],
    [2001, 'failed'],
    [1, 'failed'],
    [17, 'transient'],
    [1001, 'transient'],
    [1019, 'timeout'],
    [1025, 'failed'],
    [2028, 'config_error'],
    [8006, 'failed'],
    [9999, 'failed'],
    ['SFC_IC0003', 'config_error'],
  ] as const)('result code %s arrives as a failure (%s) by callback and by query', async (code, outcome) => {
    sim.addPhoneRule({ match: { amount: 33 }, action: { resultCode: code } });
    const r = await push({ amount: 33 });
    const parsed = await callbackFor(r.checkoutRequestId);
    expect(parsed).toMatchObject({ kind: 'failure', resultCode: String(code), outcome });
    const q = await rec.client.stkQuery(merchant, r.checkoutRequestId);
    expect(q).toMatchObject({ status: 'final', resultCode: String(code), outcome });
    expect(describeResultCode(code).outcome).toBe(outcome);
    expect(sim.ledger().count).toBe(0);
  });

  it('a till pushes BuyGoods with the till number as PartyB; a till configured as paybill gets 2028', async () => {
    const till = merchantFor(TILL, sim.url);
    const ok = await push({}, till);
    expect(await callbackFor(ok.checkoutRequestId)).toMatchObject({ kind: 'success' });
    const wrong = await push({}, { ...till, shortcodeType: 'paybill' });
    expect(await callbackFor(wrong.checkoutRequestId)).toMatchObject({ kind: 'failure', resultCode: '2028' });
  });

  it('reports both "still processing" query forms as pending', async () => {
    sim.setPhoneSettings({ defaultAction: 'never' });
    const r = await push();
    expect(await rec.client.stkQuery(merchant, r.checkoutRequestId)).toEqual({ status: 'pending', checkoutRequestId: r.checkoutRequestId, form: 'classic' });
    sim.setQuerySettings({ pendingStyle: '4999' });
    expect(await rec.client.stkQuery(merchant, r.checkoutRequestId)).toEqual({ status: 'pending', checkoutRequestId: r.checkoutRequestId, form: '4999' });
    sim.cancel(r.checkoutRequestId);
    expect(await rec.client.stkQuery(merchant, r.checkoutRequestId)).toMatchObject({ status: 'final', resultCode: '1032', outcome: 'cancelled' });
  });

  it.each([
    ['Amount', { amount: 10.5 }],
    ['Amount', { amount: 0 }],
    ['PhoneNumber', { phoneNumber: '0712345678' }],
    ['CallBackURL', { callbackUrl: 'not a url' }],
    ['AccountReference', { accountReference: 'ABCDEFGHIJKLM' }],
    ['AccountReference', { accountReference: '' }],
    ['TransactionDesc', { transactionDesc: 'Fourteen chars' }],
  ])('rejects a bad %s locally without calling Daraja', async (field, overrides) => {
    await expect(push(overrides)).rejects.toMatchObject({ name: 'DarajaError', code: 'VALIDATION', field, errorCode: null });
    expect(rec.calls).toHaveLength(0);
  });

  it('translates Daraja validation and merchant errors', async () => {
    await expect(push({}, { ...merchant, passkey: 'wrong' })).rejects.toMatchObject({ code: 'WRONG_CREDENTIALS', httpStatus: 500, errorCode: '500.001.1001', errorMessage: 'Wrong credentials' });
    await expect(push({}, { ...merchant, businessShortCode: '999999' })).rejects.toMatchObject({ code: 'MERCHANT_NOT_FOUND', errorMessage: 'Merchant does not exist' });
    await sim.close();
    sim = await startDarajaSimulator({ apps: [APP], timestampSkewMs: 60_000 });
    merchant = merchantFor(APP, sim.url);
    await expect(push({ at: new Date(Date.now() - 3_600_000) })).rejects.toMatchObject({
      code: 'VALIDATION',
      field: 'Timestamp',
      errorCode: '400.002.02',
      errorMessage: 'Bad Request - Invalid Timestamp',
    });
  });

  it('a second push to a phone with an open prompt is SUBSCRIBER_LOCKED (retryable)', async () => {
    sim.setPhoneSettings({ defaultAction: 'never' });
    const p = phone();
    await push({ phoneNumber: p });
    await expect(push({ phoneNumber: p })).rejects.toMatchObject({ code: 'SUBSCRIBER_LOCKED', retryable: true });
  });

  it.each([
    ['http500', 'UNAVAILABLE'],
    ['http503', 'UNAVAILABLE'],
    ['spike-arrest', 'RATE_LIMITED'],
    ['quota', 'RATE_LIMITED'],
    ['drop-connection', 'UNAVAILABLE'],
  ] as const)('a %s fault becomes %s', async (kind, code) => {
    await rec.client.getAccessToken(merchant);
    sim.injectFault({ endpoint: 'stkpush', kind });
    await expect(push()).rejects.toMatchObject({ code, retryable: true });
    await expect(push()).resolves.toMatchObject({ responseCode: '0' });
  });

  it('a slow answer past the per-request timeout is TIMEOUT', async () => {
    // room for the token request on a loaded machine; the query's answer comes far later
    rec = recordedClient({ timeoutMs: 500 });
    await rec.client.getAccessToken(merchant);
    sim.injectFault({ endpoint: 'stkquery', kind: 'slow', delayMs: 2_000 });
    await expect(rec.client.stkQuery(merchant, 'ws_CO_x')).rejects.toMatchObject({ code: 'TIMEOUT' });
  });

  it('never logs secrets, passwords, tokens or whole phone numbers', async () => {
    const p = phone();
    const token = await rec.client.getAccessToken(merchant);
    sim.invalidateTokens();
    await push({ phoneNumber: p });
    await rec.client.stkQuery(merchant, 'ws_CO_unknown').catch(() => undefined);
    const all = rec.logs.join('\n');
    expect(rec.logs.length).toBeGreaterThan(0);
    for (const secret of [APP.consumerSecret, APP.passkey, token, p, Buffer.from(`${APP.consumerKey}:${APP.consumerSecret}`).toString('base64')]) expect(all).not.toContain(secret);
    expect(all).toContain(`${p.slice(0, 4)}•••••${p.slice(-3)}`);
  });
});
