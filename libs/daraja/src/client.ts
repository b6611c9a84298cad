import type { DarajaEnvironment } from './environments';
import { DARAJA_BASE_URLS, DARAJA_PATHS } from './environments';
import { DarajaError, readErrorBody, translateApiError } from './errors';
import type { FetchLike } from './http';
import { httpJson } from './http';
import type { DarajaLogger } from './logger';
import { maskCheckoutRequestId, maskMsisdn, noopLogger } from './logger';
import { normalizeMsisdn } from './phone';
import { parsePullRow, pullRowId, pullRowsOf, pullWindowProblem } from './pull';
import { outcomeOf } from './result-codes';
import { accountReferenceProblem, amountProblem, assertMsisdn, assertValid, bannedUrlWord, callbackUrlProblem, transactionDescProblem } from './rules';
import { darajaTimestamp, eatDateTime, stkPassword } from './timestamp';
import type { IssuedToken } from './token-cache';
import { TokenCache } from './token-cache';
import type {
  C2bRegisterInput,
  C2bRegisterResult,
  DarajaClient,
  DarajaCredentials,
  DarajaMerchant,
  PullQueryInput,
  PullQueryResult,
  PullRegisterInput,
  PullRegisterResult,
  PullTransaction,
  StkPushInput,
  StkPushResult,
  StkQueryResult,
  TokenRefreshReport,
} from './types';

export interface HttpDarajaClientOptions {
  /** Base URL per environment (defaults: Safaricom sandbox/production). Point both at the simulator in dev/CI. */
  baseUrls?: Partial<Record<DarajaEnvironment, string>>;
  /** Per-request timeout. Default 15000 ms. */
  timeoutMs?: number;
  /** Refresh a cached token when less than this remains. Default 10 min. */
  refreshBeforeExpiryMs?: number;
  /** Credential sets unused for longer than this are dropped by refreshActive(). Default 2 h. */
  activeWindowMs?: number;
  logger?: DarajaLogger;
  /** Injected fetch (defaults to the global one). */
  fetch?: FetchLike;
  now?: () => number;
}

const SHORTCODE = /^\d{5,7}$/;
const DEFAULT_PULL_MAX_PAGES = 200;

type Json = Record<string, unknown>;
type ErrorReader = (status: number, json: unknown) => DarajaError | null;

const asRecord = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});
const codeOf = (v: unknown): string => (typeof v === 'string' ? v.trim() : typeof v === 'number' && Number.isFinite(v) ? String(v) : '');
const shortText = (v: unknown, max = 200): string => (typeof v === 'string' ? v.trim().slice(0, max) : '');

/** One Pull query page: rows for ResponseCode 1000, or the 1001 "no records" message. */
type PullPage = { found: true; rows: Json[] } | { found: false; message: string };

/** Pull's own failure body, e.g. HTTP 500 `{RequestID, ResponseCode:"500", ResponseMessage:"Failed to retrieve transactions"}`. */
const pullFailure: ErrorReader = (status, json) => {
  const r = asRecord(json);
  const code = codeOf(r.ResponseCode);
  if (status < 500 || !code) return null;
  const message = shortText(r.ResponseMessage);
  return new DarajaError('UNAVAILABLE', `Pull Transactions failed (${code} ${message})`, {
    httpStatus: status,
    errorCode: code,
    errorMessage: message,
    requestId: shortText(r.RequestID ?? r.ResponseRefID, 100) || undefined,
  });
};

/** Daraja client over HTTP (Node fetch). Holds a per-credential token cache; safe to share as a singleton. */
export class HttpDarajaClient implements DarajaClient {
  private readonly baseUrls: Record<DarajaEnvironment, string>;
  private readonly timeoutMs: number;
  private readonly logger: DarajaLogger;
  private readonly fetchImpl: FetchLike;
  private readonly tokens: TokenCache;

  constructor(options: HttpDarajaClientOptions = {}) {
    this.baseUrls = { ...DARAJA_BASE_URLS, ...options.baseUrls };
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.logger = options.logger ?? noopLogger;
    this.fetchImpl = options.fetch ?? fetch;
    this.tokens = new TokenCache((c) => this.fetchToken(c), { refreshBeforeMs: options.refreshBeforeExpiryMs, activeWindowMs: options.activeWindowMs, now: options.now });
  }

