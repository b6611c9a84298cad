/**
 * Error codes of the Daraja client. Daraja's own `errorCode`/`errorMessage` are kept on the error.
 *
 * - INVALID_CREDENTIALS: OAuth refused the consumer key/secret (400.008.01/02 or any non-200).
 * - INVALID_TOKEN: 404.001.03 even after one refresh-and-retry.
 * - PRODUCT_MISMATCH: 401.003.01, the app lacks the product/version (C2B v1 vs v2, no M-Pesa Express).
 * - VALIDATION: 400.002.02 "Bad Request - Invalid <Field>" / 400.002.05, or rejected locally (`field` set).
 * - MERCHANT_NOT_FOUND: 500.001.1001 "Merchant does not exist" (wrong shortcode for the environment).
 * - WRONG_CREDENTIALS: 500.001.1001 "Wrong credentials" (passkey, password or timestamp mismatch).
 * - SUBSCRIBER_LOCKED: 500.001.1001 "Unable to lock subscriber" (a prompt is already open for the phone).
 * - ALREADY_REGISTERED: C2B 500.003.1001 "Urls are already registered" / "Duplicate notification info".
 * - RATE_LIMITED: 500.003.02 spike arrest, 500.003.03 quota.
 * - NOT_FOUND: 404.001.01 resource not found / 405.
 * - REJECTED: HTTP 200 but ResponseCode ≠ "0".
 * - UNAVAILABLE: other 5xx, network failure, unreadable answer.
 * - TIMEOUT: no answer within the request timeout.
 */
export type DarajaErrorCode =
  | 'INVALID_CREDENTIALS'
  | 'INVALID_TOKEN'
  | 'PRODUCT_MISMATCH'
  | 'VALIDATION'
  | 'MERCHANT_NOT_FOUND'
  | 'WRONG_CREDENTIALS'
  | 'SUBSCRIBER_LOCKED'
  | 'ALREADY_REGISTERED'
  | 'RATE_LIMITED'
  | 'NOT_FOUND'
  | 'REJECTED'
  | 'UNAVAILABLE'
  | 'TIMEOUT';

const RETRYABLE: ReadonlySet<DarajaErrorCode> = new Set(['SUBSCRIBER_LOCKED', 'RATE_LIMITED', 'UNAVAILABLE', 'TIMEOUT']);

export interface DarajaErrorDetails {
  httpStatus?: number;
  errorCode?: string;
  errorMessage?: string;
  requestId?: string;
  field?: string;
  cause?: unknown;
}

export class DarajaError extends Error {
  readonly httpStatus: number | null;
  /** Daraja's errorCode, e.g. `400.002.02`. */
  readonly errorCode: string | null;
  /** Daraja's errorMessage, e.g. `Bad Request - Invalid PhoneNumber`. */
  readonly errorMessage: string | null;
  readonly requestId: string | null;
  /** The offending field for VALIDATION errors, when known. */
  readonly field: string | null;
  /** Worth retrying later (transient). */
  readonly retryable: boolean;

  constructor(
    readonly code: DarajaErrorCode,
    message: string,
    details: DarajaErrorDetails = {},
  ) {
    super(message, details.cause === undefined ? undefined : { cause: details.cause });
    this.name = 'DarajaError';
    this.httpStatus = details.httpStatus ?? null;
    this.errorCode = details.errorCode ?? null;
    this.errorMessage = details.errorMessage ?? null;
    this.requestId = details.requestId ?? null;
    this.field = details.field ?? null;
    this.retryable = RETRYABLE.has(code);
  }
}

export function isDarajaError(err: unknown, code?: DarajaErrorCode): err is DarajaError {
  return err instanceof DarajaError && (code === undefined || err.code === code);
}

/** The synchronous Daraja error body `{ requestId, errorCode, errorMessage }`, if the value has that shape. */
export function readErrorBody(body: unknown): { requestId?: string; errorCode: string; errorMessage: string } | null {
  if (!body || typeof body !== 'object') return null;
  const b = body as Record<string, unknown>;
  if (typeof b.errorCode !== 'string') return null;
  return { requestId: typeof b.requestId === 'string' ? b.requestId : undefined, errorCode: b.errorCode, errorMessage: typeof b.errorMessage === 'string' ? b.errorMessage : '' };
}

/** Translates a non-success API answer (not OAuth) into a DarajaError. */
export function translateApiError(httpStatus: number, body: unknown): DarajaError {
  const e = readErrorBody(body);
  const details: DarajaErrorDetails = { httpStatus, errorCode: e?.errorCode, errorMessage: e?.errorMessage, requestId: e?.requestId };
  const text = e ? `${e.errorCode} ${e.errorMessage}` : `HTTP ${httpStatus}`;
  const code = e?.errorCode ?? '';
  const msg = (e?.errorMessage ?? '').toLowerCase();
  if (code === '404.001.03' || code === '400.003.01') return new DarajaError('INVALID_TOKEN', `Daraja rejected the access token (${text})`, details);
  if (code === '401.003.01') return new DarajaError('PRODUCT_MISMATCH', `The Daraja app lacks this API product (${text})`, details);
  if (code === '400.002.02' || code === '400.002.05' || code === '400.003.02') {
    const field = /invalid\s+([A-Za-z]+)\s*$/i.exec(e?.errorMessage ?? '')?.[1];
    return new DarajaError('VALIDATION', `Daraja rejected the request (${text})`, { ...details, field });
  }
  if (code === '404.001.01' || code === '404.003.01' || code.startsWith('405')) return new DarajaError('NOT_FOUND', `Daraja endpoint not found (${text})`, details);
  if (code === '500.003.02' || code === '500.003.03') return new DarajaError('RATE_LIMITED', `Daraja rate limit (${text})`, details);
  if (code === '500.001.1001') {
    if (msg.includes('merchant does not exist')) return new DarajaError('MERCHANT_NOT_FOUND', `Unknown shortcode for this environment (${text})`, details);
    if (msg.includes('wrong credentials')) return new DarajaError('WRONG_CREDENTIALS', `Wrong passkey or password (${text})`, details);
    if (msg.includes('unable to lock subscriber')) return new DarajaError('SUBSCRIBER_LOCKED', `A prompt is already open for this phone (${text})`, details);
  }
  if (code === '500.003.1001' && (msg.includes('already registered') || msg.includes('duplicate notification'))) {
    return new DarajaError('ALREADY_REGISTERED', `C2B URLs are already registered (${text})`, details);
  }
  if (httpStatus === 401 || httpStatus === 403) return new DarajaError('INVALID_TOKEN', `Daraja refused the request (${text})`, details);
  if (httpStatus >= 400 && httpStatus < 500) return new DarajaError('VALIDATION', `Daraja rejected the request (${text})`, details);
  return new DarajaError('UNAVAILABLE', `Daraja is unavailable (${text})`, details);
}
