import { Injectable } from '@nestjs/common';
import { CommonErrorCode, CommonException } from '../../common/errors/app-exception';
import { clientKey } from '../../common/http/client-ip';
import { MemoryRateLimiter } from '../../common/http/rate-limit';

/** Wrong codes (answered not_found) per window: per router and device MAC, and per client IP. */
const MISSES_PER_DEVICE = 10;
const MISSES_PER_IP = 30;
const WINDOW_SECONDS = 60;
const MAX_KEYS = 100_000;

/**
 * Counts wrong codes in fixed windows, in memory (docs/portal.md "Guessing codes"): once a
 * device (router + MAC) has had 10 codes answered `not_found` in a minute, or one client IP 30,
 * its code checks (vouchers/check, login-check) answer 429 until the minute is over. Only misses
 * count, so a busy hotspot whose customers all come from one NAT address can check good codes
 * as fast as they arrive (the route's own budget is per device), while a guesser is held to 30
 * wrong codes a minute per address however many MACs it makes up. Checks that name no MAC share
 * one bucket per router. This slows a guesser down rather than stopping one: the code space rule
 * (vouchers module) is what keeps guessing hopeless.
 */
@Injectable()
export class DeviceCheckLimiter {
  /** its own windows (not the route limiter's), evicting oldest first when full */
  private readonly windows = Object.assign(new MemoryRateLimiter(), { maxKeys: MAX_KEYS });

  /** 429 RATE_LIMITED with Retry-After when this device or this address has used up its wrong codes. */
  assertAllowed(routerId: string, mac: string | null, ip: string | null, now = Date.now()): void {
    const wait = Math.max(this.windows.waitFor(deviceKey(routerId, mac), MISSES_PER_DEVICE, WINDOW_SECONDS, now), this.windows.waitFor(ipKey(ip), MISSES_PER_IP, WINDOW_SECONDS, now));
    if (wait > 0) throw new CommonException(CommonErrorCode.RATE_LIMITED, 'Too many wrong codes from this device. Please wait a moment and try again.', undefined, { 'Retry-After': String(wait) });
  }

  /** Counts one wrong code. */
  miss(routerId: string, mac: string | null, ip: string | null, now = Date.now()): void {
    this.windows.hit(deviceKey(routerId, mac), MISSES_PER_DEVICE, WINDOW_SECONDS, now);
    this.windows.hit(ipKey(ip), MISSES_PER_IP, WINDOW_SECONDS, now);
  }

  /** Tests only: forget every counter. */
  reset(): void {
    this.windows.reset();
  }
}

const deviceKey = (routerId: string, mac: string | null): string => `device:${routerId}:${mac ?? '-'}`;
const ipKey = (ip: string | null): string => `ip:${clientKey(ip)}`;
