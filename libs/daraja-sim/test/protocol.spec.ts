import type { DarajaSimulator } from '../src';
import { eatTimestamp, startDarajaSimulator } from '../src';
import { APP, password, post, pushBody, raw, TILL_APP, token } from './raw';
import type { Receiver } from './receiver';
import { startReceiver } from './receiver';

const PUSH = '/mpesa/stkpush/v1/processrequest';
const QUERY = '/mpesa/stkpushquery/v1/query';

describe('daraja-sim protocol', () => {
  let sim: DarajaSimulator;
  let cb: Receiver;

  beforeEach(async () => {
    sim = await startDarajaSimulator({ apps: [APP, TILL_APP], phone: { defaultAction: 'never' } });
    cb = await startReceiver();
  });
  afterEach(async () => {
    await sim.close();
    await cb.close();
  });

  describe('OAuth', () => {
    const basic = (k: string, s: string) => `Basic ${Buffer.from(`${k}:${s}`).toString('base64')}`;

    it('issues a 28-character token with expires_in as the string "3599"', async () => {
      const r = await raw(`${sim.url}/oauth/v1/generate?grant_type=client_credentials`, { headers: { Authorization: basic('key-a', 'secret-a') } });
      expect(r.status).toBe(200);
      expect(r.body.expires_in).toBe('3599');
      expect(r.body.access_token).toMatch(/^[A-Za-z0-9]{28}$/);
    });

    it('answers 400.008.01 for wrong credentials or a missing header, 400.008.02 for a bad grant type', async () => {
      const wrong = await raw(`${sim.url}/oauth/v1/generate?grant_type=client_credentials`, { headers: { Authorization: basic('key-a', 'nope') } });
      expect(wrong.status).toBe(400);
      expect(wrong.body).toEqual({ requestId: expect.any(String), errorCode: '400.008.01', errorMessage: 'Invalid Authentication passed' });
      const missing = await raw(`${sim.url}/oauth/v1/generate?grant_type=client_credentials`);
      expect(missing.body.errorCode).toBe('400.008.01');
      const grant = await raw(`${sim.url}/oauth/v1/generate?grant_type=password`, { headers: { Authorization: basic('key-a', 'secret-a') } });
      expect(grant.status).toBe(400);
      expect(grant.body).toMatchObject({ errorCode: '400.008.02', errorMessage: 'Invalid grant type passed' });
    });

    it('invalidates the previous token when a new one is issued', async () => {
      const first = await token(sim.url);
      const second = await token(sim.url);
      const old = await post(sim.url, PUSH, first, pushBody(APP, cb.url));
      expect(old.status).toBe(404);
      expect(old.body).toMatchObject({ errorCode: '404.001.03', errorMessage: 'Invalid Access Token' });
      expect((await post(sim.url, PUSH, second, pushBody(APP, cb.url))).status).toBe(200);
    });

    it('rejects expired and invalidated tokens with 404.001.03', async () => {
      const t = await token(sim.url);
      sim.expireTokensIn(0);
      expect((await post(sim.url, PUSH, t, pushBody(APP, cb.url))).body.errorCode).toBe('404.001.03');
      const t2 = await token(sim.url);
      sim.invalidateTokens('key-a');
      expect((await post(sim.url, PUSH, t2, pushBody(APP, cb.url))).status).toBe(404);
    });

    it('answers 401.003.01 for an app without the M-Pesa Express product', async () => {
      sim.registerApp({ consumerKey: 'np', consumerSecret: 's', shortcode: '123456', passkey: 'p', stkProduct: false });
      const t = await token(sim.url, { consumerKey: 'np', consumerSecret: 's', shortcode: '123456', passkey: 'p' });
      const r = await post(sim.url, PUSH, t, pushBody({ consumerKey: 'np', consumerSecret: 's', shortcode: '123456', passkey: 'p' }, cb.url));
      expect(r.status).toBe(401);
      expect(r.body.errorMessage).toBe('Error Occurred - Invalid Access Token - Invalid API call as no apiproduct match found');
    });
  });

  describe('STK push validation', () => {
    let t: string;
    beforeEach(async () => {
      t = await token(sim.url);
    });

    it('accepts a valid push with the documented body and real ID formats', async () => {
      const r = await post(sim.url, PUSH, t, pushBody(APP, cb.url));
      expect(r.status).toBe(200);
      expect(r.body).toEqual({
        MerchantRequestID: expect.stringMatching(/^[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\d{4}$/),
        CheckoutRequestID: expect.stringMatching(/^ws_CO_\d{8}\d{6}\d{3}712345678$/),
        ResponseCode: '0',
        ResponseDescription: 'Success. Request accepted for processing',
        CustomerMessage: 'Success. Request accepted for processing',
      });
    });

    const invalid: Array<[string, Record<string, unknown>, string]> = [
      ['BusinessShortCode', { BusinessShortCode: '12ab' }, 'Invalid BusinessShortCode'],
      ['Timestamp format', { Timestamp: '2024-01-01 10:00' }, 'Invalid Timestamp'],
      ['Timestamp date', { Timestamp: '20241340101010' }, 'Invalid Timestamp'],
      ['TransactionType', { TransactionType: 'CustomerPay' }, 'Invalid TransactionType'],
      ['decimal Amount', { Amount: '10.5' }, 'Invalid Amount'],
      ['zero Amount', { Amount: 0 }, 'Invalid Amount'],
      ['Amount over 250000', { Amount: 250001 }, 'Invalid Amount'],
      ['PhoneNumber 07 form', { PhoneNumber: '0712345678' }, 'Invalid PhoneNumber'],
      ['PhoneNumber +254 form', { PhoneNumber: '+254712345678' }, 'Invalid PhoneNumber'],
      ['PartyA', { PartyA: '25471234567' }, 'Invalid PartyA'],
      ['PartyB', { PartyB: 'abc' }, 'Invalid PartyB'],
      ['CallBackURL with spaces', { CallBackURL: 'http://x.test/a b' }, 'Invalid CallBackURL'],
      ['relative CallBackURL', { CallBackURL: '/cb' }, 'Invalid CallBackURL'],
      ['empty AccountReference', { AccountReference: '' }, 'Invalid AccountReference'],
      ['null TransactionDesc', { TransactionDesc: null }, 'Invalid Remarks'],
    ];
    it.each(invalid)('answers 400.002.02 for %s', async (_name, override, message) => {
      const body = { ...pushBody(APP, cb.url), ...override };
      if ('Timestamp' in override) body.Password = password(APP, String(override.Timestamp));
      const r = await post(sim.url, PUSH, t, body);
      expect(r.status).toBe(400);
      expect(r.body).toEqual({ requestId: expect.any(String), errorCode: '400.002.02', errorMessage: `Bad Request - ${message}` });
    });

    it('treats a wrong Content-Type as "Invalid BusinessShortCode" and a malformed body as 400.002.05', async () => {
      const wrongType = await post(sim.url, PUSH, t, pushBody(APP, cb.url), 'text/plain');
      expect(wrongType.body.errorMessage).toBe('Bad Request - Invalid BusinessShortCode');
      const malformed = await post(sim.url, PUSH, t, '{"BusinessShortCode":');
      expect(malformed.body).toMatchObject({ errorCode: '400.002.05', errorMessage: 'Invalid Request Payload' });
    });

    it('answers 500.001.1001 for an unknown shortcode, a wrong password and a locked subscriber', async () => {
      const ts = eatTimestamp();
      const unknown = await post(sim.url, PUSH, t, pushBody(APP, cb.url, { BusinessShortCode: '999999' }));
      expect(unknown.status).toBe(500);
      expect(unknown.body).toMatchObject({ errorCode: '500.001.1001', errorMessage: 'Merchant does not exist' });
      const wrongPass = await post(sim.url, PUSH, t, pushBody(APP, cb.url, { Timestamp: ts, Password: password({ ...APP, passkey: 'other' }, ts) }));
      expect(wrongPass.body).toMatchObject({ errorCode: '500.001.1001', errorMessage: 'Wrong credentials' });
      const otherTs = await post(sim.url, PUSH, t, pushBody(APP, cb.url, { Timestamp: '20240101000000' }));
      expect(otherTs.body.errorMessage).toBe('Wrong credentials');
      expect((await post(sim.url, PUSH, t, pushBody(APP, cb.url))).status).toBe(200);
      const locked = await post(sim.url, PUSH, t, pushBody(APP, cb.url));
      expect(locked.body).toMatchObject({ errorCode: '500.001.1001', errorMessage: 'Unable to lock subscriber, a transaction is already in process for the current subscriber' });
    });

    it('accepts paybill/till party mismatches and long references, then fails them by callback (2028, 1025)', async () => {
      sim.setPhoneSettings({ defaultAction: 'approve' });
      const mismatch = await post(sim.url, PUSH, t, pushBody(APP, cb.url, { TransactionType: 'CustomerBuyGoodsOnline' }));
      expect(mismatch.status).toBe(200);
      const longRef = await post(sim.url, PUSH, t, pushBody(APP, cb.url, { AccountReference: 'ABCDEFGHIJKLM', PhoneNumber: '254712345670', PartyA: '254712345670' }));
      expect(longRef.status).toBe(200);
      await sim.idle();
      expect(sim.getPush(mismatch.body.CheckoutRequestID)?.resultCode).toBe(2028);
      expect(sim.getPush(longRef.body.CheckoutRequestID)?.resultCode).toBe(1025);
    });

    it('applies till rules: BuyGoods with the till number as PartyB', async () => {
      sim.setPhoneSettings({ defaultAction: 'approve' });
      const tt = await token(sim.url, TILL_APP);
      const ok = await post(sim.url, PUSH, tt, pushBody(TILL_APP, cb.url));
      const wrongPartyB = await post(sim.url, PUSH, tt, pushBody(TILL_APP, cb.url, { PartyB: TILL_APP.shortcode, PhoneNumber: '254712345670', PartyA: '254712345670' }));
      await sim.idle();
      expect(sim.getPush(ok.body.CheckoutRequestID)?.resultCode).toBe(0);
      expect(sim.getPush(wrongPartyB.body.CheckoutRequestID)?.resultCode).toBe(2028);
    });

    it('answers 404.001.01 for unknown paths and 405.001 for the wrong method', async () => {
      expect((await raw(`${sim.url}/mpesa/nothing`)).body).toMatchObject({ errorCode: '404.001.01', errorMessage: 'Resource not found' });
      const r = await raw(`${sim.url}${PUSH}`, { headers: { Authorization: `Bearer ${t}` } });
      expect(r.status).toBe(405);
      expect(r.body.errorCode).toBe('405.001');
    });
  });

  describe('STK query', () => {
    const queryBody = (id: string) => {
      const ts = eatTimestamp();
      return { BusinessShortCode: APP.shortcode, Password: password(APP, ts), Timestamp: ts, CheckoutRequestID: id };
    };

    it('answers the classic pending form, then the final string result code', async () => {
      const t = await token(sim.url);
      const id = (await post(sim.url, PUSH, t, pushBody(APP, cb.url))).body.CheckoutRequestID as string;
      const pending = await post(sim.url, QUERY, t, queryBody(id));
      expect(pending.status).toBe(500);
      expect(pending.body).toEqual({ requestId: id, errorCode: '500.001.1001', errorMessage: 'The transaction is being processed' });
      sim.cancel(id);
      const done = await post(sim.url, QUERY, t, queryBody(id));
      expect(done.status).toBe(200);
      expect(done.body).toEqual({
        ResponseCode: '0',
        ResponseDescription: 'The service request has been accepted successsfully',
        MerchantRequestID: expect.any(String),
        CheckoutRequestID: id,
        ResultCode: '1032',
        ResultDesc: 'Request cancelled by user',
      });
      expect(done.body).not.toHaveProperty('MpesaReceiptNumber');
    });

    it('answers the 4999 pending form when configured', async () => {
      sim.setQuerySettings({ pendingStyle: '4999' });
      const t = await token(sim.url);
      const id = (await post(sim.url, PUSH, t, pushBody(APP, cb.url))).body.CheckoutRequestID as string;
      const pending = await post(sim.url, QUERY, t, queryBody(id));
      expect(pending.status).toBe(200);
      expect(pending.body).toMatchObject({ ResponseCode: '0', ResultCode: '4999', ResultDesc: 'The transaction is still under processing' });
    });

    it('validates the password, rejects unknown ids, and can contradict a success or rate-limit', async () => {
      const t = await token(sim.url);
      const id = (await post(sim.url, PUSH, t, pushBody(APP, cb.url))).body.CheckoutRequestID as string;
      expect((await post(sim.url, QUERY, t, { ...queryBody(id), Password: 'x' })).body.errorMessage).toBe('Wrong credentials');
      expect((await post(sim.url, QUERY, t, { ...queryBody(id), Timestamp: 'now' })).body.errorMessage).toBe('Bad Request - Invalid Timestamp');
      expect((await post(sim.url, QUERY, t, queryBody('ws_CO_nope'))).body.errorMessage).toBe('Bad Request - Invalid CheckoutRequestID');
      sim.approve(id);
      sim.setQuerySettings({ contradictsCallback: true });
      expect((await post(sim.url, QUERY, t, queryBody(id))).body.ResultCode).toBe('1032');
      sim.setQuerySettings({ contradictsCallback: false, rateLimitPerSecond: 1 });
      const answers = await Promise.all([1, 2, 3].map(() => post(sim.url, QUERY, t, queryBody(id))));
      expect(answers.some((a) => a.body.errorCode === '500.003.02' && a.body.errorMessage === 'Error Occurred: Spike Arrest Violation')).toBe(true);
    });
  });

  describe('faults', () => {
    it('injects 500, 503, spike arrest, quota and dropped connections, each for the requested number of calls', async () => {
      const t = await token(sim.url);
      sim.injectFault({ endpoint: 'stkpush', kind: 'http500' });
      sim.injectFault({ endpoint: 'stkpush', kind: 'http503' });
      sim.injectFault({ endpoint: 'stkpush', kind: 'spike-arrest' });
      sim.injectFault({ endpoint: 'stkpush', kind: 'quota' });
      const a = await post(sim.url, PUSH, t, pushBody(APP, cb.url));
      expect([a.status, a.body.errorCode]).toEqual([500, '500.003.1001']);
      const b = await post(sim.url, PUSH, t, pushBody(APP, cb.url));
      expect(b.status).toBe(503);
      expect((await post(sim.url, PUSH, t, pushBody(APP, cb.url))).body.errorCode).toBe('500.003.02');
      expect((await post(sim.url, PUSH, t, pushBody(APP, cb.url))).body.errorCode).toBe('500.003.03');
      expect((await post(sim.url, PUSH, t, pushBody(APP, cb.url))).status).toBe(200);
      sim.injectFault({ endpoint: 'oauth', kind: 'drop-connection' });
      await expect(token(sim.url)).rejects.toThrow();
    });
  });
});