  getAccessToken(credentials: DarajaCredentials): Promise<string> {
    return this.tokens.get(credentials);
  }

  async testCredentials(credentials: DarajaCredentials): Promise<void> {
    await this.tokens.get(credentials, true);
  }

  refreshActive(): Promise<TokenRefreshReport> {
    return this.tokens.refreshActive();
  }

  forget(credentials: Pick<DarajaCredentials, 'environment' | 'consumerKey'>): void {
    this.tokens.forget(credentials);
  }

  async stkPush(merchant: DarajaMerchant, input: StkPushInput): Promise<StkPushResult> {
    const partyB = this.checkMerchant(merchant);
    assertValid('Amount', amountProblem(input.amount));
    assertMsisdn('PhoneNumber', input.phoneNumber);
    assertValid('CallBackURL', callbackUrlProblem(input.callbackUrl));
    assertValid('AccountReference', accountReferenceProblem(input.accountReference));
    assertValid('TransactionDesc', transactionDescProblem(input.transactionDesc));
    const timestamp = darajaTimestamp(input.at);
    const body = {
      BusinessShortCode: merchant.businessShortCode,
      Password: stkPassword(merchant.businessShortCode, merchant.passkey, timestamp),
      Timestamp: timestamp,
      TransactionType: merchant.shortcodeType === 'till' ? 'CustomerBuyGoodsOnline' : 'CustomerPayBillOnline',
      Amount: input.amount,
      PartyA: input.phoneNumber,
      PartyB: partyB,
      PhoneNumber: input.phoneNumber,
      CallBackURL: input.callbackUrl,
      AccountReference: input.accountReference,
      TransactionDesc: input.transactionDesc,
    };
    const json = await this.authorizedPost(merchant, DARAJA_PATHS.stkPush, body);
    const r = (json ?? {}) as Record<string, unknown>;
    const responseCode = r.ResponseCode === undefined ? '' : String(r.ResponseCode);
    if (responseCode !== '0' || typeof r.CheckoutRequestID !== 'string') {
      throw new DarajaError('REJECTED', `STK push not accepted (ResponseCode ${responseCode || 'missing'})`, {
        httpStatus: 200,
        errorCode: responseCode || undefined,
        errorMessage: typeof r.ResponseDescription === 'string' ? r.ResponseDescription : undefined,
      });
    }
    const result: StkPushResult = {
      merchantRequestId: String(r.MerchantRequestID ?? ''),
      checkoutRequestId: r.CheckoutRequestID,
      responseCode,
      responseDescription: String(r.ResponseDescription ?? ''),
      customerMessage: String(r.CustomerMessage ?? ''),
      timestamp,
    };
    this.logger.debug('daraja stk push accepted', {
      shortcode: merchant.businessShortCode,
      phone: maskMsisdn(input.phoneNumber),
      amount: input.amount,
      checkoutRequestId: maskCheckoutRequestId(result.checkoutRequestId),
    });
    return result;
  }

  async stkQuery(merchant: DarajaMerchant, checkoutRequestId: string, at?: Date): Promise<StkQueryResult> {
    this.checkMerchant(merchant);
    assertValid('CheckoutRequestID', checkoutRequestId ? null : 'CheckoutRequestID is required');
    const timestamp = darajaTimestamp(at);
    const body = {
      BusinessShortCode: merchant.businessShortCode,
      Password: stkPassword(merchant.businessShortCode, merchant.passkey, timestamp),
      Timestamp: timestamp,
      CheckoutRequestID: checkoutRequestId,
    };
    let json: unknown;
    try {
      json = await this.authorizedPost(merchant, DARAJA_PATHS.stkQuery, body);
    } catch (err) {
      if (err instanceof DarajaError && err.errorCode === '500.001.1001' && /being processed|under processing/i.test(err.errorMessage ?? '')) {
        return { status: 'pending', checkoutRequestId, form: 'classic' };
      }
      throw err;
    }
    const r = (json ?? {}) as Record<string, unknown>;
    if (r.ResultCode === undefined || r.ResultCode === null) throw new DarajaError('UNAVAILABLE', 'STK query answer has no ResultCode', { httpStatus: 200 });
    const resultCode = String(r.ResultCode).trim();
    if (resultCode === '4999') return { status: 'pending', checkoutRequestId, form: '4999' };
    return {
      status: 'final',
      merchantRequestId: String(r.MerchantRequestID ?? ''),
      checkoutRequestId: typeof r.CheckoutRequestID === 'string' ? r.CheckoutRequestID : checkoutRequestId,
      resultCode,
      resultDesc: String(r.ResultDesc ?? ''),
      outcome: outcomeOf(resultCode),
    };
  }

