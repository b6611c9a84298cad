import { AppException } from '../../common/errors/app-exception';

export enum AlertsErrorCode {
  ALERT_PHONE_REQUIRED = 'ALERT_PHONE_REQUIRED',
  ALERT_CATEGORY_NOT_AVAILABLE = 'ALERT_CATEGORY_NOT_AVAILABLE',
}

/** Errors of the alert preferences (docs/alerts.md). */
export class AlertsException extends AppException<AlertsErrorCode> {
  protected readonly statuses = {
    ALERT_PHONE_REQUIRED: 400,
    ALERT_CATEGORY_NOT_AVAILABLE: 400,
  };
}
