import type { DarajaSimulator } from '../src';
import { startDarajaSimulator } from '../src';
import { APP, post, pushBody, raw, sha256, TILL_APP, token } from './raw';
import type { Receiver } from './receiver';
import { startReceiver } from './receiver';

const register = (version: 'v1' | 'v2', base: string, overrides: Record<string, unknown> = {}) => ({
  ShortCode: APP.shortcode,
  ResponseType: 'Completed',
  ConfirmationURL: `${base}/c2b/confirm`,
  ValidationURL: `${base}/c2b/validate`,
  ...overrides,
});

describe('daraja-sim C2B and ledger', () => {
  let sim: DarajaSimulator;
  let rx: Receiver;
  let t: string;

  beforeEach(async () => {
    sim = await startDarajaSimulator({ apps: [APP, TILL_APP], c2bValidationTimeoutMs: 50 });
    rx = await startReceiver((path, body) => {
      if (path.endsWith('/validate')) {
        const ref = (body as { BillRefNumber: string }).BillRefNumber;
        return ref === 'GOOD1'
          ? { status: 200, body: { ResultCode: '0', ResultDesc: 'Accepted', ThirdPartyTransID: 'ours-1' } }
          : { status: 200, body: { ResultCode: 'C2B00012', ResultDesc: 'Rejected' } };
      }
      return { status: 200, body: { ResultCode: 0, ResultDesc: 'Accepted' } };
    });
    t = await token(sim.url);
  });
  afterEach(async () => {
    await sim.close();
    await rx.close();
  });

  it('registers URLs (v1 and v2) with the documented answer', async () => {
    const r = await post(sim.url, '/mpesa/c2b/v2/registerurl', t, register('v2', rx.url));
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ OriginatorCoversationID: expect.any(String), ResponseCode: '0', ResponseDescription: 'Success' });
    expect((await post(sim.url, '/mpesa/c2b/v1/registerurl', t, register('v1', rx.url))).status).toBe(200);
    expect(sim.c2bRegistrations()).toEqual([expect.objectContaining({ shortCode: APP.shortcode, version: 'v1' })]);
  });

  it('rejects banned URL words, bad ResponseType and foreign short codes', async () => {
    expect((await post(sim.url, '/mpesa/c2b/v2/registerurl', t, register('v2', rx.url, { ConfirmationURL: `${rx.url}/mpesa/confirm` }))).body.errorMessage).toBe(
      'Bad Request - Invalid ConfirmationURL',
    );
    expect((await post(sim.url, '/mpesa/c2b/v2/registerurl', t, register('v2', rx.url, { ValidationURL: `${rx.url}/SQL` }))).body.errorMessage).toBe('Bad Request - Invalid ValidationURL');
    expect((await post(sim.url, '/mpesa/c2b/v2/registerurl', t, register('v2', rx.url, { ResponseType: 'completed' }))).body.errorMessage).toBe('Bad Request - Invalid ResponseType');
    expect((await post(sim.url, '/mpesa/c2b/v2/registerurl', t, register('v2', rx.url, { ShortCode: '600000' }))).body.errorMessage).toBe('Bad Request - Invalid ShortCode');
  });

  it('production registration is one-time; a version the app lacks is 401.003.01', async () => {
    const prod = { consumerKey: 'prod', consumerSecret: 's', shortcode: '777001', passkey: 'p', mode: 'production' as const, c2bVersion: 'v1' as const };
    sim.registerApp(prod);
    const pt = await token(sim.url, prod);
    const body = { ...register('v1', rx.url), ShortCode: prod.shortcode };
    expect((await post(sim.url, '/mpesa/c2b/v2/registerurl', pt, body)).body.errorCode).toBe('401.003.01');
    expect((await post(sim.url, '/mpesa/c2b/v1/registerurl', pt, body)).status).toBe(200);
    const again = await post(sim.url, '/mpesa/c2b/v1/registerurl', pt, body);
    expect(again.status).toBe(500);
    expect(again.body).toMatchObject({ errorCode: '500.003.1001', errorMessage: 'Urls are already registered' });
    expect(
      (await post(sim.url, '/mpesa/c2b/v1/simulate', pt, { ShortCode: prod.shortcode, CommandID: 'CustomerPayBillOnline', Amount: 1, Msisdn: 254708374149, BillRefNumber: 'x' })).body.errorCode,
    ).toBe('404.001.01');
  });

  it('v2: validation then confirmation with a masked MSISDN and string fields; settles in the ledger', async () => {
    await post(sim.url, '/mpesa/c2b/v2/registerurl', t, register('v2', rx.url));
    const outcome = await sim.c2bPay({ shortCode: APP.shortcode, amount: 5, msisdn: '254708374126', billRefNumber: 'GOOD1' });
    expect(outcome).toMatchObject({ status: 'confirmed', validation: '0', confirmationStatus: 200, thirdPartyTransId: 'ours-1' });
    const [validation] = rx.received.filter((r) => r.path === '/c2b/validate');
    const [confirmation] = rx.received.filter((r) => r.path === '/c2b/confirm');
    expect(validation.body).toMatchObject({ TransactionType: 'Pay Bill', TransAmount: '5.00', BillRefNumber: 'GOOD1', OrgAccountBalance: '', MSISDN: '2547 ***** 126' });
    expect(confirmation.body).toMatchObject({
      TransID: outcome.transId,
      TransAmount: '5.00',
      BusinessShortCode: APP.shortcode,
      ThirdPartyTransID: 'ours-1',
      OrgAccountBalance: '5.00',
      MSISDN: '2547 ***** 126',
    });
    for (const v of Object.values(confirmation.body)) expect(typeof v).toBe('string');
    expect(confirmation.body.TransTime).toMatch(/^\d{14}$/);
    expect(sim.ledger()).toMatchObject({ count: 1, total: 5, entries: [expect.objectContaining({ kind: 'c2b', receipt: outcome.transId })] });
  });

  it('v1: the MSISDN is the SHA-256 hex of the number', async () => {
    await post(sim.url, '/mpesa/c2b/v1/registerurl', t, register('v1', rx.url));
    await sim.c2bPay({ shortCode: APP.shortcode, amount: 10, msisdn: '254708374149', billRefNumber: 'GOOD1' });
    const [confirmation] = rx.received.filter((r) => r.path === '/c2b/confirm');
    expect(confirmation.body.MSISDN).toBe(sha256('254708374149'));
  });

  it('a rejected validation sends no confirmation and settles nothing', async () => {
    await post(sim.url, '/mpesa/c2b/v2/registerurl', t, register('v2', rx.url));
    const outcome = await sim.c2bPay({ shortCode: APP.shortcode, amount: 5, msisdn: '254708374126', billRefNumber: 'UNKNOWN' });
    expect(outcome).toMatchObject({ status: 'rejected', validation: 'C2B00012' });
    expect(rx.received.filter((r) => r.path === '/c2b/confirm')).toHaveLength(0);
    expect(sim.ledger().total).toBe(0);
  });

  it('a validation URL that does not answer in time gets the ResponseType default', async () => {
    rx.respond = (path) => (path.endsWith('/validate') ? { status: 200, body: { ResultCode: 'C2B00016' }, delayMs: 200 } : { status: 200 });
    await post(sim.url, '/mpesa/c2b/v2/registerurl', t, register('v2', rx.url));
    expect((await sim.c2bPay({ shortCode: APP.shortcode, amount: 3, msisdn: '254708374126', billRefNumber: 'X' })).status).toBe('confirmed');
    await post(sim.url, '/mpesa/c2b/v2/registerurl', t, register('v2', rx.url, { ResponseType: 'Cancelled' }));
    expect((await sim.c2bPay({ shortCode: APP.shortcode, amount: 3, msisdn: '254708374126', billRefNumber: 'X' })).status).toBe('rejected');
  });

  it('the sandbox simulate endpoint answers at once and runs the payment; tills send Buy Goods with no reference', async () => {
    await post(sim.url, '/mpesa/c2b/v2/registerurl', t, register('v2', rx.url));
    const r = await post(sim.url, '/mpesa/c2b/v2/simulate', t, { ShortCode: APP.shortcode, CommandID: 'CustomerPayBillOnline', Amount: 7, Msisdn: 254708374149, BillRefNumber: 'GOOD1' });
    expect(r.body).toEqual({ OriginatorCoversationID: expect.any(String), ResponseCode: '0', ResponseDescription: 'Accept the service request successfully.' });
    await sim.idle();
    expect(sim.ledger().total).toBe(7);
    const tt = await token(sim.url, TILL_APP);
    await post(sim.url, '/mpesa/c2b/v2/registerurl', tt, register('v2', rx.url, { ShortCode: TILL_APP.tillNumber, ConfirmationURL: `${rx.url}/till/confirm`, ValidationURL: `${rx.url}/till/check` }));
    rx.respond = () => ({ status: 200, body: { ResultCode: '0', ResultDesc: 'Accepted' } });
    await sim.c2bPay({ shortCode: TILL_APP.tillNumber as string, amount: 4, msisdn: '254708374149', billRefNumber: 'ignored' });
    const [till] = rx.received.filter((x) => x.path === '/till/confirm');
    expect(till.body).toMatchObject({ TransactionType: 'Buy Goods', BillRefNumber: '' });
  });

  it('ledger: STK and C2B settle once per receipt, even when an STK payment is echoed as C2B', async () => {
    sim.stkAlsoFiresC2B = true;
    rx.respond = () => ({ status: 200, body: { ResultCode: '0', ResultDesc: 'Accepted' } });
    await post(sim.url, '/mpesa/c2b/v2/registerurl', t, register('v2', rx.url));
    const id = (await post(sim.url, '/mpesa/stkpush/v1/processrequest', t, pushBody(APP, `${rx.url}`, { Amount: 40 }))).body.CheckoutRequestID as string;
    await sim.idle();
    const receipt = sim.getPush(id)?.receipt as string;
    const echo = rx.received.find((r) => r.path === '/c2b/confirm');
    expect(echo?.body.TransID).toBe(receipt);
    await sim.c2bPay({ shortCode: APP.shortcode, amount: 40, msisdn: '254712345678', billRefNumber: 'ABC123', transId: receipt });
    await sim.c2bPay({ shortCode: APP.shortcode, amount: 60, msisdn: '254712345678', billRefNumber: 'ABC124' });
    const ledger = (await raw(`${sim.url}/sim/ledger`)).body;
    expect(ledger).toMatchObject({ count: 2, total: 100 });
    sim.reset();
    expect(sim.ledger()).toEqual({ entries: [], count: 0, total: 0 });
  });
});
