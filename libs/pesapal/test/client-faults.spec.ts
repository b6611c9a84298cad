import type { AddressInfo } from 'net';
import { createServer } from 'net';
import type { PesapalSimulatorHandle } from '@wavu/pesapal-sim';
import { DEFAULT_PESAPAL_MERCHANT } from '@wavu/pesapal-sim';
import { HttpPesapalClient, PesapalError, resolveBaseUrl } from '../src';
import { clientFor, orderRequest, startSim } from './helpers';

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const port = (srv.address() as AddressInfo).port;
  await new Promise<void>((resolve) => srv.close(() => resolve()));
  return port;
}

describe('client errors and injected faults', () => {
  let sim: PesapalSimulatorHandle;

  beforeEach(async () => {
    sim = await startSim({ ipn: { drop: true } });
  });
  afterEach(async () => {
    await sim.close();
  });

  it('an injected HTTP 500 is UNAVAILABLE (retryable) and the next call succeeds', async () => {
    const client = clientFor(sim);
    const ipn = await client.registerIpn('https://platform.example/ipn', 'GET');
    const order = await client.submitOrder(orderRequest(ipn.ipnId));
    sim.injectFault({ endpoint: 'GetTransactionStatus', kind: 'error', status: 500 });
    const err = await client.getTransactionStatus(order.orderTrackingId).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PesapalError);
    expect(err).toMatchObject({ code: 'UNAVAILABLE', httpStatus: 500, retryable: true });
    await expect(client.getTransactionStatus(order.orderTrackingId)).resolves.toMatchObject({ state: 'pending' });
  });

  it('a slow answer beyond the per-request timeout is TIMEOUT', async () => {
    // a timeout a loaded machine's local round trip never reaches, and a delay far beyond it
    const client = clientFor(sim, { timeoutMs: 2_000 });
    sim.injectFault({ endpoint: 'RequestToken', kind: 'delay', delayMs: 10_000 });
    await expect(client.getIpnList()).rejects.toMatchObject({ code: 'TIMEOUT', operation: 'requestToken', retryable: true });
    // the failed token request is not cached: the next call gets a token
    await expect(client.getIpnList()).resolves.toEqual([]);
  });

  it('a wrong base URL path is NOT_FOUND', async () => {
    const client = clientFor(sim, { baseUrl: `${sim.url}/pesapalv3` });
    await expect(client.requestToken()).rejects.toMatchObject({ code: 'NOT_FOUND', httpStatus: 404 });
  });

  it('a refused connection is UNAVAILABLE', async () => {
    const client = clientFor(sim, { baseUrl: `http://127.0.0.1:${await freePort()}` });
    await expect(client.requestToken()).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });

  it('a token refused with 401 twice is UNAUTHORIZED', async () => {
    // every token issued from now on is revoked before use
    let calls = 0;
    const wrapped = new HttpPesapalClient({
      baseUrl: sim.url,
      consumerKey: DEFAULT_PESAPAL_MERCHANT.consumerKey,
      consumerSecret: DEFAULT_PESAPAL_MERCHANT.consumerSecret,
      fetch: async (input, init) => {
        const res = await fetch(input, init);
        if (String(input).includes('RequestToken')) {
          calls++;
          const body = await res.text();
          sim.expireTokens();
          return new Response(body, { status: res.status, headers: res.headers });
        }
        return res;
      },
    });
    sim.expireTokens();
    await expect(wrapped.getIpnList()).rejects.toMatchObject({ code: 'UNAUTHORIZED', httpStatus: 401 });
    expect(calls).toBe(2);
  });

  it('resolves named environments to the documented base URLs', () => {
    expect(resolveBaseUrl('sandbox')).toBe('https://cybqa.pesapal.com/pesapalv3');
    expect(resolveBaseUrl('live')).toBe('https://pay.pesapal.com/v3');
    expect(resolveBaseUrl('http://127.0.0.1:8091/')).toBe('http://127.0.0.1:8091');
  });
});
