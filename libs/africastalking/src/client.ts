import { parseAtCost, tenThousandthsToMinor } from './cost';
import type { AtEnvironment } from './environments';
import { AT_BASE_URLS, AT_MESSAGING_PATH } from './environments';
import { SmsGatewayError, translateHttpError } from './errors';
import type { FetchLike } from './http';
import { postForm } from './http';
import type { SmsLogger } from './logger';
import { maskSmsPhone, noopSmsLogger } from './logger';
import { toSmsRecipient } from './phone';
import { describeStatusCode, SMS_STATUS_CODES } from './status-codes';
import type { AtCredentials, SmsClient, SmsRecipientResult, SmsSendInput, SmsSendResult } from './types';

export interface AfricasTalkingSmsClientOptions {
  /** Base URL per environment (defaults: Africa's Talking sandbox/production). Point both at the simulator in dev/CI. */
  baseUrls?: Partial<Record<AtEnvironment, string>>;
  /** Per-request timeout. Default 15000 ms. */
  timeoutMs?: number;
  /** Recipients per HTTP request; longer lists are sent in chunks, one after the other. Default 1000. */
  maxRecipientsPerRequest?: number;
  /** Longest message accepted locally, in characters. Default 1600 (ten GSM-7 parts and a little). */
  maxMessageLength?: number;
  logger?: SmsLogger;
  fetch?: FetchLike;
}

/** Alphanumeric sender IDs are at most 11 characters; shortcodes and long numbers are digits. */
const SENDER_ID = /^(?:[A-Za-z0-9][A-Za-z0-9 ._&-]{0,10}|\+?\d{3,15})$/;
const MESSAGE_ID = /^[A-Za-z0-9_.:-]{1,100}$/;

type Json = Record<string, unknown>;
const asRecord = (v: unknown): Json => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Json) : {});

function localResult(input: string, number: string | null, status: 'invalid_phone_number' | 'unknown', statusText: string, statusCode: number | null = null): SmsRecipientResult {
  const info = describeStatusCode(statusCode);
  return {
    input,
    number,
    statusCode,
    status: statusCode === null ? status : info.status,
    statusText,
    accepted: false,
    retryable: statusCode === null ? false : info.retryable,
    messageId: null,
    costMinor: 0,
    costTenThousandths: 0,
    currency: null,
  };
}

/** Africa's Talking bulk SMS over HTTP (Node fetch). Stateless: safe to share as a singleton. */
export class AfricasTalkingSmsClient implements SmsClient {
  private readonly baseUrls: Record<AtEnvironment, string>;
  private readonly timeoutMs: number;
  private readonly chunkSize: number;
  private readonly maxMessageLength: number;
  private readonly logger: SmsLogger;
  private readonly fetchImpl: FetchLike;

  constructor(options: AfricasTalkingSmsClientOptions = {}) {
    this.baseUrls = { ...AT_BASE_URLS, ...options.baseUrls };
    this.timeoutMs = options.timeoutMs ?? 15_000;
    this.chunkSize = options.maxRecipientsPerRequest ?? 1000;
    this.maxMessageLength = options.maxMessageLength ?? 1600;
    this.logger = options.logger ?? noopSmsLogger;
    this.fetchImpl = options.fetch ?? fetch;
    if (!Number.isInteger(this.chunkSize) || this.chunkSize < 1) throw new RangeError('maxRecipientsPerRequest must be a whole number of at least 1');
  }

  /**
   * Sends one message to every recipient. Numbers that cannot be read are answered locally
   * (`invalid_phone_number`, no request); the same number written twice is sent once. The rest go in
   * chunks; an HTTP-level failure throws SmsGatewayError whose `completed` lists the chunks already answered.
   */
  async send(credentials: AtCredentials, input: SmsSendInput): Promise<SmsSendResult> {
    this.check(credentials, input);
    const results: SmsRecipientResult[] = [];
    const toSend: Array<{ input: string; number: string }> = [];
    const seen = new Set<string>();
    for (const raw of input.to) {
      const number = toSmsRecipient(raw);
      if (!number) results.push(localResult(String(raw).slice(0, 40), null, 'invalid_phone_number', 'LocalInvalidNumber'));
      else if (!seen.has(number)) {
        seen.add(number);
        toSend.push({ input: raw, number });
      }
    }
    let requests = 0;
    const answered: SmsRecipientResult[] = [];
    for (let i = 0; i < toSend.length; i += this.chunkSize) {
      const chunk = toSend.slice(i, i + this.chunkSize);
      requests++;
      try {
        answered.push(...(await this.sendChunk(credentials, input, chunk)));
      } catch (err) {
        if (err instanceof SmsGatewayError && answered.length > 0) {
          throw new SmsGatewayError(err.code, err.message, {
            httpStatus: err.httpStatus ?? undefined,
            responseText: err.responseText ?? undefined,
            retryAfterSeconds: err.retryAfterSeconds ?? undefined,
            completed: answered,
            cause: err,
          });
        }
        throw err;
      }
    }
    results.push(...answered);
    const totals = new Map<string, number>();
    for (const r of results) if (r.accepted && r.currency) totals.set(r.currency, (totals.get(r.currency) ?? 0) + r.costTenThousandths);
    return {
      recipients: results,
      requests,
      totals: [...totals].map(([currency, tenThousandths]) => ({ currency, tenThousandths, minor: tenThousandthsToMinor(tenThousandths) })),
    };
  }

