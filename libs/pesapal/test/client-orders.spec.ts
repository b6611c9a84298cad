import type { PesapalSimulatorHandle } from '@wavu/pesapal-sim';
import type { HttpPesapalClient } from '../src';
import { parseCallbackQuery, PesapalError } from '../src';
import { clientFor, orderRequest, payOnHostedPage, startSim } from './helpers';

describe('orders, hosted page and status against the simulator', () => {
  let sim: PesapalSimulatorHandle;
  let client: HttpPesapalClient;
  let ipnId: string;

  beforeEach(async () => {
    sim = await startSim({ ipn: { drop: true } });
    client = clientFor(sim);
    ipnId = (await client.registerIpn('http://127.0.0.1:9/ipn', 'GET')).ipnId;
  });
  afterEach(async () => {
    await sim.close();
  });

  async function rawSubmit(body: Record<string, unknown>): Promise<{ status: number; json: Record<string, unknown> }> {
    const { token } = await client.requestToken();
    const res = await fetch(`${sim.url}/api/Transactions/SubmitOrderRequest`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as Record<string, unknown> };
  }

  it('answers validation errors with HTTP 200 and an error body; the client raises VALIDATION with the Pesapal code', async () => {
    const raw = await rawSubmit({
      id: 'SUB-1',
      currency: 'KES',
      amount: 10.123,
      description: 'x',
      callback_url: 'https://x.example/r',
      notification_id: ipnId,
      billing_address: { email_address: 'a@b.c' },
    });
    expect(raw.status).toBe(200);
    expect(raw.json).toMatchObject({ order_tracking_id: null, redirect_url: null, status: '500', error: { error_type: 'api_error', code: 'invalid_amount' } });

    const cases: Array<[Parameters<typeof orderRequest>[1], string]> = [
      [{ amountMinor: 0 }, 'invalid_amount'],
      [{ description: 'd'.repeat(101) }, 'invalid_description'],
      [{ merchantReference: 'R'.repeat(51) }, 'invalid_merchant_reference'],
      [{ callbackUrl: 'not a url' }, 'invalid_callback_url'],
      [{ currency: 'KESH' }, 'invalid_currency'],
      [{ billingAddress: { firstName: 'NoContact' } }, 'invalid_billing_address'],
      [{ notificationId: '00000000-0000-0000-0000-000000000000' }, 'invalid_notification_id'],
      [{ subscriptionDetails: { startDate: '01-01-2027', endDate: '01-01-2028', frequency: 'MONTHLY' } }, 'invalid_subscription_details'],
      [{ accountNumber: 'TENANT-1', subscriptionDetails: { startDate: '2027-01-01', endDate: '01-01-2028', frequency: 'MONTHLY' } }, 'invalid_subscription_details'],
    ];
    for (const [overrides, code] of cases) {
      const err = await client.submitOrder(orderRequest(ipnId, overrides)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(PesapalError);
      expect(err).toMatchObject({ code: 'VALIDATION', pesapalCode: code, httpStatus: 200, operation: 'submitOrder' });
    }
    expect(sim.orders()).toHaveLength(0);
  });

  it('refuses a reused merchant reference as DUPLICATE_REFERENCE', async () => {
    const req = orderRequest(ipnId);
    await client.submitOrder(req);
    await expect(client.submitOrder(req)).rejects.toMatchObject({ code: 'DUPLICATE_REFERENCE', pesapalCode: 'duplicate_merchant_reference' });
  });

  it('a new order is pending in the recorded form: status_code 0, payment_details_not_found, status "500"', async () => {
    const req = orderRequest(ipnId, { amountMinor: 1_050 });
    const order = await client.submitOrder(req);
    expect(order.merchantReference).toBe(req.merchantReference);
    expect(order.redirectUrl).toBe(`${sim.url}/pesapaliframe/PesapalIframe3/Index?OrderTrackingId=${order.orderTrackingId}`);

    const status = await client.getTransactionStatus(order.orderTrackingId);
    expect(status).toMatchObject({
      state: 'pending',
      pendingReason: 'awaiting_payment',
      statusCode: 0,
      statusDescription: 'INVALID',
      amount: 10.5,
      amountMinor: 1_050,
      currency: 'KES',
      confirmationCode: null,
      paymentMethod: null,
      merchantReference: req.merchantReference,
    });
    expect(status.raw).toMatchObject({ status: '500', error: { error_type: 'api_error', code: 'payment_details_not_found', message: 'Pending Payment' }, payment_status_code: '' });
    expect(status.raw.call_back_url).toBe(`${req.callbackUrl}?OrderTrackingId=${order.orderTrackingId}&OrderMerchantReference=${req.merchantReference}`);
  });

  it('hosted page: paying by card redirects to callback_url with the documented parameters and completes the order', async () => {
    const req = orderRequest(ipnId);
    const order = await client.submitOrder(req);
    const paid = await payOnHostedPage(order.redirectUrl, 'card');
    expect(paid.page).toContain('Pay with M-Pesa');
    expect(paid.page).toContain(req.merchantReference);
    expect(paid.status).toBe(302);
    const back = new URL(paid.location ?? '');
    expect(`${back.origin}${back.pathname}`).toBe(req.callbackUrl);
    expect(parseCallbackQuery(back.searchParams)).toEqual({ orderTrackingId: order.orderTrackingId, merchantReference: req.merchantReference, notificationType: 'CALLBACKURL' });

    const status = await client.getTransactionStatus(order.orderTrackingId);
    expect(status).toMatchObject({ state: 'completed', statusCode: 1, statusDescription: 'COMPLETED', paymentMethod: 'Visa', amountMinor: 250_000 });
    expect(status.confirmationCode).toMatch(/^\d{22}$/);
    expect(status.raw).toMatchObject({ status: '200', error: { error_type: null, code: null, message: null, call_back_url: null } });
    expect(sim.ledger()).toEqual([expect.objectContaining({ orderTrackingId: order.orderTrackingId, amount: 2500, amountMinor: 250_000, reversed: false })]);
    expect(sim.ledgerTotal('KES')).toBe(2500);
  });

  it('hosted page: M-Pesa stays pending after the redirect until the mobile money settles', async () => {
    sim.configure({ mobileMoneyPendingMs: 50 });
    const order = await client.submitOrder(orderRequest(ipnId));
    const paid = await payOnHostedPage(order.redirectUrl, 'mpesa', '254722000111');
    expect(paid.status).toBe(302);
    expect(await client.getTransactionStatus(order.orderTrackingId)).toMatchObject({ state: 'pending', pendingReason: 'awaiting_payment' });
    await sim.idle();
    const done = await client.getTransactionStatus(order.orderTrackingId);
    expect(done).toMatchObject({ state: 'completed', paymentMethod: 'MPESA', paymentAccount: '2547****0111' });
    expect(done.confirmationCode).toMatch(/^[A-Z0-9]{10}$/);
  });

  it('hosted page: a declined card fails the order and leaves the ledger empty', async () => {
    const order = await client.submitOrder(orderRequest(ipnId));
    const paid = await payOnHostedPage(order.redirectUrl, 'decline');
    expect(new URL(paid.location ?? '').searchParams.get('OrderTrackingId')).toBe(order.orderTrackingId);
    const status = await client.getTransactionStatus(order.orderTrackingId);
    expect(status).toMatchObject({ state: 'failed', statusCode: 2, statusDescription: 'FAILED' });
    expect(status.description).toContain('Unable to Authorize');
    expect(sim.ledger()).toEqual([]);
    // the page no longer offers payment
    const again = await fetch(order.redirectUrl).then((r) => r.text());
    expect(again).not.toContain('Pay with M-Pesa');
  });

  it('hosted page: cancel goes to cancellation_url (or callback_url) and the order stays pending', async () => {
    const withCancel = await client.submitOrder(orderRequest(ipnId, { cancellationUrl: 'https://platform.example/subscription/cancelled' }));
    const cancelled = await payOnHostedPage(withCancel.redirectUrl, 'cancel');
    expect(cancelled.location).toBe('https://platform.example/subscription/cancelled');
    expect(await client.getTransactionStatus(withCancel.orderTrackingId)).toMatchObject({ state: 'pending', pendingReason: 'awaiting_payment' });

    const req = orderRequest(ipnId);
    const plain = await client.submitOrder(req);
    const back = await payOnHostedPage(plain.redirectUrl, 'cancel');
    expect(parseCallbackQuery(new URL(back.location ?? '').searchParams)).toMatchObject({ orderTrackingId: plain.orderTrackingId, merchantReference: req.merchantReference });
    expect(sim.order(plain.orderTrackingId).state).toBe('abandoned');
    expect(await client.getTransactionStatus(plain.orderTrackingId)).toMatchObject({ state: 'pending' });
  });

  it('a completed payment reversed through the control API reports reversed and leaves the ledger total', async () => {
    const order = await client.submitOrder(orderRequest(ipnId, { amountMinor: 99_99 }));
    sim.complete(order.orderTrackingId, { paymentMethod: 'MPESA', phone: '254711222333' });
    expect(sim.ledgerTotal()).toBe(99.99);
    sim.reverse(order.orderTrackingId);
    expect(await client.getTransactionStatus(order.orderTrackingId)).toMatchObject({ state: 'reversed', statusCode: 3, statusDescription: 'REVERSED', amountMinor: 99_99 });
    expect(sim.ledgerTotal()).toBe(0);
    expect(sim.ledger()[0]).toMatchObject({ reversed: true });
  });

  it('the control HTTP API completes an order without a browser and reports the ledger', async () => {
    const order = await client.submitOrder(orderRequest(ipnId, { amountMinor: 500_00 }));
    const res = await fetch(`${sim.url}/__sim/orders/${order.orderTrackingId}/complete`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ paymentMethod: 'Visa' }),
    });
    expect(res.status).toBe(200);
    const ledger = (await fetch(`${sim.url}/__sim/ledger`).then((r) => r.json())) as { total: number; entries: unknown[] };
    expect(ledger.total).toBe(500);
    expect(ledger.entries).toHaveLength(1);
    expect(await client.getTransactionStatus(order.orderTrackingId)).toMatchObject({ state: 'completed', paymentMethod: 'Visa' });
    const again = await fetch(`${sim.url}/__sim/orders/${order.orderTrackingId}/fail`, { method: 'POST' });
    expect(again.status).toBe(409);
  });

  it('an unknown tracking id is status_code 0 without payment_details_not_found: pending, unknown_order', async () => {
    const status = await client.getTransactionStatus('6a8f2a8e-0000-4000-8000-000000000000');
    expect(status).toMatchObject({ state: 'pending', pendingReason: 'unknown_order', statusCode: 0 });
  });
});
