import { AppException } from '../../common/errors/app-exception';

export enum CaptiveErrorCode {
  CAPTIVE_ROUTER_NOT_FOUND = 'CAPTIVE_ROUTER_NOT_FOUND',
  CAPTIVE_PLAN_NOT_OFFERED = 'CAPTIVE_PLAN_NOT_OFFERED',
  CAPTIVE_SALES_PAUSED = 'CAPTIVE_SALES_PAUSED',
  CAPTIVE_PURCHASE_NOT_FOUND = 'CAPTIVE_PURCHASE_NOT_FOUND',
  CAPTIVE_PAYMENT_OPEN = 'CAPTIVE_PAYMENT_OPEN',
  CAPTIVE_CROSS_SITE = 'CAPTIVE_CROSS_SITE',
  CAPTIVE_SMS_UNAVAILABLE = 'CAPTIVE_SMS_UNAVAILABLE',
}

export class CaptiveException extends AppException<CaptiveErrorCode> {
  protected readonly statuses = {
    CAPTIVE_ROUTER_NOT_FOUND: 404,
    CAPTIVE_PLAN_NOT_OFFERED: 404,
    // 403, not 503: the portal shows "temporarily unavailable"; the API is up and the answer is final for now
    CAPTIVE_SALES_PAUSED: 403,
    CAPTIVE_PURCHASE_NOT_FOUND: 404,
    CAPTIVE_PAYMENT_OPEN: 409,
    CAPTIVE_CROSS_SITE: 403,
    CAPTIVE_SMS_UNAVAILABLE: 409,
  };

  static routerNotFound(): CaptiveException {
    return new CaptiveException(CaptiveErrorCode.CAPTIVE_ROUTER_NOT_FOUND, 'This WiFi hotspot is not known');
  }

  /** Unknown id, another provider's, or a caller without the purchase's token: all the same answer. */
  static purchaseNotFound(): CaptiveException {
    return new CaptiveException(CaptiveErrorCode.CAPTIVE_PURCHASE_NOT_FOUND, 'No such purchase');
  }
}
