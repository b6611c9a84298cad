import type { Server } from 'http';
import { createServer } from 'http';
import type { AddressInfo, Socket } from 'net';
import type { RegisteredApp } from './apps';
import { appInfo, normaliseApp, TokenStore } from './apps';
import type { C2bPayment } from './c2b';
import { runC2bPayment, validateRegistration } from './c2b';
import { CallbackDispatcher, DEFAULT_CALLBACK_SETTINGS } from './callbacks';
import { FaultQueue } from './faults';
import { DarajaFailure, invalid, invalidToken, merchantFailure, noProduct } from './http-util';
import { IdFactory } from './ids';
import { SettledLedger } from './ledger';
import type { SimLogger } from './logger';
import { maskPhone, silentLogger } from './logger';
import { decide, DEFAULT_PHONE_SETTINGS } from './phone';
import { actionResultCode, describeAction, resultDesc } from './result-codes';
import type { AccountItem } from './pull';
import { byTime, checkPullSettings, DEFAULT_PULL_SETTINGS, pullRow, statementCsv } from './pull';
import { handleRequest } from './routes';
import { Scheduler } from './scheduler';
import type { ValidationOptions } from './stk-validate';
import { asText, MSISDN_RE, validateStkPush, validateStkQuery, validUrl } from './stk-validate';
import { eatTimestamp, parseEatDateTime } from './time';
import type {
  C2bPaymentInput,
  C2bPaymentOutcome,
  C2bRegistration,
  CallbackDelivery,
  CallbackSettings,
  FaultSpec,
  LedgerSnapshot,
  PhoneAction,
  PhoneRule,
  PhoneSettings,
  PullQueryRecord,
  PullRegistration,
  PullSettings,
  PushStatus,
  QuerySettings,
  SettlementSweep,
  SettlementSweepInput,
  SimAppConfig,
  SimPush,
  StatementRequest,
} from './types';

/** Pull reaches back 48 hours and one query covers at most 48 hours. */
const PULL_WINDOW_MS = 48 * 60 * 60 * 1000;
const NO_PULL_RECORDS = 'No records found or Organization Name not available';

export interface DarajaSimulatorOptions {
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Merchant apps known from the start. */
  apps?: SimAppConfig[];
  logger?: SimLogger;
  /** Access-token lifetime. Default 3600 s (`expires_in` says "3599"). */
  tokenTtlMs?: number;
  /** A new token invalidates the app's previous one (docs FAQ). Default true. */
  strictTokenRotation?: boolean;
  phone?: Partial<PhoneSettings>;
  callbacks?: Partial<CallbackSettings>;
  query?: Partial<QuerySettings>;
  /** Pull Transactions behaviour (paging meaning, nesting, key spelling, trxDate zone…). */
  pull?: Partial<PullSettings>;
  /** One open prompt per phone: a second push answers 500.001.1001 "Unable to lock subscriber". Default true. */
  lockSubscriber?: boolean;
  /** Reject STK timestamps further than this from now. Default null (no check). */
  timestampSkewMs?: number | null;
  /** ResultCode for a paybill/till party mismatch. Default 2028. */
  partyMismatchCode?: 2028 | 'SFC_IC0003';
  /** How long C2B waits for the validation answer. Default 8000. */
  c2bValidationTimeoutMs?: number;
  /** A completed STK payment to a paybill with registered C2B URLs also fires a C2B confirmation (same TransID). Default false. */
  stkAlsoFiresC2B?: boolean;
  /** Seed of the pseudo-random generator used for probabilistic callback loss. Default 1. */
  seed?: number;
}

export interface PushFilter {
  status?: PushStatus;
  phoneNumber?: string;
  shortcode?: string;
}

/** Daraja (M-Pesa) simulator: the vendor API over HTTP plus a control API and a phone page. */
export class DarajaSimulator {
  readonly logger: SimLogger;
  readonly phone: PhoneSettings;
  readonly callbackSettings: CallbackSettings;
  readonly querySettings: QuerySettings;
  readonly pullSettings: PullSettings;
  readonly faults = new FaultQueue();
  readonly ids = new IdFactory();
  lockSubscriber: boolean;
  stkAlsoFiresC2B: boolean;
  c2bValidationTimeoutMs: number;

