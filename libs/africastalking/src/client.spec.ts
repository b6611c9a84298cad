import { AfricasTalkingSmsClient } from './client';
import type { FetchLike } from './http';
import type { AtCredentials } from './types';

const creds: AtCredentials = { environment: 'sandbox', username: 'sandbox', apiKey: 'key-1' };

interface Seen {
  url: string;
  headers: Record<string, string>;
  body: URLSearchParams;
}

/** A client whose fetch answers every request with `answer` and records what was sent. */
function fake(answer: (form: URLSearchParams) => Response, options: ConstructorParameters<typeof AfricasTalkingSmsClient>[0] = {}) {
  const seen: Seen[] = [];
  const fetchImpl: FetchLike = async (input, init) => {
    const body = new URLSearchParams(typeof init?.body === 'string' ? init.body : '');
    seen.push({ url: typeof input === 'string' ? input : input instanceof URL ? input.href : input.url, headers: init?.headers as Record<string, string>, body });
    return answer(body);
  };
  return { client: new AfricasTalkingSmsClient({ ...options, fetch: fetchImpl }), seen };
}

const json = (body: unknown, status = 201) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

describe('AfricasTalkingSmsClient (fake gateway)', () => {
  it('posts the documented form and headers to the environment host', async () => {
    const { client, seen } = fake(() => json({ SMSMessageData: { Message: 'Sent to 1/1 Total Cost: KES 0.8000', Recipients: [] } }));
    await client.send({ ...creds, environment: 'production', username: 'demo-shop' }, { to: ['0700000123', '0110000124'], message: 'Hi & bye', from: 'DEMOSHOP', enqueue: true });
    expect(seen[0].url).toBe('https://api.africastalking.com/version1/messaging');
    expect(seen[0].headers).toEqual({ apiKey: 'key-1', Accept: 'application/json', 'Content-Type': 'application/x-www-form-urlencoded' });
    expect(Object.fromEntries(seen[0].body)).toEqual({ username: 'demo-shop', to: '+254700000123,+254110000124', message: 'Hi & bye', bulkSMSMode: '1', from: 'DEMOSHOP', enqueue: '1' });
    await client.send(creds, { to: ['0700000123'], message: 'x' });
    expect(seen[1].url).toBe('https://api.sandbox.africastalking.com/version1/messaging');
    expect(seen[1].body.has('from')).toBe(false);
    expect(seen[1].body.has('enqueue')).toBe(false);
  });

  it('reads a hostile answer defensively: junk ids, costs and codes, numbers it did not ask for', async () => {
    const { client } = fake(() =>
      json({
        SMSMessageData: {
          Message: 'Sent to 3/3',
          Recipients: [
            { statusCode: '101', number: '+254700000001', status: 'Success', cost: 'KES 0.8000', messageId: 'ATXid_ok1' },
            { statusCode: 101, number: '+254700000002', status: 'Success', cost: 'KES 1e9', messageId: '<script>' },
            { statusCode: 777, number: '+254700000003', status: 'x'.repeat(500), cost: 'KES 0.8000', messageId: 'ATXid_ok3' },
            { statusCode: 101, number: '+254799999999', status: 'Success', cost: 'KES 0.8000', messageId: 'ATXid_stranger' },
            'not an object',
            null,
          ],
        },
      }),
    );
    const r = await client.send(creds, { to: ['+254700000001', '+254700000002', '+254700000003', '+254700000004'], message: 'x' });
    expect(r.recipients.map((x) => [x.number, x.statusCode, x.status, x.accepted, x.messageId, x.costMinor])).toEqual([
      ['+254700000001', 101, 'sent', true, 'ATXid_ok1', 80],
      ['+254700000002', 101, 'sent', false, null, 0],
      ['+254700000003', 777, 'unknown', false, 'ATXid_ok3', 0],
      ['+254700000004', null, 'unknown', false, null, 0],
    ]);
    expect(r.recipients[2].statusText).toHaveLength(50);
    expect(r.recipients[3].statusText).toBe('Missing');
    expect(r.totals).toEqual([{ currency: 'KES', tenThousandths: 8000, minor: 80 }]);
  });

  it('an empty Recipients with a status name as Message refuses every recipient with that status', async () => {
    const { client } = fake(() => json({ SMSMessageData: { Message: 'InvalidSenderId', Recipients: [] } }));
    const r = await client.send(creds, { to: ['0700000001', '0700000002'], message: 'x', from: 'NOTMINE' });
    expect(r.recipients.map((x) => [x.statusCode, x.status, x.statusText, x.accepted])).toEqual([
      [402, 'invalid_sender_id', 'InvalidSenderId', false],
      [402, 'invalid_sender_id', 'InvalidSenderId', false],
    ]);
  });

  it.each([
    ['XML (no JSON)', () => new Response('<AfricasTalkingResponse/>', { status: 201 }), 'UNAVAILABLE', /without JSON/],
    ['JSON without Recipients', () => json({ SMSMessageData: { Message: 'x' } }), 'UNAVAILABLE', /without SMSMessageData.Recipients/],
    ['an answer over 4 MiB', () => new Response('x'.repeat(4 * 1024 * 1024 + 1), { status: 201 }), 'UNAVAILABLE', /too large/],
    ['HTTP 400 text', () => new Response("Request is missing required form field 'to'", { status: 400 }), 'BAD_REQUEST', /missing required form field/],
    ['HTTP 403', () => new Response('Forbidden', { status: 403 }), 'AUTH', /credentials/],
    ['HTTP 502', () => new Response('Bad Gateway', { status: 502 }), 'UNAVAILABLE', /unavailable/],
  ] as const)('%s is %s', async (_what, answer, code, message) => {
    const { client } = fake(answer);
    const err: unknown = await client.send(creds, { to: ['0700000001'], message: 'x' }).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ name: 'SmsGatewayError', code });
    expect((err as Error).message).toMatch(message);
  });

  it('a network failure is UNAVAILABLE and keeps the cause', async () => {
    const client = new AfricasTalkingSmsClient({
      fetch: () => Promise.reject(new TypeError('fetch failed')),
    });
    await expect(client.send(creds, { to: ['0700000001'], message: 'x' })).rejects.toMatchObject({ code: 'UNAVAILABLE', retryable: true, cause: expect.any(TypeError) });
  });

  it('refuses a chunk size below 1', () => {
    expect(() => new AfricasTalkingSmsClient({ maxRecipientsPerRequest: 0 })).toThrow(RangeError);
  });
});
