import type { Provider } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import { AfricasTalkingSmsClient, SMS_CLIENT } from '@wavu/africastalking';
import type { SmsLogger } from '@wavu/africastalking';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/app-config';

/** Binds the SmsClient port to the Africa's Talking adapter from libs/africastalking (docs/architecture.md rule 4). */
export const smsClientProvider: Provider = {
  provide: SMS_CLIENT,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig) => {
    const logger = new Logger('SmsClient');
    // the client already masks numbers and never logs keys or texts (docs/sms.md §6)
    const adapter: SmsLogger = {
      debug: (message, meta) => logger.debug({ ...meta }, message),
      warn: (message, meta) => logger.warn({ ...meta }, message),
      error: (message, meta) => logger.error({ ...meta }, message),
    };
    const base = config.sms.baseUrl;
    return new AfricasTalkingSmsClient({ baseUrls: base ? { sandbox: base, production: base } : undefined, timeoutMs: config.sms.timeoutMs, logger: adapter });
  },
};
