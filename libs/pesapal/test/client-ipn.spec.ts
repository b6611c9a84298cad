import type { PesapalSimulatorHandle } from '@wavu/pesapal-sim';
import type { HttpPesapalClient, PesapalNotification } from '../src';
import { ipnAcknowledgement, parseIpnBody, parseIpnQuery } from '../src';
import type { ReceivedRequest, Receiver } from './helpers';
import { clientFor, orderRequest, payOnHostedPage, startReceiver, startSim } from './helpers';

/** Our IPN route as the subscriptions module should write it: parse, re-check status, acknowledge. */
function acknowledging(parse: (r: ReceivedRequest) => PesapalNotification) {
  return (r: ReceivedRequest): { status: number; body: string } => ({ status: 200, body: JSON.stringify(ipnAcknowledgement(parse(r))) });
}
const fromQuery = (r: ReceivedRequest): PesapalNotification => parseIpnQuery(r.url.searchParams);
const fromBody = (r: ReceivedRequest): PesapalNotification => parseIpnBody(r.body);

describe('IPN delivery from the simulator', () => {
  let sim: PesapalSimulatorHandle;
  let client: HttpPesapalClient;
  let receiver: Receiver;

  beforeEach(async () => {
    sim = await startSim();
    client = clientFor(sim);
    receiver = await startReceiver();
  });
  afterEach(async () => {
    await sim.close();
    await receiver.close();
  });

  it('GET: sends the query parameters once and stops when acknowledged', async () => {
    receiver.answer = acknowledging(fromQuery);
    const ipn = await client.registerIpn(receiver.url, 'GET');
    expect(ipn).toMatchObject({ notificationMethod: 'GET', active: true, url: receiver.url });
    const req = orderRequest(ipn.ipnId);
    const order = await client.submitOrder(req);
    await payOnHostedPage(order.redirectUrl, 'card');
    await sim.idle();

    expect(receiver.received).toHaveLength(1);
    const got = receiver.received[0];
    expect(got.method).toBe('GET');
    expect(got.url.pathname).toBe('/api/billing/pesapal/ipn');
    expect(Object.fromEntries(got.url.searchParams)).toEqual({ OrderTrackingId: order.orderTrackingId, OrderMerchantReference: req.merchantReference, OrderNotificationType: 'IPNCHANGE' });
    expect(sim.ipnDeliveries()).toEqual([expect.objectContaining({ attempt: 1, acknowledged: true, httpStatus: 200, method: 'GET' })]);
    // the IPN carries no status: it is re-checked
    expect(await client.getTransactionStatus(fromQuery(got).orderTrackingId)).toMatchObject({ state: 'completed' });
  });

  it('POST: sends a JSON body with PascalCase keys', async () => {
    receiver.answer = acknowledging(fromBody);
    const ipn = await client.registerIpn(receiver.url, 'POST');
    expect(ipn.notificationMethod).toBe('POST');
    const req = orderRequest(ipn.ipnId);
    const order = await client.submitOrder(req);
    await payOnHostedPage(order.redirectUrl, 'decline');
    await sim.idle();

    expect(receiver.received).toHaveLength(1);
    const got = receiver.received[0];
    expect(got.method).toBe('POST');
    expect(got.headers['content-type']).toContain('application/json');
    expect(JSON.parse(got.body)).toEqual({ OrderTrackingId: order.orderTrackingId, OrderNotificationType: 'IPNCHANGE', OrderMerchantReference: req.merchantReference });
    expect(parseIpnBody(got.body)).toEqual({ orderTrackingId: order.orderTrackingId, merchantReference: req.merchantReference, notificationType: 'IPNCHANGE' });
    expect(sim.ipnDeliveries().every((d) => d.acknowledged)).toBe(true);
  });

  it('sends duplicates when configured; each copy is the same notification', async () => {
    sim.configure({ ipn: { duplicates: 2 } });
    receiver.answer = acknowledging(fromQuery);
    const ipn = await client.registerIpn(receiver.url, 'GET');
    const order = await client.submitOrder(orderRequest(ipn.ipnId));
    sim.complete(order.orderTrackingId);
    await sim.idle();
    expect(receiver.received).toHaveLength(3);
    expect(new Set(receiver.received.map((r) => r.url.search)).size).toBe(1);
    expect(
      sim
        .ipnDeliveries()
        .map((d) => d.copy)
        .sort(),
    ).toEqual([0, 1, 2]);
  });

  it('retries until the receiver answers the exact JSON acknowledgement', async () => {
    const ipn = await client.registerIpn(receiver.url, 'GET');
    receiver.answer = (r, i) => {
      if (i === 0) return { status: 500, body: 'oops', contentType: 'text/plain' };
      if (i === 1) return { status: 200, body: 'OK', contentType: 'text/plain' };
      // camelCase keys matter: echoing PascalCase is not an acknowledgement
      const n = fromQuery(r);
      if (i === 2)
        return { status: 200, body: JSON.stringify({ OrderTrackingId: n.orderTrackingId, OrderMerchantReference: n.merchantReference, OrderNotificationType: n.notificationType, status: 200 }) };
      if (i === 3) return { status: 200, body: JSON.stringify(ipnAcknowledgement(n, false)) };
      return { status: 200, body: JSON.stringify(ipnAcknowledgement(n)) };
    };
    const order = await client.submitOrder(orderRequest(ipn.ipnId));
    sim.complete(order.orderTrackingId);
    await sim.idle();

    const attempts = sim.ipnDeliveries();
    expect(attempts.map((d) => [d.attempt, d.acknowledged])).toEqual([
      [1, false],
      [2, false],
      [3, false],
      [4, false],
      [5, true],
    ]);
    expect(attempts[0].httpStatus).toBe(500);
    expect(attempts[3].error).toContain('status is 500');
    expect(receiver.received).toHaveLength(5);
  });

  it('gives up after maxAttempts when never acknowledged; the status stays queryable', async () => {
    sim.configure({ ipn: { maxAttempts: 3 } });
    receiver.answer = () => ({ status: 404, body: '' });
    const ipn = await client.registerIpn(receiver.url, 'POST');
    const order = await client.submitOrder(orderRequest(ipn.ipnId));
    sim.complete(order.orderTrackingId);
    await sim.idle();
    expect(receiver.received).toHaveLength(3);
    expect(sim.ipnDeliveries().some((d) => d.acknowledged)).toBe(false);
    expect(await client.getTransactionStatus(order.orderTrackingId)).toMatchObject({ state: 'completed' });
  });

  it('delays the IPN by ipnDelayMs, and sends one on reversal too', async () => {
    sim.configure({ ipn: { delayMs: 40 } });
    receiver.answer = acknowledging(fromQuery);
    const ipn = await client.registerIpn(receiver.url, 'GET');
    const order = await client.submitOrder(orderRequest(ipn.ipnId));
    sim.complete(order.orderTrackingId);
    expect(receiver.received).toHaveLength(0);
    await sim.idle();
    expect(receiver.received).toHaveLength(1);
    sim.reverse(order.orderTrackingId);
    await sim.idle();
    expect(receiver.received).toHaveLength(2);
    expect(await client.getTransactionStatus(order.orderTrackingId)).toMatchObject({ state: 'reversed' });
  });

  it('drops IPNs when told to, and sends none for an abandoned (cancelled) page', async () => {
    receiver.answer = acknowledging(fromQuery);
    const ipn = await client.registerIpn(receiver.url, 'GET');
    const cancelled = await client.submitOrder(orderRequest(ipn.ipnId));
    await payOnHostedPage(cancelled.redirectUrl, 'cancel');
    sim.configure({ ipn: { drop: true } });
    const dropped = await client.submitOrder(orderRequest(ipn.ipnId));
    sim.complete(dropped.orderTrackingId);
    await sim.idle();
    expect(receiver.received).toHaveLength(0);
    expect(await client.getTransactionStatus(dropped.orderTrackingId)).toMatchObject({ state: 'completed' });
  });
});
