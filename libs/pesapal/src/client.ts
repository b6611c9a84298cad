import type { PesapalClientConfig } from './config';
import { resolveBaseUrl } from './config';
import type { PesapalErrorCode, PesapalOperation } from './errors';
import { PesapalError } from './errors';
import { pesapalHttp } from './http';
import type { PesapalLogger } from './logger';
import { noopPesapalLogger } from './logger';
import { mapTransactionStatus } from './status';
import { TokenCache } from './token-cache';
import type { IpnNotificationMethod, PesapalIpnRegistration, PesapalOrder, PesapalOrderRequest, PesapalToken, PesapalTransactionStatus } from './types';
import type { IpnListEntryWire, PesapalWireEnvelope, RegisterIpnResponse, RequestTokenResponse, SubmitOrderBody, SubmitOrderResponse, TransactionStatusResponse } from './wire';

/** Port the API depends on (docs/architecture.md rule 4); HttpPesapalClient is the real adapter. */
export interface PesapalClient {
  /** A fresh token from RequestToken (normally not needed: the other calls use a cached one). */
  requestToken(): Promise<PesapalToken>;
  registerIpn(url: string, method: IpnNotificationMethod): Promise<PesapalIpnRegistration>;
  getIpnList(): Promise<PesapalIpnRegistration[]>;
  /** Reuses a registered IPN whose URL matches exactly, else registers one (docs/pesapal.md §3). */
  ensureIpn(url: string, method: IpnNotificationMethod): Promise<PesapalIpnRegistration>;
  submitOrder(order: PesapalOrderRequest): Promise<PesapalOrder>;
  getTransactionStatus(orderTrackingId: string): Promise<PesapalTransactionStatus>;
}

/** Injection token for the PesapalClient port. */
export const PESAPAL_CLIENT = Symbol('PESAPAL_CLIENT');

const PATHS = {
  token: '/api/Auth/RequestToken',
  registerIpn: '/api/URLSetup/RegisterIPN',
  ipnList: '/api/URLSetup/GetIpnList',
  submitOrder: '/api/Transactions/SubmitOrderRequest',
  status: '/api/Transactions/GetTransactionStatus',
} as const;

function errorOf(body: unknown): { code?: string; message?: string; status?: string } | null {
  if (!body || typeof body !== 'object' || Array.isArray(body)) return null;
  const env = body as PesapalWireEnvelope;
  const e = env.error;
  const hasError = !!e && typeof e === 'object' && (e.code || e.message || e.error_type || e.type);
  const bad = env.status !== undefined && env.status !== null && String(env.status) !== '200';
  if (!hasError && !bad) return null;
  return { code: e?.code ?? undefined, message: e?.message ?? env.message ?? undefined, status: env.status ?? undefined };
}

function fail(code: PesapalErrorCode, operation: PesapalOperation, e: { code?: string; message?: string; status?: string }, fallback: string): PesapalError {
  return new PesapalError(code, `Pesapal ${operation}: ${e.message || e.code || fallback}`, {
    operation,
    httpStatus: 200,
    pesapalCode: e.code,
    pesapalMessage: e.message,
    pesapalStatus: e.status,
  });
}

function toWireOrder(o: PesapalOrderRequest): SubmitOrderBody {
  if (!Number.isInteger(o.amountMinor)) {
    throw new PesapalError('VALIDATION', 'amountMinor must be an integer number of minor units', { operation: 'submitOrder' });
  }
  const b = o.billingAddress;
  const billing = Object.fromEntries(
    Object.entries({
      email_address: b.emailAddress,
      phone_number: b.phoneNumber,
      country_code: b.countryCode,
      first_name: b.firstName,
      middle_name: b.middleName,
      last_name: b.lastName,
      line_1: b.line1,
      line_2: b.line2,
      city: b.city,
      state: b.state,
      postal_code: b.postalCode,
      zip_code: b.zipCode,
    }).filter(([, v]) => v !== undefined && v !== ''),
  );
  return {
    id: o.merchantReference,
    currency: o.currency,
    amount: o.amountMinor / 100,
    description: o.description,
    callback_url: o.callbackUrl,
    notification_id: o.notificationId,
    billing_address: billing,
    ...(o.redirectMode ? { redirect_mode: o.redirectMode } : {}),
    ...(o.cancellationUrl ? { cancellation_url: o.cancellationUrl } : {}),
    ...(o.branch ? { branch: o.branch } : {}),
    ...(o.accountNumber ? { account_number: o.accountNumber } : {}),
    ...(o.subscriptionDetails ? { subscription_details: { start_date: o.subscriptionDetails.startDate, end_date: o.subscriptionDetails.endDate, frequency: o.subscriptionDetails.frequency } } : {}),
  };
}

/** Pesapal API 3.0 over HTTP (Node fetch), one instance per credential set. */
export class HttpPesapalClient implements PesapalClient {
  private readonly baseUrl: string;
  private readonly timeoutMs: number;
  private readonly logger: PesapalLogger;
  private readonly fetchImpl: typeof fetch;
  private readonly now: () => Date;
  private readonly tokens: TokenCache;
  private readonly consumerKey: string;
  private readonly consumerSecret: string;

  constructor(config: PesapalClientConfig) {
    this.baseUrl = resolveBaseUrl(config.baseUrl);
    this.timeoutMs = config.timeoutMs ?? 15_000;
    this.logger = config.logger ?? noopPesapalLogger;
    this.fetchImpl = config.fetch ?? fetch;
    this.now = config.now ?? (() => new Date());
    // Trailing spaces in pasted keys are a classic cause of invalid_consumer_key_or_secret_provided.
    this.consumerKey = config.consumerKey.trim();
    this.consumerSecret = config.consumerSecret.trim();
    this.tokens = new TokenCache(() => this.requestToken(), {
      now: this.now,
      refreshMarginMs: config.tokenRefreshMarginMs ?? 30_000,
      maxLifetimeMs: config.maxTokenLifetimeMs ?? 5 * 60_000,
    });
  }

