import { randomBytes } from 'crypto';
import type { Server } from 'http';
import { createServer } from 'http';
import type { AddressInfo, Socket } from 'net';
import type { AtEnvironment, DeliveryStatus } from '@wavu/africastalking';
import { DELIVERY_STATUSES, formatAtCost, normalizeKenyanMobile, smsSegments } from '@wavu/africastalking';
import { GatewayFailure } from './http-util';
import type { SimLogger } from './logger';
import { silentLogger } from './logger';
import { classifyNumber, MAGIC_SUFFIXES, networkCodeOf } from './numbers';
import { handleRequest } from './routes';
import { Scheduler } from './scheduler';
import type { DeliveryOutcomeSpec, SimAppInfo, SimFaultSpec, SimMessage, SimPhoneRule, SimSmsApp, SimSmsSettings } from './types';

export interface SmsSimulatorOptions {
  /** TCP port; 0 (default) picks a free one. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  apps?: SimSmsApp[];
  settings?: Partial<SimSmsSettings>;
  rules?: SimPhoneRule[];
  logger?: SimLogger;
}

export const DEFAULT_SMS_SETTINGS: SimSmsSettings = {
  latencyMs: 0,
  rateLimitPerSecond: null,
  maxRecipientsPerRequest: 1000,
  deliveryDelayMs: 1000,
  interimStatuses: [],
  callbackRetries: 3,
  callbackRetryBackoffMs: 1000,
  pricePerSegment: 8000,
  defaultSender: 'AFRICASTKNG',
};

/** What the Recipients entry of a send answer looks like. */
interface AnswerRecipient {
  statusCode: number;
  number: string;
  status: string;
  cost: string;
  messageId: string;
}

interface App {
  username: string;
  apiKey: string;
  environment: AtEnvironment;
  senderIds: string[];
  balance: number;
  deliveryReportUrl: string | null;
}

const STATUS_NAMES: Record<number, string> = {
  401: 'RiskHold',
  402: 'InvalidSenderId',
  403: 'InvalidPhoneNumber',
  404: 'UnsupportedNumberType',
  405: 'InsufficientBalance',
  406: 'UserInBlacklist',
  407: 'CouldNotRoute',
  409: 'DoNotDisturbRejection',
  500: 'InternalServerError',
  501: 'GatewayError',
  502: 'RejectedByGateway',
};

/** Largest message text accepted (the gateway splits long texts; this only bounds memory). */
const MAX_TEXT = 5000;
/** Messages kept for the inbox and the control API; the oldest go first. */
const MAX_MESSAGES = 20_000;

function checkSettings(patch: Record<string, unknown>): Partial<SimSmsSettings> {
  const out: Partial<SimSmsSettings> = {};
  const num = (key: keyof SimSmsSettings, min: number, max: number): number | undefined => {
    if (patch[key] === undefined) return undefined;
    const n = patch[key];
    if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) throw new Error(`${key} must be a whole number from ${min} to ${max}`);
    return n;
  };
  const assign = <K extends keyof SimSmsSettings>(key: K, value: SimSmsSettings[K] | undefined) => {
    if (value !== undefined) out[key] = value;
  };
  assign('latencyMs', num('latencyMs', 0, 600_000));
  assign('maxRecipientsPerRequest', num('maxRecipientsPerRequest', 1, 100_000));
  assign('deliveryDelayMs', num('deliveryDelayMs', 0, 3_600_000));
  assign('callbackRetries', num('callbackRetries', 0, 20));
  assign('callbackRetryBackoffMs', num('callbackRetryBackoffMs', 0, 3_600_000));
  assign('pricePerSegment', num('pricePerSegment', 0, 100_000_000));
  if (patch.rateLimitPerSecond !== undefined) out.rateLimitPerSecond = patch.rateLimitPerSecond === null ? null : num('rateLimitPerSecond', 1, 100_000);
  if (patch.interimStatuses !== undefined) {
    const list = patch.interimStatuses;
    if (!Array.isArray(list) || !list.every((s) => s === 'Sent' || s === 'Submitted' || s === 'Buffered')) throw new Error('interimStatuses may hold Sent, Submitted and Buffered');
    out.interimStatuses = list as DeliveryStatus[];
  }
  if (patch.defaultSender !== undefined) {
    if (typeof patch.defaultSender !== 'string' || !/^[A-Za-z0-9]{1,11}$/.test(patch.defaultSender)) throw new Error('defaultSender must be 1–11 letters or digits');
    out.defaultSender = patch.defaultSender;
  }
  return out;
}

