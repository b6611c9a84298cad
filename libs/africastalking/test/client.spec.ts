import type { SimSmsApp, SmsSimulator } from '@wavu/sms-sim';
import { startSmsSimulator } from '@wavu/sms-sim';
import type { Receiver } from '../../daraja-sim/test/receiver';
import { startReceiver } from '../../daraja-sim/test/receiver';
import type { AfricasTalkingSmsClientOptions, AtCredentials, SmsLogger } from '../src';
import { AfricasTalkingSmsClient, parseDeliveryReport, SmsGatewayError } from '../src';

const APP: SimSmsApp = { username: 'demo-shop', apiKey: 'at-key-demo-shop-1', environment: 'production', senderIds: ['DEMOSHOP'], balanceMinor: 100_000 };

describe('AfricasTalkingSmsClient against the SMS simulator', () => {
  let sim: SmsSimulator;
  let logs: string[];
  let calls: string[];
  let creds: AtCredentials;

  const client = (options: AfricasTalkingSmsClientOptions = {}) => {
    const log = (level: string) => (message: string, meta?: Record<string, unknown>) => void logs.push(`${level} ${message} ${JSON.stringify(meta ?? {})}`);
    const logger: SmsLogger = { debug: log('debug'), warn: log('warn'), error: log('error') };
    return new AfricasTalkingSmsClient({
      baseUrls: { sandbox: sim.url, production: sim.url },
      // generous: the simulator is local, but a loaded CI machine can be slow (timeouts have their own test)
      timeoutMs: 5000,
      logger,
      ...options,
      fetch: (input, init) => {
        calls.push(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url);
        return fetch(input, init);
      },
    });
  };

  beforeEach(async () => {
    sim = await startSmsSimulator({ apps: [APP], settings: { deliveryDelayMs: 0, callbackRetryBackoffMs: 10 } });
    creds = { environment: 'production', username: APP.username, apiKey: APP.apiKey };
    logs = [];
    calls = [];
  });
  afterEach(async () => {
    await sim.close();
  });

  it('sends to several recipients and reads every per-recipient status', async () => {
    const result = await client().send(creds, {
      to: ['0700000123', '+254 700 000 123', 'not a phone', '+254201234567', '+256712345678', '0700000406', '0700000409', '+2541234567', '0110000124'],
      message: 'Habari! Nambari yako ya siri ni 4821.',
      from: 'DEMOSHOP',
    });
    expect(calls).toEqual([`${sim.url}/version1/messaging`]);
    expect(result.requests).toBe(1);
    const byInput = Object.fromEntries(result.recipients.map((r) => [r.input, r]));
    expect(result.recipients).toHaveLength(8); // the second spelling of 0700000123 is the same number: sent once
    expect(byInput['0700000123']).toEqual({
      input: '0700000123',
      number: '+254700000123',
      statusCode: 101,
      status: 'sent',
      statusText: 'Success',
      accepted: true,
      retryable: false,
      messageId: expect.stringMatching(/^ATXid_[0-9a-f]{32}$/),
      costMinor: 80,
      costTenThousandths: 8000,
      currency: 'KES',
    });
    expect(byInput['0110000124']).toMatchObject({ number: '+254110000124', statusCode: 101, accepted: true });
    expect(byInput['not a phone']).toMatchObject({ number: null, statusCode: null, status: 'invalid_phone_number', statusText: 'LocalInvalidNumber', accepted: false, costMinor: 0 });
    expect(byInput['+254201234567']).toMatchObject({
      statusCode: 404,
      status: 'unsupported_number_type',
      statusText: 'UnsupportedNumberType',
      accepted: false,
      messageId: null,
      costMinor: 0,
      currency: null,
    });
    expect(byInput['+256712345678']).toMatchObject({ statusCode: 404, status: 'unsupported_number_type' });
    expect(byInput['0700000406']).toMatchObject({ statusCode: 406, status: 'user_in_blacklist', retryable: false });
    expect(byInput['0700000409']).toMatchObject({ statusCode: 409, status: 'dnd_rejection' });
    expect(byInput['+2541234567']).toMatchObject({ statusCode: 403, status: 'invalid_phone_number' });
    expect(result.totals).toEqual([{ currency: 'KES', tenThousandths: 16000, minor: 160 }]);
    expect(sim.listApps()[0].balance).toBe('KES 998.4000');
  });

  it('form-encodes the text so &, =, +, quotes and new lines arrive intact, and counts UCS-2 parts', async () => {
    const message = `Code: A+B=C & "D"\nAsante ’sana 😀 ${'x'.repeat(60)}`;
    const result = await client().send(creds, { to: ['0700000125'], message });
    expect(result.recipients[0]).toMatchObject({ accepted: true, costMinor: 160 });
    expect(sim.listMessages({ to: '0700000125' })[0]).toMatchObject({ text: message, encoding: 'UCS-2', segments: 2, from: 'AFRICASTKNG', cost: 'KES 1.6000' });
  });

  it('a sender ID the production app does not own is refused per recipient (402)', async () => {
    const result = await client().send(creds, { to: ['0700000126'], message: 'Hi', from: 'OTHERCO' });
    expect(result.recipients[0]).toMatchObject({ statusCode: 402, status: 'invalid_sender_id', accepted: false });
  });

  it('refuses bad input locally without calling the gateway', async () => {
    const c = client();
    await expect(c.send(creds, { to: ['0700000127'], message: 'Hi', from: 'A-SENDER-ID-TOO-LONG' })).rejects.toMatchObject({ code: 'VALIDATION', field: 'from' });
    await expect(c.send(creds, { to: [], message: 'Hi' })).rejects.toMatchObject({ code: 'VALIDATION', field: 'to' });
    await expect(c.send(creds, { to: ['0700000127'], message: '   ' })).rejects.toMatchObject({ code: 'VALIDATION', field: 'message' });
    await expect(c.send(creds, { to: ['0700000127'], message: 'x'.repeat(1601) })).rejects.toMatchObject({ code: 'VALIDATION', field: 'message' });
    await expect(c.send({ ...creds, apiKey: '' }, { to: ['0700000127'], message: 'Hi' })).rejects.toMatchObject({ code: 'VALIDATION', field: 'apiKey' });
    expect(calls).toHaveLength(0);
  });

  it('a wrong API key or a username the key does not belong to is AUTH (not retryable)', async () => {
    const c = client();
    const wrongKey = c.send({ ...creds, apiKey: 'not-the-key' }, { to: ['0700000128'], message: 'Hi' });
    await expect(wrongKey).rejects.toBeInstanceOf(SmsGatewayError);
    await expect(wrongKey).rejects.toMatchObject({ code: 'AUTH', httpStatus: 401, retryable: false, responseText: 'The supplied authentication is invalid' });
    await expect(c.send({ ...creds, username: 'someone-else' }, { to: ['0700000128'], message: 'Hi' })).rejects.toMatchObject({ code: 'AUTH' });
    expect(sim.listMessages()).toHaveLength(0);
  });

  it.each([
    ['http500', 'UNAVAILABLE', 500],
    ['http503', 'UNAVAILABLE', 503],
    ['reset', 'UNAVAILABLE', null],
    ['rate-limit', 'RATE_LIMITED', 429],
  ] as const)('a %s outage is %s (retryable), and the next send goes through', async (kind, code, httpStatus) => {
    const c = client();
    sim.injectFault({ kind });
    await expect(c.send(creds, { to: ['0700000129'], message: 'Hi' })).rejects.toMatchObject({ code, httpStatus, retryable: true });
    expect(sim.listMessages()).toHaveLength(0);
    await expect(c.send(creds, { to: ['0700000129'], message: 'Hi' })).resolves.toMatchObject({ recipients: [{ accepted: true }] });
  });

  it('reads Retry-After on a 429', async () => {
    sim.setSettings({ rateLimitPerSecond: 1 });
    const c = client();
    await c.send(creds, { to: ['0700000130'], message: 'Hi' });
    await expect(c.send(creds, { to: ['0700000130'], message: 'Hi' })).rejects.toMatchObject({ code: 'RATE_LIMITED', retryAfterSeconds: 1 });
  });

  it('an answer slower than the timeout is TIMEOUT, though the gateway did send the message', async () => {
    sim.setSettings({ latencyMs: 400 });
    await expect(client({ timeoutMs: 100 }).send(creds, { to: ['0700000131'], message: 'Hi' })).rejects.toMatchObject({ code: 'TIMEOUT', retryable: true });
    expect(sim.listMessages({ to: '0700000131' })).toHaveLength(1);
  });

  it('delivery reports reach a local HTTP server and parse', async () => {
    const receiver: Receiver = await startReceiver(() => ({ status: 200 }));
    try {
      sim.setDeliveryReportUrl(APP.username, `${receiver.url}/hooks/sms/delivery`);
      const result = await client().send(creds, { to: ['0700000132', '0700009002', '0700009003'], message: 'Nambari yako: 4821' });
      await sim.idle();
      const reports = (await receiver.waitFor(3, '/hooks/sms/delivery')).map((r) => {
        expect(r.headers['content-type']).toBe('application/x-www-form-urlencoded');
        const parsed = parseDeliveryReport(r.body);
        if (!parsed.ok) throw new Error(parsed.problem);
        return parsed.report;
      });
      const idOf = (input: string) => result.recipients.find((r) => r.input === input)?.messageId;
      const reportFor = (input: string) => reports.find((r) => r.id === idOf(input));
      expect(reportFor('0700000132')).toEqual({
        id: idOf('0700000132'),
        status: 'Success',
        outcome: 'delivered',
        final: true,
        phoneNumber: '+254700000132',
        networkCode: '63902',
        failureReason: null,
        retryCount: 0,
      });
      expect(reportFor('0700009002')).toMatchObject({ status: 'Failed', outcome: 'failed', failureReason: 'AbsentSubscriber' });
      expect(reportFor('0700009003')).toMatchObject({ status: 'Rejected', outcome: 'failed', failureReason: 'UserInBlackList' });
    } finally {
      await receiver.close();
    }
  });

  it('sends more recipients than one request may carry in chunks of 1,000', async () => {
    sim.setBalance(APP.username, 1_000_000);
    // suffixes 1000–3344: clear of the simulator's magic suffixes
    const to = Array.from({ length: 2345 }, (_, i) => `07${10_001_000 + i}`);
    const result = await client().send(creds, { to, message: 'Promo: 1 hour for KES 10' });
    expect(result.requests).toBe(3);
    expect(calls).toHaveLength(3);
    expect(result.recipients).toHaveLength(2345);
    expect(result.recipients.every((r) => r.accepted)).toBe(true);
    expect(new Set(result.recipients.map((r) => r.messageId)).size).toBe(2345);
    expect(result.totals).toEqual([{ currency: 'KES', tenThousandths: 2345 * 8000, minor: 2345 * 80 }]);
    // one request with all of them is refused by the gateway's per-request cap
    await expect(client({ maxRecipientsPerRequest: 5000 }).send(creds, { to, message: 'x' })).rejects.toMatchObject({ code: 'BAD_REQUEST', httpStatus: 400 });
  });

  it('a chunk failing after others were sent reports the completed ones, so only the rest is retried', async () => {
    sim.setSettings({ rateLimitPerSecond: 1 });
    const err = await client({ maxRecipientsPerRequest: 2 })
      .send(creds, { to: ['0700000141', '0700000142', '0700000143', '0700000144'], message: 'Hi' })
      .then(
        () => null,
        (e: unknown) => e,
      );
    expect(err).toMatchObject({ code: 'RATE_LIMITED', retryable: true });
    expect((err as SmsGatewayError).completed.map((r) => [r.number, r.accepted])).toEqual([
      ['+254700000141', true],
      ['+254700000142', true],
    ]);
  });

  it('an empty wallet refuses each recipient it cannot pay for (405, retryable)', async () => {
    sim.setBalance(APP.username, 200); // KES 2.00: two one-part messages at KES 0.80
    const result = await client().send(creds, { to: ['0700000151', '0700000152', '0700000153'], message: 'Hi' });
    expect(result.recipients.map((r) => [r.statusCode, r.status, r.retryable, r.costMinor])).toEqual([
      [101, 'sent', false, 80],
      [101, 'sent', false, 80],
      [405, 'insufficient_balance', true, 0],
    ]);
    expect(sim.listApps()[0].balance).toBe('KES 0.4000');
  });

  it('never logs the API key or whole phone numbers', async () => {
    const c = client();
    await c.send(creds, { to: ['0700000161'], message: 'Secret code 4821' });
    await c.send({ ...creds, apiKey: 'wrong-key-123' }, { to: ['0700000161'], message: 'Hi' }).catch(() => undefined);
    const all = logs.join('\n');
    expect(logs.length).toBeGreaterThan(0);
    for (const secret of [APP.apiKey, 'wrong-key-123', '254700000161', 'Secret code']) expect(all).not.toContain(secret);
    expect(all).toContain('+2547•••••161');
  });
});
