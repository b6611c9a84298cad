import type { IncomingMessage, ServerResponse } from 'http';
import type { SimCore } from './core';
import { HOSTED_PAGE_ACTION_PATH } from './core';
import { escapeHtml } from './formats';
import { readRawBody, redirect, sendHtml } from './http-util';
import type { SimOrder } from './types';

/** Form field `action` values the hosted page posts (one submit button each). */
export type HostedPageAction = 'mpesa' | 'card' | 'decline' | 'cancel';

const ACTIONS: HostedPageAction[] = ['mpesa', 'card', 'decline', 'cancel'];

function layout(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${escapeHtml(title)}</title>
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem;color:#1f2937}h1{font-size:1.25rem}.card{border:1px solid #d1d5db;border-radius:.5rem;padding:1rem;margin:1rem 0}dl{display:grid;grid-template-columns:auto 1fr;gap:.25rem 1rem}dt{color:#6b7280}button{display:block;width:100%;margin:.5rem 0;padding:.6rem;font-size:1rem;border-radius:.375rem;border:1px solid #9ca3af;background:#f9fafb;cursor:pointer}button.primary{background:#16a34a;color:#fff;border-color:#15803d}label{display:block;margin:.5rem 0 .25rem}input{width:100%;padding:.5rem;box-sizing:border-box}</style></head>
<body><p><strong>Pesapal</strong> <small>(simulator)</small></p>${body}</body></html>`;
}

function orderSummary(o: SimOrder): string {
  return `<dl><dt>Merchant reference</dt><dd data-testid="merchant-reference">${escapeHtml(o.merchantReference)}</dd>
<dt>Description</dt><dd>${escapeHtml(o.description)}</dd>
<dt>Amount</dt><dd data-testid="amount">${escapeHtml(o.currency)} ${o.amount.toFixed(2)}</dd></dl>`;
}

/** The return URL with the documented query parameters (B4). */
export function callbackRedirectUrl(o: SimOrder): string {
  const url = new URL(o.callbackUrl);
  url.searchParams.set('OrderTrackingId', o.orderTrackingId);
  url.searchParams.set('OrderMerchantReference', o.merchantReference);
  url.searchParams.set('OrderNotificationType', 'CALLBACKURL');
  return url.toString();
}

function findOrder(core: SimCore, id: string | null): SimOrder | undefined {
  if (!id) return undefined;
  return core.store.orders.get(id) ?? [...core.store.orders.values()].find((o) => o.orderTrackingId.toLowerCase() === id.toLowerCase());
}

function trackingIdFrom(params: URLSearchParams): string | null {
  for (const [k, v] of params) if (k.toLowerCase() === 'ordertrackingid') return v;
  return null;
}

export function renderPaymentPage(core: SimCore, url: URL, res: ServerResponse): void {
  const o = findOrder(core, trackingIdFrom(url.searchParams));
  if (!o) {
    sendHtml(res, 404, layout('Order not found', '<h1>Order not found</h1><p>This payment link is not valid.</p>'));
    return;
  }
  if (o.state !== 'pending' && o.state !== 'abandoned') {
    const done = `<h1>Payment ${escapeHtml(o.state)}</h1><div class="card">${orderSummary(o)}</div><p><a data-testid="return-link" href="${escapeHtml(callbackRedirectUrl(o))}">Return to merchant</a></p>`;
    sendHtml(res, 200, layout('Payment status', done));
    return;
  }
  const phone = o.billingAddress.phone_number ?? '';
  const body = `<h1>Complete your payment</h1><div class="card">${orderSummary(o)}</div>
<form method="post" action="${HOSTED_PAGE_ACTION_PATH}">
<input type="hidden" name="OrderTrackingId" value="${escapeHtml(o.orderTrackingId)}">
<label for="phone">M-Pesa phone number</label><input id="phone" name="phone" inputmode="tel" value="${escapeHtml(phone)}" placeholder="2547XXXXXXXX">
<button class="primary" type="submit" name="action" value="mpesa" data-testid="pay-mpesa">Pay with M-Pesa</button>
<button type="submit" name="action" value="card" data-testid="pay-card">Pay with card (Visa)</button>
<button type="submit" name="action" value="decline" data-testid="card-declined">Card declined</button>
<button type="submit" name="action" value="cancel" data-testid="cancel">Cancel</button>
</form>`;
  sendHtml(res, 200, layout(`Pay ${o.currency} ${o.amount.toFixed(2)}`, body));
}

/** Handles the page's form post, changes the order and redirects the browser back (302). */
export async function handlePaymentAction(core: SimCore, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const form = new URLSearchParams(await readRawBody(req));
  const o = findOrder(core, trackingIdFrom(form));
  const action = form.get('action') as HostedPageAction | null;
  if (!o || !action || !ACTIONS.includes(action)) {
    sendHtml(res, 400, layout('Bad request', '<h1>Invalid payment request</h1>'));
    return;
  }
  if (o.state !== 'pending' && o.state !== 'abandoned') {
    sendHtml(res, 409, layout('Already processed', `<h1>This order is already ${escapeHtml(o.state)}</h1><p><a href="${escapeHtml(callbackRedirectUrl(o))}">Return to merchant</a></p>`));
    return;
  }
  const phone = form.get('phone')?.trim() || undefined;
  switch (action) {
    case 'mpesa':
      core.payWithMobileMoney(o.orderTrackingId, phone);
      break;
    case 'card':
      core.complete(o.orderTrackingId, { paymentMethod: 'Visa' });
      break;
    case 'decline':
      core.fail(o.orderTrackingId, { paymentMethod: 'Visa' });
      break;
    case 'cancel':
      core.store.abandon(o.orderTrackingId);
      redirect(res, o.cancellationUrl ?? callbackRedirectUrl(o));
      return;
  }
  redirect(res, callbackRedirectUrl(o));
}
