import type { DarajaSimulator } from '../src';
import { startDarajaSimulator } from '../src';
import { APP, post, pushBody, raw, token } from './raw';
import type { Receiver } from './receiver';
import { startReceiver } from './receiver';

const PUSH = '/mpesa/stkpush/v1/processrequest';

describe('daraja-sim phone and callbacks', () => {
  let sim: DarajaSimulator;
  let cb: Receiver;
  let t: string;
  let n = 0;
  /** A push from a fresh phone number each time (no subscriber lock between tests). */
  const push = async (overrides: Record<string, unknown> = {}, phone = `2547${String(10000000 + ++n).slice(-8)}`) => {
    const r = await post(sim.url, PUSH, t, pushBody(APP, cb.url, { PhoneNumber: phone, PartyA: phone, ...overrides }));
    expect(r.status).toBe(200);
    return r.body.CheckoutRequestID as string;
  };

  beforeEach(async () => {
    sim = await startDarajaSimulator({ apps: [APP] });
    cb = await startReceiver();
    t = await token(sim.url);
  });
  afterEach(async () => {
    await sim.close();
    await cb.close();
  });

  it('sends the exact success body: Amount, MpesaReceiptNumber, Balance without Value, TransactionDate, PhoneNumber', async () => {
    const id = await push({ Amount: 50 }, '254712345678');
    const [got] = await cb.waitFor(1);
    expect(got.path).toBe('/cb/stk');
    expect(got.headers['content-type']).toBe('application/json');
    const stk = got.body.Body.stkCallback;
    expect(stk).toMatchObject({ CheckoutRequestID: id, ResultCode: 0, ResultDesc: 'The service request is processed successfully.' });
    const items = stk.CallbackMetadata.Item;
    expect(items.map((i: { Name: string }) => i.Name)).toEqual(['Amount', 'MpesaReceiptNumber', 'Balance', 'TransactionDate', 'PhoneNumber']);
    expect(items[0]).toEqual({ Name: 'Amount', Value: 50 });
    expect(items[1].Value).toMatch(/^[A-Z][A-Z0-9]{9}$/);
    expect(items[2]).toEqual({ Name: 'Balance' });
    expect(typeof items[3].Value).toBe('number');
    expect(String(items[3].Value)).toMatch(/^20\d{12}$/);
    expect(items[4]).toEqual({ Name: 'PhoneNumber', Value: 254712345678 });
  });

  it.each([
    ['cancel', 1032],
    ['timeout', 1037],
    ['wrong-pin', 2001],
    ['insufficient-funds', 1],
  ] as const)('rule action %s gives a failure callback with ResultCode %d and no metadata', async (action, code) => {
    sim.addPhoneRule({ match: { amount: 77 }, action });
    const id = await push({ Amount: 77 });
    const [got] = await cb.waitFor(1);
    expect(got.body).toEqual({ Body: { stkCallback: { MerchantRequestID: expect.any(String), CheckoutRequestID: id, ResultCode: code, ResultDesc: expect.any(String) } } });
  });

  it('matches rules by phone and amount, with a limited number of uses, and sends non-numeric SFC_IC0003 as is', async () => {
    sim.setPhoneRules([
      { match: { phone: '254700000111' }, action: { resultCode: 'SFC_IC0003' }, times: 1 },
      { match: { minAmount: 1000 }, action: 'cancel' },
    ]);
    const a = await push({}, '254700000111');
    const b = await push({ Amount: 5000 });
    await sim.idle();
    expect(sim.getPush(a)?.resultCode).toBe('SFC_IC0003');
    expect(sim.getPush(b)?.resultCode).toBe(1032);
    const c = await push({}, '254700000111');
    await sim.idle();
    expect(sim.getPush(c)?.resultCode).toBe(0);
    const sfc = cb.received.find((r) => r.body.Body.stkCallback.CheckoutRequestID === a);
    expect(sfc?.body.Body.stkCallback.ResultCode).toBe('SFC_IC0003');
  });

  it('maps the magic MSISDN suffixes of docs/mpesa.md §12', async () => {
    const cases: Array<[string, number]> = [
      ['254711110000', 0],
      ['254711111032', 1032],
      ['254711111037', 1037],
      ['254711110001', 1],
      ['254711112001', 2001],
      ['254711111019', 1019],
      ['254711119999', 9999],
    ];
    sim.setPhoneSettings({ defaultAction: 'cancel' });
    const ids = [];
    for (const [phone] of cases) ids.push(await push({}, phone));
    await sim.idle();
    expect(ids.map((id) => sim.getPush(id)?.resultCode)).toEqual(cases.map(([, c]) => c));
  });

  it('delays callbacks and sends N duplicate copies', async () => {
    sim.setCallbackSettings({ delayMs: 40, copies: 3 });
    const started = Date.now();
    const id = await push();
    const got = await cb.waitFor(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(35);
    expect(got.map((g) => g.body.Body.stkCallback.CheckoutRequestID)).toEqual([id, id, id]);
    expect(new Set(got.map((g) => g.body.Body.stkCallback.CallbackMetadata.Item[1].Value)).size).toBe(1);
    expect(sim.ledger().count).toBe(1);
  });

  it('drops callbacks (the payment is still settled) and records the drop', async () => {
    sim.setCallbackSettings({ drop: true });
    const id = await push({ Amount: 20 });
    await sim.idle();
    expect(cb.received).toHaveLength(0);
    expect(sim.deliveries(id)).toEqual([expect.objectContaining({ dropped: true, status: null })]);
    expect(sim.ledger().total).toBe(20);
  });

  it('drops a fraction of callbacks deterministically when drop is a probability', async () => {
    sim.setCallbackSettings({ drop: 0.5 });
    for (let i = 0; i < 20; i++) await push();
    await sim.idle();
    const dropped = sim.deliveries().filter((d) => d.dropped).length;
    expect(dropped).toBeGreaterThan(0);
    expect(dropped).toBeLessThan(20);
    expect(cb.received).toHaveLength(20 - dropped);
  });

  it('reorders callbacks inside the reorder window', async () => {
    // wide enough that the second push lands inside the window on a loaded machine
    sim.setCallbackSettings({ reorderWindowMs: 1_000 });
    const first = await push();
    const second = await push();
    await cb.waitFor(2);
    expect(cb.received.map((r) => r.body.Body.stkCallback.CheckoutRequestID)).toEqual([second, first]);
  });

  it('does not retry a failed delivery by default, but retries when configured; sets X-Forwarded-For', async () => {
    cb.respond = () => ({ status: 503 });
    const a = await push();
    await sim.idle();
    expect(sim.deliveries(a)).toHaveLength(1);
    sim.setCallbackSettings({ retryOnNon2xx: { attempts: 2, backoffMs: 5 }, sourceIp: '196.201.214.200' });
    const b = await push();
    await sim.idle();
    expect(sim.deliveries(b).map((d) => d.status)).toEqual([503, 503, 503]);
    expect(cb.received[cb.received.length - 1].headers['x-forwarded-for']).toBe('196.201.214.200');
  });

  it('receipts are 10 uppercase alphanumerics and unique', async () => {
    for (let i = 0; i < 30; i++) await push();
    await sim.idle();
    const receipts = sim.ledger().entries.map((e) => e.receipt);
    expect(receipts).toHaveLength(30);
    expect(new Set(receipts).size).toBe(30);
    for (const r of receipts) expect(r).toMatch(/^[A-Z0-9]{10}$/);
  });

  describe('manual phone over the control API', () => {
    beforeEach(() => sim.setPhoneSettings({ defaultAction: 'manual', pin: '4321' }));

    it('lists pending pushes and approves with the right PIN', async () => {
      const id = await push({ Amount: 30 }, '254722000111');
      const pending = await raw(`${sim.url}/sim/pushes?status=pending`);
      expect(pending.body).toEqual([expect.objectContaining({ checkoutRequestId: id, amount: 30, phoneNumber: '254722000111', status: 'pending' })]);
      const ok = await raw(`${sim.url}/sim/pushes/${id}/approve`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ pin: '4321' }) });
      expect(ok.body).toMatchObject({ status: 'completed', resultCode: 0, receipt: expect.stringMatching(/^[A-Z0-9]{10}$/) });
      await cb.waitFor(1);
      const again = await raw(`${sim.url}/sim/pushes/${id}/cancel`, { method: 'POST' });
      expect(again.status).toBe(409);
      expect((await raw(`${sim.url}/sim/ledger`)).body).toMatchObject({ count: 1, total: 30 });
    });

    it('a wrong PIN gives 2001, cancel 1032, timeout 1037, explicit result codes pass through', async () => {
      const a = await push();
      const b = await push();
      const c = await push();
      const d = await push();
      const call = (id: string, verb: string, body: unknown = {}) =>
        raw(`${sim.url}/sim/pushes/${id}/${verb}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      expect((await call(a, 'approve', { pin: '0000' })).body.resultCode).toBe(2001);
      expect((await call(b, 'cancel')).body.resultCode).toBe(1032);
      expect((await call(c, 'timeout')).body.resultCode).toBe(1037);
      expect((await call(d, 'result', { resultCode: 8006 })).body.resultCode).toBe(8006);
      await cb.waitFor(4);
      expect(sim.ledger().count).toBe(0);
    });

    it('an unanswered manual prompt times out with 1037', async () => {
      sim.setPhoneSettings({ manualTimeoutMs: 20 });
      const id = await push();
      const [got] = await cb.waitFor(1);
      expect(got.body.Body.stkCallback).toMatchObject({ CheckoutRequestID: id, ResultCode: 1037 });
    });

    it('serves the phone page', async () => {
      const page = await raw(`${sim.url}/sim/phone`);
      expect(page.status).toBe(200);
      expect(page.body).toContain('data-testid="pending"');
      expect(page.body).toContain('/sim/pushes');
    });
  });

  it('a "never" phone leaves the push pending with no callback', async () => {
    sim.setPhoneSettings({ defaultAction: 'never' });
    const id = await push();
    await sim.idle();
    expect(sim.getPush(id)?.status).toBe('pending');
    expect(cb.received).toHaveLength(0);
    sim.approve(id);
    await cb.waitFor(1);
  });
});
