import { Injectable } from '@nestjs/common';
import { CommonErrorCode, CommonException } from '../../common/errors/app-exception';
import { MemoryRateLimiter } from '../../common/http/rate-limit';

/** Wrong codes (answered not_found) per router and device MAC, per window. */
const MISSES_PER_DEVICE = 10;
const WINDOW_SECONDS = 60;
const MAX_KEYS = 50_000;

/**
 * Counts wrong codes per (router, device MAC) in fixed windows, in memory (docs/portal.md
 * "Guessing codes"): once a device has had 10 codes answered `not_found` in a minute, its code
 * checks (vouchers/check, login-check) answer 429 until the minute is over. Only misses count,
 * so a customer whose good code is being restored can keep asking. The route decorator
 * `@RateLimit` keys on the client IP only, and every customer of one hotspot reaches us from
 * the router's single public address, so that budget is shared by the whole hotspot; this one
 * is per device. Checks that name no MAC share one bucket per router. The MAC comes from the
 * portal link, so this slows a guesser down rather than stopping one: the code space rule
 * (vouchers module) is what keeps guessing hopeless.
 */
@Injectable()
export class DeviceCheckLimiter {
  /** its own windows (not the route limiter's), evicting oldest first when full */
  private readonly windows = Object.assign(new MemoryRateLimiter(), { maxKeys: MAX_KEYS });

  /** 429 RATE_LIMITED with Retry-After when this device has used up its wrong codes. */
  assertAllowed(routerId: string, mac: string | null, now = Date.now()): void {
    const wait = this.windows.waitFor(key(routerId, mac), MISSES_PER_DEVICE, WINDOW_SECONDS, now);
    if (wait > 0) throw new CommonException(CommonErrorCode.RATE_LIMITED, 'Too many wrong codes from this device. Please wait a moment and try again.', undefined, { 'Retry-After': String(wait) });
  }

  /** Counts one wrong code. */
  miss(routerId: string, mac: string | null, now = Date.now()): void {
    this.windows.hit(key(routerId, mac), MISSES_PER_DEVICE, WINDOW_SECONDS, now);
  }
}

const key = (routerId: string, mac: string | null): string => `${routerId}:${mac ?? '-'}`;
