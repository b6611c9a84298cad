import type { PesapalLogger } from './logger';

export const PESAPAL_BASE_URLS = {
  sandbox: 'https://cybqa.pesapal.com/pesapalv3',
  live: 'https://pay.pesapal.com/v3',
} as const;

export type PesapalEnvironment = keyof typeof PESAPAL_BASE_URLS;

export interface PesapalClientConfig {
  /** `sandbox`, `live`, or any base URL (e.g. the simulator's `http://127.0.0.1:8091`). Paths `/api/...` are appended. */
  baseUrl: PesapalEnvironment | string;
  consumerKey: string;
  consumerSecret: string;
  /** Per-request timeout (default 15 s). */
  timeoutMs?: number;
  /** Tokens are renewed this long before they expire (default 30 s, capped at half the token's life). */
  tokenRefreshMarginMs?: number;
  /** Upper bound on how long a token is trusted, whatever `expiryDate` says (default 5 min, as documented). */
  maxTokenLifetimeMs?: number;
  logger?: PesapalLogger;
  /** Clock (tests). */
  now?: () => Date;
  /** Injected fetch (tests); defaults to the global one. */
  fetch?: typeof fetch;
}

export function resolveBaseUrl(baseUrl: PesapalEnvironment | string): string {
  const known = (PESAPAL_BASE_URLS as Record<string, string>)[baseUrl];
  return (known ?? baseUrl).replace(/\/+$/, '');
}
