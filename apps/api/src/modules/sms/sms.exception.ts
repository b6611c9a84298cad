import { AppException } from '../../common/errors/app-exception';

export enum SmsErrorCode {
  SMS_SETTINGS_INVALID = 'SMS_SETTINGS_INVALID',
  SMS_NOT_AVAILABLE = 'SMS_NOT_AVAILABLE',
  SMS_NO_PHONE = 'SMS_NO_PHONE',
  SMS_RATE_LIMITED = 'SMS_RATE_LIMITED',
  SMS_WEBHOOK_NOT_FOUND = 'SMS_WEBHOOK_NOT_FOUND',
}

export class SmsException extends AppException<SmsErrorCode> {
  protected readonly statuses = {
    SMS_SETTINGS_INVALID: 400,
    SMS_NOT_AVAILABLE: 409,
    SMS_NO_PHONE: 409,
    SMS_RATE_LIMITED: 429,
    SMS_WEBHOOK_NOT_FOUND: 404,
  };
}
