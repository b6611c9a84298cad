import { parse } from 'csv-parse/sync';
import type { DarajaCredentials, DarajaMerchant, PullTransaction } from '@wavu/daraja';
import { eatDateTime, HttpDarajaClient, parseOrgStatement } from '@wavu/daraja';
import type { DarajaSimulator, LedgerEntry, SimAppConfig } from '../src';
import { startDarajaSimulator } from '../src';
import { APP, post, raw, TILL_APP, token } from './raw';
import type { Receiver } from './receiver';
import { startReceiver } from './receiver';

const REGISTER = '/pulltransactions/v1/register';
const QUERY = '/pulltransactions/v1/query';
const HOUR = 3_600_000;

const credsOf = (app: SimAppConfig, baseUrl: string): DarajaCredentials => ({ environment: 'production', consumerKey: app.consumerKey, consumerSecret: app.consumerSecret, baseUrl });
const merchantOf = (app: SimAppConfig, baseUrl: string): DarajaMerchant => ({
  ...credsOf(app, baseUrl),
  shortcodeType: app.accountType ?? 'paybill',
  businessShortCode: app.shortcode,
  tillNumber: app.tillNumber,
  passkey: app.passkey,
});

describe('daraja-sim Pull Transactions and statements', () => {
  let sim: DarajaSimulator;
  let rx: Receiver;

  beforeEach(async () => {
    sim = await startDarajaSimulator({ apps: [APP, TILL_APP], phone: { magicNumbers: false } });
    rx = await startReceiver();
  });
  afterEach(async () => {
    await sim.close();
    await rx.close();
  });

  const registerBody = (overrides: Record<string, unknown> = {}) => ({
    ShortCode: APP.shortcode,
    RequestType: 'Pull',
    NominatedNumber: '254722000000',
    CallBackURL: `${rx.url}/pull/one`,
    ...overrides,
  });
  const queryBody = (overrides: Record<string, unknown> = {}) => ({
    ShortCode: APP.shortcode,
    StartDate: eatDateTime(new Date(Date.now() - HOUR)),
    EndDate: eatDateTime(new Date(Date.now() + 60_000)),
    OffSetValue: '0',
    ...overrides,
  });
  const registerC2b = async (app: SimAppConfig, shortCode: string) => {
    const r = await post(sim.url, '/mpesa/c2b/v2/registerurl', await token(sim.url, app), {
      ShortCode: shortCode,
      ResponseType: 'Completed',
      ConfirmationURL: `${rx.url}/c2b/confirm`,
      ValidationURL: `${rx.url}/c2b/validate`,
    });
    expect(r.status).toBe(200);
  };
  /** n C2B payments to the shortcode, a few at a time. */
  const payC2b = async (shortCode: string, n: number, billRef = (i: number) => `INV${i}`) => {
    for (let i = 0; i < n; i += 25) {
      const batch = Array.from({ length: Math.min(25, n - i) }, (_, k) =>
        sim.c2bPay({ shortCode, amount: 10 + ((i + k) % 7), msisdn: `2547115${String(i + k).padStart(5, '0')}`, billRefNumber: billRef(i + k) }),
      );
      for (const o of await Promise.all(batch)) expect(o.status).toBe('confirmed');
    }
  };
  /** n approved STK payments through the real client. */
  const payStk = async (client: HttpDarajaClient, app: SimAppConfig, n: number) => {
    for (let i = 0; i < n; i++) {
      await client.stkPush(merchantOf(app, sim.url), {
        amount: 20 + i,
        phoneNumber: `2547126${String(i).padStart(5, '0')}`,
        callbackUrl: `${rx.url}/cb/stk`,
        accountReference: `STK${i}`,
        transactionDesc: 'Wifi',
      });
    }
    await sim.idle();
  };

  describe('register', () => {
    it('answers 1000 with spaced keys, then 1001 keeping the first CallBackURL', async () => {
      const t = await token(sim.url);
      const first = await post(sim.url, REGISTER, t, registerBody());
      expect(first).toEqual({
        status: 200,
        body: { ResponseRefID: expect.any(String), 'Response Status': '1000', ShortCode: APP.shortcode, 'Response Description': 'Shortcode Registered Successfully' },
      });
      const again = await post(sim.url, REGISTER, t, registerBody({ CallBackURL: `${rx.url}/pull/two` }));
      expect(again.body).toMatchObject({ 'Response Status': '1001', 'Response Description': 'ShortCode already Registered' });
      expect(sim.pullRegistrations()).toEqual([{ shortCode: APP.shortcode, nominatedNumber: '254722000000', callbackUrl: `${rx.url}/pull/one`, registeredAt: expect.any(String) }]);
      sim.setPullSettings({ registerKeys: 'plain' });
      expect((await post(sim.url, REGISTER, t, registerBody())).body).toEqual({
        ResponseRefID: expect.any(String),
        ResponseStatus: '1001',
        ShortCode: APP.shortcode,
        ResponseDescription: 'ShortCode already Registered',
      });
    });

    it('refuses the 07 form, other apps’ shortcodes, a wrong RequestType and a bad URL', async () => {
      const t = await token(sim.url);
      const refused = async (overrides: Record<string, unknown>, field: string) => {
        const r = await post(sim.url, REGISTER, t, registerBody(overrides));
        expect(r).toEqual({ status: 400, body: { requestId: expect.any(String), errorCode: '400.002.02', errorMessage: `Bad Request - Invalid ${field}` } });
      };
      await refused({ NominatedNumber: '0722000000' }, 'NominatedNumber');
      await refused({ ShortCode: TILL_APP.tillNumber }, 'ShortCode');
      await refused({ RequestType: 'Incremental' }, 'RequestType');
      await refused({ CallBackURL: 'not a url' }, 'CallBackURL');
      expect(sim.pullRegistrations()).toEqual([]);
    });

    it('an app without Pull gets the sandbox 401, which the client reports as PRODUCT_MISMATCH', async () => {
      const sandboxApp: SimAppConfig = { consumerKey: 'sbx', consumerSecret: 'sbx-secret', shortcode: '174000', passkey: 'p', pullProduct: false };
      sim.registerApp(sandboxApp);
      const r = await post(sim.url, REGISTER, await token(sim.url, sandboxApp), registerBody({ ShortCode: sandboxApp.shortcode }));
      expect(r).toEqual({ status: 401, body: { requestId: expect.any(String), errorCode: '401.001', errorMessage: 'Error Occurred - Invalid Access Token - ' } });
      const client = new HttpDarajaClient();
      await expect(client.registerPull(credsOf(sandboxApp, sim.url), { shortCode: sandboxApp.shortcode, nominatedNumber: '0722000000', callbackUrl: `${rx.url}/pull` })).rejects.toMatchObject({
        code: 'PRODUCT_MISMATCH',
      });
    });
  });

  describe('query', () => {
    it('an unregistered shortcode, an empty window and a foreign shortcode all answer 1001', async () => {
      await registerC2b(APP, APP.shortcode);
      await payC2b(APP.shortcode, 2);
      const t = await token(sim.url);
      const noRecords = { ResponseRefID: expect.any(String), ResponseCode: '1001', ResponseMessage: 'No records found or Organization Name not available', Transaction: '[[]]' };
      expect(await post(sim.url, QUERY, t, queryBody())).toEqual({ status: 200, body: noRecords });
      await post(sim.url, REGISTER, t, registerBody());
      expect((await post(sim.url, QUERY, t, queryBody())).body).toMatchObject({ ResponseCode: '1000' });
      expect((await post(sim.url, QUERY, t, queryBody({ StartDate: eatDateTime(new Date(Date.now() - 2 * HOUR)), EndDate: eatDateTime(new Date(Date.now() - HOUR)) }))).body).toEqual(noRecords);
      expect((await post(sim.url, QUERY, t, queryBody({ OffSetValue: 1 }))).body).toEqual(noRecords);
      expect((await post(sim.url, QUERY, t, queryBody({ ShortCode: TILL_APP.tillNumber }))).body).toEqual(noRecords);
      expect(sim.pullQueries().map((q) => [q.offset, q.responseCode, q.rows])).toEqual([
        [0, '1001', 0],
        [0, '1000', 2],
        [0, '1001', 0],
        [1, '1001', 0],
        [0, '1001', 0],
      ]);
    });

    it('refuses windows reaching back more than 48 h or longer than 48 h, unreadable dates and GET', async () => {
      const t = await token(sim.url);
      await post(sim.url, REGISTER, t, registerBody());
      const at = (ms: number) => eatDateTime(new Date(Date.now() + ms));
      const refused = async (overrides: Record<string, unknown>, field: string) => {
        const r = await post(sim.url, QUERY, t, queryBody(overrides));
        expect(r).toEqual({ status: 400, body: { requestId: expect.any(String), errorCode: '400.002.02', errorMessage: `Bad Request - Invalid ${field}` } });
      };
      await refused({ StartDate: at(-49 * HOUR), EndDate: at(-47 * HOUR) }, 'StartDate');
      await refused({ StartDate: at(-47 * HOUR), EndDate: at(2 * HOUR) }, 'EndDate');
      await refused({ StartDate: '04/12/2026 10:00' }, 'StartDate');
      await refused({ EndDate: '2026-13-01 00:00:00' }, 'EndDate');
      await refused({ OffSetValue: '-1' }, 'OffSetValue');
      expect((await post(sim.url, QUERY, t, queryBody({ StartDate: at(-47 * HOUR).slice(0, 16) }))).status).toBe(200);
      expect((await raw(`${sim.url}${QUERY}`, { headers: { Authorization: `Bearer ${t}` } })).status).toBe(405);
      expect(
        sim
          .pullQueries()
          .slice(0, 5)
          .map((q) => q.responseCode),
      ).toEqual(Array(5).fill('400.002.02'));
      sim.injectFault({ endpoint: 'pull-query', kind: 'spike-arrest' });
      expect((await post(sim.url, QUERY, t, queryBody())).body.errorCode).toBe('500.003.02');
    });

    it.each(['page-index', 'row-offset'] as const)('%s paging: the client reads 250 C2B + 30 STK payments exactly once', async (paging) => {
      sim.setPullSettings({ paging });
      await registerC2b(APP, APP.shortcode);
      const client = new HttpDarajaClient();
      await payC2b(APP.shortcode, 250);
      await payStk(client, APP, 30);
      const creds = credsOf(APP, sim.url);
      expect(await client.registerPull(creds, { shortCode: APP.shortcode, nominatedNumber: '0722000000', callbackUrl: `${rx.url}/pull` })).toMatchObject({ status: 'registered' });
      const r = await client.pullTransactions(creds, { shortCode: APP.shortcode, from: new Date(Date.now() - HOUR), to: new Date(Date.now() + 60_000) });
      if (r.status !== 'ok') throw new Error(`expected rows, got ${r.status}`);
      expect(r).toMatchObject({ rejectedRows: 0, truncated: false });
      const ledger = sim.ledger().entries;
      expect(ledger).toHaveLength(280);
      expect(r.transactions.map((t) => t.transactionId).sort()).toEqual(ledger.map((e) => e.receipt).sort());
      const byReceipt = new Map<string, PullTransaction>(r.transactions.map((t) => [t.transactionId, t]));
      for (const e of ledger) {
        expect(byReceipt.get(e.receipt)).toMatchObject({
          amountMinor: e.amount * 100,
          billReference: e.reference,
          msisdn: e.msisdn,
          transactionType: 'c2b-pay-bill-debit',
          organizationName: `SIM MERCHANT ${APP.shortcode}`,
        });
      }
      const offsets = sim.pullQueries().map((q) => q.offset);
      expect(offsets).toEqual(paging === 'page-index' ? [0, 1, 2, 3] : [0, 1, 101, 201, 280]);
      expect(r.pages).toBe(offsets.length);
    });

    it('row shape: msisdn as a number, 2-decimal amount string, trxDate per zone; flat nesting and totals', async () => {
      await registerC2b(APP, APP.shortcode);
      await payC2b(APP.shortcode, 3);
      const t = await token(sim.url);
      await post(sim.url, REGISTER, t, registerBody());
      const entry = sim.ledger().entries[0];
      const nested = await post(sim.url, QUERY, t, queryBody());
      expect(nested.body).toEqual({ ResponseRefID: expect.any(String), ResponseCode: '1000', ResponseMessage: 'Success', Response: [expect.any(Array)] });
      const eatDigits = eatDateTime(new Date(entry.at)).replace(' ', 'T');
      expect(nested.body.Response[0][0]).toEqual({
        transactionId: entry.receipt,
        trxDate: `${eatDigits}Z`,
        msisdn: Number(entry.msisdn),
        sender: 'JOHN DOE',
        transactiontype: 'c2b-pay-bill-debit',
        billreference: entry.reference,
        amount: `${entry.amount}.00`,
        organizationname: `SIM MERCHANT ${APP.shortcode}`,
      });
      sim.setPullSettings({ nesting: 'flat', totals: true, trxDateZone: 'utc', pageSize: 2 });
      const flat = await post(sim.url, QUERY, t, queryBody());
      expect(flat.body).toMatchObject({ ResponseCode: '1000', TotalPages: 2, TotalRecords: 3 });
      expect(flat.body.Response).toHaveLength(2);
      expect(flat.body.Response[0]).toMatchObject({ transactionId: entry.receipt, trxDate: `${new Date(entry.at).toISOString().slice(0, 19)}Z` });
    });

    it('listStk false hides STK payments from Pull; the statement still lists them', async () => {
      await registerC2b(APP, APP.shortcode);
      const client = new HttpDarajaClient();
      await payC2b(APP.shortcode, 2);
      await payStk(client, APP, 2);
      const creds = credsOf(APP, sim.url);
      await client.registerPull(creds, { shortCode: APP.shortcode, nominatedNumber: '254722000000', callbackUrl: `${rx.url}/pull` });
      const window = { shortCode: APP.shortcode, from: new Date(Date.now() - HOUR), to: new Date(Date.now() + 60_000) };
      expect(await client.pullTransactions(creds, window)).toMatchObject({ status: 'ok', transactions: { length: 4 } });
      sim.setPullSettings({ listStk: false });
      const hidden = await client.pullTransactions(creds, window);
      const c2bReceipts = sim
        .ledger()
        .entries.filter((e) => e.kind === 'c2b')
        .map((e) => e.receipt);
      expect(hidden.status === 'ok' && hidden.transactions.map((t) => t.transactionId).sort()).toEqual(c2bReceipts.sort());
      const statement = parseOrgStatement(sim.exportStatement({ shortCode: APP.shortcode, from: window.from, to: window.to }));
      expect(statement.lines).toHaveLength(4);
      expect(statement.lines.filter((l) => l.reasonType === 'Pay Bill Online')).toHaveLength(2);
    });

    it('till STK payments carry the till number, so the till’s Pull lists them as buy goods', async () => {
      const client = new HttpDarajaClient();
      await payStk(client, TILL_APP, 2);
      expect(sim.ledger().entries.map((e) => e.shortcode)).toEqual([TILL_APP.tillNumber, TILL_APP.tillNumber]);
      const creds = credsOf(TILL_APP, sim.url);
      await client.registerPull(creds, { shortCode: TILL_APP.tillNumber as string, nominatedNumber: '254722000000', callbackUrl: `${rx.url}/pull` });
      const r = await client.pullTransactions(creds, { shortCode: TILL_APP.tillNumber as string, from: new Date(Date.now() - HOUR), to: new Date() });
      expect(r.status === 'ok' && r.transactions.map((t) => [t.transactionType, t.billReference])).toEqual([
        ['c2b-buy-goods-debit', ''],
        ['c2b-buy-goods-debit', ''],
      ]);
    });
  });

  describe('settlement sweeps and statements', () => {
    it('a sweep is a settlement row in Pull and a withdrawal in the statement, never a ledger payment', async () => {
      const tillCode = TILL_APP.tillNumber as string;
      await registerC2b(TILL_APP, tillCode);
      await payC2b(tillCode, 2, () => 'ignored');
      const total = sim.ledger().total;
      const sweep = sim.addSettlementSweep({ shortCode: tillCode, amount: 15 });
      expect(sweep).toMatchObject({ shortCode: tillCode, amount: 15, balance: total - 15 });
      expect(sim.ledger()).toMatchObject({ count: 2, total });
      expect(() => sim.addSettlementSweep({ shortCode: '999999', amount: 1 })).toThrow(/no app owns/);
      const client = new HttpDarajaClient();
      const creds = credsOf(TILL_APP, sim.url);
      await client.registerPull(creds, { shortCode: tillCode, nominatedNumber: '254722000000', callbackUrl: `${rx.url}/pull` });
      const r = await client.pullTransactions(creds, { shortCode: tillCode, from: new Date(Date.now() - HOUR), to: new Date() });
      if (r.status !== 'ok') throw new Error('expected rows');
      expect(r.transactions.map((t) => t.transactionType)).toEqual(['c2b-buy-goods-debit', 'c2b-buy-goods-debit', 'merchant-to-organization-settlement']);
      expect(r.transactions[2]).toMatchObject({ transactionId: sweep.receipt, amountMinor: 1500, billReference: '', msisdn: null });
      const s = parseOrgStatement(sim.exportStatement({ shortCode: tillCode, from: new Date(Date.now() - HOUR), to: new Date() }));
      expect(s.lines[0]).toMatchObject({ receipt: sweep.receipt, paidInMinor: 0, withdrawnMinor: 1500, reasonType: 'Merchant to Organization Settlement' });
      expect(s.lines.slice(1).map((l) => [l.reasonType, l.accountNumber])).toEqual([
        ['Buy Goods', ''],
        ['Buy Goods', ''],
      ]);
    });

    it('the statement export round-trips through parseOrgStatement', async () => {
      await registerC2b(APP, APP.shortcode);
      const client = new HttpDarajaClient();
      await payC2b(APP.shortcode, 3, (i) => (i === 1 ? 'has,comma "q"' : `INV${i}`));
      await payStk(client, APP, 2);
      const sweep = sim.addSettlementSweep({ shortCode: APP.shortcode, amount: 7 });
      const from = new Date(Date.now() - HOUR);
      const to = new Date(Date.now() + 1000);
      const csv = sim.exportStatement({ shortCode: APP.shortcode, from, to });
      expect(csv.split('\r\n').slice(0, 5)).toEqual([
        `Organisation Name:,SIM MERCHANT ${APP.shortcode}`,
        `Organisation Short Code:,${APP.shortcode}`,
        expect.stringMatching(/^Time Period:,From \d{2}-\d{2}-\d{4} \d{2}:\d{2}:\d{2} To \d{2}-\d{2}-\d{4} \d{2}:\d{2}:\d{2}$/),
        '',
        'Receipt No.,Completion Time,Initiation Time,Details,Transaction Status,Paid In,Withdrawn,Balance,Balance Confirmed,Reason Type,Other Party Info,Linked Transaction ID,A/C No.',
      ]);
      const s = parseOrgStatement(csv);
      const second = (d: Date) => Math.floor(d.getTime() / 1000) * 1000;
      expect(s).toMatchObject({ shortCode: APP.shortcode, errors: [] });
      expect(s.periodFrom?.getTime()).toBe(second(from));
      expect(s.periodTo?.getTime()).toBe(second(to));
      const entries: LedgerEntry[] = sim.ledger().entries;
      const newestFirst = [...entries.map((e) => ({ receipt: e.receipt, at: Date.parse(e.at) })), { receipt: sweep.receipt, at: Date.parse(sweep.at) }]
        .sort((x, y) => y.at - x.at || (y.receipt < x.receipt ? -1 : 1))
        .map((x) => x.receipt);
      expect(s.lines.map((l) => l.receipt)).toEqual(newestFirst);
      for (const e of entries) {
        const line = s.lines.find((l) => l.receipt === e.receipt);
        const party = `${e.msisdn.slice(0, 4)}******${e.msisdn.slice(-3)} - JOHN DOE`;
        expect(line).toEqual({
          row: expect.any(Number),
          receipt: e.receipt,
          completedAt: new Date(second(new Date(e.at))),
          initiatedAt: new Date(second(new Date(e.initiatedAt as string))),
          details: `${e.kind === 'stk' ? 'Pay Bill Online' : 'Pay Bill'} from ${party} Acc. ${e.reference}`,
          status: 'Completed',
          paidInMinor: e.amount * 100,
          withdrawnMinor: 0,
          reasonType: e.kind === 'stk' ? 'Pay Bill Online' : 'Pay Bill',
          otherParty: party,
          accountNumber: e.reference,
        });
      }
      expect(s.lines.find((l) => l.receipt === sweep.receipt)).toMatchObject({ withdrawnMinor: 700, paidInMinor: 0, status: 'Completed' });
      // Balance is the running balance after each line (newest first), in the file's own cells
      const cells = parse(csv, { relax_column_count: true }).slice(5);
      const cents = (v: string) => Math.round(Number(v || '0') * 100);
      for (let i = 0; i < cells.length; i++) {
        const before = i + 1 < cells.length ? cents(cells[i + 1][7]) : 0;
        expect(cents(cells[i][7])).toBe(before + cents(cells[i][5]) + cents(cells[i][6]));
      }
      expect(cents(cells[0][7])).toBe((sim.ledger().total - 7) * 100);
    });

    it('control API: pull settings, logs, sweeps and the statement download', async () => {
      const ctl = (path: string, method = 'GET', body?: unknown) =>
        raw(`${sim.url}/sim${path}`, { method, headers: { 'Content-Type': 'application/json' }, body: body === undefined ? undefined : JSON.stringify(body) });
      expect((await ctl('/settings/pull', 'PATCH', { paging: 'row-offset', pageSize: 5 })).body).toMatchObject({ paging: 'row-offset', pageSize: 5, listStk: true });
      expect((await ctl('/settings')).body.pull).toMatchObject({ paging: 'row-offset' });
      expect((await ctl('/settings/pull', 'PATCH', { pageSize: 0 })).status).toBe(400);
      expect((await ctl('/settings/pull', 'PATCH', { colour: 'red' })).status).toBe(400);
      const sweep = await ctl('/pull/sweeps', 'POST', { shortCode: APP.shortcode, amount: 3 });
      expect(sweep).toMatchObject({ status: 201, body: { shortCode: APP.shortcode, amount: 3 } });
      expect((await ctl('/pull/sweeps')).body).toHaveLength(1);
      expect((await ctl('/pull/sweeps', 'POST', { shortCode: APP.shortcode, amount: -3 })).status).toBe(400);
      const t = await token(sim.url);
      await post(sim.url, REGISTER, t, registerBody());
      await post(sim.url, QUERY, t, queryBody());
      expect((await ctl('/pull/registrations')).body).toEqual([expect.objectContaining({ shortCode: APP.shortcode })]);
      expect((await ctl('/pull/queries')).body).toEqual([expect.objectContaining({ shortCode: APP.shortcode, offset: 0, responseCode: '1000', rows: 1 })]);
      const res = await fetch(
        `${sim.url}/sim/statement?shortCode=${APP.shortcode}&from=${encodeURIComponent(eatDateTime(new Date(Date.now() - HOUR)))}&to=${encodeURIComponent(new Date(Date.now() + 1000).toISOString())}`,
      );
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(/^text\/csv/);
      expect(res.headers.get('content-disposition')).toBe(`attachment; filename="statement-${APP.shortcode}.csv"`);
      expect(parseOrgStatement(await res.text()).lines.map((l) => l.receipt)).toEqual([sweep.body.receipt]);
      expect((await ctl('/statement?shortCode=999999')).status).toBe(400);
      expect((await ctl(`/statement?shortCode=${APP.shortcode}&from=yesterday`)).status).toBe(400);
      expect((await ctl('/reset', 'POST')).status).toBe(200);
      expect(sim.pullRegistrations()).toEqual([]);
      expect(sim.pullQueries()).toEqual([]);
      expect(sim.settlementSweeps()).toEqual([]);
      expect(sim.pullSettings).toMatchObject({ paging: 'page-index', pageSize: 100 });
    });
  });
});
