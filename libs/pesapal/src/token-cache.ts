import type { PesapalToken } from './types';

export interface TokenCacheOptions {
  now: () => Date;
  refreshMarginMs: number;
  maxLifetimeMs: number;
}

/**
 * One bearer token, reused until shortly before it expires; concurrent callers share a single
 * in-flight RequestToken (single-flight). The token is trusted until
 * `min(expiryDate, issued + maxLifetime) - margin`, the margin capped at half the lifetime.
 */
export class TokenCache {
  private current: { token: string; refreshAt: number } | null = null;
  private inFlight: Promise<string> | null = null;

  constructor(
    private readonly fetchToken: () => Promise<PesapalToken>,
    private readonly options: TokenCacheOptions,
  ) {}

  async get(): Promise<string> {
    const now = this.options.now().getTime();
    if (this.current && now < this.current.refreshAt) return this.current.token;
    if (!this.inFlight) {
      this.inFlight = this.refresh().finally(() => {
        this.inFlight = null;
      });
    }
    return this.inFlight;
  }

  /** Forget the token (e.g. after a 401) so the next get() requests a new one. */
  invalidate(token?: string): void {
    if (!token || this.current?.token === token) this.current = null;
  }

  private async refresh(): Promise<string> {
    const issuedAt = this.options.now().getTime();
    const t = await this.fetchToken();
    const expiry = Math.min(t.expiresAt.getTime(), issuedAt + this.options.maxLifetimeMs);
    const lifetime = Math.max(0, expiry - issuedAt);
    const margin = Math.min(this.options.refreshMarginMs, lifetime / 2);
    this.current = { token: t.token, refreshAt: expiry - margin };
    return t.token;
  }
}