  async requestToken(): Promise<PesapalToken> {
    const { json } = await pesapalHttp({
      operation: 'requestToken',
      method: 'POST',
      url: this.baseUrl + PATHS.token,
      body: { consumer_key: this.consumerKey, consumer_secret: this.consumerSecret },
      timeoutMs: this.timeoutMs,
      fetchImpl: this.fetchImpl,
    });
    const body = (json ?? {}) as RequestTokenResponse;
    const e = errorOf(body);
    if (e || !body.token) {
      const err = e ?? { message: 'no token in the answer' };
      const code: PesapalErrorCode = err.code === 'invalid_consumer_key_or_secret_provided' || !body.token ? 'INVALID_CREDENTIALS' : 'UNAVAILABLE';
      this.logger.warn('pesapal: token refused', { baseUrl: this.baseUrl, pesapalCode: err.code });
      throw fail(code, 'requestToken', err, 'token refused');
    }
    const expires = body.expiryDate ? new Date(body.expiryDate) : new Date(NaN);
    const expiresAt = Number.isNaN(expires.getTime()) ? new Date(this.now().getTime() + 5 * 60_000) : expires;
    this.logger.debug('pesapal: token issued', { baseUrl: this.baseUrl, expiresAt: expiresAt.toISOString() });
    return { token: body.token, expiresAt };
  }

  async registerIpn(url: string, method: IpnNotificationMethod): Promise<PesapalIpnRegistration> {
    const body = (await this.authed('registerIpn', 'POST', PATHS.registerIpn, { url, ipn_notification_type: method })) as RegisterIpnResponse;
    this.assertOk('registerIpn', body);
    if (!body.ipn_id) throw fail('UNAVAILABLE', 'registerIpn', {}, 'no ipn_id in the answer');
    return {
      ipnId: body.ipn_id,
      url: body.url,
      createdDate: body.created_date,
      notificationMethod: body.notification_type === 1 || body.ipn_notification_type_description === 'POST' ? 'POST' : 'GET',
      active: body.ipn_status === undefined ? undefined : body.ipn_status === 1,
    };
  }

  async getIpnList(): Promise<PesapalIpnRegistration[]> {
    const body = await this.authed('getIpnList', 'GET', PATHS.ipnList);
    if (body === null) return [];
    if (!Array.isArray(body)) {
      this.assertOk('getIpnList', body);
      throw fail('UNAVAILABLE', 'getIpnList', {}, 'answer is not a list');
    }
    return (body as IpnListEntryWire[]).filter((e) => e && e.ipn_id).map((e) => ({ ipnId: e.ipn_id, url: e.url, createdDate: e.created_date }));
  }

  async ensureIpn(url: string, method: IpnNotificationMethod): Promise<PesapalIpnRegistration> {
    const existing = (await this.getIpnList()).find((i) => i.url === url);
    return existing ?? this.registerIpn(url, method);
  }

  async submitOrder(order: PesapalOrderRequest): Promise<PesapalOrder> {
    const wire = toWireOrder(order);
    const body = (await this.authed('submitOrder', 'POST', PATHS.submitOrder, wire)) as SubmitOrderResponse;
    const e = errorOf(body);
    if (e) throw fail(e.code === 'duplicate_merchant_reference' ? 'DUPLICATE_REFERENCE' : 'VALIDATION', 'submitOrder', e, 'order refused');
    if (!body?.order_tracking_id || !body.redirect_url) throw fail('UNAVAILABLE', 'submitOrder', {}, 'no order_tracking_id or redirect_url in the answer');
    this.logger.debug('pesapal: order submitted', { merchantReference: order.merchantReference, orderTrackingId: body.order_tracking_id });
    return { orderTrackingId: body.order_tracking_id, merchantReference: body.merchant_reference ?? order.merchantReference, redirectUrl: body.redirect_url };
  }

  async getTransactionStatus(orderTrackingId: string): Promise<PesapalTransactionStatus> {
    if (!orderTrackingId.trim()) throw new PesapalError('VALIDATION', 'orderTrackingId is required', { operation: 'getTransactionStatus' });
    const path = `${PATHS.status}?orderTrackingId=${encodeURIComponent(orderTrackingId.trim())}`;
    const body = (await this.authed('getTransactionStatus', 'GET', path)) as TransactionStatusResponse | null;
    if (!body) throw fail('UNAVAILABLE', 'getTransactionStatus', {}, 'empty answer');
    return mapTransactionStatus(body, orderTrackingId.trim());
  }

  private assertOk(operation: PesapalOperation, body: unknown): void {
    const e = errorOf(body);
    if (e) throw fail('VALIDATION', operation, e, 'request refused');
  }

  /** Calls with the cached bearer; on HTTP 401 refreshes the token once and retries once. */
  private async authed(operation: PesapalOperation, method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
    for (let attempt = 1; ; attempt++) {
      const bearer = await this.tokens.get();
      const answer = await pesapalHttp({ operation, method, url: this.baseUrl + path, body, bearer, timeoutMs: this.timeoutMs, fetchImpl: this.fetchImpl });
      if (answer.httpStatus !== 401) return answer.json;
      this.tokens.invalidate(bearer);
      if (attempt >= 2) {
        throw new PesapalError('UNAUTHORIZED', `Pesapal ${operation}: HTTP 401 with a fresh token`, { operation, httpStatus: 401 });
      }
      this.logger.debug('pesapal: token refused with 401, refreshing', { operation });
    }
  }
}
