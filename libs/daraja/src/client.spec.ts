import { HttpDarajaClient } from './client';
import type { DarajaMerchant } from './types';

const merchant: DarajaMerchant = { environment: 'production', consumerKey: 'k', consumerSecret: 's', shortcodeType: 'paybill', businessShortCode: '600100', passkey: 'pk' };

function fakeFetch(answers: Array<{ status: number; body: string }>, seen: Array<{ url: string; init?: RequestInit }> = []): typeof fetch {
  return async (input: unknown, init?: RequestInit) => {
    seen.push({ url: String(input), init });
    const a = answers.shift() ?? { status: 500, body: '' };
    return new Response(a.body, { status: a.status });
  };
}

const push = { amount: 10, phoneNumber: '254712345678', callbackUrl: 'https://pay.example/hooks/stk/1/abc', accountReference: 'REF1', transactionDesc: 'Wifi' };

describe('HttpDarajaClient wire handling', () => {
  it('accepts expires_in as a number, uses the production base URL, and sends the documented STK body', async () => {
    const seen: Array<{ url: string; init?: RequestInit }> = [];
    const client = new HttpDarajaClient({
      fetch: fakeFetch(
        [
          { status: 200, body: '{"access_token":"tok","expires_in":3599}' },
          { status: 200, body: '{"MerchantRequestID":"m","CheckoutRequestID":"ws_CO_1","ResponseCode":"0","ResponseDescription":"ok","CustomerMessage":"ok"}' },
        ],
        seen,
      ),
    });
    const at = new Date('2021-06-28T06:24:08Z');
    await client.stkPush(merchant, { ...push, at });
    expect(seen[0].url).toBe('https://api.safaricom.co.ke/oauth/v1/generate?grant_type=client_credentials');
    expect((seen[0].init?.headers as Record<string, string>).Authorization).toBe(`Basic ${Buffer.from('k:s').toString('base64')}`);
    expect(seen[1].url).toBe('https://api.safaricom.co.ke/mpesa/stkpush/v1/processrequest');
    expect(JSON.parse(String(seen[1].init?.body))).toEqual({
      BusinessShortCode: '600100',
      Password: Buffer.from('600100pk20210628092408').toString('base64'),
      Timestamp: '20210628092408',
      TransactionType: 'CustomerPayBillOnline',
      Amount: 10,
      PartyA: '254712345678',
      PartyB: '600100',
      PhoneNumber: '254712345678',
      CallBackURL: push.callbackUrl,
      AccountReference: 'REF1',
      TransactionDesc: 'Wifi',
    });
    expect((seen[1].init?.headers as Record<string, string>).Authorization).toBe('Bearer tok');
  });

  it('an empty-body 400 from OAuth is INVALID_CREDENTIALS', async () => {
    const client = new HttpDarajaClient({ fetch: fakeFetch([{ status: 400, body: '' }]) });
    await expect(client.testCredentials(merchant)).rejects.toMatchObject({ code: 'INVALID_CREDENTIALS', httpStatus: 400, errorCode: null });
  });

  it('a 200 push answer with a non-zero ResponseCode is REJECTED; a non-JSON 200 is UNAVAILABLE', async () => {
    const client = new HttpDarajaClient({
      fetch: fakeFetch([
        { status: 200, body: '{"access_token":"tok","expires_in":"3599"}' },
        { status: 200, body: '{"ResponseCode":"1","ResponseDescription":"no"}' },
        { status: 200, body: '<html>' },
      ]),
    });
    await expect(client.stkPush(merchant, push)).rejects.toMatchObject({ code: 'REJECTED', errorCode: '1' });
    await expect(client.stkPush(merchant, push)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });

  it('reads a numeric ResultCode in a query answer as a string', async () => {
    const client = new HttpDarajaClient({
      fetch: fakeFetch([
        { status: 200, body: '{"access_token":"tok","expires_in":"3599"}' },
        { status: 200, body: '{"ResponseCode":"0","MerchantRequestID":"m","CheckoutRequestID":"ws_CO_1","ResultCode":1032,"ResultDesc":"Request Cancelled by user."}' },
      ]),
    });
    expect(await client.stkQuery(merchant, 'ws_CO_1')).toEqual({
      status: 'final',
      merchantRequestId: 'm',
      checkoutRequestId: 'ws_CO_1',
      resultCode: '1032',
      resultDesc: 'Request Cancelled by user.',
      outcome: 'cancelled',
    });
  });
});
