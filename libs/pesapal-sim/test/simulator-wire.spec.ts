import type { PesapalSimulatorHandle } from '../src';
import { DEFAULT_PESAPAL_MERCHANT, startPesapalSimulator } from '../src';

async function json(res: Response): Promise<unknown> {
  return JSON.parse(await res.text()) as unknown;
}

describe('Pesapal simulator wire contract', () => {
  let sim: PesapalSimulatorHandle;
  let token: string;

  const api = (path: string, init: RequestInit = {}): Promise<Response> =>
    fetch(`${sim.url}${path}`, { ...init, headers: { accept: 'application/json', 'content-type': 'application/json', authorization: `Bearer ${token}`, ...(init.headers as Record<string, string>) } });

  beforeEach(async () => {
    sim = await startPesapalSimulator({ ipn: { drop: true } });
    const res = await fetch(`${sim.url}/api/Auth/RequestToken`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json' },
      body: JSON.stringify({ consumer_key: DEFAULT_PESAPAL_MERCHANT.consumerKey, consumer_secret: DEFAULT_PESAPAL_MERCHANT.consumerSecret }),
    });
    const body = (await json(res)) as Record<string, unknown>;
    token = body.token as string;
  });
  afterEach(async () => {
    await sim.close();
  });

  it('RequestToken: B1 success shape with a 7-digit fractional UTC expiryDate 5 minutes ahead', async () => {
    const res = await fetch(`${sim.url}/api/Auth/RequestToken`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ consumer_key: DEFAULT_PESAPAL_MERCHANT.consumerKey, consumer_secret: DEFAULT_PESAPAL_MERCHANT.consumerSecret }),
    });
    const body = (await json(res)) as Record<string, string | null>;
    expect(res.status).toBe(200);
    expect(body).toMatchObject({ error: null, status: '200', message: 'Request processed successfully' });
    expect(body.expiryDate).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z$/);
    const ms = new Date(body.expiryDate as string).getTime() - Date.now();
    expect(ms).toBeGreaterThan(4.9 * 60_000);
    expect(ms).toBeLessThanOrEqual(5 * 60_000);
  });

  it('keys are compared exactly: a trailing space is refused', async () => {
    const res = await fetch(`${sim.url}/api/Auth/RequestToken`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ consumer_key: `${DEFAULT_PESAPAL_MERCHANT.consumerKey} `, consumer_secret: DEFAULT_PESAPAL_MERCHANT.consumerSecret }),
    });
    expect(await json(res)).toMatchObject({ token: null, status: '500', error: { code: 'invalid_consumer_key_or_secret_provided' } });
  });

  it('RegisterIPN: B2 shape including the ipn_status_decription typo; GetIpnList is a plain array', async () => {
    expect(await json(await api('/api/URLSetup/GetIpnList'))).toEqual([]);
    const reg = (await json(await api('/api/URLSetup/RegisterIPN', { method: 'POST', body: JSON.stringify({ url: 'https://platform.example/ipn', ipn_notification_type: 'POST' }) }))) as Record<
      string,
      unknown
    >;
    expect(reg).toMatchObject({
      url: 'https://platform.example/ipn',
      notification_type: 1,
      ipn_notification_type_description: 'POST',
      ipn_status: 1,
      ipn_status_decription: 'Active',
      error: null,
      status: '200',
    });
    expect(reg.ipn_id).toMatch(/^[0-9a-f-]{36}$/);
    expect(typeof reg.id).toBe('number');
    const list = await json(await api('/api/URLSetup/GetIpnList'));
    expect(list).toEqual([{ url: 'https://platform.example/ipn', created_date: reg.created_date, ipn_id: reg.ipn_id, error: null, status: '200' }]);
  });

  it('RegisterIPN refuses a bad notification type with HTTP 200 and an error body', async () => {
    const res = await api('/api/URLSetup/RegisterIPN', { method: 'POST', body: JSON.stringify({ url: 'https://platform.example/ipn', ipn_notification_type: 'PUT' }) });
    expect(res.status).toBe(200);
    expect(await json(res)).toMatchObject({ status: '500', error: { error_type: 'api_error', code: 'invalid_ipn_notification_type' } });
  });

  it('API calls without a valid bearer answer 401; unknown paths 404', async () => {
    expect((await fetch(`${sim.url}/api/URLSetup/GetIpnList`)).status).toBe(401);
    expect((await api('/api/Nope')).status).toBe(404);
  });

  it('the hosted page: unknown orders 404, a second form post is refused with 409', async () => {
    expect((await fetch(`${sim.url}/pesapaliframe/PesapalIframe3/Index?OrderTrackingId=nope`)).status).toBe(404);
    const reg = (await json(await api('/api/URLSetup/RegisterIPN', { method: 'POST', body: JSON.stringify({ url: 'https://platform.example/ipn', ipn_notification_type: 'GET' }) }))) as Record<
      string,
      string
    >;
    const order = (await json(
      await api('/api/Transactions/SubmitOrderRequest', {
        method: 'POST',
        body: JSON.stringify({
          id: 'INV-1',
          currency: 'kes',
          amount: '150.50',
          description: 'Plan',
          callback_url: 'https://platform.example/return?tab=billing',
          notification_id: reg.ipn_id,
          billing_address: { phone_number: '254712000000' },
        }),
      }),
    )) as Record<string, string>;
    expect(order).toMatchObject({ merchant_reference: 'INV-1', error: null, status: '200' });
    expect(sim.order(order.order_tracking_id)).toMatchObject({ currency: 'KES', amount: 150.5 });
    const post = (): Promise<Response> =>
      fetch(`${sim.url}${sim.hostedPageActionPath}`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ OrderTrackingId: order.order_tracking_id, action: 'card' }).toString(),
        redirect: 'manual',
      });
    const first = await post();
    const location = new URL(first.headers.get('location') ?? '');
    expect(location.searchParams.get('tab')).toBe('billing');
    expect(location.searchParams.get('OrderNotificationType')).toBe('CALLBACKURL');
    expect((await post()).status).toBe(409);
  });

  it('control API: settings, faults and token expiry over HTTP', async () => {
    const patched = (await json(await fetch(`${sim.url}/__sim/settings`, { method: 'PATCH', body: JSON.stringify({ ipn: { duplicates: 2 }, mobileMoneyPendingMs: 20 }) }))) as Record<string, unknown>;
    expect(patched).toMatchObject({ mobileMoneyPendingMs: 20, ipn: { duplicates: 2, drop: true } });
    await fetch(`${sim.url}/__sim/faults`, { method: 'POST', body: JSON.stringify({ endpoint: 'GetIpnList', kind: 'error', status: 503 }) });
    expect((await api('/api/URLSetup/GetIpnList')).status).toBe(503);
    expect((await api('/api/URLSetup/GetIpnList')).status).toBe(200);
    expect(await json(await fetch(`${sim.url}/__sim/tokens/expire`, { method: 'POST' }))).toEqual({ expired: 1 });
    expect((await api('/api/URLSetup/GetIpnList')).status).toBe(401);
    await fetch(`${sim.url}/__sim/merchants`, { method: 'POST', body: JSON.stringify({ consumerKey: 'k2', consumerSecret: 's2' }) });
    const t2 = await fetch(`${sim.url}/api/Auth/RequestToken`, { method: 'POST', body: JSON.stringify({ consumer_key: 'k2', consumer_secret: 's2' }) });
    expect(await json(t2)).toMatchObject({ status: '200' });
  });
});
