import { AppException } from '../../common/errors/app-exception';

export enum SubscriptionErrorCode {
  PLATFORM_PLAN_NOT_FOUND = 'PLATFORM_PLAN_NOT_FOUND',
  PLATFORM_PLAN_NAME_TAKEN = 'PLATFORM_PLAN_NAME_TAKEN',
  PLATFORM_PLAN_IN_USE = 'PLATFORM_PLAN_IN_USE',
  PLATFORM_PLAN_INACTIVE = 'PLATFORM_PLAN_INACTIVE',
  SUBSCRIPTION_NOT_FOUND = 'SUBSCRIPTION_NOT_FOUND',
  SUBSCRIPTION_INVOICE_NOT_FOUND = 'SUBSCRIPTION_INVOICE_NOT_FOUND',
  SUBSCRIPTION_PAYMENTS_DISABLED = 'SUBSCRIPTION_PAYMENTS_DISABLED',
  SUBSCRIPTION_GATEWAY_UNAVAILABLE = 'SUBSCRIPTION_GATEWAY_UNAVAILABLE',
  SUBSCRIPTION_INVALID_TRANSITION = 'SUBSCRIPTION_INVALID_TRANSITION',
  PLAN_LIMIT_REACHED = 'PLAN_LIMIT_REACHED',
}

export class SubscriptionException extends AppException<SubscriptionErrorCode> {
  protected readonly statuses = {
    PLATFORM_PLAN_NOT_FOUND: 404,
    PLATFORM_PLAN_NAME_TAKEN: 409,
    PLATFORM_PLAN_IN_USE: 409,
    PLATFORM_PLAN_INACTIVE: 409,
    SUBSCRIPTION_NOT_FOUND: 404,
    SUBSCRIPTION_INVOICE_NOT_FOUND: 404,
    SUBSCRIPTION_PAYMENTS_DISABLED: 503,
    SUBSCRIPTION_GATEWAY_UNAVAILABLE: 502,
    SUBSCRIPTION_INVALID_TRANSITION: 409,
    PLAN_LIMIT_REACHED: 409,
    SALES_PAUSED: 403,
  };

  static planNotFound(): SubscriptionException {
    return new SubscriptionException(SubscriptionErrorCode.PLATFORM_PLAN_NOT_FOUND, 'Platform plan not found');
  }

  static notFound(): SubscriptionException {
    return new SubscriptionException(SubscriptionErrorCode.SUBSCRIPTION_NOT_FOUND, 'This provider has no subscription yet');
  }

  static invoiceNotFound(): SubscriptionException {
    return new SubscriptionException(SubscriptionErrorCode.SUBSCRIPTION_INVOICE_NOT_FOUND, 'Invoice not found');
  }
}
