import type { IncomingMessage, ServerResponse } from 'http';
import type { SimCore } from './core';
import type { SimFault } from './faults';
import { parseJsonObject, readRawBody, sendJson } from './http-util';
import { SimError } from './store';
import type { SimMerchantCredentials, SimOrder, SimPaymentMethod } from './types';

export const CONTROL_PREFIX = '/__sim';

/** Order as shown by the control API (no merchant secrets; consumer key only). */
export function orderView(o: SimOrder): SimOrder {
  return { ...o, billingAddress: { ...o.billingAddress } };
}

/**
 * JSON control API (not part of Pesapal's protocol), for the sandbox, browser tests and
 * other processes:
 *
 *   GET  /__sim/health
 *   GET  /__sim/orders                          list orders (newest last)
 *   GET  /__sim/orders/:trackingId
 *   POST /__sim/orders/:trackingId/complete     {paymentMethod?, phone?}
 *   POST /__sim/orders/:trackingId/fail         {paymentMethod?, description?}
 *   POST /__sim/orders/:trackingId/reverse
 *   GET  /__sim/ledger?currency=KES             {entries, total}
 *   GET  /__sim/ipn-deliveries
 *   GET  /__sim/ipns
 *   POST /__sim/merchants                       {consumerKey, consumerSecret}
 *   POST /__sim/tokens/expire                   {consumerKey?}
 *   GET  /__sim/settings | PATCH /__sim/settings {tokenTtlMs?, mobileMoneyPendingMs?, ipn?: {...}}
 *   GET  /__sim/faults | POST /__sim/faults {endpoint?, kind, status?, delayMs?, times?} | DELETE /__sim/faults
 */
export async function handleControl(core: SimCore, req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
  const path = url.pathname.slice(CONTROL_PREFIX.length).replace(/\/+$/, '') || '/';
  const method = req.method ?? 'GET';
  const body = method === 'GET' || method === 'DELETE' ? {} : (parseJsonObject(await readRawBody(req)) ?? {});
  const ok = (value: unknown): void => sendJson(res, 200, value);

  if (method === 'GET' && path === '/health') return ok({ ok: true });
  if (method === 'GET' && path === '/orders') return ok([...core.store.orders.values()].map(orderView));
  if (method === 'GET' && path === '/ipns') return ok(core.store.ipns);
  if (method === 'GET' && path === '/ipn-deliveries') return ok(core.ipn.deliveries);
  if (method === 'GET' && path === '/ledger') {
    const currency = url.searchParams.get('currency') ?? 'KES';
    return ok({ entries: core.store.ledger, total: core.store.ledgerTotal(currency), currency });
  }
  if (method === 'POST' && path === '/merchants') {
    const m = body as Partial<SimMerchantCredentials>;
    if (typeof m.consumerKey !== 'string' || typeof m.consumerSecret !== 'string') throw new SimError(400, 'consumerKey and consumerSecret are required');
    core.store.addMerchant({ consumerKey: m.consumerKey, consumerSecret: m.consumerSecret });
    return ok({ consumerKey: m.consumerKey });
  }
  if (method === 'POST' && path === '/tokens/expire') {
    return ok({ expired: core.store.expireTokens(typeof body.consumerKey === 'string' ? body.consumerKey : undefined) });
  }
  if (path === '/settings') {
    if (method === 'GET') return ok(core.settings);
    if (method === 'PATCH' || method === 'POST') return ok(core.configure(body));
  }
  if (path === '/faults') {
    if (method === 'GET') return ok(core.faults.list());
    if (method === 'DELETE') {
      core.faults.clear();
      return ok({ cleared: true });
    }
    if (method === 'POST') {
      const f = body as unknown as SimFault;
      if (f.kind !== 'error' && f.kind !== 'delay') throw new SimError(400, 'kind must be error or delay');
      core.faults.add(f);
      return ok(core.faults.list());
    }
  }
  const m = /^\/orders\/([^/]+)(?:\/(complete|fail|reverse))?$/.exec(path);
  if (m) {
    const id = decodeURIComponent(m[1]);
    if (!m[2] && method === 'GET') return ok(orderView(core.store.order(id)));
    if (m[2] && method === 'POST') {
      const paymentMethod = typeof body.paymentMethod === 'string' ? (body.paymentMethod as SimPaymentMethod) : undefined;
      const phone = typeof body.phone === 'string' ? body.phone : undefined;
      if (m[2] === 'complete') return ok(orderView(core.complete(id, { paymentMethod, phone })));
      if (m[2] === 'fail') return ok(orderView(core.fail(id, { paymentMethod, description: typeof body.description === 'string' ? body.description : undefined })));
      return ok(orderView(core.reverse(id)));
    }
  }
  throw new SimError(404, `no control route ${method} ${url.pathname}`);
}
