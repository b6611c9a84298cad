import type { DarajaSimulator } from '@wavu/daraja-sim';
import { startDarajaSimulator } from '@wavu/daraja-sim';
import type { Receiver } from '../../daraja-sim/test/receiver';
import { startReceiver } from '../../daraja-sim/test/receiver';
import type { C2bPayment, DarajaCredentials } from '../src';
import { C2B_CONFIRMATION_ACK, C2B_REJECTION_CODES, c2bAccept, c2bMsisdnMatches, c2bReject, parseC2bPayload } from '../src';
import { APP, recordedClient } from './helpers';

describe('DarajaClient C2B against the simulator', () => {
  let sim: DarajaSimulator;
  let rx: Receiver;
  let creds: DarajaCredentials;
  const confirmed: C2bPayment[] = [];
  /** Our side: a known unpaid reference with its price. */
  const unpaid = new Map([['WV7K2P', 50]]);

  beforeEach(async () => {
    sim = await startDarajaSimulator({ apps: [APP] });
    confirmed.length = 0;
    rx = await startReceiver((path, body) => {
      const parsed = parseC2bPayload(body);
      if (!parsed.ok) return { status: 400 };
      if (path.endsWith('/validate')) {
        const price = unpaid.get(parsed.payment.billRefNumber.toUpperCase());
        if (price === undefined) return { status: 200, body: c2bReject(C2B_REJECTION_CODES.INVALID_ACCOUNT_NUMBER) };
        if (price !== parsed.payment.amount) return { status: 200, body: c2bReject(C2B_REJECTION_CODES.INVALID_AMOUNT) };
        return { status: 200, body: c2bAccept(`wavu-${parsed.payment.billRefNumber}`) };
      }
      confirmed.push(parsed.payment);
      return { status: 200, body: C2B_CONFIRMATION_ACK };
    });
    creds = { environment: 'sandbox', consumerKey: APP.consumerKey, consumerSecret: APP.consumerSecret, baseUrl: sim.url };
  });
  afterEach(async () => {
    await sim.close();
    await rx.close();
  });

  const urls = () => ({
    shortCode: APP.shortcode,
    responseType: 'Cancelled' as const,
    confirmationUrl: `${rx.url}/hooks/c2b/p1/s3cr3t/confirm`,
    validationUrl: `${rx.url}/hooks/c2b/p1/s3cr3t/validate`,
  });

  it.each(['v1', 'v2'] as const)('registers %s URLs, then validation → confirmation with that MSISDN form', async (version) => {
    const { client } = recordedClient();
    expect(await client.registerC2bUrls(creds, { ...urls(), version })).toEqual({ version, originatorConversationId: expect.any(String), responseCode: '0', responseDescription: 'Success' });
    const outcome = await sim.c2bPay({ shortCode: APP.shortcode, amount: 50, msisdn: '254712345126', billRefNumber: 'wv7k2p ' });
    expect(outcome).toMatchObject({ status: 'confirmed', validation: '0', thirdPartyTransId: 'wavu-wv7k2p' });
    expect(confirmed).toHaveLength(1);
    const payment = confirmed[0];
    expect(payment).toMatchObject({ transId: outcome.transId, amount: 50, billRefNumber: 'wv7k2p', thirdPartyTransId: 'wavu-wv7k2p', transactionType: 'Pay Bill' });
    expect(payment.msisdn.kind).toBe(version === 'v1' ? 'hashed' : 'masked');
    expect(c2bMsisdnMatches(payment.msisdn, '254712345126')).toBe(true);
    expect(c2bMsisdnMatches(payment.msisdn, '254799999999')).toBe(false);
    expect(sim.ledger().total).toBe(50);
  });

  it('an unknown reference or a wrong amount is rejected with the documented codes and never confirmed', async () => {
    const { client } = recordedClient();
    await client.registerC2bUrls(creds, urls());
    expect(await sim.c2bPay({ shortCode: APP.shortcode, amount: 50, msisdn: '254712345126', billRefNumber: 'NOPE' })).toMatchObject({ status: 'rejected', validation: 'C2B00012' });
    expect(await sim.c2bPay({ shortCode: APP.shortcode, amount: 49, msisdn: '254712345126', billRefNumber: 'WV7K2P' })).toMatchObject({ status: 'rejected', validation: 'C2B00013' });
    expect(confirmed).toHaveLength(0);
    expect(sim.ledger().total).toBe(0);
  });

  it('falls back to the other version on 401.003.01, unless told not to', async () => {
    sim.registerApp({ ...APP, c2bVersion: 'v1' });
    const { client } = recordedClient();
    await expect(client.registerC2bUrls(creds, { ...urls(), version: 'v2', fallbackToOtherVersion: false })).rejects.toMatchObject({ code: 'PRODUCT_MISMATCH', errorCode: '401.003.01' });
    expect(await client.registerC2bUrls(creds, { ...urls(), version: 'v2' })).toMatchObject({ version: 'v1', responseCode: '0' });
  });

  it('production registration is one-time: the second is ALREADY_REGISTERED', async () => {
    sim.registerApp({ ...APP, mode: 'production' });
    const { client } = recordedClient();
    await client.registerC2bUrls(creds, urls());
    await expect(client.registerC2bUrls(creds, urls())).rejects.toMatchObject({ code: 'ALREADY_REGISTERED', errorCode: '500.003.1001', errorMessage: 'Urls are already registered' });
  });

  it('refuses URLs with words Daraja bans, locally', async () => {
    const rec = recordedClient();
    await expect(rec.client.registerC2bUrls(creds, { ...urls(), confirmationUrl: `${rx.url}/mpesa/confirm` })).rejects.toMatchObject({ code: 'VALIDATION', field: 'ConfirmationURL' });
    await expect(rec.client.registerC2bUrls(creds, { ...urls(), validationUrl: `${rx.url}/query` })).rejects.toMatchObject({ code: 'VALIDATION', field: 'ValidationURL' });
    await expect(rec.client.registerC2bUrls(creds, { ...urls(), shortCode: '12' })).rejects.toMatchObject({ code: 'VALIDATION', field: 'ShortCode' });
    expect(rec.calls).toHaveLength(0);
  });
});
