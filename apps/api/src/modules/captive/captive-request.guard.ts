import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { Request } from 'express';
import { CommonErrorCode, CommonException } from '../../common/errors/app-exception';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { CaptiveErrorCode, CaptiveException } from './captive.exception';

const JSON_TYPE = /^application\/(json|[a-z0-9.+-]+\+json)$/;

/**
 * The captive API speaks JSON to the portal page on our own origin only (docs/portal.md
 * "Requests from elsewhere"): a POST whose Content-Type is not JSON is 415 (an HTML form on
 * another site cannot send JSON, so it cannot start an STK push), and a request a browser marks
 * as coming from another site — `Origin` other than PUBLIC_URL's, or `Sec-Fetch-Site`
 * cross-site / same-site — is 403. Requests without those headers (curl, integrations) pass:
 * only browsers carry other sites' pages.
 */
@Injectable()
export class CaptiveRequestGuard implements CanActivate {
  private readonly origin: string;

  constructor(@Inject(APP_CONFIG) config: AppConfig) {
    this.origin = new URL(config.http.publicUrl).origin;
  }

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<Request>();
    const site = String(req.headers['sec-fetch-site'] ?? '').toLowerCase();
    const origin = req.headers.origin;
    if (site === 'cross-site' || site === 'same-site' || (origin !== undefined && origin !== this.origin)) {
      throw new CaptiveException(CaptiveErrorCode.CAPTIVE_CROSS_SITE, 'The WiFi portal API answers the portal page only');
    }
    if (req.method === 'POST') {
      const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
      if (!JSON_TYPE.test(type)) throw new CommonException(CommonErrorCode.UNSUPPORTED_MEDIA_TYPE, `Unsupported Content-Type ${type || '(none)'}: send application/json`);
    }
    return true;
  }
}
