import { Global, Module } from '@nestjs/common';
import { MemoryRateLimiter, RateLimiter, RateLimitGuard, SharedRateLimiter } from './rate-limit';

/** One set of rate-limit counters for the whole app: every module's @RateLimit routes and services use these. */
@Global()
@Module({ providers: [MemoryRateLimiter, SharedRateLimiter, RateLimiter, RateLimitGuard], exports: [MemoryRateLimiter, RateLimiter, RateLimitGuard] })
export class RateLimitModule {}