  async registerC2bUrls(credentials: DarajaCredentials, input: C2bRegisterInput): Promise<C2bRegisterResult> {
    assertValid('ShortCode', SHORTCODE.test(input.shortCode) ? null : 'ShortCode must be 5–7 digits');
    assertValid('ResponseType', input.responseType === 'Completed' || input.responseType === 'Cancelled' ? null : 'ResponseType must be Completed or Cancelled');
    for (const [field, url] of [
      ['ConfirmationURL', input.confirmationUrl],
      ['ValidationURL', input.validationUrl],
    ] as const) {
      assertValid(field, callbackUrlProblem(url));
      const word = bannedUrlWord(url);
      assertValid(field, word ? `${field} must not contain "${word}" (Daraja bans it)` : null);
    }
    const first = input.version ?? 'v2';
    const body = { ShortCode: input.shortCode, ResponseType: input.responseType, ConfirmationURL: input.confirmationUrl, ValidationURL: input.validationUrl };
    const attempt = async (version: 'v1' | 'v2'): Promise<C2bRegisterResult> => {
      const r = ((await this.authorizedPost(credentials, DARAJA_PATHS.c2bRegister(version), body)) ?? {}) as Record<string, unknown>;
      const responseCode = String(r.ResponseCode ?? '');
      if (responseCode !== '0') throw new DarajaError('REJECTED', `C2B URL registration not accepted (ResponseCode ${responseCode || 'missing'})`, { httpStatus: 200 });
      return { version, originatorConversationId: String(r.OriginatorCoversationID ?? r.OriginatorConversationID ?? ''), responseCode, responseDescription: String(r.ResponseDescription ?? '') };
    };
    try {
      return await attempt(first);
    } catch (err) {
      if (err instanceof DarajaError && err.code === 'PRODUCT_MISMATCH' && input.fallbackToOtherVersion !== false) {
        this.logger.warn('daraja c2b version mismatch, trying the other version', { shortCode: input.shortCode, tried: first });
        return attempt(first === 'v2' ? 'v1' : 'v2');
      }
      throw err;
    }
  }

  async registerPull(credentials: DarajaCredentials, input: PullRegisterInput): Promise<PullRegisterResult> {
    assertValid('ShortCode', SHORTCODE.test(input.shortCode) ? null : 'ShortCode must be 5–7 digits');
    const nominated = normalizeMsisdn(input.nominatedNumber);
    assertValid('NominatedNumber', nominated ? null : 'NominatedNumber must be a Safaricom number (2547XXXXXXXX or 2541XXXXXXXX)');
    assertValid('CallBackURL', callbackUrlProblem(input.callbackUrl));
    const body = { ShortCode: input.shortCode, RequestType: 'Pull', NominatedNumber: nominated, CallBackURL: input.callbackUrl };
    let json: unknown;
    try {
      json = await this.authorizedPost(credentials, DARAJA_PATHS.pullRegister, body);
    } catch (err) {
      // A fresh token still refused with 401 is how Daraja answers apps without Pull (e.g. every sandbox app).
      if (err instanceof DarajaError && err.code === 'INVALID_TOKEN' && err.httpStatus === 401) {
        throw new DarajaError('PRODUCT_MISMATCH', 'This Daraja app cannot register Pull Transactions: only apps live in production for the shortcode can', {
          httpStatus: 401,
          errorCode: err.errorCode ?? undefined,
          errorMessage: err.errorMessage ?? undefined,
          requestId: err.requestId ?? undefined,
          cause: err,
        });
      }
      throw err;
    }
    const r = asRecord(json);
    // The docs' sample says ResponseStatus/ResponseDescription; live answers use "Response Status"/"Response Description".
    const code = codeOf(r.ResponseStatus ?? r['Response Status']);
    const description = shortText(r.ResponseDescription ?? r['Response Description']);
    const responseRefId = shortText(r.ResponseRefID, 100);
    if (code === '1000' || code === '1001') {
      this.logger.debug('daraja pull registration', { shortCode: input.shortCode, code });
      return { status: code === '1000' ? 'registered' : 'already_registered', responseRefId, description };
    }
    throw new DarajaError('REJECTED', `Pull registration not accepted (status ${code || 'missing'})`, {
      httpStatus: 200,
      errorCode: code || undefined,
      errorMessage: description || undefined,
      requestId: responseRefId || undefined,
    });
  }

