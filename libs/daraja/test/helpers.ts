import type { SimAppConfig } from '@wavu/daraja-sim';
import type { DarajaLogger, DarajaMerchant, HttpDarajaClientOptions } from '../src';
import { HttpDarajaClient } from '../src';

export const APP: SimAppConfig = { consumerKey: 'ck-provider-1', consumerSecret: 'cs-very-secret-1', shortcode: '174379', passkey: 'pk-secret-passkey-1' };
export const TILL: SimAppConfig = { consumerKey: 'ck-till', consumerSecret: 'cs-till-secret', shortcode: '500100', passkey: 'pk-till-passkey', accountType: 'till', tillNumber: '600200' };

export function merchantFor(app: SimAppConfig, baseUrl: string, overrides: Partial<DarajaMerchant> = {}): DarajaMerchant {
  return {
    environment: 'sandbox',
    consumerKey: app.consumerKey,
    consumerSecret: app.consumerSecret,
    baseUrl,
    shortcodeType: app.accountType ?? 'paybill',
    businessShortCode: app.shortcode,
    tillNumber: app.tillNumber,
    passkey: app.passkey,
    ...overrides,
  };
}

export interface Recorded {
  client: HttpDarajaClient;
  calls: string[];
  oauthCalls: () => number;
  apiCalls: () => number;
  logs: string[];
}

/** A client whose fetch records every URL, and whose logger records every line. */
export function recordedClient(options: HttpDarajaClientOptions = {}, tamper?: (url: string, init: RequestInit) => RequestInit): Recorded {
  const calls: string[] = [];
  const logs: string[] = [];
  const log = (level: string) => (message: string, meta?: Record<string, unknown>) => void logs.push(`${level} ${message} ${JSON.stringify(meta ?? {})}`);
  const logger: DarajaLogger = { debug: log('debug'), warn: log('warn'), error: log('error') };
  const client = new HttpDarajaClient({
    // generous: the simulator is local, but a loaded CI machine has answered slower than 500 ms (timeouts have their own test)
    timeoutMs: 3000,
    logger,
    ...options,
    fetch: (input, init) => {
      const url = String(input);
      calls.push(url);
      return fetch(input, tamper ? tamper(url, init ?? {}) : init);
    },
  });
  return { client, calls, logs, oauthCalls: () => calls.filter((c) => c.includes('/oauth/')).length, apiCalls: () => calls.filter((c) => !c.includes('/oauth/')).length };
}

let seq = 0;
/** A fresh Safaricom-looking MSISDN (avoids the simulator's subscriber lock and magic suffixes). */
export function phone(): string {
  seq++;
  // last four digits stay in 5000–7999, clear of the magic suffixes
  return `254713${String(Math.floor(seq / 3000) % 100).padStart(2, '0')}${5000 + (seq % 3000)}`;
}
