import type { Provider } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import type { DarajaLogger } from '@wavu/daraja';
import { DARAJA_CLIENT, HttpDarajaClient } from '@wavu/daraja';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/app-config';

/** Consumer keys identify a merchant's app: logs show only their first characters. */
function scrub(meta?: Record<string, unknown>): Record<string, unknown> | undefined {
  if (!meta) return meta;
  const out: Record<string, unknown> = { ...meta };
  if (typeof out.consumerKey === 'string') out.consumerKey = `${out.consumerKey.slice(0, 4)}…`;
  return out;
}

/** Binds the DarajaClient port to the HTTP adapter from libs/daraja (docs/architecture.md rule 4). */
export const darajaClientProvider: Provider = {
  provide: DARAJA_CLIENT,
  inject: [APP_CONFIG],
  useFactory: (config: AppConfig) => {
    const logger = new Logger('DarajaClient');
    const adapter: DarajaLogger = {
      debug: (message, meta) => logger.debug({ ...scrub(meta) }, message),
      warn: (message, meta) => logger.warn({ ...scrub(meta) }, message),
      error: (message, meta) => logger.error({ ...scrub(meta) }, message),
    };
    const base = config.payments.daraja.baseUrl;
    return new HttpDarajaClient({ baseUrls: base ? { sandbox: base, production: base } : undefined, timeoutMs: config.payments.daraja.timeoutMs, logger: adapter });
  },
};
