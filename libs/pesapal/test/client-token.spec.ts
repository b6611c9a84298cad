import type { PesapalSimulatorHandle } from '@wavu/pesapal-sim';
import { DEFAULT_PESAPAL_MERCHANT } from '@wavu/pesapal-sim';
import { HttpPesapalClient, PesapalError } from '../src';
import { clientFor, startSim } from './helpers';

describe('HttpPesapalClient tokens against the simulator', () => {
  let sim: PesapalSimulatorHandle;

  beforeEach(async () => {
    sim = await startSim();
  });
  afterEach(async () => {
    await sim.close();
  });

  it('requests a token with an expiry date and reuses it for later calls', async () => {
    const client = clientFor(sim);
    const token = await client.requestToken();
    expect(token.token.split('.')).toHaveLength(3);
    expect(token.expiresAt.getTime()).toBeGreaterThan(Date.now() + 4 * 60_000);

    await client.getIpnList();
    await client.registerIpn('https://platform.example/ipn', 'GET');
    await client.getIpnList();
    // one explicit requestToken plus one cached token for the three calls
    expect(sim.tokensIssued()).toBe(2);
  });

  it('shares one in-flight token request between concurrent calls', async () => {
    const client = clientFor(sim);
    await Promise.all([client.getIpnList(), client.getIpnList(), client.getIpnList(), client.getIpnList()]);
    expect(sim.tokensIssued()).toBe(1);
    expect(sim.requestCount('GetIpnList')).toBe(4);
  });

  it('refreshes once and retries when the simulator expires the token on demand', async () => {
    const client = clientFor(sim);
    await client.registerIpn('https://platform.example/ipn', 'POST');
    expect(sim.expireTokens()).toBe(1);

    const list = await client.getIpnList();
    expect(list.map((i) => i.url)).toEqual(['https://platform.example/ipn']);
    expect(sim.tokensIssued()).toBe(2);
    // the first GetIpnList answered 401, the retry succeeded
    expect(sim.requestCount('GetIpnList')).toBe(2);
  });

  it('renews the token proactively shortly before the documented 5-minute expiry', async () => {
    let now = Date.now();
    const client = clientFor(sim, { now: () => new Date(now) });
    await client.getIpnList();
    now += 4 * 60_000;
    await client.getIpnList();
    expect(sim.tokensIssued()).toBe(1);
    now += 45_000; // 4m45s: inside the 30 s margin
    await client.getIpnList();
    expect(sim.tokensIssued()).toBe(2);
  });

  it('the simulator answers 401 with an empty body once a token has expired', async () => {
    let now = Date.now();
    await sim.close();
    sim = await startSim({ now: () => new Date(now), tokenTtlMs: 60_000 });
    const token = await clientFor(sim).requestToken();
    const call = (): Promise<Response> => fetch(`${sim.url}/api/URLSetup/GetIpnList`, { headers: { authorization: `Bearer ${token.token}`, accept: 'application/json' } });
    expect((await call()).status).toBe(200);
    now += 60_001;
    const res = await call();
    expect(res.status).toBe(401);
    expect(await res.text()).toBe('');
  });

  it('turns the HTTP 200 bad-credentials body into INVALID_CREDENTIALS keeping Pesapal code', async () => {
    const raw = await fetch(`${sim.url}/api/Auth/RequestToken`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ consumer_key: 'wrong', consumer_secret: 'wrong' }),
    });
    expect(raw.status).toBe(200);
    expect(await raw.json()).toEqual({ token: null, error: { error_type: 'api_error', code: 'invalid_consumer_key_or_secret_provided', message: '' }, status: '500' });

    const client = clientFor(sim, { consumerSecret: 'not-the-secret' });
    const err = await client.getIpnList().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PesapalError);
    expect(err).toMatchObject({ code: 'INVALID_CREDENTIALS', pesapalCode: 'invalid_consumer_key_or_secret_provided', pesapalStatus: '500', operation: 'requestToken' });
    expect((err as PesapalError).message).not.toContain('not-the-secret');
  });

  it('trims pasted keys (trailing spaces are refused by Pesapal)', async () => {
    const client = clientFor(sim, { consumerKey: `${DEFAULT_PESAPAL_MERCHANT.consumerKey}  `, consumerSecret: ` ${DEFAULT_PESAPAL_MERCHANT.consumerSecret} ` });
    await expect(client.requestToken()).resolves.toMatchObject({ token: expect.any(String) });
  });

  it('keeps merchants apart: each credential set sees only its IPNs and orders', async () => {
    sim.addMerchant({ consumerKey: 'second-key', consumerSecret: 'second-secret' });
    const a = clientFor(sim);
    const b = new HttpPesapalClient({ baseUrl: sim.url, consumerKey: 'second-key', consumerSecret: 'second-secret' });
    const ipnA = await a.registerIpn('https://a.example/ipn', 'GET');
    await b.registerIpn('https://b.example/ipn', 'GET');
    expect((await a.getIpnList()).map((i) => i.url)).toEqual(['https://a.example/ipn']);
    expect((await b.getIpnList()).map((i) => i.url)).toEqual(['https://b.example/ipn']);

    const order = await a.submitOrder({
      merchantReference: 'SUB-A-1',
      currency: 'KES',
      amountMinor: 100_00,
      description: 'Plan',
      callbackUrl: 'https://a.example/return',
      notificationId: ipnA.ipnId,
      billingAddress: { emailAddress: 'a@a.example' },
    });
    const seenByB = await b.getTransactionStatus(order.orderTrackingId);
    expect(seenByB).toMatchObject({ state: 'pending', pendingReason: 'unknown_order' });
    // b cannot use a's IPN id
    await expect(
      b.submitOrder({
        merchantReference: 'SUB-B-1',
        currency: 'KES',
        amountMinor: 100,
        description: 'Plan',
        callbackUrl: 'https://b.example/r',
        notificationId: ipnA.ipnId,
        billingAddress: { phoneNumber: '254700000001' },
      }),
    ).rejects.toMatchObject({ code: 'VALIDATION', pesapalCode: 'invalid_notification_id' });
  });
});
