import { AppException } from '../../common/errors/app-exception';

export enum PaymentErrorCode {
  PAYMENT_NOT_FOUND = 'PAYMENT_NOT_FOUND',
  CUSTOMER_NOT_FOUND = 'CUSTOMER_NOT_FOUND',
  PAYMENTS_NOT_CONFIGURED = 'PAYMENTS_NOT_CONFIGURED',
  PAYMENT_SETTINGS_INVALID = 'PAYMENT_SETTINGS_INVALID',
  PAYMENT_RATE_LIMITED = 'PAYMENT_RATE_LIMITED',
  PAYMENT_PENDING_FOR_PHONE = 'PAYMENT_PENDING_FOR_PHONE',
  PAYMENT_GATEWAY_REJECTED = 'PAYMENT_GATEWAY_REJECTED',
  PAYMENT_GATEWAY_UNAVAILABLE = 'PAYMENT_GATEWAY_UNAVAILABLE',
  PAYMENT_INVALID_AMOUNT = 'PAYMENT_INVALID_AMOUNT',
  WEBHOOK_NOT_FOUND = 'WEBHOOK_NOT_FOUND',
}

export class PaymentException extends AppException<PaymentErrorCode> {
  protected readonly statuses = {
    PAYMENT_NOT_FOUND: 404,
    CUSTOMER_NOT_FOUND: 404,
    PAYMENTS_NOT_CONFIGURED: 409,
    PAYMENT_SETTINGS_INVALID: 400,
    PAYMENT_RATE_LIMITED: 429,
    PAYMENT_PENDING_FOR_PHONE: 409,
    PAYMENT_GATEWAY_REJECTED: 502,
    PAYMENT_GATEWAY_UNAVAILABLE: 503,
    PAYMENT_INVALID_AMOUNT: 400,
    WEBHOOK_NOT_FOUND: 404,
  };

  static notFound(): PaymentException {
    return new PaymentException(PaymentErrorCode.PAYMENT_NOT_FOUND, 'Payment not found');
  }

  /** Wrong provider or secret in a webhook URL: indistinguishable from an unknown route. */
  static webhookNotFound(): PaymentException {
    return new PaymentException(PaymentErrorCode.WEBHOOK_NOT_FOUND, 'Not found');
  }
}
