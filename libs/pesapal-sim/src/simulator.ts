import type { IncomingMessage, Server, ServerResponse } from 'http';
import { createServer } from 'http';
import type { AddressInfo } from 'net';
import { handleApi, matchApiEndpoint } from './api-routes';
import { CONTROL_PREFIX, handleControl, orderView } from './control-routes';
import { HOSTED_PAGE_ACTION_PATH, HOSTED_PAGE_PATH, SimCore } from './core';
import type { SimFault } from './faults';
import { handlePaymentAction, renderPaymentPage } from './hosted-page';
import { sendJson } from './http-util';
import type { PesapalSimLogger } from './logger';
import { noopSimLogger } from './logger';
import type { PaymentOptions } from './store';
import { SimError } from './store';
import type { IpnDeliveryRecord, IpnSettings, PesapalEndpoint, SimIpnRegistration, SimLedgerEntry, SimMerchantCredentials, SimOrder, SimSettings, SimSettingsPatch } from './types';
import { DEFAULT_PESAPAL_MERCHANT } from './types';

export interface PesapalSimulatorOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** Base URL put into `redirect_url` when browsers reach the simulator by another address. */
  publicUrl?: string;
  /** Accepted credential sets (default: DEFAULT_PESAPAL_MERCHANT). */
  merchants?: SimMerchantCredentials[];
  /** Token lifetime (default 5 minutes, as documented). */
  tokenTtlMs?: number;
  /** How long "Pay with M-Pesa" stays pending after the redirect (default 0). */
  mobileMoneyPendingMs?: number;
  ipn?: Partial<IpnSettings>;
  /** Clock for token expiry and timestamps (default: real time). */
  now?: () => Date;
  logger?: PesapalSimLogger;
}

export interface PesapalSimulatorHandle {
  /** `http://host:port`: the base URL for the client (paths start with `/api/...`). */
  readonly url: string;
  readonly port: number;
  readonly hostedPagePath: string;
  readonly hostedPageActionPath: string;
  readonly controlPrefix: string;

  addMerchant(credentials: SimMerchantCredentials): void;
  configure(patch: SimSettingsPatch): SimSettings;
  settings(): SimSettings;

  orders(): SimOrder[];
  order(orderTrackingId: string): SimOrder;
  findOrderByReference(merchantReference: string): SimOrder | undefined;
  /** Settles the payment (ledger entry) and sends the IPN, without the browser. */
  complete(orderTrackingId: string, opts?: PaymentOptions): SimOrder;
  fail(orderTrackingId: string, opts?: PaymentOptions & { description?: string }): SimOrder;
  /** Marks the order abandoned (still reported as pending; no IPN). */
  abandon(orderTrackingId: string): SimOrder;
  /** Reverses a completed payment (status_code 3) and sends the IPN. */
  reverse(orderTrackingId: string): SimOrder;

  ledger(): SimLedgerEntry[];
  /** Sum of settled, non-reversed payments (major units) for a currency. */
  ledgerTotal(currency?: string, consumerKey?: string): number;
  ipnRegistrations(): SimIpnRegistration[];
  ipnDeliveries(): IpnDeliveryRecord[];

  /** Revokes issued tokens now (next API call with them answers 401). */
  expireTokens(consumerKey?: string): number;
  tokensIssued(): number;
  requestCount(endpoint: PesapalEndpoint): number;
  injectFault(fault: SimFault): void;
  clearFaults(): void;

  /** Resolves when no IPN delivery or delayed settlement is pending. */
  idle(): Promise<void>;
  close(): Promise<void>;
}

const DEFAULT_IPN: IpnSettings = { delayMs: 0, duplicates: 0, maxAttempts: 5, retryBackoffMs: 1000, timeoutMs: 5000, drop: false };