  private readonly apps = new Map<string, RegisteredApp>();
  private readonly tokens: TokenStore;
  private readonly pushes = new Map<string, SimPush>();
  private readonly pushCallbacks = new Map<string, Partial<CallbackSettings>>();
  private readonly pushTimers = new Map<string, NodeJS.Timeout | null>();
  private readonly registrations = new Map<string, C2bRegistration>();
  private readonly c2bOutcomes: C2bPaymentOutcome[] = [];
  private readonly ledgerStore = new SettledLedger();
  private readonly scheduler = new Scheduler();
  private readonly dispatcher: CallbackDispatcher;
  private readonly validation: ValidationOptions;
  private readonly queryCounts = new Map<string, { second: number; count: number }>();
  private readonly initialPull: PullSettings;
  private readonly pullRegs = new Map<string, PullRegistration>();
  private readonly pullLog: PullQueryRecord[] = [];
  private readonly sweeps: SettlementSweep[] = [];
  private lastStamp = 0;
  private readonly sockets = new Set<Socket>();
  private server: Server | null = null;
  private boundPort = 0;
  private host: string;
  private randomState: number;

  constructor(private readonly options: DarajaSimulatorOptions = {}) {
    this.logger = options.logger ?? silentLogger;
    this.host = options.host ?? '127.0.0.1';
    this.tokens = new TokenStore(options.tokenTtlMs ?? 3_600_000, options.strictTokenRotation ?? true);
    this.phone = { ...DEFAULT_PHONE_SETTINGS, ...options.phone, rules: [...(options.phone?.rules ?? [])] };
    this.callbackSettings = { ...DEFAULT_CALLBACK_SETTINGS, ...options.callbacks };
    this.querySettings = { pendingStyle: 'classic', contradictsCallback: false, rateLimitPerSecond: null, ...options.query };
    this.initialPull = { ...DEFAULT_PULL_SETTINGS, ...checkPullSettings({ ...options.pull }) };
    this.pullSettings = { ...this.initialPull };
    this.lockSubscriber = options.lockSubscriber ?? true;
    this.stkAlsoFiresC2B = options.stkAlsoFiresC2B ?? false;
    this.c2bValidationTimeoutMs = options.c2bValidationTimeoutMs ?? 8000;
    this.validation = { timestampSkewMs: options.timestampSkewMs ?? null, partyMismatchCode: options.partyMismatchCode ?? 2028 };
    this.randomState = (options.seed ?? 1) >>> 0 || 1;
    this.dispatcher = new CallbackDispatcher(this.scheduler, this.logger, () => this.random());
    for (const app of options.apps ?? []) this.registerApp(app);
  }

  // ---------- lifecycle ----------

