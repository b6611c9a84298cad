import { HttpDarajaClient } from './client';
import { httpJson } from './http';
import { parseAmountMinor } from './money';
import { parsePullRow, pullRowsOf } from './pull';
import { eatDateTime, readWallClock } from './timestamp';
import type { DarajaCredentials } from './types';

const creds: DarajaCredentials = { environment: 'production', consumerKey: 'k', consumerSecret: 's' };
const TOKEN = { status: 200, body: '{"access_token":"tok","expires_in":"3599"}' };

type Answer = { status: number; body: string };
type Seen = Array<{ url: string; body: Record<string, unknown> | null }>;

/** A fetch that answers OAuth itself and hands every API call to `api`. */
function fakeFetch(api: (url: string, body: Record<string, unknown> | null) => Answer, seen: Seen = []): typeof fetch {
  return async (input: unknown, init?: RequestInit) => {
    const url = String(input);
    const body = init?.body ? (JSON.parse(String(init.body)) as Record<string, unknown>) : null;
    if (url.includes('/oauth/')) return new Response(TOKEN.body, { status: TOKEN.status });
    seen.push({ url, body });
    const a = api(url, body);
    return new Response(a.body, { status: a.status });
  };
}

/** Answers a fixed list in order. */
const scripted = (answers: Answer[]) => () => answers.shift() ?? { status: 500, body: '' };

const row = (i: number, extra: Record<string, unknown> = {}) => ({
  transactionId: `RKT${String(i).padStart(7, '0')}`,
  trxDate: '2026-12-04T10:13:00Z',
  msisdn: 254712345678,
  sender: 'JOHN DOE',
  transactiontype: 'c2b-pay-bill-debit',
  billreference: `REF${i}`,
  amount: '168.00',
  organizationname: 'WAVU HOTSPOT',
  ...extra,
});

const ok = (rows: unknown[], nesting: 'nested' | 'flat' = 'nested') => ({
  status: 200,
  body: JSON.stringify({ ResponseRefID: 'r-1', ResponseCode: '1000', ResponseMessage: 'Success', Response: nesting === 'nested' ? [rows] : rows }),
});
const none = { status: 200, body: JSON.stringify({ ResponseRefID: 'r-2', ResponseCode: '1001', ResponseMessage: 'No records found or Organization Name not available', Transaction: '[[]]' }) };

/** A Pull server over `total` rows that counts OffSetValue as rows or as pages. */
function pullServer(total: number, pageSize: number, paging: 'row-offset' | 'page-index', nesting: 'nested' | 'flat' = 'nested') {
  const rows = Array.from({ length: total }, (_, i) => row(i));
  return (_url: string, body: Record<string, unknown> | null): Answer => {
    const offset = Number(body?.OffSetValue);
    const start = paging === 'row-offset' ? offset : offset * pageSize;
    const page = rows.slice(start, start + pageSize);
    return page.length ? ok(page, nesting) : none;
  };
}

const NOW = new Date('2026-12-04T12:00:00Z');
const window = { shortCode: '600100', from: new Date('2026-12-04T00:00:00Z'), to: new Date('2026-12-04T11:00:00Z'), now: NOW };

