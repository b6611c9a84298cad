/** No wait between two attempts is longer than this. */
export const MAX_RETRY_DELAY_MS = 3_600_000;

/**
 * The wait before the next attempt after `attempts` failed ones: base, 2×base, 4×base … capped at
 * an hour (base 30 s: 30 s, 1 min, 2 min, 4 min … 64 min → 1 h).
 */
export function retryDelayMs(attempts: number, baseMs: number): number {
  return Math.min(MAX_RETRY_DELAY_MS, baseMs * 2 ** Math.max(0, Math.min(attempts - 1, 30)));
}
