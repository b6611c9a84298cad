import type { IncomingMessage, ServerResponse } from 'http';
import type { SimCore } from './core';
import { parseJsonObject, readRawBody, sendEmpty, sendJson } from './http-util';
import { validateOrderRequest } from './order-validation';
import type { PesapalEndpoint } from './types';
import { apiError, ipnListEntry, ipnRegistrationBody, transactionStatusBody, unknownOrderStatusBody } from './wire';

const ENDPOINTS: Record<string, { endpoint: PesapalEndpoint; method: 'GET' | 'POST' }> = {
  '/api/auth/requesttoken': { endpoint: 'RequestToken', method: 'POST' },
  '/api/urlsetup/registeripn': { endpoint: 'RegisterIPN', method: 'POST' },
  '/api/urlsetup/getipnlist': { endpoint: 'GetIpnList', method: 'GET' },
  '/api/transactions/submitorderrequest': { endpoint: 'SubmitOrderRequest', method: 'POST' },
  '/api/transactions/gettransactionstatus': { endpoint: 'GetTransactionStatus', method: 'GET' },
};

export function matchApiEndpoint(pathname: string): { endpoint: PesapalEndpoint; method: 'GET' | 'POST' } | undefined {
  return ENDPOINTS[pathname.toLowerCase().replace(/\/+$/, '')];
}

function bearerMerchant(core: SimCore, req: IncomingMessage): string | null {
  const header = req.headers.authorization ?? '';
  const m = /^Bearer\s+(\S+)$/i.exec(header.trim());
  return m ? core.store.merchantForToken(m[1]) : null;
}

function queryParam(url: URL, name: string): string | undefined {
  for (const [k, v] of url.searchParams) if (k.toLowerCase() === name.toLowerCase()) return v;
  return undefined;
}

/** Pesapal API 3.0 endpoints. Logical errors answer HTTP 200 with an error body; bad bearer answers 401. */
export async function handleApi(core: SimCore, endpoint: PesapalEndpoint, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  core.requestCounts[endpoint]++;
  const body = req.method === 'POST' ? parseJsonObject(await readRawBody(req)) : null;

  if (endpoint === 'RequestToken') {
    const key = body?.consumer_key;
    const secret = body?.consumer_secret;
    if (!core.store.checkCredentials(key, secret)) {
      core.logger.debug('pesapal-sim: token refused (bad credentials)');
      sendJson(res, 200, { token: null, error: apiError('invalid_consumer_key_or_secret_provided', ''), status: '500' });
      return;
    }
    const issued = core.store.issueToken(key as string, core.settings.tokenTtlMs);
    sendJson(res, 200, { token: issued.token, expiryDate: issued.expiryDate, error: null, status: '200', message: 'Request processed successfully' });
    return;
  }

  const merchant = bearerMerchant(core, req);
  if (!merchant) {
    sendEmpty(res, 401);
    return;
  }

  switch (endpoint) {
    case 'RegisterIPN': {
      const ipnUrl = typeof body?.url === 'string' ? body.url.trim() : '';
      let valid = false;
      try {
        const u = new URL(ipnUrl);
        valid = (u.protocol === 'http:' || u.protocol === 'https:') && !/\s/.test(ipnUrl);
      } catch {
        valid = false;
      }
      if (!valid) {
        sendJson(res, 200, { error: apiError('invalid_ipn_url', 'url must be a valid absolute URL'), status: '500' });
        return;
      }
      const type = typeof body?.ipn_notification_type === 'string' ? body.ipn_notification_type.trim().toUpperCase() : '';
      if (type !== 'GET' && type !== 'POST') {
        sendJson(res, 200, { error: apiError('invalid_ipn_notification_type', 'ipn_notification_type must be GET or POST'), status: '500' });
        return;
      }
      sendJson(res, 200, ipnRegistrationBody(core.store.registerIpn(merchant, ipnUrl, type)));
      return;
    }
    case 'GetIpnList':
      sendJson(res, 200, core.store.ipns.filter((i) => i.consumerKey === merchant).map(ipnListEntry));
      return;
    case 'SubmitOrderRequest': {
      const v = validateOrderRequest(body);
      const reference = typeof body?.id === 'string' ? body.id : null;
      const refuse = (code: string, message: string): void =>
        sendJson(res, 200, { order_tracking_id: null, merchant_reference: reference, redirect_url: null, error: apiError(code, message), status: '500' });
      if (!v.ok) return refuse(v.error.code, v.error.message);
      if (!core.store.ipnFor(merchant, v.order.notificationId)) return refuse('invalid_notification_id', 'notification_id is not a registered IPN id');
      if (core.store.hasReference(merchant, v.order.id)) return refuse('duplicate_merchant_reference', 'A request with this merchant reference already exists');
      const o = v.order;
      const order = core.store.addOrder(
        {
          merchantReference: o.id,
          consumerKey: merchant,
          amount: o.amount,
          currency: o.currency,
          description: o.description,
          callbackUrl: o.callbackUrl,
          ...(o.cancellationUrl ? { cancellationUrl: o.cancellationUrl } : {}),
          notificationId: o.notificationId,
          billingAddress: o.billingAddress,
          ...(o.accountNumber ? { accountNumber: o.accountNumber } : {}),
          ...(o.subscriptionDetails ? { subscriptionDetails: o.subscriptionDetails } : {}),
          ...(o.branch ? { branch: o.branch } : {}),
        },
        (id) => core.hostedPageUrl(id),
      );
      sendJson(res, 200, { order_tracking_id: order.orderTrackingId, merchant_reference: order.merchantReference, redirect_url: order.redirectUrl, error: null, status: '200' });
      return;
    }
    case 'GetTransactionStatus': {
      const id = queryParam(url, 'orderTrackingId') ?? '';
      const order = id ? (core.store.orders.get(id) ?? [...core.store.orders.values()].find((x) => x.orderTrackingId.toLowerCase() === id.toLowerCase())) : undefined;
      if (!order || order.consumerKey !== merchant) {
        sendJson(res, 200, unknownOrderStatusBody(id));
        return;
      }
      sendJson(res, 200, transactionStatusBody(order));
      return;
    }
  }
}