describe('Pull Transactions: registration', () => {
  it.each([
    ['spaced', { ResponseRefID: '18633-7271215-1', 'Response Status': '1000', ShortCode: '600100', 'Response Description': 'Shortcode Registered Successfully' }, 'registered'],
    ['plain', { ResponseRefID: 'feb5e3f2', ResponseStatus: '1000', ShortCode: '600100', ResponseDescription: 'Shortcode Registered Successfully' }, 'registered'],
    ['spaced 1001', { ResponseRefID: 'x-1', 'Response Status': '1001', 'Response Description': 'ShortCode already Registered' }, 'already_registered'],
    ['plain numeric 1001', { ResponseRefID: 'x-2', ResponseStatus: 1001, ResponseDescription: 'ShortCode already Registered' }, 'already_registered'],
  ] as const)('reads %s keys', async (_name, answer, status) => {
    const seen: Seen = [];
    const client = new HttpDarajaClient({ fetch: fakeFetch(scripted([{ status: 200, body: JSON.stringify(answer) }]), seen) });
    const result = await client.registerPull(creds, { shortCode: '600100', nominatedNumber: '0722 000 000', callbackUrl: 'https://pay.example/hooks/pull/1' });
    expect(result).toEqual({ status, responseRefId: answer.ResponseRefID, description: expect.stringMatching(/Registered/) });
    expect(seen[0].url).toBe('https://api.safaricom.co.ke/pulltransactions/v1/register');
    expect(seen[0].body).toEqual({ ShortCode: '600100', RequestType: 'Pull', NominatedNumber: '254722000000', CallBackURL: 'https://pay.example/hooks/pull/1' });
  });

  it('refuses bad input locally and other statuses as REJECTED', async () => {
    const client = new HttpDarajaClient({ fetch: fakeFetch(scripted([{ status: 200, body: '{"Response Status":"1002","Response Description":"nope"}' }])) });
    const input = { shortCode: '600100', nominatedNumber: '254722000000', callbackUrl: 'https://pay.example/pull' };
    await expect(client.registerPull(creds, { ...input, shortCode: '60' })).rejects.toMatchObject({ code: 'VALIDATION', field: 'ShortCode' });
    await expect(client.registerPull(creds, { ...input, nominatedNumber: '0812345678' })).rejects.toMatchObject({ code: 'VALIDATION', field: 'NominatedNumber' });
    await expect(client.registerPull(creds, { ...input, callbackUrl: 'ftp://x' })).rejects.toMatchObject({ code: 'VALIDATION', field: 'CallBackURL' });
    await expect(client.registerPull(creds, input)).rejects.toMatchObject({ code: 'REJECTED', errorCode: '1002', errorMessage: 'nope' });
  });

  it('a 401 that survives the token refresh is PRODUCT_MISMATCH', async () => {
    const refused = { status: 401, body: '{"errorCode":"401.001","errorMessage":"Error Occurred - Invalid Access Token - "}' };
    const seen: Seen = [];
    const client = new HttpDarajaClient({ fetch: fakeFetch(scripted([refused, refused]), seen) });
    await expect(client.registerPull(creds, { shortCode: '600100', nominatedNumber: '254722000000', callbackUrl: 'https://pay.example/pull' })).rejects.toMatchObject({
      code: 'PRODUCT_MISMATCH',
      httpStatus: 401,
      errorCode: '401.001',
      message: expect.stringMatching(/production/),
    });
    expect(seen).toHaveLength(2);
  });
});