  /**
   * Reads every page of [from, to]. Public sources disagree on what OffSetValue counts (a row offset or a
   * page index), so the first two pages decide: page A is offset 0; if A has rows, page B is offset 1. When
   * B starts with A's second row the server counts rows, and the next offset is the number of rows fetched
   * so far; otherwise it counts pages, and the next offsets are 2, 3, … Either way paging stops at an empty or
   * 1001 page, at a page that adds no new transactionId (a server ignoring the offset cannot loop us), or at
   * maxPages (then `truncated`). Rows are deduplicated by transactionId, the first copy wins; rows that fail
   * the checks are counted in `rejectedRows`.
   */
  async pullTransactions(credentials: DarajaCredentials, input: PullQueryInput): Promise<PullQueryResult> {
    assertValid('ShortCode', SHORTCODE.test(input.shortCode) ? null : 'ShortCode must be 5–7 digits');
    const maxPages = input.maxPages ?? DEFAULT_PULL_MAX_PAGES;
    assertValid('maxPages', Number.isInteger(maxPages) && maxPages >= 1 ? null : 'maxPages must be a whole number of at least 1');
    const window = pullWindowProblem(input.from, input.to, input.now ?? new Date());
    if (window) assertValid(window.field, window.problem);

    const collected = new Map<string, PullTransaction>();
    let rejectedRows = 0;
    let pages = 0;
    const fetchPage = (offset: number) => {
      pages++;
      return this.pullPage(credentials, input, offset);
    };
    /** Adds a page's rows; returns how many new transactionIds it brought. */
    const take = (rows: Json[]): number => {
      let added = 0;
      for (const raw of rows) {
        const row = parsePullRow(raw);
        if (!row) rejectedRows++;
        else if (!collected.has(row.transactionId)) {
          collected.set(row.transactionId, row);
          added++;
        }
      }
      return added;
    };
    const done = (truncated: boolean): PullQueryResult => {
      const result: PullQueryResult = { status: 'ok', transactions: [...collected.values()], pages, rejectedRows, truncated };
      this.logger.debug('daraja pull', { shortCode: input.shortCode, rows: collected.size, pages, rejectedRows, truncated });
      return result;
    };

    const first = await fetchPage(0);
    if (!first.found) return { status: 'no_records', message: first.message || 'No records found' };
    if (first.rows.length === 0 || take(first.rows) === 0) return done(false);
    if (pages >= maxPages) return done(true);
    const second = await fetchPage(1);
    if (!second.found || second.rows.length === 0) return done(false);
    const rowOffsets = first.rows.length > 1 && pullRowId(second.rows[0]) !== null && pullRowId(second.rows[0]) === pullRowId(first.rows[1]);
    if (take(second.rows) === 0) return done(false);
    let offset = rowOffsets ? 1 + second.rows.length : 2;
    for (;;) {
      if (pages >= maxPages) return done(true);
      const page = await fetchPage(offset);
      if (!page.found || page.rows.length === 0 || take(page.rows) === 0) return done(false);
      offset = rowOffsets ? offset + page.rows.length : offset + 1;
    }
  }

  // ---------- internals ----------

  private async pullPage(credentials: DarajaCredentials, input: PullQueryInput, offset: number): Promise<PullPage> {
    const body = { ShortCode: input.shortCode, StartDate: eatDateTime(input.from), EndDate: eatDateTime(input.to), OffSetValue: String(offset) };
    const r = asRecord(await this.authorizedPost(credentials, DARAJA_PATHS.pullQuery, body, pullFailure));
    const code = codeOf(r.ResponseCode);
    const message = shortText(r.ResponseMessage);
    if (code === '1000') return { found: true, rows: pullRowsOf(r) };
    if (code === '1001') return { found: false, message };
    const requestId = shortText(r.ResponseRefID ?? r.RequestID, 100) || undefined;
    if (!code) throw new DarajaError('UNAVAILABLE', 'Pull Transactions answer has no ResponseCode', { httpStatus: 200, requestId });
    throw new DarajaError('REJECTED', `Pull Transactions not accepted (ResponseCode ${code})`, { httpStatus: 200, errorCode: code, errorMessage: message || undefined, requestId });
  }