  async listen(): Promise<this> {
    if (this.server) return this;
    const server = createServer((req, res) => void handleRequest(this, req, res));
    server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port ?? 0, this.host, () => resolve());
    });
    this.server = server;
    this.boundPort = (server.address() as AddressInfo).port;
    this.logger.debug('daraja simulator listening', { url: this.url });
    return this;
  }

  get port(): number {
    return this.boundPort;
  }

  /** Base URL to give the Daraja client (instead of https://sandbox.safaricom.co.ke). */
  get url(): string {
    return `http://${this.host}:${this.boundPort}`;
  }

  /** URL of the simulated customer's phone page. */
  get phoneUrl(): string {
    return `${this.url}/sim/phone`;
  }

  /** Stops the server, cancels pending timers and callbacks. */
  async close(): Promise<void> {
    this.scheduler.close();
    const server = this.server;
    this.server = null;
    if (!server) return;
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Resolves when every scheduled decision, callback and C2B exchange has finished. */
  idle(): Promise<void> {
    return this.scheduler.idle();
  }

  /** Forgets pushes, tokens, registrations (C2B and Pull), ledger, sweeps, deliveries, rules, faults and the Pull log; Pull settings return to their start values; apps stay registered. */
  reset(): void {
    for (const t of this.pushTimers.values()) this.scheduler.cancel(t);
    this.pushTimers.clear();
    this.pushes.clear();
    this.pushCallbacks.clear();
    this.registrations.clear();
    this.c2bOutcomes.length = 0;
    this.ledgerStore.clear();
    this.dispatcher.deliveries.length = 0;
    this.phone.rules.length = 0;
    this.faults.clear();
    this.tokens.invalidate();
    this.pullRegs.clear();
    this.pullLog.length = 0;
    this.sweeps.length = 0;
    Object.assign(this.pullSettings, this.initialPull);
    for (const app of this.apps.values()) app.balance = app.openingBalance;
  }

  // ---------- apps and tokens ----------

  registerApp(config: SimAppConfig): void {
    const app = normaliseApp(config);
    this.apps.set(app.consumerKey, app);
  }

  removeApp(consumerKey: string): boolean {
    this.tokens.invalidate(consumerKey);
    return this.apps.delete(consumerKey);
  }

  listApps(): Record<string, unknown>[] {
    return [...this.apps.values()].map(appInfo);
  }

  /** Invalidates live tokens (all apps, or one): the next API call answers 404.001.03. */
  invalidateTokens(consumerKey?: string): number {
    return this.tokens.invalidate(consumerKey);
  }

  /** Makes live tokens expire after ms (all apps, or one). */
  expireTokensIn(ms: number, consumerKey?: string): void {
    this.tokens.expireIn(ms, consumerKey);
  }

  /** Lifetime of tokens issued from now on. */
  setTokenTtl(ms: number): void {
    this.tokens.ttlMs = ms;
  }

  /** OAuth: returns the token body or throws the Daraja error. */
  issueToken(authorization: string | undefined, grantType: string | null): { access_token: string; expires_in: string } {
    if (grantType !== 'client_credentials') throw new DarajaFailure(400, '400.008.02', 'Invalid grant type passed');
    const badAuth = new DarajaFailure(400, '400.008.01', 'Invalid Authentication passed');
    const m = /^Basic ([A-Za-z0-9+/=]+)$/.exec((authorization ?? '').trim());
    if (!m) throw badAuth;
    const decoded = Buffer.from(m[1], 'base64').toString('utf8');
    const sep = decoded.indexOf(':');
    if (sep < 0) throw badAuth;
    const app = this.apps.get(decoded.slice(0, sep));
    if (!app || app.consumerSecret !== decoded.slice(sep + 1)) throw badAuth;
    const token = this.ids.accessToken();
    this.tokens.issue(app.consumerKey, token);
    this.logger.debug('token issued', { consumerKey: app.consumerKey });
    return { access_token: token, expires_in: String(Math.max(1, Math.floor(this.tokens.ttlMs / 1000) - 1)) };
  }

  /** Resolves a Bearer header to its app; throws 404.001.03 for a missing/unknown/expired token. */
  authenticate(authorization: string | undefined): RegisteredApp {
    const m = /^Bearer (\S+)$/.exec((authorization ?? '').trim());
    const key = m ? this.tokens.resolve(m[1]) : null;
    const app = key ? this.apps.get(key) : undefined;
    if (!app) throw invalidToken();
    return app;
  }

  // ---------- STK ----------

  createPush(app: RegisteredApp, body: Record<string, unknown>): Record<string, string> {
    if (!app.stkProduct) throw noProduct();
    const v = validateStkPush(body, app, this.validation);
    if (this.lockSubscriber && [...this.pushes.values()].some((p) => p.status === 'pending' && p.phoneNumber === v.phoneNumber)) {
      throw merchantFailure('Unable to lock subscriber, a transaction is already in process for the current subscriber');
    }
    const decision = v.forcedResult !== null ? { action: { resultCode: v.forcedResult } as PhoneAction, delayMs: this.phone.decisionDelayMs, callback: {} } : decide(this.phone, v);
    const push: SimPush = {
      checkoutRequestId: this.ids.checkoutRequestId(v.phoneNumber),
      merchantRequestId: this.ids.merchantRequestId(),
      consumerKey: app.consumerKey,
      shortcode: v.shortcode,
      transactionType: v.transactionType,
      amount: v.amount,
      phoneNumber: v.phoneNumber,
      partyA: v.partyA,
      partyB: v.partyB,
      callbackUrl: v.callbackUrl,
      accountReference: v.accountReference,
      transactionDesc: v.transactionDesc,
      createdAt: new Date().toISOString(),
      status: 'pending',
      plannedAction: describeAction(decision.action),
      resultCode: null,
      resultDesc: null,
      receipt: null,
      transactionDate: null,
      decidedAt: null,
    };
    this.pushes.set(push.checkoutRequestId, push);
    this.pushCallbacks.set(push.checkoutRequestId, decision.callback);
    this.logger.debug('stk push accepted', { checkoutRequestId: push.checkoutRequestId, phone: maskPhone(push.phoneNumber), amount: push.amount, action: push.plannedAction });
    const action = decision.action;
    if (action === 'manual') {
      this.pushTimers.set(
        push.checkoutRequestId,
        this.scheduler.after(this.phone.manualTimeoutMs, () => void this.settle(push.checkoutRequestId, 1037), true),
      );
    } else if (action !== 'never') {
      const code = actionResultCode(action);
      const desc = typeof action === 'object' ? action.resultDesc : undefined;
      if (code !== null)
        this.pushTimers.set(
          push.checkoutRequestId,
          this.scheduler.after(decision.delayMs, () => void this.settle(push.checkoutRequestId, code, desc)),
        );
    }
    return {
      MerchantRequestID: push.merchantRequestId,
      CheckoutRequestID: push.checkoutRequestId,
      ResponseCode: '0',
      ResponseDescription: 'Success. Request accepted for processing',
      CustomerMessage: 'Success. Request accepted for processing',
    };
  }

  queryPush(app: RegisteredApp, body: Record<string, unknown>): { status: number; body: Record<string, string> } {
    if (!app.stkProduct) throw noProduct();
    const limit = this.querySettings.rateLimitPerSecond;
    if (limit !== null) {
      const second = Math.floor(Date.now() / 1000);
      const c = this.queryCounts.get(app.consumerKey);
      const counter = c && c.second === second ? c : { second, count: 0 };
      counter.count++;
      this.queryCounts.set(app.consumerKey, counter);
      if (counter.count > limit) throw new DarajaFailure(500, '500.003.02', 'Error Occurred: Spike Arrest Violation');
    }
    const id = validateStkQuery(body, app, this.validation);
    const push = this.pushes.get(id);
    if (!push || push.consumerKey !== app.consumerKey) throw invalid('CheckoutRequestID');
    if (push.status === 'pending') {
      if (this.querySettings.pendingStyle === 'classic') {
        throw new DarajaFailure(500, '500.001.1001', 'The transaction is being processed', push.checkoutRequestId);
      }
      return { status: 200, body: this.queryBody(push, '4999', 'The transaction is still under processing') };
    }
    let code = String(push.resultCode);
    let desc = push.resultDesc ?? resultDesc(code);
    if (code === '0' && this.querySettings.contradictsCallback) {
      code = '1032';
      desc = resultDesc(1032);
    }
    return { status: 200, body: this.queryBody(push, code, desc) };
  }

  private queryBody(push: SimPush, code: string, desc: string): Record<string, string> {
    return {
      ResponseCode: '0',
      ResponseDescription: 'The service request has been accepted successsfully',
      MerchantRequestID: push.merchantRequestId,
      CheckoutRequestID: push.checkoutRequestId,
      ResultCode: code,
      ResultDesc: desc,
    };
  }

  /** Ends a pending push with a ResultCode and sends its callback(s). Returns false if not pending. */
  private settle(checkoutRequestId: string, code: number | string, desc?: string): boolean {
    const push = this.pushes.get(checkoutRequestId);
    if (!push || push.status !== 'pending') return false;
    this.scheduler.cancel(this.pushTimers.get(checkoutRequestId) ?? null);
    this.pushTimers.delete(checkoutRequestId);
    const app = this.apps.get(push.consumerKey);
    push.resultCode = code;
    push.resultDesc = desc ?? resultDesc(code);
    push.decidedAt = this.stamp();
    const stkCallback: Record<string, unknown> = {
      MerchantRequestID: push.merchantRequestId,
      CheckoutRequestID: push.checkoutRequestId,
      ResultCode: code,
      ResultDesc: push.resultDesc,
    };
    if (code === 0) {
      push.status = 'completed';
      push.receipt = this.ids.receipt();
      push.transactionDate = eatTimestamp();
      if (app) app.balance += push.amount;
      // a till's money lands on the till (PartyB), not on its store/HO BusinessShortCode
      this.ledgerStore.add({
        kind: 'stk',
        receipt: push.receipt,
        amount: push.amount,
        shortcode: push.transactionType === 'CustomerBuyGoodsOnline' ? push.partyB : push.shortcode,
        msisdn: push.phoneNumber,
        reference: push.accountReference,
        checkoutRequestId: push.checkoutRequestId,
        at: push.decidedAt,
        initiatedAt: push.createdAt,
        name: 'JOHN DOE',
        balance: app?.balance,
      });
      stkCallback.CallbackMetadata = {
        Item: [
          { Name: 'Amount', Value: push.amount },
          { Name: 'MpesaReceiptNumber', Value: push.receipt },
          { Name: 'Balance' },
          { Name: 'TransactionDate', Value: Number(push.transactionDate) },
          { Name: 'PhoneNumber', Value: Number(push.phoneNumber) },
        ],
      };
    } else {
      push.status = 'failed';
    }
    this.logger.debug('stk push settled', { checkoutRequestId, resultCode: code, phone: maskPhone(push.phoneNumber) });
    const settings = { ...this.callbackSettings, ...this.pushCallbacks.get(checkoutRequestId) };
    this.dispatcher.dispatch(push.checkoutRequestId, push.callbackUrl, { Body: { stkCallback } }, settings);
    if (code === 0 && this.stkAlsoFiresC2B && app && push.transactionType === 'CustomerPayBillOnline') this.fireC2bEcho(app, push);
    return true;
  }

  private fireC2bEcho(app: RegisteredApp, push: SimPush): void {
    const registration = this.registrations.get(push.shortcode);
    if (!registration || !push.receipt) return;
    const payment: C2bPayment = {
      app: { ...app, externalValidation: false },
      registration,
      transId: push.receipt,
      transTime: push.transactionDate ?? eatTimestamp(),
      amount: push.amount,
      msisdn: push.phoneNumber,
      billRefNumber: push.accountReference,
      firstName: 'JOHN',
      validationTimeoutMs: this.c2bValidationTimeoutMs,
    };
    void this.scheduler.track(runC2bPayment(payment, () => app.balance).then((o) => void this.c2bOutcomes.push(o)));
  }

  // ---------- phone control ----------

  listPushes(filter: PushFilter = {}): SimPush[] {
    return [...this.pushes.values()]
      .filter((p) => (!filter.status || p.status === filter.status) && (!filter.phoneNumber || p.phoneNumber === filter.phoneNumber) && (!filter.shortcode || p.shortcode === filter.shortcode))
      .map((p) => ({ ...p }));
  }

  getPush(checkoutRequestId: string): SimPush | null {
    const p = this.pushes.get(checkoutRequestId);
    return p ? { ...p } : null;
  }

  /** Resolves the most recent pending push of a phone (or the push id) with an action. */
  private pendingId(idOrPhone: string): string {
    if (this.pushes.has(idOrPhone)) return idOrPhone;
    const pending = this.listPushes({ status: 'pending', phoneNumber: idOrPhone });
    if (pending.length === 0) throw new Error(`no pending push for ${MSISDN_RE.test(idOrPhone) ? maskPhone(idOrPhone) : idOrPhone}`);
    return pending[pending.length - 1].checkoutRequestId;
  }

  /** The customer enters a PIN: the configured PIN (or any PIN when none is configured, or when omitted) approves; another gives 2001. */
  approve(idOrPhone: string, pin?: string): SimPush {
    const ok = pin === undefined || this.phone.pin === null || pin === this.phone.pin;
    return this.resolvePush(idOrPhone, ok ? 'approve' : 'wrong-pin');
  }

  cancel(idOrPhone: string): SimPush {
    return this.resolvePush(idOrPhone, 'cancel');
  }

  timeout(idOrPhone: string): SimPush {
    return this.resolvePush(idOrPhone, 'timeout');
  }

  /** Ends a pending push with an action or an explicit ResultCode. Throws when it is not pending. */
  resolvePush(idOrPhone: string, action: PhoneAction): SimPush {
    const id = this.pendingId(idOrPhone);
    const code = actionResultCode(action);
    if (code === null) throw new Error(`action ${describeAction(action)} does not end a push`);
    if (!this.settle(id, code, typeof action === 'object' ? action.resultDesc : undefined)) throw new Error('push is not pending');
    return this.getPush(id) as SimPush;
  }

  setPhoneRules(rules: PhoneRule[]): void {
    this.phone.rules.splice(0, this.phone.rules.length, ...rules);
  }

  addPhoneRule(rule: PhoneRule): void {
    this.phone.rules.push(rule);
  }

  setPhoneSettings(settings: Partial<Omit<PhoneSettings, 'rules'>>): void {
    Object.assign(this.phone, settings);
  }

  setCallbackSettings(settings: Partial<CallbackSettings>): void {
    Object.assign(this.callbackSettings, settings);
  }

  setQuerySettings(settings: Partial<QuerySettings>): void {
    Object.assign(this.querySettings, settings);
  }

  injectFault(fault: FaultSpec): void {
    this.faults.add(fault);
  }

  clearFaults(): void {
    this.faults.clear();
  }

  deliveries(checkoutRequestId?: string): CallbackDelivery[] {
    return this.dispatcher.deliveries.filter((d) => !checkoutRequestId || d.checkoutRequestId === checkoutRequestId);
  }

  // ---------- C2B ----------

  registerC2b(app: RegisteredApp, body: Record<string, unknown>, version: 'v1' | 'v2'): Record<string, string> {
    const shortCode = String(body.ShortCode ?? '');
    const registration = validateRegistration(body, app, version, this.registrations.get(shortCode));
    this.registrations.set(registration.shortCode, registration);
    this.logger.debug('c2b urls registered', { shortCode: registration.shortCode, version });
    return { OriginatorCoversationID: this.ids.conversationId(), ResponseCode: '0', ResponseDescription: 'Success' };
  }

  c2bRegistrations(): C2bRegistration[] {
    return [...this.registrations.values()].map((r) => ({ ...r }));
  }

  /** Daraja `simulate` (sandbox apps only): answers at once, the payment runs in the background. */
  simulateC2b(app: RegisteredApp, body: Record<string, unknown>, version: 'v1' | 'v2'): Record<string, string> {
    if (app.mode === 'production') throw new DarajaFailure(404, '404.001.01', 'Resource not found');
    if (app.c2bVersion === 'none' || (app.c2bVersion !== 'both' && app.c2bVersion !== version)) throw noProduct();
    const shortCode = String(body.ShortCode ?? '');
    if (shortCode !== app.shortcode && shortCode !== app.tillNumber) throw invalid('ShortCode');
    const amount = Number(body.Amount);
    if (!Number.isInteger(amount) || amount < 1) throw invalid('Amount');
    const msisdn = String(body.Msisdn ?? '');
    if (!MSISDN_RE.test(msisdn)) throw invalid('Msisdn');
    if (!this.registrations.has(shortCode)) throw invalid('ShortCode');
    const input: C2bPaymentInput = { shortCode, amount, msisdn, billRefNumber: typeof body.BillRefNumber === 'string' ? body.BillRefNumber : '' };
    void this.scheduler.track(this.c2bPay(input).catch((err: Error) => this.logger.warn('c2b simulate failed', { error: err.message })));
    return { OriginatorCoversationID: this.ids.conversationId(), ResponseCode: '0', ResponseDescription: 'Accept the service request successfully.' };
  }

  /** A customer pays the shortcode by hand: validation, then (if accepted) confirmation to the registered URLs. */
  async c2bPay(input: C2bPaymentInput): Promise<C2bPaymentOutcome> {
    const registration = this.registrations.get(String(input.shortCode));
    if (!registration) throw new Error(`no C2B URLs registered for ${input.shortCode}`);
    const app = [...this.apps.values()].find((a) => a.shortcode === registration.shortCode || a.tillNumber === registration.shortCode);
    if (!app) throw new Error(`no app owns ${input.shortCode}`);
    if (!Number.isInteger(input.amount) || input.amount < 1) throw new Error('amount must be a positive integer');
    if (!MSISDN_RE.test(input.msisdn)) throw new Error('msisdn must be 2547XXXXXXXX or 2541XXXXXXXX');
    let transId = input.transId;
    if (transId !== undefined) this.ids.claimReceipt(transId);
    else transId = this.ids.receipt();
    const isTill = registration.shortCode === app.tillNumber;
    const payment: C2bPayment = {
      app,
      registration,
      transId,
      transTime: eatTimestamp(),
      amount: input.amount,
      msisdn: input.msisdn,
      billRefNumber: isTill ? '' : (input.billRefNumber ?? ''),
      firstName: input.firstName ?? 'JOHN',
      validationTimeoutMs: this.c2bValidationTimeoutMs,
    };
    const outcome = await this.scheduler.track(
      runC2bPayment(payment, () => {
        const at = this.stamp();
        const balance = app.balance + payment.amount;
        const entry = {
          kind: 'c2b' as const,
          receipt: payment.transId,
          amount: payment.amount,
          shortcode: registration.shortCode,
          msisdn: payment.msisdn,
          reference: payment.billRefNumber,
          checkoutRequestId: null,
          at,
          initiatedAt: at,
          name: `${payment.firstName.toUpperCase()} DOE`,
          balance,
        };
        if (this.ledgerStore.add(entry)) app.balance = balance;
        return app.balance;
      }),
    );
    this.c2bOutcomes.push(outcome);
    this.logger.debug('c2b payment', { transId, status: outcome.status, validation: outcome.validation, phone: maskPhone(input.msisdn) });
    return outcome;
  }

  c2bPayments(): C2bPaymentOutcome[] {
    return this.c2bOutcomes.map((o) => ({ ...o }));
  }

  // ---------- Pull Transactions and statements ----------

  setPullSettings(partial: Partial<PullSettings>): void {
    Object.assign(this.pullSettings, checkPullSettings({ ...partial }));
  }

  /** Register Pull: one time per shortcode; a second call answers 1001 and keeps the first CallBackURL. */
  registerPull(app: RegisteredApp, body: Record<string, unknown>): Record<string, string> {
    if (!app.pullProduct) throw new DarajaFailure(401, '401.001', 'Error Occurred - Invalid Access Token - ');
    const shortCode = asText(body.ShortCode);
    if (!shortCode || (shortCode !== app.shortcode && shortCode !== app.tillNumber)) throw invalid('ShortCode');
    if (body.RequestType !== 'Pull') throw invalid('RequestType');
    const nominatedNumber = asText(body.NominatedNumber);
    if (!nominatedNumber || !MSISDN_RE.test(nominatedNumber)) throw invalid('NominatedNumber');
    const callbackUrl = validUrl(body.CallBackURL);
    if (!callbackUrl) throw invalid('CallBackURL');
    const first = !this.pullRegs.has(shortCode);
    if (first) this.pullRegs.set(shortCode, { shortCode, nominatedNumber, callbackUrl, registeredAt: new Date().toISOString() });
    this.logger.debug('pull registration', { shortCode, first });
    const status = first ? '1000' : '1001';
    const description = first ? 'Shortcode Registered Successfully' : 'ShortCode already Registered';
    return this.pullSettings.registerKeys === 'spaced'
      ? { ResponseRefID: this.ids.requestId(), 'Response Status': status, ShortCode: shortCode, 'Response Description': description }
      : { ResponseRefID: this.ids.requestId(), ResponseStatus: status, ShortCode: shortCode, ResponseDescription: description };
  }

  /**
   * Pull query. Dates are EAT `YYYY-MM-DD HH:mm[:ss]`, whole seconds, both ends inclusive; the StartDate
   * check allows one second for that rounding. An unowned or unregistered shortcode, an empty window and an
   * offset past the end all get the same 1001 answer, as on Daraja.
   */
  queryPull(app: RegisteredApp, body: Record<string, unknown>): Record<string, unknown> {
    const record: PullQueryRecord = { shortCode: asText(body.ShortCode) ?? '', startDate: asText(body.StartDate) ?? '', endDate: asText(body.EndDate) ?? '', offset: -1, responseCode: '', rows: 0 };
    this.pullLog.push(record);
    let startMs: number;
    let endMs: number;
    try {
      if (!/^\d{5,7}$/.test(record.shortCode)) throw invalid('ShortCode');
      const start = parseEatDateTime(record.startDate);
      if (!start) throw invalid('StartDate');
      const end = parseEatDateTime(record.endDate);
      if (!end) throw invalid('EndDate');
      startMs = start.getTime();
      endMs = end.getTime() + 999; // the whole last second
      if (startMs < Date.now() - PULL_WINDOW_MS - 1000) throw invalid('StartDate');
      if (end < start || end.getTime() - startMs > PULL_WINDOW_MS) throw invalid('EndDate');
      const offsetText = asText(body.OffSetValue ?? 0);
      if (offsetText === null || !/^\d{1,9}$/.test(offsetText.trim())) throw invalid('OffSetValue');
      record.offset = Number(offsetText);
    } catch (err) {
      if (err instanceof DarajaFailure) record.responseCode = err.errorCode;
      throw err;
    }
    const owned = record.shortCode === app.shortcode || record.shortCode === app.tillNumber;
    const settings = this.pullSettings;
    const all = owned && this.pullRegs.has(record.shortCode) ? this.accountItems(app, record.shortCode, settings.listStk).filter((i) => i.atMs >= startMs && i.atMs <= endMs) : [];
    const from = settings.paging === 'page-index' ? record.offset * settings.pageSize : record.offset;
    const page = all.slice(from, from + settings.pageSize).map((i) => pullRow(i, app, settings.trxDateZone));
    record.rows = page.length;
    if (page.length === 0) {
      record.responseCode = '1001';
      return { ResponseRefID: this.ids.requestId(), ResponseCode: '1001', ResponseMessage: NO_PULL_RECORDS, Transaction: '[[]]' };
    }
    record.responseCode = '1000';
    const answer: Record<string, unknown> = { ResponseRefID: this.ids.requestId(), ResponseCode: '1000', ResponseMessage: 'Success', Response: settings.nesting === 'nested' ? [page] : page };
    if (settings.totals) Object.assign(answer, { TotalPages: Math.ceil(all.length / settings.pageSize), TotalRecords: all.length });
    return answer;
  }

  pullRegistrations(): PullRegistration[] {
    return [...this.pullRegs.values()].map((r) => ({ ...r }));
  }

  /** Every Pull query answered so far (oldest first). */
  pullQueries(): PullQueryRecord[] {
    return this.pullLog.map((q) => ({ ...q }));
  }

  /** Sweeps money out of a till or paybill to the organisation: a Pull row and a statement withdrawal, never a ledger entry. */
  addSettlementSweep(input: SettlementSweepInput): SettlementSweep {
    const shortCode = String(input.shortCode);
    const app = this.ownerOf(shortCode);
    if (!app) throw new Error(`no app owns ${shortCode}`);
    if (!Number.isInteger(input.amount) || input.amount < 1) throw new Error('amount must be a positive integer');
    app.balance -= input.amount;
    const sweep: SettlementSweep = { receipt: this.ids.receipt(), shortCode, amount: input.amount, at: this.stamp(), balance: app.balance };
    this.sweeps.push(sweep);
    return { ...sweep };
  }

  settlementSweeps(): SettlementSweep[] {
    return this.sweeps.map((s) => ({ ...s }));
  }

  /** The org-portal statement (CSV) of a shortcode for [from, to]; lists STK payments whatever `listStk` says. */
  exportStatement(request: StatementRequest): string {
    const shortCode = String(request.shortCode);
    const app = this.ownerOf(shortCode);
    if (!app) throw new Error(`no app owns ${shortCode}`);
    const [from, to] = [request.from.getTime(), request.to.getTime()];
    if (!Number.isFinite(from) || !Number.isFinite(to) || from > to) throw new Error('from and to must be dates, from not after to');
    const items = this.accountItems(app, shortCode, true).filter((i) => i.atMs >= from && i.atMs <= to);
    return statementCsv(app, shortCode, request.from, request.to, items);
  }

  private ownerOf(shortCode: string): RegisteredApp | undefined {
    return [...this.apps.values()].find((a) => a.shortcode === shortCode || a.tillNumber === shortCode);
  }

  /** Settled payments credited to the shortcode (STK only when asked) and its sweeps, oldest first. */
  private accountItems(app: RegisteredApp, shortCode: string, includeStk: boolean): AccountItem[] {
    const till = shortCode === app.tillNumber;
    const items: AccountItem[] = [];
    for (const e of this.ledgerStore.snapshot().entries) {
      if (e.shortcode !== shortCode || (e.kind === 'stk' && !includeStk)) continue;
      const atMs = Date.parse(e.at);
      items.push({
        kind: e.kind,
        receipt: e.receipt,
        atMs,
        initiatedMs: e.initiatedAt ? Date.parse(e.initiatedAt) : atMs,
        till,
        amount: e.amount,
        msisdn: e.msisdn,
        name: e.name ?? 'JOHN DOE',
        reference: e.reference,
        balance: e.balance ?? null,
      });
    }
    for (const s of this.sweeps) {
      if (s.shortCode !== shortCode) continue;
      const atMs = Date.parse(s.at);
      items.push({ kind: 'sweep', receipt: s.receipt, atMs, initiatedMs: atMs, till, amount: s.amount, msisdn: null, name: app.organizationName, reference: '', balance: s.balance });
    }
    return items.sort(byTime);
  }

  // ---------- ledger ----------

  /** What the gateway considers paid (STK + C2B, once per receipt) and the total. */
  ledger(): LedgerSnapshot {
    return this.ledgerStore.snapshot();
  }

  /** Now as ISO, strictly later than the previous stamp: money movements never share a millisecond, so time order is balance order. */
  private stamp(): string {
    this.lastStamp = Math.max(Date.now(), this.lastStamp + 1);
    return new Date(this.lastStamp).toISOString();
  }

  /** mulberry32 */
  private random(): number {
    let t = (this.randomState = (this.randomState + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
}

/** Starts a Daraja simulator listening on `port` (0 = any free port). */
export async function startDarajaSimulator(options: DarajaSimulatorOptions = {}): Promise<DarajaSimulator> {
  return new DarajaSimulator(options).listen();
}
