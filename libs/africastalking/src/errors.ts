import type { SmsRecipientResult } from './types';

/**
 * Error codes of the SMS client.
 *
 * - AUTH: HTTP 401, the gateway refused the username/apiKey pair (the answer is a text/plain sentence).
 * - BAD_REQUEST: HTTP 400 and other 4xx (a missing field, a username the key does not belong to…).
 * - VALIDATION: refused locally before any request (`field` says which).
 * - RATE_LIMITED: HTTP 429.
 * - UNAVAILABLE: 5xx, a refused or reset connection, an answer that is not the documented JSON.
 * - TIMEOUT: no answer within the timeout. The gateway may still have sent the messages.
 */
export type SmsErrorCode = 'AUTH' | 'BAD_REQUEST' | 'VALIDATION' | 'RATE_LIMITED' | 'UNAVAILABLE' | 'TIMEOUT';

const RETRYABLE: ReadonlySet<SmsErrorCode> = new Set(['RATE_LIMITED', 'UNAVAILABLE', 'TIMEOUT']);

export interface SmsErrorDetails {
  httpStatus?: number;
  /** The gateway's answer text, trimmed to 300 characters. */
  responseText?: string;
  field?: string;
  /** Seconds from a Retry-After header, when the gateway sent one. */
  retryAfterSeconds?: number;
  /** Recipients of earlier chunks that the gateway already answered (a later chunk failed). */
  completed?: SmsRecipientResult[];
  cause?: unknown;
}

export class SmsGatewayError extends Error {
  readonly httpStatus: number | null;
  readonly responseText: string | null;
  readonly field: string | null;
  readonly retryAfterSeconds: number | null;
  /** Worth retrying later (transient). A TIMEOUT may have been sent already: retrying may send twice. */
  readonly retryable: boolean;
  /** Results of the chunks sent before this error: retry only the recipients not in here. */
  readonly completed: SmsRecipientResult[];

  constructor(
    readonly code: SmsErrorCode,
    message: string,
    details: SmsErrorDetails = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'SmsGatewayError';
    this.httpStatus = details.httpStatus ?? null;
    this.responseText = details.responseText ?? null;
    this.field = details.field ?? null;
    this.retryAfterSeconds = details.retryAfterSeconds ?? null;
    this.retryable = RETRYABLE.has(code);
    this.completed = details.completed ?? [];
  }
}

export function isSmsGatewayError(err: unknown, code?: SmsErrorCode): err is SmsGatewayError {
  return err instanceof SmsGatewayError && (code === undefined || err.code === code);
}

/** A non-201 answer as an error. */
export function translateHttpError(httpStatus: number, text: string, retryAfter: string | null): SmsGatewayError {
  const responseText = text.trim().slice(0, 300);
  const said = responseText ? `: ${responseText}` : '';
  const details: SmsErrorDetails = { httpStatus, responseText: responseText || undefined };
  if (httpStatus === 401 || httpStatus === 403) return new SmsGatewayError('AUTH', `Africa's Talking refused the credentials (HTTP ${httpStatus})${said}`, details);
  if (httpStatus === 429) {
    const seconds = retryAfter !== null && /^\d{1,6}$/.test(retryAfter.trim()) ? Number(retryAfter.trim()) : undefined;
    return new SmsGatewayError('RATE_LIMITED', `Africa's Talking rate limit (HTTP 429)${said}`, { ...details, retryAfterSeconds: seconds });
  }
  if (httpStatus >= 400 && httpStatus < 500) return new SmsGatewayError('BAD_REQUEST', `Africa's Talking rejected the request (HTTP ${httpStatus})${said}`, details);
  return new SmsGatewayError('UNAVAILABLE', `Africa's Talking is unavailable (HTTP ${httpStatus})${said}`, details);
}