  private checkMerchant(merchant: DarajaMerchant): string {
    assertValid('BusinessShortCode', SHORTCODE.test(merchant.businessShortCode) ? null : 'BusinessShortCode must be 5–7 digits');
    assertValid('Passkey', merchant.passkey ? null : 'passkey is required');
    if (merchant.shortcodeType === 'till') {
      assertValid('PartyB', merchant.tillNumber && SHORTCODE.test(merchant.tillNumber) ? null : 'a till needs its 5–7 digit till number');
      return merchant.tillNumber as string;
    }
    return merchant.businessShortCode;
  }

  private baseUrl(credentials: DarajaCredentials): string {
    return (credentials.baseUrl ?? this.baseUrls[credentials.environment]).replace(/\/+$/, '');
  }

  /** POST with the cached token; on an invalid-token answer, exactly one refresh and one retry. */
  private async authorizedPost(credentials: DarajaCredentials, path: string, body: unknown, readError?: ErrorReader): Promise<unknown> {
    const token = await this.tokens.get(credentials);
    try {
      return await this.post(credentials, path, body, token, readError);
    } catch (err) {
      if (!(err instanceof DarajaError) || err.code !== 'INVALID_TOKEN') throw err;
      this.logger.warn('daraja token rejected, refreshing once', { environment: credentials.environment, consumerKey: credentials.consumerKey, path });
      this.tokens.invalidate(credentials, token);
      const fresh = await this.tokens.get(credentials);
      return this.post(credentials, path, body, fresh, readError);
    }
  }

  /** `readError` may claim an endpoint's own failure body before the generic translation. */
  private async post(credentials: DarajaCredentials, path: string, body: unknown, token: string, readError?: ErrorReader): Promise<unknown> {
    const { status, json } = await httpJson(
      this.fetchImpl,
      `${this.baseUrl(credentials)}${path}`,
      { method: 'POST', headers: { Authorization: `Bearer ${token}`, Accept: 'application/json' }, body },
      this.timeoutMs,
    );
    if (status === 200 && json !== null && !readErrorBody(json)) return json;
    const error = status === 200 ? new DarajaError('UNAVAILABLE', 'Daraja answered 200 without a readable body', { httpStatus: 200 }) : (readError?.(status, json) ?? translateApiError(status, json));
    this.logger.debug('daraja request failed', { path, httpStatus: status, code: error.code, errorCode: error.errorCode });
    throw error;
  }

  private async fetchToken(credentials: DarajaCredentials): Promise<IssuedToken> {
    const basic = Buffer.from(`${credentials.consumerKey}:${credentials.consumerSecret}`, 'utf8').toString('base64');
    const { status, json } = await httpJson(
      this.fetchImpl,
      `${this.baseUrl(credentials)}${DARAJA_PATHS.oauth}`,
      { method: 'GET', headers: { Authorization: `Basic ${basic}`, Accept: 'application/json' } },
      this.timeoutMs,
    );
    const r = (json ?? {}) as Record<string, unknown>;
    if (status === 200 && typeof r.access_token === 'string' && r.access_token) {
      const seconds = Number(r.expires_in);
      this.logger.debug('daraja token issued', { environment: credentials.environment, consumerKey: credentials.consumerKey });
      return { token: r.access_token, expiresInSec: Number.isFinite(seconds) && seconds > 0 ? seconds : 3599 };
    }
    const e = readErrorBody(json);
    if (status === 400 || status === 401 || status === 403) {
      throw new DarajaError('INVALID_CREDENTIALS', `Daraja refused the consumer key/secret (${e ? `${e.errorCode} ${e.errorMessage}` : `HTTP ${status}`})`, {
        httpStatus: status,
        errorCode: e?.errorCode,
        errorMessage: e?.errorMessage,
        requestId: e?.requestId,
      });
    }
    if (status === 200) throw new DarajaError('UNAVAILABLE', 'OAuth answered 200 without an access_token', { httpStatus: 200 });
    throw translateApiError(status, json);
  }
}
