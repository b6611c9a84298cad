/** A field-level problem reported with a 4xx. */
export interface ErrorDetail {
  field: string;
  messages: string[];
}

/**
 * Base of every module exception. A module declares its string codes and the HTTP status of
 * each (see e.g. providers.exception.ts); the global filter turns them into the error body
 * `{ statusCode, code, message, details?, requestId }`.
 */
export abstract class AppException<C extends string = string> extends Error {
  protected abstract readonly statuses: Record<C, number>;

  constructor(
    readonly code: C,
    message: string,
    readonly details?: ErrorDetail[],
    /** Extra response headers, e.g. Retry-After. */
    readonly headers?: Record<string, string>,
  ) {
    super(message);
    this.name = new.target.name;
  }

  get httpStatus(): number {
    return this.statuses[this.code];
  }
}

export enum CommonErrorCode {
  VALIDATION_FAILED = 'VALIDATION_FAILED',
  INVALID_JSON = 'INVALID_JSON',
  PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE',
  UNSUPPORTED_MEDIA_TYPE = 'UNSUPPORTED_MEDIA_TYPE',
  INVALID_CURSOR = 'INVALID_CURSOR',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  PASSWORD_CHANGE_REQUIRED = 'PASSWORD_CHANGE_REQUIRED',
  /** The caller's provider is pending, rejected or suspended (common/auth/provider-status.guard.ts). */
  PROVIDER_NOT_ACTIVE = 'PROVIDER_NOT_ACTIVE',
  NOT_FOUND = 'NOT_FOUND',
  METHOD_NOT_ALLOWED = 'METHOD_NOT_ALLOWED',
  RATE_LIMITED = 'RATE_LIMITED',
  INTERNAL_ERROR = 'INTERNAL_ERROR',
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
}

export class CommonException extends AppException<CommonErrorCode> {
  protected readonly statuses = {
    VALIDATION_FAILED: 400,
    INVALID_JSON: 400,
    PAYLOAD_TOO_LARGE: 413,
    UNSUPPORTED_MEDIA_TYPE: 415,
    INVALID_CURSOR: 400,
    UNAUTHENTICATED: 401,
    FORBIDDEN: 403,
    PASSWORD_CHANGE_REQUIRED: 403,
    PROVIDER_NOT_ACTIVE: 403,
    NOT_FOUND: 404,
    METHOD_NOT_ALLOWED: 405,
    RATE_LIMITED: 429,
    INTERNAL_ERROR: 500,
    SERVICE_UNAVAILABLE: 503,
  };

  static validation(details: ErrorDetail[]): CommonException {
    const fields = details.map((d) => d.field).join(', ');
    return new CommonException(CommonErrorCode.VALIDATION_FAILED, `Invalid input: ${fields}`, details);
  }
}
