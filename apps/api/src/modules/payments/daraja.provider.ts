import type { Provider } from '@nestjs/common';
import { Logger } from '@nestjs/common';
import type { DarajaLogger, DarajaMerchant, StkPushInput, StkPushResult, StkQueryResult } from '@wavu/daraja';
import { DARAJA_CLIENT, DarajaError, HttpDarajaClient } from '@wavu/daraja';
import { Metrics } from '../../common/metrics/metrics';
import type { AppConfig } from '../../config/app-config';
import { APP_CONFIG } from '../../config/app-config';

/** Consumer keys identify a merchant's app: logs show only their first characters. */
function scrub(meta?: Record<string, unknown>): Record<string, unknown> | undefined {
  if (!meta) return meta;
  const out: Record<string, unknown> = { ...meta };
  if (typeof out.consumerKey === 'string') out.consumerKey = `${out.consumerKey.slice(0, 4)}…`;
  return out;
}

/** How a Daraja call ended, for the latency histogram (a handful of values, never the error text). */
function resultOf(error: unknown): string {
  if (!(error instanceof DarajaError)) return 'error';
  if (error.code === 'TIMEOUT') return 'timeout';
  return error.retryable ? 'unavailable' : 'rejected';
}

/** The HTTP adapter, timing the STK calls into `wavu_daraja_request_duration_seconds`. */
class TimedDarajaClient extends HttpDarajaClient {
  constructor(
    options: ConstructorParameters<typeof HttpDarajaClient>[0],
    private readonly metrics: Metrics,
  ) {
    super(options);
  }

  override stkPush(merchant: DarajaMerchant, input: StkPushInput): Promise<StkPushResult> {
    return this.timed('stk_push', () => super.stkPush(merchant, input));
  }

  override stkQuery(merchant: DarajaMerchant, checkoutRequestId: string, at?: Date): Promise<StkQueryResult> {
    return this.timed('stk_query', () => super.stkQuery(merchant, checkoutRequestId, at));
  }

  private async timed<T>(operation: string, call: () => Promise<T>): Promise<T> {
    const end = this.metrics.darajaRequests.startTimer({ operation });
    try {
      const result = await call();
      end({ result: 'ok' });
      return result;
    } catch (error) {
      end({ result: resultOf(error) });
      throw error;
    }
  }
}

/** Binds the DarajaClient port to the HTTP adapter from libs/daraja (docs/architecture.md rule 4). */
export const darajaClientProvider: Provider = {
  provide: DARAJA_CLIENT,
  inject: [APP_CONFIG, Metrics],
  useFactory: (config: AppConfig, metrics: Metrics) => {
    const logger = new Logger('DarajaClient');
    const adapter: DarajaLogger = {
      debug: (message, meta) => logger.debug({ ...scrub(meta) }, message),
      warn: (message, meta) => logger.warn({ ...scrub(meta) }, message),
      error: (message, meta) => logger.error({ ...scrub(meta) }, message),
    };
    const base = config.payments.daraja.baseUrl;
    return new TimedDarajaClient({ baseUrls: base ? { sandbox: base, production: base } : undefined, timeoutMs: config.payments.daraja.timeoutMs, logger: adapter }, metrics);
  },
};