function checkApp(config: SimSmsApp): App {
  if (!config || typeof config.username !== 'string' || !config.username.trim()) throw new Error('username is required');
  if (typeof config.apiKey !== 'string' || config.apiKey.length < 4) throw new Error('apiKey of at least 4 characters is required');
  const environment = config.environment ?? 'sandbox';
  if (environment !== 'sandbox' && environment !== 'production') throw new Error('environment must be sandbox or production');
  const balanceMinor = config.balanceMinor ?? 100_000;
  if (!Number.isInteger(balanceMinor) || balanceMinor < 0) throw new Error('balanceMinor must be a whole number of cents');
  const url = config.deliveryReportUrl ?? null;
  if (url !== null && !/^https?:\/\/\S+$/.test(url)) throw new Error('deliveryReportUrl must be an http(s) URL');
  return { username: config.username, apiKey: config.apiKey, environment, senderIds: [...(config.senderIds ?? [])], balance: balanceMinor * 100, deliveryReportUrl: url };
}

/** Africa's Talking bulk SMS simulator: the messaging endpoint, delivery reports, a control API and a phone inbox page. */
export class SmsSimulator {
  readonly logger: SimLogger;
  settings: SimSmsSettings;
  private readonly apps = new Map<string, App>();
  private rules: SimPhoneRule[];
  private faults: Array<Required<SimFaultSpec>> = [];
  private readonly messages: SimMessage[] = [];
  /** Which app sent each accepted message (sandbox apps share the username `sandbox`). */
  private readonly senders = new Map<string, App>();
  private readonly sendTimes = new Map<string, number[]>();
  private readonly scheduler = new Scheduler();
  private readonly sockets = new Set<Socket>();
  private server: Server | null = null;
  private boundPort = 0;
  private readonly host: string;

  constructor(private readonly options: SmsSimulatorOptions = {}) {
    this.logger = options.logger ?? silentLogger;
    this.host = options.host ?? '127.0.0.1';
    this.settings = { ...DEFAULT_SMS_SETTINGS, ...checkSettings({ ...options.settings }) };
    this.rules = [...(options.rules ?? [])];
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
    this.logger.debug('sms simulator listening', { url: this.url });
    return this;
  }

  get port(): number {
    return this.boundPort;
  }

  /** Base URL for the SMS client (instead of https://api.sandbox.africastalking.com). */
  get url(): string {
    return `http://${this.host}:${this.boundPort}`;
  }

  /** The simulated phone inbox; add `?number=+2547…` for one phone. */
  get phoneUrl(): string {
    return `${this.url}/sim/phone`;
  }

