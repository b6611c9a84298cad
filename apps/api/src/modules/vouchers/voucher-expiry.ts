import type { ValidityFrom } from '../plans';

/** What a voucher keeps of its plan's expiry strategy (the snapshot). */
export interface ExpiryTerms {
  validitySeconds: number | null;
  validityFrom: ValidityFrom;
  uptimeLimitSeconds: number | null;
  dataLimitBytes: number | null;
}

const DAY_MS = 86400_000;
const plus = (at: Date, seconds: number) => new Date(at.getTime() + seconds * 1000);

/** Activation expiry: an unsold voucher ends `days` after generation (null = never). */
export function expiryAtGeneration(activationExpiryDays: number | null, generatedAt: Date): Date | null {
  return activationExpiryDays ? new Date(generatedAt.getTime() + activationExpiryDays * DAY_MS) : null;
}

/**
 * At the sale activation expiry stops applying: purchase expiry starts the window now; usage
 * expiry waits for the first login (no wall-clock end until then).
 */
export function expiryAtSale(terms: ExpiryTerms, soldAt: Date): Date | null {
  return terms.validityFrom === 'purchase' && terms.validitySeconds ? plus(soldAt, terms.validitySeconds) : null;
}

/** At first login usage expiry starts its window; a purchase window keeps running unchanged. */
export function expiryAtFirstLogin(terms: ExpiryTerms, currentExpiresAt: Date | null, firstLoginAt: Date): Date | null {
  return terms.validityFrom === 'first_login' && terms.validitySeconds ? plus(firstLoginAt, terms.validitySeconds) : currentExpiresAt;
}

/** The router enforces the limits; a voucher ends when either is used up (or the router says so). */
export function isExhausted(terms: ExpiryTerms, usage: { uptimeSeconds: number; bytes: number; limitReached: boolean }): boolean {
  if (usage.limitReached) return true;
  if (terms.uptimeLimitSeconds && usage.uptimeSeconds >= terms.uptimeLimitSeconds) return true;
  if (terms.dataLimitBytes && usage.bytes >= terms.dataLimitBytes) return true;
  return false;
}

/**
 * Extend validity by `seconds`: a running window moves its end (from now, if it already lies
 * in the past); a window that has not started yet gets longer.
 */
export function extendValidity(expiresAt: Date | null, validitySeconds: number | null, seconds: number, now: Date): { expiresAt: Date | null; validitySeconds: number | null } {
  if (expiresAt) return { expiresAt: plus(expiresAt.getTime() > now.getTime() ? expiresAt : now, seconds), validitySeconds };
  return { expiresAt: null, validitySeconds: (validitySeconds ?? 0) + seconds };
}
