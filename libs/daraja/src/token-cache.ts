import { DarajaError } from './errors';
import type { TokenRefreshReport, DarajaCredentials } from './types';

export interface IssuedToken {
  token: string;
  /** Seconds, as parsed from `expires_in` (a string on the wire, sometimes a number). */
  expiresInSec: number;
}

export type TokenFetcher = (credentials: DarajaCredentials) => Promise<IssuedToken>;

export interface TokenCacheOptions {
  /** Refresh when less than this remains. Default 10 min (docs/product.md §6). */
  refreshBeforeMs?: number;
  /** Credentials unused for longer than this are dropped by `refreshActive`. Default 2 h. */
  activeWindowMs?: number;
  now?: () => number;
}

interface Entry {
  credentials: DarajaCredentials;
  token: string | null;
  expiresAt: number;
  inflight: Promise<string> | null;
  lastUsed: number;
}

export function tokenCacheKey(credentials: Pick<DarajaCredentials, 'environment' | 'consumerKey'>): string {
  return `${credentials.environment}\u0000${credentials.consumerKey}`;
}

/**
 * One OAuth token per credential set (environment + consumer key). Tokens are refreshed when
 * less than `refreshBeforeMs` remains; concurrent callers share a single refresh. A new token
 * invalidates the previous one at Daraja, so tokens are never minted per request.
 */
export class TokenCache {
  private readonly entries = new Map<string, Entry>();
  private readonly refreshBeforeMs: number;
  private readonly activeWindowMs: number;
  private readonly now: () => number;

  constructor(
    private readonly fetcher: TokenFetcher,
    options: TokenCacheOptions = {},
  ) {
    this.refreshBeforeMs = options.refreshBeforeMs ?? 10 * 60_000;
    this.activeWindowMs = options.activeWindowMs ?? 2 * 60 * 60_000;
    this.now = options.now ?? Date.now;
  }

  /** A token with more than `refreshBeforeMs` left, fetching one if needed. */
  async get(credentials: DarajaCredentials, forceRefresh = false): Promise<string> {
    const entry = this.entry(credentials);
    entry.lastUsed = this.now();
    if (!forceRefresh && entry.token && entry.expiresAt - this.now() > this.refreshBeforeMs) return entry.token;
    return this.refresh(entry, forceRefresh);
  }

  /** Forgets `token` if it is still the cached one (after Daraja called it invalid). */
  invalidate(credentials: DarajaCredentials, token: string): void {
    const entry = this.entries.get(tokenCacheKey(credentials));
    if (entry && entry.token === token) {
      entry.token = null;
      entry.expiresAt = 0;
    }
  }

  forget(credentials: Pick<DarajaCredentials, 'environment' | 'consumerKey'>): void {
    this.entries.delete(tokenCacheKey(credentials));
  }

  /** Number of cached credential sets. */
  get size(): number {
    return this.entries.size;
  }

  /**
   * For the scheduled job: drops credential sets unused for `activeWindowMs`, and refreshes the
   * others whose token has less than `minRemainingMs` left (default: refresh margin + 30 min job interval).
   */
  async refreshActive(minRemainingMs = this.refreshBeforeMs + 30 * 60_000): Promise<TokenRefreshReport> {
    const report: TokenRefreshReport = { refreshed: 0, failed: [], evicted: 0 };
    const now = this.now();
    const due: Entry[] = [];
    for (const [key, entry] of this.entries) {
      if (now - entry.lastUsed > this.activeWindowMs) {
        this.entries.delete(key);
        report.evicted++;
      } else if (!entry.token || entry.expiresAt - now < minRemainingMs) due.push(entry);
    }
    await Promise.all(
      due.map(async (entry) => {
        try {
          await this.refresh(entry, true);
          report.refreshed++;
        } catch (err) {
          report.failed.push({ environment: entry.credentials.environment, consumerKey: entry.credentials.consumerKey, code: err instanceof DarajaError ? err.code : 'UNAVAILABLE' });
        }
      }),
    );
    return report;
  }

  private entry(credentials: DarajaCredentials): Entry {
    const key = tokenCacheKey(credentials);
    const existing = this.entries.get(key);
    if (existing && existing.credentials.consumerSecret === credentials.consumerSecret && existing.credentials.baseUrl === credentials.baseUrl) return existing;
    const entry: Entry = { credentials: { ...credentials }, token: null, expiresAt: 0, inflight: null, lastUsed: this.now() };
    this.entries.set(key, entry);
    return entry;
  }

  /** Single flight: concurrent refreshes of one credential set share one OAuth call. */
  private refresh(entry: Entry, force: boolean): Promise<string> {
    if (entry.inflight) return entry.inflight;
    if (!force && entry.token && entry.expiresAt - this.now() > this.refreshBeforeMs) return Promise.resolve(entry.token);
    const p = this.fetcher(entry.credentials)
      .then((issued) => {
        entry.token = issued.token;
        entry.expiresAt = this.now() + issued.expiresInSec * 1000;
        return issued.token;
      })
      .finally(() => {
        entry.inflight = null;
      });
    entry.inflight = p;
    return p;
  }
}
