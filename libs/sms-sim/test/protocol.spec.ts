import type { Receiver } from '../../daraja-sim/test/receiver';
import { startReceiver } from '../../daraja-sim/test/receiver';
import type { SmsSimulator } from '../src';
import { startSmsSimulator } from '../src';

const APP = { username: 'sandbox', apiKey: 'sandbox-key-1', deliveryReportUrl: null };

describe('SMS simulator protocol', () => {
  let sim: SmsSimulator;
  beforeEach(async () => {
    sim = await startSmsSimulator({ apps: [APP], settings: { deliveryDelayMs: 0, callbackRetryBackoffMs: 5 } });
  });
  afterEach(async () => {
    await sim.close();
  });

  const post = (form: Record<string, string>, headers: Record<string, string> = {}) =>
    fetch(`${sim.url}/version1/messaging`, {
      method: 'POST',
      headers: { apiKey: APP.apiKey, Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(form).toString(),
    });
  const control = (method: string, path: string, body?: unknown) =>
    fetch(`${sim.url}/sim/${path}`, { method, headers: { 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });

  it('answers 201 with the documented JSON shape', async () => {
    const res = await post({ username: 'sandbox', to: '+254700000201,+254700000202', message: 'Hello', bulkSMSMode: '1' });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({
      SMSMessageData: {
        Message: 'Sent to 2/2 Total Cost: KES 1.6000',
        Recipients: [
          { statusCode: 101, number: '+254700000201', status: 'Success', cost: 'KES 0.8000', messageId: expect.stringMatching(/^ATXid_[0-9a-f]{32}$/) },
          { statusCode: 101, number: '+254700000202', status: 'Success', cost: 'KES 0.8000', messageId: expect.stringMatching(/^ATXid_[0-9a-f]{32}$/) },
        ],
      },
    });
  });

  it('answers XML when the caller does not ask for JSON', async () => {
    const res = await post({ username: 'sandbox', to: '+254700000203', message: 'Hi' }, { Accept: '*/*' });
    expect(res.status).toBe(201);
    expect(res.headers.get('content-type')).toContain('application/xml');
    expect(await res.text()).toMatch(/<Recipient><number>\+254700000203<\/number><cost>KES 0\.8000<\/cost><status>Success<\/status><statusCode>101<\/statusCode><messageId>ATXid_/);
  });

  it('refused recipients say the code name, cost "0" and messageId "None"', async () => {
    const res = await post({ username: 'sandbox', to: 'abc,+254700000406', message: 'Hi' });
    expect(await res.json()).toEqual({
      SMSMessageData: {
        Message: 'Sent to 0/2 Total Cost: 0',
        Recipients: [
          { statusCode: 403, number: 'abc', status: 'InvalidPhoneNumber', cost: '0', messageId: 'None' },
          { statusCode: 406, number: '+254700000406', status: 'UserInBlacklist', cost: '0', messageId: 'None' },
        ],
      },
    });
  });

  it.each([
    ['a wrong key', { apiKey: 'nope' }, { username: 'sandbox', to: '+254700000204', message: 'x' }],
    ['no key', { apiKey: '' }, { username: 'sandbox', to: '+254700000204', message: 'x' }],
    ['a username the key does not belong to', {}, { username: 'other', to: '+254700000204', message: 'x' }],
  ])('%s is 401 in plain text', async (_what, headers, form) => {
    const res = await post(form, headers);
    expect(res.status).toBe(401);
    expect(res.headers.get('content-type')).toContain('text/plain');
    expect(await res.text()).toBe('The supplied authentication is invalid');
  });

  it.each(['to', 'message'])('a missing %s is 400 and sends nothing', async (field) => {
    const form: Record<string, string> = { username: 'sandbox', to: '+254700000205', message: 'x' };
    delete form[field];
    const res = await post(form);
    expect(res.status).toBe(400);
    expect(await res.text()).toBe(`Request is missing required form field '${field}'`);
    expect(sim.listMessages()).toHaveLength(0);
  });

  it('a JSON body is 400 (the endpoint takes a form)', async () => {
    const res = await fetch(`${sim.url}/version1/messaging`, { method: 'POST', headers: { apiKey: APP.apiKey, 'Content-Type': 'application/json' }, body: '{}' });
    expect(res.status).toBe(400);
  });

  it('retries a delivery report until the callback accepts it', async () => {
    let calls = 0;
    const receiver: Receiver = await startReceiver(() => ({ status: ++calls < 3 ? 500 : 200 }));
    try {
      sim.setDeliveryReportUrl('sandbox', `${receiver.url}/dlr`);
      const json = (await (await post({ username: 'sandbox', to: '+254700000206', message: 'x' })).json()) as { SMSMessageData: { Recipients: Array<{ messageId: string }> } };
      await sim.idle();
      const id = json.SMSMessageData.Recipients[0].messageId;
      expect(receiver.received).toHaveLength(3);
      expect(new Set(receiver.received.map((r) => String(r.body)))).toEqual(new Set([`id=${id}&status=Success&phoneNumber=%2B254700000206&networkCode=63902&retryCount=0`]));
      expect(sim.getMessage(id)?.reports.map((r) => [r.attempt, r.httpStatus])).toEqual([
        [1, 500],
        [2, 500],
        [3, 200],
      ]);
    } finally {
      await receiver.close();
    }
  });

  it('gives up after the configured retries when the callback is down', async () => {
    sim.setSettings({ callbackRetries: 2 });
    sim.setDeliveryReportUrl('sandbox', 'http://127.0.0.1:9/unreachable');
    await post({ username: 'sandbox', to: '+254700000207', message: 'x' });
    await sim.idle();
    const m = sim.listMessages({ to: '+254700000207' })[0];
    expect(m.reports).toHaveLength(3);
    expect(m.reports.every((r) => r.httpStatus === null && r.error)).toBe(true);
    expect(m.deliveryStatus).toBe('Success');
  });

  it('sends interim reports before the final one, and a report on demand through the control API', async () => {
    const receiver = await startReceiver(() => ({ status: 200 }));
    try {
      sim.setDeliveryReportUrl('sandbox', `${receiver.url}/dlr`);
      sim.setSettings({ interimStatuses: ['Submitted', 'Buffered'], deliveryDelayMs: 30 });
      await post({ username: 'sandbox', to: '+254700000208', message: 'x' });
      await sim.idle();
      expect(receiver.received.map((r) => new URLSearchParams(String(r.body)).get('status'))).toEqual(['Submitted', 'Buffered', 'Success']);
      const id = sim.listMessages()[0].messageId ?? '';
      const res = await control('POST', `messages/${id}/report`, { status: 'Failed', failureReason: 'DeliveryFailure' });
      expect(res.status).toBe(200);
      await control('POST', 'idle');
      expect(new URLSearchParams(String(receiver.received[3].body)).get('failureReason')).toBe('DeliveryFailure');
      expect((await control('POST', `messages/${id}/report`, { status: 'Delivered' })).status).toBe(400);
    } finally {
      await receiver.close();
    }
  });

  it('per-phone rules override the magic suffixes, and expire after `times`', async () => {
    const res = await control('POST', 'rules', { match: { phone: '0700000209' }, statusCode: 407, times: 1 });
    expect(res.status).toBe(201);
    const first = (await (await post({ username: 'sandbox', to: '+254700000209', message: 'x' })).json()) as { SMSMessageData: { Recipients: Array<{ statusCode: number }> } };
    const second = (await (await post({ username: 'sandbox', to: '+254700000209', message: 'x' })).json()) as { SMSMessageData: { Recipients: Array<{ statusCode: number }> } };
    expect([first.SMSMessageData.Recipients[0].statusCode, second.SMSMessageData.Recipients[0].statusCode]).toEqual([407, 101]);
    expect((await control('POST', 'rules', { match: {}, statusCode: 999 })).status).toBe(400);
  });

  it('the control API validates settings and faults and resets', async () => {
    expect((await control('PATCH', 'settings', { latencyMs: -1 })).status).toBe(400);
    expect((await control('PATCH', 'settings', { interimStatuses: ['Success'] })).status).toBe(400);
    expect((await control('POST', 'faults', { kind: 'meteor' })).status).toBe(400);
    expect((await control('POST', 'faults', { kind: 'http503', times: 2 })).status).toBe(201);
    expect((await post({ username: 'sandbox', to: '+254700000210', message: 'x' })).status).toBe(503);
    expect((await control('POST', 'reset')).status).toBe(200);
    expect(await (await control('GET', 'faults')).json()).toEqual([]);
    expect((await post({ username: 'sandbox', to: '+254700000210', message: 'x' })).status).toBe(201);
    expect((await control('PUT', 'apps/nobody/balance', { balanceMinor: 5 })).status).toBe(404);
    expect((await control('PUT', 'apps/sandbox/balance', { balanceMinor: 1.5 })).status).toBe(400);
    expect((await control('GET', 'nothing-here')).status).toBe(404);
  });
});
