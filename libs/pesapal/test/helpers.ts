import type { IncomingMessage, Server, ServerResponse } from 'http';
import { createServer } from 'http';
import type { AddressInfo } from 'net';
import type { PesapalSimulatorHandle, PesapalSimulatorOptions } from '@wavu/pesapal-sim';
import { DEFAULT_PESAPAL_MERCHANT, startPesapalSimulator } from '@wavu/pesapal-sim';
import type { PesapalClientConfig, PesapalOrderRequest } from '../src';
import { HttpPesapalClient } from '../src';

export async function startSim(options: PesapalSimulatorOptions = {}): Promise<PesapalSimulatorHandle> {
  return startPesapalSimulator({ ...options, ipn: { retryBackoffMs: 10, timeoutMs: 1000, ...options.ipn } });
}

export function clientFor(sim: PesapalSimulatorHandle, overrides: Partial<PesapalClientConfig> = {}): HttpPesapalClient {
  return new HttpPesapalClient({
    baseUrl: sim.url,
    consumerKey: DEFAULT_PESAPAL_MERCHANT.consumerKey,
    consumerSecret: DEFAULT_PESAPAL_MERCHANT.consumerSecret,
    timeoutMs: 2000,
    ...overrides,
  });
}

let refCounter = 0;
export function orderRequest(notificationId: string, overrides: Partial<PesapalOrderRequest> = {}): PesapalOrderRequest {
  refCounter++;
  return {
    merchantReference: `SUB-test-${Date.now().toString(36)}-${refCounter}`,
    currency: 'KES',
    amountMinor: 250_000,
    description: 'Wavu Pro plan, 1 month',
    callbackUrl: 'https://platform.example/dashboard/subscription/return',
    notificationId,
    billingAddress: { emailAddress: 'owner@provider.example', phoneNumber: '254712345678', countryCode: 'KE', firstName: 'Amina' },
    ...overrides,
  };
}

export interface ReceivedRequest {
  method: string;
  url: URL;
  headers: IncomingMessage['headers'];
  body: string;
}

/** A small HTTP server standing in for our IPN route; `answer` decides each response. */
export interface Receiver {
  url: string;
  received: ReceivedRequest[];
  answer: (req: ReceivedRequest, index: number) => { status: number; body: string; contentType?: string };
  close(): Promise<void>;
}

export async function startReceiver(answer?: Receiver['answer']): Promise<Receiver> {
  const receiver: Receiver = {
    url: '',
    received: [],
    answer: answer ?? (() => ({ status: 200, body: '{}' })),
    close: async () => undefined,
  };
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r: ReceivedRequest = { method: req.method ?? '', url: new URL(req.url ?? '/', 'http://receiver.local'), headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      const index = receiver.received.length;
      receiver.received.push(r);
      const a = receiver.answer(r, index);
      res.writeHead(a.status, { 'content-type': a.contentType ?? 'application/json' });
      res.end(a.body);
    });
  });
  server.keepAliveTimeout = 100;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  receiver.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/billing/pesapal/ipn`;
  receiver.close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  return receiver;
}

/** Plain-HTTP stand-in for a browser on the hosted page: GET the page, POST the form, return the redirect. */
export async function payOnHostedPage(redirectUrl: string, action: 'mpesa' | 'card' | 'decline' | 'cancel', phone?: string): Promise<{ page: string; status: number; location: string | null }> {
  const pageRes = await fetch(redirectUrl);
  const page = await pageRes.text();
  const formAction = /<form method="post" action="([^"]+)"/.exec(page)?.[1];
  const trackingId = /name="OrderTrackingId" value="([^"]+)"/.exec(page)?.[1];
  if (!formAction || !trackingId) throw new Error(`no payment form on the page (HTTP ${pageRes.status})`);
  const form = new URLSearchParams({ OrderTrackingId: trackingId, action });
  if (phone) form.set('phone', phone);
  const res = await fetch(new URL(formAction, redirectUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: form.toString(),
    redirect: 'manual',
  });
  await res.text();
  return { page, status: res.status, location: res.headers.get('location') };
}