describe('Pull Transactions: query', () => {
  it('sends EAT dates, a string OffSetValue, and reads nested rows into exact values', async () => {
    const seen: Seen = [];
    const client = new HttpDarajaClient({ fetch: fakeFetch(scripted([ok([row(1), row(2, { amount: '1,020.50', msisdn: '254712345678', billreference: '  ab12  ' })]), none]), seen) });
    const result = await client.pullTransactions(creds, window);
    expect(seen[0].url).toBe('https://api.safaricom.co.ke/pulltransactions/v1/query');
    expect(seen[0].body).toEqual({ ShortCode: '600100', StartDate: '2026-12-04 03:00:00', EndDate: '2026-12-04 14:00:00', OffSetValue: '0' });
    expect(seen[1].body?.OffSetValue).toBe('1');
    expect(result).toEqual({
      status: 'ok',
      pages: 2,
      rejectedRows: 0,
      truncated: false,
      transactions: [
        {
          transactionId: 'RKT0000001',
          trxDate: '2026-12-04T10:13:00Z',
          completedAtEat: new Date('2026-12-04T07:13:00Z'),
          completedAtUtc: new Date('2026-12-04T10:13:00Z'),
          msisdn: '254712345678',
          sender: 'JOHN DOE',
          transactionType: 'c2b-pay-bill-debit',
          billReference: 'REF1',
          amountMinor: 16800,
          organizationName: 'WAVU HOTSPOT',
        },
        expect.objectContaining({ transactionId: 'RKT0000002', amountMinor: 102050, msisdn: '254712345678', billReference: 'ab12' }),
      ],
    });
  });

  it.each(['nested', 'flat'] as const)('reads %s Response lists and the Transaction fallbacks (also as a JSON string)', async (nesting) => {
    const client = new HttpDarajaClient({
      fetch: fakeFetch(
        scripted([
          ok([row(1)], nesting),
          none,
          { status: 200, body: JSON.stringify({ ResponseCode: 1000, Transaction: JSON.stringify(nesting === 'nested' ? [[row(2)]] : [row(2)]) }) },
          none,
          { status: 200, body: JSON.stringify({ ResponseCode: '1000', Response: [], Transactions: [row(3), 'junk', 7, null] }) },
          none,
        ]),
      ),
    });
    const ids = async () => {
      const r = await client.pullTransactions(creds, window);
      return r.status === 'ok' ? r.transactions.map((t) => t.transactionId) : r.status;
    };
    expect(await ids()).toEqual(['RKT0000001']);
    expect(await ids()).toEqual(['RKT0000002']);
    expect(await ids()).toEqual(['RKT0000003']);
  });

  it('1001 on the first page is no_records; on a later page it ends the paging', async () => {
    const client = new HttpDarajaClient({ fetch: fakeFetch(scripted([none, ok([row(1), row(2)]), ok([row(3)]), none])) });
    expect(await client.pullTransactions(creds, window)).toEqual({ status: 'no_records', message: 'No records found or Organization Name not available' });
    const r = await client.pullTransactions(creds, window);
    expect(r).toMatchObject({ status: 'ok', pages: 3, truncated: false });
    expect(r.status === 'ok' && r.transactions.map((t) => t.transactionId)).toEqual(['RKT0000001', 'RKT0000002', 'RKT0000003']);
  });

  it.each([
    ['row-offset', 'nested', 250, 100],
    ['page-index', 'nested', 250, 100],
    ['row-offset', 'flat', 300, 100],
    ['page-index', 'flat', 300, 100],
    ['row-offset', 'nested', 40, 100],
    ['page-index', 'nested', 1, 100],
    ['row-offset', 'nested', 7, 1],
  ] as const)('%s paging (%s, %i rows, page size %i) returns every row exactly once', async (paging, nesting, total, pageSize) => {
    const seen: Seen = [];
    const client = new HttpDarajaClient({ fetch: fakeFetch(pullServer(total, pageSize, paging, nesting), seen) });
    const r = await client.pullTransactions(creds, window);
    if (r.status !== 'ok') throw new Error('expected rows');
    expect(r.transactions.map((t) => t.transactionId)).toEqual(Array.from({ length: total }, (_, i) => row(i).transactionId));
    expect(r).toMatchObject({ rejectedRows: 0, truncated: false, pages: seen.length });
    if (paging === 'row-offset' && total > pageSize) expect(seen.map((s) => s.body?.OffSetValue).slice(0, 4)).toEqual(['0', '1', String(1 + pageSize), String(1 + 2 * pageSize)]);
    if (paging === 'page-index' && total > pageSize) expect(seen.map((s) => s.body?.OffSetValue).slice(0, 4)).toEqual(['0', '1', '2', '3']);
  });

  it('stops at a page with no new transactionId (a server ignoring the offset) and at maxPages (truncated)', async () => {
    const same = ok([row(1), row(2)]);
    const seen: Seen = [];
    const looping = new HttpDarajaClient({ fetch: fakeFetch(() => same, seen) });
    expect(await looping.pullTransactions(creds, window)).toMatchObject({ status: 'ok', pages: 2, truncated: false });
    const capped = new HttpDarajaClient({ fetch: fakeFetch(pullServer(500, 100, 'page-index')) });
    const r = await capped.pullTransactions(creds, { ...window, maxPages: 3 });
    expect(r).toMatchObject({ status: 'ok', pages: 3, truncated: true });
    expect(r.status === 'ok' && r.transactions).toHaveLength(300);
  });

  it('rejects malformed rows without throwing and keeps the first copy of a receipt', async () => {
    const hostile = [
      row(1),
      row(2, { transactionId: 'bad id!' }),
      row(3, { amount: '12.345' }),
      row(4, { amount: '-5.00' }),
      row(5, { amount: 'NaN' }),
      row(6, { amount: null }),
      row(7, { transactionId: { $gt: '' } }),
      row(1, { amount: '999.00' }),
      row(8, {
        transactionId: '  rkt0000008 ',
        trxDate: 'x'.repeat(500),
        sender: 'S'.repeat(500),
        msisdn: '2547 ***** 126',
        transactiontype: 'C2B-BUY-GOODS-DEBIT',
        organizationname: 42,
        billreference: undefined,
      }),
      row(9, { msisdn: 1.5, sender: ['x'], trxDate: 20261204101300 }),
    ];
    const client = new HttpDarajaClient({ fetch: fakeFetch(scripted([ok(hostile), none])) });
    const r = await client.pullTransactions(creds, window);
    if (r.status !== 'ok') throw new Error('expected rows');
    expect(r.rejectedRows).toBe(6);
    expect(r.transactions.map((t) => [t.transactionId, t.amountMinor])).toEqual([
      ['RKT0000001', 16800],
      ['RKT0000008', 16800],
      ['RKT0000009', 16800],
    ]);
    const eight = r.transactions[1];
    expect(eight).toMatchObject({
      trxDate: 'x'.repeat(40),
      completedAtEat: null,
      completedAtUtc: null,
      msisdn: '2547 ***** 126',
      transactionType: 'c2b-buy-goods-debit',
      organizationName: '42',
      billReference: '',
    });
    expect(eight.sender).toHaveLength(100);
    expect(r.transactions[2]).toMatchObject({ msisdn: null, sender: null, trxDate: '20261204101300', completedAtEat: new Date('2026-12-04T07:13:00Z') });
  });

  it('hostile answer shapes never throw past the client', async () => {
    for (const body of [
      { ResponseCode: '1000', Response: { a: 1 } },
      { ResponseCode: '1000', Response: '[[{' },
      { ResponseCode: '1000', Response: [[1, 'x', [row(1)]]] },
    ]) {
      const client = new HttpDarajaClient({ fetch: fakeFetch(scripted([{ status: 200, body: JSON.stringify(body) }])) });
      expect(await client.pullTransactions(creds, window)).toEqual({ status: 'ok', transactions: [], pages: 1, rejectedRows: 0, truncated: false });
    }
    const noCode = new HttpDarajaClient({ fetch: fakeFetch(scripted([{ status: 200, body: '[1,2]' }])) });
    await expect(noCode.pullTransactions(creds, window)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });

  it('HTTP 500 "Failed to retrieve transactions" is UNAVAILABLE, not an empty window; gateway errors keep their meaning', async () => {
    const failed = { status: 500, body: '{"RequestID":"6769-7119060-7","ResponseCode":"500","ResponseMessage":"Failed to retrieve transactions"}' };
    const spike = { status: 500, body: '{"requestId":"1-2-3","errorCode":"500.003.02","errorMessage":"Error Occurred: Spike Arrest Violation"}' };
    const client = new HttpDarajaClient({ fetch: fakeFetch(scripted([failed, spike, ok([row(1), row(2)]), failed])) });
    await expect(client.pullTransactions(creds, window)).rejects.toMatchObject({
      code: 'UNAVAILABLE',
      retryable: true,
      httpStatus: 500,
      errorCode: '500',
      errorMessage: 'Failed to retrieve transactions',
      requestId: '6769-7119060-7',
    });
    await expect(client.pullTransactions(creds, window)).rejects.toMatchObject({ code: 'RATE_LIMITED' });
    await expect(client.pullTransactions(creds, window)).rejects.toMatchObject({ code: 'UNAVAILABLE' });
  });

  it('validates the 48 h window locally', async () => {
    const client = new HttpDarajaClient({ fetch: fakeFetch(scripted([])) });
    const h = 3_600_000;
    const at = (ms: number) => new Date(NOW.getTime() + ms);
    await expect(client.pullTransactions(creds, { ...window, from: at(-49 * h), to: at(-47 * h) })).rejects.toMatchObject({ code: 'VALIDATION', field: 'StartDate' });
    await expect(client.pullTransactions(creds, { ...window, from: at(-47 * h), to: at(2 * h) })).rejects.toMatchObject({ code: 'VALIDATION', field: 'EndDate' });
    await expect(client.pullTransactions(creds, { ...window, from: at(-h), to: at(-h) })).rejects.toMatchObject({ code: 'VALIDATION', field: 'EndDate' });
    await expect(client.pullTransactions(creds, { ...window, from: at(-h), to: at(10 * 60_000) })).rejects.toMatchObject({ code: 'VALIDATION', field: 'EndDate' });
    await expect(client.pullTransactions(creds, { ...window, maxPages: 0 })).rejects.toMatchObject({ code: 'VALIDATION', field: 'maxPages' });
    await expect(client.pullTransactions(creds, { ...window, shortCode: '6001000x' })).rejects.toMatchObject({ code: 'VALIDATION', field: 'ShortCode' });
  });
});

describe('Pull helpers', () => {
  it.each([
    ['0.10', 10],
    ['1,020.50', 102050],
    ['1,020.5', 102050],
    [168, 16800],
    ['168.00', 16800],
    [0.1, 10],
    ['0', 0],
    ['  5  ', 500],
    ['12.345', null],
    ['1,02.5', null],
    ['1e3', null],
    [1e21, null],
    [Number.NaN, null],
    [Infinity, null],
    ['-5.00', null],
    ['', null],
    [null, null],
    [{}, null],
    ['99999999999999.00', null],
  ])('reads the amount %p as %p cents', (value, cents) => {
    expect(parseAmountMinor(value)).toBe(cents);
  });

  it('reads negative amounts only when asked', () => {
    expect(parseAmountMinor('-500.00', { allowNegative: true })).toBe(-50000);
    expect(parseAmountMinor('-0.00', { allowNegative: true })).toBe(0);
  });

  it('formats Pull dates in Nairobi time and reads date/time digits with their zone', () => {
    expect(eatDateTime(new Date('2026-12-31T22:30:05.900Z'))).toBe('2027-01-01 01:30:05');
    expect(readWallClock('2026-12-04T10:13:00Z')).toEqual({ digitsAsUtcMs: Date.UTC(2026, 11, 4, 10, 13, 0), offsetMs: 0 });
    expect(readWallClock('2026-12-04 10:13:00+03:00')).toEqual({ digitsAsUtcMs: Date.UTC(2026, 11, 4, 10, 13, 0), offsetMs: 3 * 3_600_000 });
    expect(readWallClock('04/12/2026 10:13')).toEqual({ digitsAsUtcMs: Date.UTC(2026, 11, 4, 10, 13, 0), offsetMs: null });
    expect(readWallClock('31-02-2026 10:13:00')).toBeNull();
    expect(readWallClock('yesterday')).toBeNull();
  });

  it('parsePullRow and pullRowsOf never throw on junk', () => {
    for (const junk of [null, 1, 'x', [], [[]], { transactionId: 1 }, Object.create(null)]) expect(parsePullRow(junk)).toBeNull();
    expect(pullRowsOf({ Response: 'not json' })).toEqual([]);
    expect(pullRowsOf({ Transaction: '[[]]' })).toEqual([]);
  });
});

describe('httpJson answer size', () => {
  it('aborts an answer larger than the limit (declared or streamed) as UNAVAILABLE', async () => {
    const big = 'x'.repeat(2048);
    const declared = (async () => new Response(big, { status: 200, headers: { 'Content-Length': String(big.length) } })) as typeof fetch;
    await expect(httpJson(declared, 'http://x', { method: 'GET', headers: {} }, 1000, 1024)).rejects.toMatchObject({ code: 'UNAVAILABLE', message: expect.stringMatching(/too large/) });
    let cancelled = false;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.enqueue(new Uint8Array(512));
      },
      cancel() {
        cancelled = true;
      },
    });
    const endless = (async () => new Response(stream, { status: 200 })) as typeof fetch;
    await expect(httpJson(endless, 'http://x', { method: 'GET', headers: {} }, 1000, 4096)).rejects.toMatchObject({ code: 'UNAVAILABLE', message: expect.stringMatching(/too large/) });
    expect(cancelled).toBe(true);
  });

  it('the client refuses a Daraja answer over 8 MiB', async () => {
    const huge = JSON.stringify({ ResponseCode: '1000', Response: [[{ pad: 'y'.repeat(8 * 1024 * 1024) }]] });
    const client = new HttpDarajaClient({ fetch: fakeFetch(() => ({ status: 200, body: huge })) });
    await expect(client.pullTransactions(creds, window)).rejects.toMatchObject({ code: 'UNAVAILABLE', message: expect.stringMatching(/too large/) });
  });
});
