import { AppException } from '../../common/errors/app-exception';

export enum CaptiveErrorCode {
  CAPTIVE_ROUTER_NOT_FOUND = 'CAPTIVE_ROUTER_NOT_FOUND',
  CAPTIVE_PLAN_NOT_OFFERED = 'CAPTIVE_PLAN_NOT_OFFERED',
  CAPTIVE_SALES_PAUSED = 'CAPTIVE_SALES_PAUSED',
  CAPTIVE_PURCHASE_NOT_FOUND = 'CAPTIVE_PURCHASE_NOT_FOUND',
}

export class CaptiveException extends AppException<CaptiveErrorCode> {
  protected readonly statuses = {
    CAPTIVE_ROUTER_NOT_FOUND: 404,
    CAPTIVE_PLAN_NOT_OFFERED: 404,
    // 403, not 503: the portal shows "temporarily unavailable"; the API is up and the answer is final for now
    CAPTIVE_SALES_PAUSED: 403,
    CAPTIVE_PURCHASE_NOT_FOUND: 404,
  };

  static routerNotFound(): CaptiveException {
    return new CaptiveException(CaptiveErrorCode.CAPTIVE_ROUTER_NOT_FOUND, 'This WiFi hotspot is not known');
  }
}
