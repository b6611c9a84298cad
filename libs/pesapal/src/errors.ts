/**
 * - INVALID_CREDENTIALS: RequestToken refused the consumer key/secret (often sandbox keys on live).
 * - UNAUTHORIZED: a fresh bearer token was still refused with HTTP 401.
 * - VALIDATION: Pesapal refused the request's fields (HTTP 200 error body), or bad input to a helper.
 * - DUPLICATE_REFERENCE: SubmitOrderRequest with a merchant reference already used.
 * - NOT_FOUND: HTTP 404 (wrong base URL or endpoint).
 * - UNAVAILABLE: network failure, HTTP 5xx, or an answer that is not the expected JSON.
 * - TIMEOUT: no answer within the per-request timeout.
 */
export type PesapalErrorCode = 'INVALID_CREDENTIALS' | 'UNAUTHORIZED' | 'VALIDATION' | 'DUPLICATE_REFERENCE' | 'NOT_FOUND' | 'UNAVAILABLE' | 'TIMEOUT';

export type PesapalOperation = 'requestToken' | 'registerIpn' | 'getIpnList' | 'submitOrder' | 'getTransactionStatus' | 'parseNotification';

export interface PesapalErrorDetails {
  operation: PesapalOperation;
  /** HTTP status of the answer, when there was one. */
  httpStatus?: number;
  /** Pesapal's own `error.code` (e.g. `invalid_consumer_key_or_secret_provided`). */
  pesapalCode?: string;
  /** Pesapal's own `error.message`. */
  pesapalMessage?: string;
  /** Pesapal's body `status` string (e.g. "500"). */
  pesapalStatus?: string;
  cause?: unknown;
}

export class PesapalError extends Error {
  readonly operation: PesapalOperation;
  readonly httpStatus?: number;
  readonly pesapalCode?: string;
  readonly pesapalMessage?: string;
  readonly pesapalStatus?: string;

  constructor(
    readonly code: PesapalErrorCode,
    message: string,
    details: PesapalErrorDetails,
  ) {
    super(message, details.cause !== undefined ? { cause: details.cause } : undefined);
    this.name = 'PesapalError';
    this.operation = details.operation;
    this.httpStatus = details.httpStatus;
    this.pesapalCode = details.pesapalCode;
    this.pesapalMessage = details.pesapalMessage;
    this.pesapalStatus = details.pesapalStatus;
  }

  /** Worth retrying later (network, 5xx, timeout); the others need a change first. */
  get retryable(): boolean {
    return this.code === 'UNAVAILABLE' || this.code === 'TIMEOUT';
  }
}

export function isPesapalError(err: unknown, code?: PesapalErrorCode): err is PesapalError {
  return err instanceof PesapalError && (code === undefined || err.code === code);
}