  async close(): Promise<void> {
    this.scheduler.close();
    const server = this.server;
    this.server = null;
    if (!server) return;
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Resolves when every scheduled delivery report (and its retries) has finished. */
  idle(): Promise<void> {
    return this.scheduler.idle();
  }

  /** Forgets messages, rules and faults, cancels pending reports and restores the start settings; apps stay (balances too). */
  reset(): void {
    this.scheduler.clear();
    this.messages.length = 0;
    this.senders.clear();
    this.rules = [...(this.options.rules ?? [])];
    this.faults = [];
    this.sendTimes.clear();
    this.settings = { ...DEFAULT_SMS_SETTINGS, ...checkSettings({ ...this.options.settings }) };
  }

  // ---------- configuration ----------

  registerApp(config: SimSmsApp): void {
    const app = checkApp(config);
    this.apps.set(app.apiKey, app);
  }

  listApps(): SimAppInfo[] {
    return [...this.apps.values()].map((a) => ({
      username: a.username,
      environment: a.environment,
      senderIds: [...a.senderIds],
      balanceTenThousandths: a.balance,
      balance: formatAtCost('KES', a.balance),
      deliveryReportUrl: a.deliveryReportUrl,
    }));
  }

  /** Sets the delivery report URL of every app with this username (null stops reports). */
  setDeliveryReportUrl(username: string, url: string | null): number {
    if (url !== null && !/^https?:\/\/\S+$/.test(url)) throw new Error('url must be an http(s) URL');
    let changed = 0;
    for (const app of this.apps.values())
      if (app.username === username) {
        app.deliveryReportUrl = url;
        changed++;
      }
    return changed;
  }

  /** Sets the wallet of every app with this username, in cents. */
  setBalance(username: string, balanceMinor: number): number {
    if (!Number.isInteger(balanceMinor) || balanceMinor < 0) throw new Error('balanceMinor must be a whole number of cents');
    let changed = 0;
    for (const app of this.apps.values())
      if (app.username === username) {
        app.balance = balanceMinor * 100;
        changed++;
      }
    return changed;
  }

  setSettings(patch: Record<string, unknown>): SimSmsSettings {
    this.settings = { ...this.settings, ...checkSettings(patch) };
    return this.settings;
  }

  setRules(rules: SimPhoneRule[]): void {
    this.rules = rules.map(checkRule);
  }

  addRule(rule: SimPhoneRule): void {
    this.rules.push(checkRule(rule));
  }

  listRules(): SimPhoneRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  injectFault(spec: SimFaultSpec): void {
    const kinds = ['http500', 'http503', 'reset', 'slow', 'rate-limit'];
    if (!spec || !kinds.includes(spec.kind)) throw new Error(`kind must be one of ${kinds.join(', ')}`);
    this.faults.push({ kind: spec.kind, times: Math.max(1, Math.floor(spec.times ?? 1)), delayMs: Math.max(0, spec.delayMs ?? 1000) });
  }

  listFaults(): SimFaultSpec[] {
    return this.faults.map((f) => ({ ...f }));
  }

  clearFaults(): void {
    this.faults = [];
  }

  /** Takes the next fault (decrementing its count). */
  takeFault(): Required<SimFaultSpec> | null {
    const f = this.faults[0];
    if (!f) return null;
    f.times -= 1;
    if (f.times <= 0) this.faults.shift();
    return { ...f };
  }

  // ---------- reading ----------

  /** Messages newest first, optionally for one number (any spelling Kenyans type) or one username. */
  listMessages(filter: { to?: string; username?: string; limit?: number } = {}): SimMessage[] {
    const number = filter.to ? lookupNumber(filter.to) : null;
    if (filter.to && !number) return [];
    const out: SimMessage[] = [];
    for (let i = this.messages.length - 1; i >= 0 && out.length < (filter.limit ?? Infinity); i--) {
      const m = this.messages[i];
      if (number && m.to !== number) continue;
      if (filter.username && m.username !== filter.username) continue;
      out.push(m);
    }
    return out;
  }

  getMessage(messageId: string): SimMessage | undefined {
    return this.messages.find((m) => m.messageId === messageId);
  }

  // ---------- the messaging endpoint ----------

  /** Looks up the app by apiKey and username; a mismatch is the gateway's 401. */
  authenticate(apiKey: string | undefined, username: string | undefined): App {
    const app = apiKey ? this.apps.get(apiKey) : undefined;
    if (!app || (username !== undefined && app.username !== username)) throw new GatewayFailure(401, 'The supplied authentication is invalid');
    return app;
  }

  /** Rate limit per app over a one-second window. */
  checkRate(app: App): void {
    const limit = this.settings.rateLimitPerSecond;
    if (limit === null) return;
    const now = Date.now();
    const times = (this.sendTimes.get(app.apiKey) ?? []).filter((t) => now - t < 1000);
    if (times.length >= limit) throw new GatewayFailure(429, 'Too Many Requests', { 'Retry-After': '1' });
    times.push(now);
    this.sendTimes.set(app.apiKey, times);
  }

  /** Processes one send (the form already read): per-recipient statuses, wallet, stored messages, scheduled reports. */
  send(app: App, form: URLSearchParams): { SMSMessageData: { Message: string; Recipients: AnswerRecipient[] } } {
    const missing = ['username', 'to', 'message'].find((k) => !form.get(k));
    if (missing) throw new GatewayFailure(400, `Request is missing required form field '${missing}'`);
    const text = form.get('message') ?? '';
    if (text.length > MAX_TEXT) throw new GatewayFailure(400, 'Message is too long');
    const to = (form.get('to') ?? '')
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    if (to.length === 0) throw new GatewayFailure(400, "Request is missing required form field 'to'");
    if (to.length > this.settings.maxRecipientsPerRequest) throw new GatewayFailure(400, `Too many recipients: at most ${this.settings.maxRecipientsPerRequest} per request`);
    const from = form.get('from') || null;
    const senderOk = from === null || app.environment === 'sandbox' || app.senderIds.includes(from);
    const { segments, encoding } = smsSegments(text);
    const price = segments * this.settings.pricePerSegment;
    const recipients: AnswerRecipient[] = [];
    let accepted = 0;
    let total = 0;
    for (const raw of to) {
      const cls = classifyNumber(raw);
      const number = cls.kind === 'invalid' ? raw.slice(0, 30) : cls.number;
      let statusCode = 101;
      let rule: Pick<SimPhoneRule, 'statusCode' | 'delivery' | 'failureReason' | 'deliveryDelayMs'> = {};
      if (cls.kind === 'invalid') statusCode = 403;
      else if (cls.kind === 'unsupported') statusCode = 404;
      else {
        rule = this.ruleFor(cls.number);
        if (rule.statusCode !== undefined) statusCode = rule.statusCode;
        else if (!senderOk) statusCode = 402;
        // the wallet pays recipient by recipient: once it runs dry the rest of the list is refused
        if (statusCode >= 100 && statusCode <= 102 && app.balance < price) statusCode = 405;
      }
      const ok = statusCode >= 100 && statusCode <= 102;
      const messageId = ok ? `ATXid_${randomBytes(16).toString('hex')}` : 'None';
      const cost = ok ? formatAtCost('KES', price) : '0';
      if (ok) {
        app.balance -= price;
        accepted++;
        total += price;
      }
      recipients.push({ statusCode, number, status: ok ? 'Success' : (STATUS_NAMES[statusCode] ?? 'Failed'), cost, messageId });
      const message: SimMessage = {
        messageId: ok ? messageId : null,
        username: app.username,
        environment: app.environment,
        from: from ?? this.settings.defaultSender,
        to: number,
        text,
        segments,
        encoding,
        statusCode,
        status: recipients[recipients.length - 1].status,
        cost,
        createdAt: new Date().toISOString(),
        deliveryStatus: null,
        failureReason: null,
        networkCode: cls.kind === 'mobile' ? networkCodeOf(cls.number) : null,
        reports: [],
      };
      this.store(message);
      if (ok) {
        this.senders.set(messageId, app);
        this.scheduleReports(app, message, rule);
      }
    }
    this.logger.debug('sms send', { username: app.username, recipients: to.length, accepted });
    const Message = `Sent to ${accepted}/${to.length} Total Cost: ${accepted ? formatAtCost('KES', total) : '0'}`;
    return { SMSMessageData: { Message, Recipients: recipients } };
  }

  /** Sends a delivery report now for a message (control API), whatever was scheduled. */
  deliver(messageId: string, status: DeliveryStatus, failureReason?: string): SimMessage {
    const message = this.getMessage(messageId);
    if (!message) throw new Error('unknown message');
    if (!DELIVERY_STATUSES.includes(status)) throw new Error(`status must be one of ${DELIVERY_STATUSES.join(', ')}`);
    if (failureReason !== undefined && !/^[A-Za-z]{1,60}$/.test(failureReason)) throw new Error('failureReason must be letters');
    const app = this.senders.get(messageId) ?? null;
    this.scheduler.after(0, () => this.report(app, message, status, failureReason ?? null, 1));
    return message;
  }

  private store(message: SimMessage): void {
    this.messages.push(message);
    if (this.messages.length > MAX_MESSAGES) {
      for (const old of this.messages.splice(0, this.messages.length - MAX_MESSAGES)) if (old.messageId) this.senders.delete(old.messageId);
    }
  }

  private ruleFor(number: string): Pick<SimPhoneRule, 'statusCode' | 'delivery' | 'failureReason' | 'deliveryDelayMs'> {
    const matches = (r: SimPhoneRule) => {
      if (r.match.phone !== undefined && lookupNumber(r.match.phone) !== number) return false;
      return r.match.phoneSuffix === undefined || number.endsWith(r.match.phoneSuffix);
    };
    const i = this.rules.findIndex(matches);
    if (i >= 0) {
      const rule = this.rules[i];
      if (rule.times !== undefined) {
        rule.times -= 1;
        if (rule.times <= 0) this.rules.splice(i, 1);
      }
      return rule;
    }
    return MAGIC_SUFFIXES[number.slice(-4)] ?? {};
  }

  private scheduleReports(app: App, message: SimMessage, rule: Pick<SimPhoneRule, 'delivery' | 'failureReason' | 'deliveryDelayMs'>): void {
    const outcome: DeliveryOutcomeSpec = rule.delivery ?? 'Success';
    if (outcome === 'none') return;
    const delay = rule.deliveryDelayMs ?? this.settings.deliveryDelayMs;
    const interim = this.settings.interimStatuses;
    const step = delay / (interim.length + 1);
    interim.forEach((status, i) => this.scheduler.after(step * (i + 1), () => this.report(app, message, status, null, 1)));
    // AbsentSubscriber is reported as Failed with that reason, as the delivery report docs describe
    const status: DeliveryStatus = outcome === 'AbsentSubscriber' ? 'Failed' : outcome;
    const reason = outcome === 'AbsentSubscriber' ? 'AbsentSubscriber' : status === 'Failed' || status === 'Rejected' ? (rule.failureReason ?? 'DeliveryFailure') : null;
    this.scheduler.after(delay, () => this.report(app, message, status, reason, 1));
  }

  private async report(app: App | null, message: SimMessage, status: DeliveryStatus, failureReason: string | null, attempt: number): Promise<void> {
    message.deliveryStatus = status;
    message.failureReason = failureReason;
    const url = app?.deliveryReportUrl;
    if (!url || !message.messageId) return;
    const form = new URLSearchParams({ id: message.messageId, status, phoneNumber: message.to, networkCode: message.networkCode ?? '', retryCount: '0' });
    if (failureReason) form.set('failureReason', failureReason);
    const record = { at: new Date().toISOString(), status, attempt, httpStatus: null as number | null, error: null as string | null };
    message.reports.push(record);
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), 5000);
    try {
      const res = await fetch(url, { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' }, body: form.toString(), signal: controller.signal });
      await res.arrayBuffer().catch(() => undefined);
      record.httpStatus = res.status;
      if (res.status >= 200 && res.status < 300) return;
    } catch (err) {
      record.error = controller.signal.aborted ? 'timeout' : (err as Error).message;
    } finally {
      clearTimeout(timer);
    }
    this.logger.warn('delivery report not accepted', { messageId: message.messageId, attempt, httpStatus: record.httpStatus, error: record.error });
    if (attempt <= this.settings.callbackRetries) {
      this.scheduler.after(this.settings.callbackRetryBackoffMs * attempt, () => this.report(app, message, status, failureReason, attempt + 1));
    }
  }
}

/** A number as typed by a person or a test (0712…, 254712…, +254 712…, +256…) in the form messages are stored under. */
function lookupNumber(typed: string): string | null {
  const kenyan = normalizeKenyanMobile(typed);
  if (kenyan) return kenyan;
  const cls = classifyNumber(typed);
  return cls.kind === 'invalid' ? null : cls.number;
}

function checkRule(rule: SimPhoneRule): SimPhoneRule {
  if (!rule || typeof rule !== 'object' || !rule.match || typeof rule.match !== 'object') throw new Error('a rule needs match: {phone?, phoneSuffix?}');
  if (rule.statusCode !== undefined && !(rule.statusCode >= 100 && rule.statusCode <= 102) && !STATUS_NAMES[rule.statusCode])
    throw new Error('statusCode must be 100–102 or a documented failure code');
  const outcomes = ['Success', 'Failed', 'Rejected', 'AbsentSubscriber', 'Expired', 'none'];
  if (rule.delivery !== undefined && !outcomes.includes(rule.delivery)) throw new Error(`delivery must be one of ${outcomes.join(', ')}`);
  if (rule.failureReason !== undefined && !/^[A-Za-z]{1,60}$/.test(rule.failureReason)) throw new Error('failureReason must be letters');
  return { ...rule, match: { ...rule.match } };
}

/** Starts a simulator listening on `options.port` (0 = a free port). */
export async function startSmsSimulator(options: SmsSimulatorOptions = {}): Promise<SmsSimulator> {
  return new SmsSimulator(options).listen();
}
