import type { ErrorDetail } from '../../common/errors/app-exception';
import { AppException } from '../../common/errors/app-exception';

export enum AuthErrorCode {
  INVALID_CREDENTIALS = 'INVALID_CREDENTIALS',
  LOGIN_THROTTLED = 'LOGIN_THROTTLED',
  INVALID_REFRESH_TOKEN = 'INVALID_REFRESH_TOKEN',
  WRONG_PASSWORD = 'WRONG_PASSWORD',
  EMAIL_TAKEN = 'EMAIL_TAKEN',
  API_KEY_NOT_FOUND = 'API_KEY_NOT_FOUND',
  USER_REQUIRED = 'USER_REQUIRED',
  STAFF_NOT_FOUND = 'STAFF_NOT_FOUND',
  INVALID_RESET_TOKEN = 'INVALID_RESET_TOKEN',
  PASSWORD_RESET_THROTTLED = 'PASSWORD_RESET_THROTTLED',
  /** The password was right but the account is deactivated (only said after a correct password: no enumeration). */
  ACCOUNT_DEACTIVATED = 'ACCOUNT_DEACTIVATED',
  USER_NOT_FOUND = 'USER_NOT_FOUND',
  CANNOT_DEACTIVATE_SELF = 'CANNOT_DEACTIVATE_SELF',
  LAST_SUPER_ADMIN = 'LAST_SUPER_ADMIN',
  /** An invitation link that was used, replaced by a newer one, never existed, or whose account was removed. */
  INVALID_INVITATION = 'INVALID_INVITATION',
  /** An invitation link past its 72 hours: the owner sends a new one. */
  INVITATION_EXPIRED = 'INVITATION_EXPIRED',
  /** Resending to someone who already set a password, or was removed. */
  INVITATION_NOT_PENDING = 'INVITATION_NOT_PENDING',
  INVITATION_THROTTLED = 'INVITATION_THROTTLED',
  /** The super admin's "send password reset" for a deactivated account. */
  USER_DEACTIVATED = 'USER_DEACTIVATED',
}

export class AuthException extends AppException<AuthErrorCode> {
  protected readonly statuses = {
    INVALID_CREDENTIALS: 401,
    LOGIN_THROTTLED: 429,
    INVALID_REFRESH_TOKEN: 401,
    WRONG_PASSWORD: 400,
    EMAIL_TAKEN: 409,
    API_KEY_NOT_FOUND: 404,
    USER_REQUIRED: 403,
    STAFF_NOT_FOUND: 404,
    INVALID_RESET_TOKEN: 400,
    PASSWORD_RESET_THROTTLED: 429,
    ACCOUNT_DEACTIVATED: 403,
    USER_NOT_FOUND: 404,
    CANNOT_DEACTIVATE_SELF: 409,
    LAST_SUPER_ADMIN: 409,
    INVALID_INVITATION: 400,
    INVITATION_EXPIRED: 400,
    INVITATION_NOT_PENDING: 409,
    INVITATION_THROTTLED: 429,
    USER_DEACTIVATED: 409,
  };

  static throttled(retryAfterSeconds: number): AuthException {
    const minutes = Math.max(1, Math.ceil(retryAfterSeconds / 60));
    return new AuthException(AuthErrorCode.LOGIN_THROTTLED, `Too many failed attempts. Try again in ${minutes} minute${minutes === 1 ? '' : 's'}.`, undefined, {
      'Retry-After': String(Math.ceil(retryAfterSeconds)),
    });
  }

  static emailTaken(field = 'email'): AuthException {
    const details: ErrorDetail[] = [{ field, messages: ['an account with this e-mail already exists'] }];
    return new AuthException(AuthErrorCode.EMAIL_TAKEN, 'An account with this e-mail already exists', details);
  }
}
