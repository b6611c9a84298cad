import type { SimAppConfig } from './types';

export type RegisteredApp = Required<Omit<SimAppConfig, 'tillNumber'>> & { tillNumber: string | null; balance: number };

export function normaliseApp(config: SimAppConfig): RegisteredApp {
  if (!config.consumerKey || !config.consumerSecret) throw new Error('consumerKey and consumerSecret are required');
  if (!/^\d{5,7}$/.test(String(config.shortcode))) throw new Error('shortcode must be 5–7 digits');
  if (!config.passkey) throw new Error('passkey is required');
  const accountType = config.accountType ?? 'paybill';
  if (accountType === 'till' && !/^\d{5,7}$/.test(String(config.tillNumber ?? ''))) throw new Error('a till app needs a 5–7 digit tillNumber');
  return {
    consumerKey: config.consumerKey,
    consumerSecret: config.consumerSecret,
    shortcode: String(config.shortcode),
    passkey: config.passkey,
    accountType,
    tillNumber: config.tillNumber ? String(config.tillNumber) : null,
    mode: config.mode ?? 'sandbox',
    stkProduct: config.stkProduct ?? true,
    c2bVersion: config.c2bVersion ?? 'both',
    externalValidation: config.externalValidation ?? true,
    openingBalance: config.openingBalance ?? 0,
    pullProduct: config.pullProduct ?? true,
    organizationName: config.organizationName ?? `SIM MERCHANT ${config.shortcode}`,
    balance: config.openingBalance ?? 0,
  };
}

/** Public view of an app (no secret, no passkey). */
export function appInfo(app: RegisteredApp): Record<string, unknown> {
  return {
    consumerKey: app.consumerKey,
    shortcode: app.shortcode,
    accountType: app.accountType,
    tillNumber: app.tillNumber,
    mode: app.mode,
    stkProduct: app.stkProduct,
    c2bVersion: app.c2bVersion,
    externalValidation: app.externalValidation,
    pullProduct: app.pullProduct,
    organizationName: app.organizationName,
    balance: app.balance,
  };
}

interface TokenRecord {
  consumerKey: string;
  expiresAt: number;
}

/** Issued access tokens. With strict rotation a new token invalidates the app's previous one (docs FAQ). */
export class TokenStore {
  private readonly tokens = new Map<string, TokenRecord>();
  private readonly latest = new Map<string, string>();

  constructor(
    public ttlMs: number,
    public strictRotation: boolean,
  ) {}

  issue(consumerKey: string, token: string, now = Date.now()): void {
    const previous = this.latest.get(consumerKey);
    if (previous && this.strictRotation) this.tokens.delete(previous);
    this.tokens.set(token, { consumerKey, expiresAt: now + this.ttlMs });
    this.latest.set(consumerKey, token);
  }

  /** The consumer key a live token belongs to, or null (unknown, rotated, invalidated or expired). */
  resolve(token: string, now = Date.now()): string | null {
    const rec = this.tokens.get(token);
    if (!rec) return null;
    if (rec.expiresAt <= now) {
      this.tokens.delete(token);
      return null;
    }
    return rec.consumerKey;
  }

  /** Invalidates all tokens, or those of one app. Returns how many were live. */
  invalidate(consumerKey?: string): number {
    let n = 0;
    for (const [token, rec] of this.tokens) {
      if (!consumerKey || rec.consumerKey === consumerKey) {
        this.tokens.delete(token);
        n++;
      }
    }
    if (consumerKey) this.latest.delete(consumerKey);
    else this.latest.clear();
    return n;
  }

  /** Makes every live token of an app (or all) expire now + ms. */
  expireIn(ms: number, consumerKey?: string, now = Date.now()): void {
    for (const rec of this.tokens.values()) if (!consumerKey || rec.consumerKey === consumerKey) rec.expiresAt = now + ms;
  }
}
