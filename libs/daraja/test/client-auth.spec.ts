import type { DarajaSimulator } from '@wavu/daraja-sim';
import { startDarajaSimulator } from '@wavu/daraja-sim';
import type { Receiver } from '../../daraja-sim/test/receiver';
import { startReceiver } from '../../daraja-sim/test/receiver';
import type { DarajaMerchant } from '../src';
import { HttpDarajaClient } from '../src';
import { APP, merchantFor, phone, recordedClient } from './helpers';

describe('DarajaClient tokens against the simulator', () => {
  let sim: DarajaSimulator;
  let cb: Receiver;
  let merchant: DarajaMerchant;

  beforeEach(async () => {
    sim = await startDarajaSimulator({ apps: [APP], phone: { defaultAction: 'never' }, lockSubscriber: false });
    cb = await startReceiver();
    merchant = merchantFor(APP, sim.url);
  });
  afterEach(async () => {
    await sim.close();
    await cb.close();
  });

  const input = () => ({ amount: 10, phoneNumber: phone(), callbackUrl: `${cb.url}/stk`, accountReference: 'REF1', transactionDesc: 'Wifi' });

  it('wrong consumer secret is INVALID_CREDENTIALS with Daraja 400.008.01', async () => {
    const { client } = recordedClient();
    await expect(client.testCredentials({ ...merchant, consumerSecret: 'nope' })).rejects.toMatchObject({
      code: 'INVALID_CREDENTIALS',
      httpStatus: 400,
      errorCode: '400.008.01',
      errorMessage: 'Invalid Authentication passed',
    });
    await expect(client.testCredentials(merchant)).resolves.toBeUndefined();
  });

  it('caches one token per credential set across calls', async () => {
    const rec = recordedClient();
    await rec.client.stkPush(merchant, input());
    await rec.client.stkPush(merchant, input());
    await rec.client.stkQuery(merchant, 'ws_CO_unknown').catch(() => undefined);
    expect(rec.oauthCalls()).toBe(1);
  });

  it.each<[string, (s: DarajaSimulator) => void | Promise<void>]>([
    ['invalidated', (s: DarajaSimulator) => void s.invalidateTokens(APP.consumerKey)],
    ['expired', (s: DarajaSimulator) => s.expireTokensIn(0)],
    [
      'rotated by another token request',
      async (s: DarajaSimulator) =>
        void (
          await fetch(`${s.url}/oauth/v1/generate?grant_type=client_credentials`, { headers: { Authorization: `Basic ${Buffer.from(`${APP.consumerKey}:${APP.consumerSecret}`).toString('base64')}` } })
        ).text(),
    ],
  ])('a token %s at Daraja gives one refresh and a successful retry', async (_name, spoil) => {
    const rec = recordedClient();
    await rec.client.getAccessToken(merchant);
    await spoil(sim);
    await expect(rec.client.stkPush(merchant, input())).resolves.toMatchObject({ responseCode: '0' });
    expect(rec.oauthCalls()).toBe(2);
    expect(rec.apiCalls()).toBe(2);
  });

  it('concurrent requests hitting an invalid token share a single refresh', async () => {
    const rec = recordedClient();
    await rec.client.getAccessToken(merchant);
    sim.invalidateTokens();
    const results = await Promise.all(Array.from({ length: 6 }, () => rec.client.stkPush(merchant, input())));
    expect(results.every((r) => r.responseCode === '0')).toBe(true);
    expect(rec.oauthCalls()).toBe(2);
  });

  it('retries only once: a token refused twice is INVALID_TOKEN', async () => {
    const rec = recordedClient({}, (url, init) => (url.includes('/oauth/') ? init : { ...init, headers: { ...(init.headers as Record<string, string>), Authorization: 'Bearer bogus' } }));
    await expect(rec.client.stkPush(merchant, input())).rejects.toMatchObject({ code: 'INVALID_TOKEN', httpStatus: 404, errorCode: '404.001.03', errorMessage: 'Invalid Access Token' });
    expect(rec.apiCalls()).toBe(2);
    expect(rec.oauthCalls()).toBe(2);
  });

  it('an app without the product is PRODUCT_MISMATCH (no token retry)', async () => {
    sim.registerApp({ consumerKey: 'np', consumerSecret: 's', shortcode: '123456', passkey: 'p', stkProduct: false });
    const rec = recordedClient();
    await expect(rec.client.stkPush(merchantFor({ consumerKey: 'np', consumerSecret: 's', shortcode: '123456', passkey: 'p' }, sim.url), input())).rejects.toMatchObject({
      code: 'PRODUCT_MISMATCH',
      errorCode: '401.003.01',
    });
    expect(rec.apiCalls()).toBe(1);
  });

  it('refreshes when less than 10 minutes remain (short-lived simulator tokens)', async () => {
    sim.setTokenTtl(5 * 60_000);
    const rec = recordedClient();
    const first = await rec.client.getAccessToken(merchant);
    const second = await rec.client.getAccessToken(merchant);
    expect(second).not.toBe(first);
    expect(rec.oauthCalls()).toBe(2);
  });

  it('refreshActive renews soon-expiring tokens so the next call needs no OAuth round trip', async () => {
    let now = Date.now();
    const rec = recordedClient({ now: () => now });
    const old = await rec.client.getAccessToken(merchant);
    now += 25 * 60_000; // 34 minutes left: inside the job's window (10 min margin + 30 min interval)
    expect(await rec.client.refreshActive()).toEqual({ refreshed: 1, failed: [], evicted: 0 });
    const fresh = await rec.client.getAccessToken(merchant);
    expect(fresh).not.toBe(old);
    expect(rec.oauthCalls()).toBe(2);
    await expect(rec.client.stkPush(merchant, input())).resolves.toMatchObject({ responseCode: '0' });
    expect(rec.oauthCalls()).toBe(2);
  });

  it('forget drops a cached token; base URLs come from the environment map when none is given', async () => {
    const rec = recordedClient({ baseUrls: { sandbox: sim.url } });
    const m = { ...merchant, baseUrl: undefined };
    await rec.client.getAccessToken(m);
    rec.client.forget(m);
    await rec.client.getAccessToken(m);
    expect(rec.oauthCalls()).toBe(2);
    expect(rec.calls.every((c) => c.startsWith(sim.url))).toBe(true);
    expect(new HttpDarajaClient()).toBeDefined();
  });

  it('an unreachable Daraja is UNAVAILABLE', async () => {
    const url = sim.url;
    await sim.close();
    const { client } = recordedClient();
    await expect(client.getAccessToken({ ...merchant, baseUrl: url })).rejects.toMatchObject({ code: 'UNAVAILABLE', retryable: true });
    sim = await startDarajaSimulator({ apps: [APP] });
  });
});