async function route(core: SimCore, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const url = new URL(req.url ?? '/', 'http://pesapal-sim.local');
  const path = url.pathname;
  if (path === CONTROL_PREFIX || path.startsWith(`${CONTROL_PREFIX}/`)) return handleControl(core, req, res, url);
  if (path.toLowerCase() === HOSTED_PAGE_PATH.toLowerCase() && req.method === 'GET') return renderPaymentPage(core, url, res);
  if (path.toLowerCase() === HOSTED_PAGE_ACTION_PATH.toLowerCase() && req.method === 'POST') return handlePaymentAction(core, req, res);
  const match = matchApiEndpoint(path);
  if (!match) throw new SimError(404, 'Resource not found');
  if (req.method !== match.method) throw new SimError(405, 'Method not allowed');
  const fault = core.faults.take(match.endpoint);
  if (fault.delayMs > 0 && !(await core.tasks.sleep(fault.delayMs))) return;
  if (fault.errorStatus !== null) {
    res.writeHead(fault.errorStatus, { 'content-type': 'text/plain; charset=utf-8' });
    res.end('Internal Server Error');
    return;
  }
  return handleApi(core, match.endpoint, req, res, url);
}

/** Starts the Pesapal API 3.0 simulator on loopback. */
export async function startPesapalSimulator(options: PesapalSimulatorOptions = {}): Promise<PesapalSimulatorHandle> {
  const host = options.host ?? '127.0.0.1';
  const now = options.now ?? (() => new Date());
  const logger = options.logger ?? noopSimLogger;
  const core = new SimCore({ tokenTtlMs: options.tokenTtlMs ?? 5 * 60_000, mobileMoneyPendingMs: options.mobileMoneyPendingMs ?? 0, ipn: { ...DEFAULT_IPN, ...options.ipn } }, logger, now);
  for (const m of options.merchants ?? [DEFAULT_PESAPAL_MERCHANT]) core.store.addMerchant(m);

  const server: Server = createServer((req, res) => {
    route(core, req, res).catch((err: unknown) => {
      const status = err instanceof SimError ? err.status : 500;
      if (!(err instanceof SimError)) logger.error('pesapal-sim: handler failed', { error: err instanceof Error ? err.message : String(err) });
      if (!res.headersSent) sendJson(res, status, { error: err instanceof Error ? err.message : 'error' });
      else res.destroy();
    });
  });
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  core.baseUrl = (options.publicUrl ?? url).replace(/\/+$/, '');
  logger.debug('pesapal-sim: listening', { url });

  let closed = false;
  return {
    url,
    port,
    hostedPagePath: HOSTED_PAGE_PATH,
    hostedPageActionPath: HOSTED_PAGE_ACTION_PATH,
    controlPrefix: CONTROL_PREFIX,
    addMerchant: (c) => core.store.addMerchant(c),
    configure: (p) => core.configure(p),
    settings: () => core.settings,
    orders: () => [...core.store.orders.values()].map(orderView),
    order: (id) => orderView(core.store.order(id)),
    findOrderByReference: (ref) => {
      const o = [...core.store.orders.values()].find((x) => x.merchantReference === ref);
      return o ? orderView(o) : undefined;
    },
    complete: (id, opts) => orderView(core.complete(id, opts)),
    fail: (id, opts) => orderView(core.fail(id, opts)),
    abandon: (id) => orderView(core.store.abandon(id)),
    reverse: (id) => orderView(core.reverse(id)),
    ledger: () => core.store.ledger.map((e) => ({ ...e })),
    ledgerTotal: (currency, key) => core.store.ledgerTotal(currency, key),
    ipnRegistrations: () => core.store.ipns.map((i) => ({ ...i })),
    ipnDeliveries: () => core.ipn.deliveries.map((d) => ({ ...d })),
    expireTokens: (key) => core.store.expireTokens(key),
    tokensIssued: () => core.store.tokensIssued,
    requestCount: (e) => core.requestCounts[e],
    injectFault: (f) => core.faults.add(f),
    clearFaults: () => core.faults.clear(),
    idle: () => core.tasks.idle(),
    close: async () => {
      if (closed) return;
      closed = true;
      core.tasks.close();
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
    },
  };
}