  private check(credentials: AtCredentials, input: SmsSendInput): void {
    const fail = (field: string, message: string) => {
      throw new SmsGatewayError('VALIDATION', message, { field });
    };
    if (!credentials.username?.trim()) fail('username', 'username is required');
    if (!credentials.apiKey?.trim()) fail('apiKey', 'apiKey is required');
    if (!Array.isArray(input.to) || input.to.length === 0) fail('to', 'at least one recipient is required');
    if (typeof input.message !== 'string' || input.message.trim() === '') fail('message', 'message is required');
    if (input.message.length > this.maxMessageLength) fail('message', `message is longer than ${this.maxMessageLength} characters`);
    if (input.from !== undefined && !SENDER_ID.test(input.from)) fail('from', 'from must be a sender ID of at most 11 letters/digits or a shortcode');
  }

  private async sendChunk(credentials: AtCredentials, input: SmsSendInput, chunk: Array<{ input: string; number: string }>): Promise<SmsRecipientResult[]> {
    const form = new URLSearchParams({ username: credentials.username, to: chunk.map((c) => c.number).join(','), message: input.message, bulkSMSMode: '1' });
    if (input.from) form.set('from', input.from);
    if (input.enqueue) form.set('enqueue', '1');
    const url = `${this.baseUrls[credentials.environment]}${AT_MESSAGING_PATH}`;
    const answer = await postForm(this.fetchImpl, url, { apiKey: credentials.apiKey, Accept: 'application/json' }, form, this.timeoutMs);
    if (answer.status !== 201 && answer.status !== 200) {
      const error = translateHttpError(answer.status, answer.text, answer.retryAfter);
      this.logger.warn('africastalking send refused', { httpStatus: answer.status, code: error.code, recipients: chunk.length });
      throw error;
    }
    let json: unknown;
    try {
      json = JSON.parse(answer.text);
    } catch {
      throw new SmsGatewayError('UNAVAILABLE', `Africa's Talking answered HTTP ${answer.status} without JSON (the messages may have been sent)`, {
        httpStatus: answer.status,
        responseText: answer.text.slice(0, 300),
      });
    }
    const data = asRecord(asRecord(json).SMSMessageData);
    if (!Array.isArray(data.Recipients)) {
      throw new SmsGatewayError('UNAVAILABLE', `Africa's Talking answered HTTP ${answer.status} without SMSMessageData.Recipients`, { httpStatus: answer.status });
    }
    const byNumber = new Map<string, Json>();
    for (const entry of data.Recipients.slice(0, chunk.length * 2)) {
      const r = asRecord(entry);
      const number = typeof r.number === 'string' ? toSmsRecipient(r.number) : null;
      if (number && !byNumber.has(number)) byNumber.set(number, r);
    }
    // an empty list with a summary such as "InvalidSenderId" refuses the whole request
    const summary = typeof data.Message === 'string' ? data.Message.slice(0, 100) : '';
    const wholeRequest = byNumber.size === 0 ? [...SMS_STATUS_CODES.values()].find((s) => s.name === summary.trim()) : undefined;
    const results = chunk.map(({ input: given, number }) => {
      const r = byNumber.get(number);
      if (!r) return wholeRequest ? localResult(given, number, 'unknown', wholeRequest.name, wholeRequest.code) : localResult(given, number, 'unknown', 'Missing');
      return this.readRecipient(given, number, r);
    });
    const accepted = results.filter((r) => r.accepted).length;
    this.logger.debug('africastalking send answered', { recipients: chunk.length, accepted, first: maskSmsPhone(chunk[0]?.number) });
    return results;
  }

  private readRecipient(input: string, number: string, r: Json): SmsRecipientResult {
    const rawCode = typeof r.statusCode === 'number' ? r.statusCode : typeof r.statusCode === 'string' && /^\d{3}$/.test(r.statusCode) ? Number(r.statusCode) : null;
    const statusCode = rawCode !== null && Number.isInteger(rawCode) ? rawCode : null;
    const info = describeStatusCode(statusCode);
    const cost = parseAtCost(r.cost);
    const messageId = typeof r.messageId === 'string' && r.messageId !== 'None' && MESSAGE_ID.test(r.messageId) ? r.messageId : null;
    const accepted = info.accepted && messageId !== null;
    return {
      input,
      number,
      statusCode,
      status: info.status,
      statusText: typeof r.status === 'string' ? r.status.slice(0, 50) : info.name,
      accepted,
      retryable: info.retryable,
      messageId,
      costMinor: accepted ? (cost?.minor ?? 0) : 0,
      costTenThousandths: accepted ? (cost?.tenThousandths ?? 0) : 0,
      currency: accepted ? (cost?.currency ?? null) : null,
    };
  }
}
