import { PesapalError } from './errors';
import type { PesapalIpnAcknowledgement, PesapalNotification } from './types';

/** Query objects as frameworks give them (`req.query`), or URLSearchParams. */
export type QueryLike = URLSearchParams | Record<string, unknown>;

function first(v: unknown): string | undefined {
  if (Array.isArray(v)) return first(v[0]);
  return typeof v === 'string' && v.trim() !== '' ? v.trim() : undefined;
}

/** Case-insensitive key lookup (Pesapal sends PascalCase; some proxies and docs use camelCase). */
function pick(source: QueryLike, key: string): string | undefined {
  const wanted = key.toLowerCase();
  if (source instanceof URLSearchParams) {
    for (const [k, v] of source) if (k.toLowerCase() === wanted) return first(v);
    return undefined;
  }
  for (const [k, v] of Object.entries(source)) if (k.toLowerCase() === wanted) return first(v);
  return undefined;
}

function parse(source: QueryLike, defaultType: string | undefined, what: string): PesapalNotification {
  const orderTrackingId = pick(source, 'OrderTrackingId');
  const merchantReference = pick(source, 'OrderMerchantReference');
  const notificationType = pick(source, 'OrderNotificationType') ?? defaultType;
  if (!orderTrackingId || !merchantReference || !notificationType) {
    throw new PesapalError('VALIDATION', `${what} lacks OrderTrackingId, OrderMerchantReference or OrderNotificationType`, { operation: 'parseNotification' });
  }
  return { orderTrackingId, merchantReference, notificationType };
}

/** IPN registered as GET: `?OrderTrackingId=…&OrderMerchantReference=…&OrderNotificationType=IPNCHANGE`. */
export function parseIpnQuery(query: QueryLike): PesapalNotification {
  return parse(query, undefined, 'IPN query');
}

/** IPN registered as POST: JSON body with the same keys (PascalCase or camelCase). */
export function parseIpnBody(body: unknown): PesapalNotification {
  if (typeof body === 'string') {
    try {
      return parseIpnBody(JSON.parse(body) as unknown);
    } catch (err) {
      if (err instanceof PesapalError) throw err;
      throw new PesapalError('VALIDATION', 'IPN body is not JSON', { operation: 'parseNotification', cause: err });
    }
  }
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new PesapalError('VALIDATION', 'IPN body is not a JSON object', { operation: 'parseNotification' });
  }
  return parse(body as Record<string, unknown>, undefined, 'IPN body');
}

/** Either method: the body when it carries the fields, else the query. */
export function parseIpnRequest(req: { method?: string; query?: QueryLike; body?: unknown }): PesapalNotification {
  if ((req.method ?? 'GET').toUpperCase() === 'POST' && req.body !== undefined && req.body !== null && req.body !== '') {
    try {
      return parseIpnBody(req.body);
    } catch (err) {
      if (!req.query) throw err;
    }
  }
  return parseIpnQuery(req.query ?? {});
}

/** The browser return to callback_url; `OrderNotificationType` may be missing and defaults to CALLBACKURL. */
export function parseCallbackQuery(query: QueryLike): PesapalNotification {
  return parse(query, 'CALLBACKURL', 'Callback query');
}

/**
 * The exact JSON the IPN receiver must answer (HTTP 200, `application/json`):
 * `{orderNotificationType, orderTrackingId, orderMerchantReference, status}` with the values as
 * received; status 200 = received and processed, 500 = failed (Pesapal resends).
 */
export function ipnAcknowledgement(notification: PesapalNotification, processed = true): PesapalIpnAcknowledgement {
  return {
    orderNotificationType: notification.notificationType,
    orderTrackingId: notification.orderTrackingId,
    orderMerchantReference: notification.merchantReference,
    status: processed ? 200 : 500,
  };
}
