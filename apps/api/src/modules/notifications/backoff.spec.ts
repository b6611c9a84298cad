import { MAX_RETRY_DELAY_MS, retryDelayMs } from './backoff';

describe('retryDelayMs', () => {
  it('doubles from the base after each failed attempt', () => {
    expect([1, 2, 3, 4, 5].map((n) => retryDelayMs(n, 30_000))).toEqual([30_000, 60_000, 120_000, 240_000, 480_000]);
  });

  it('is capped at an hour', () => {
    expect(retryDelayMs(8, 30_000)).toBe(MAX_RETRY_DELAY_MS);
    expect(retryDelayMs(1000, 30_000)).toBe(MAX_RETRY_DELAY_MS);
  });

  it('treats a zero base (tests) and attempt 0 sanely', () => {
    expect(retryDelayMs(5, 0)).toBe(0);
    expect(retryDelayMs(0, 1000)).toBe(1000);
  });
});
