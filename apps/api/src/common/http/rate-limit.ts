import { applyDecorators, CanActivate, ExecutionContext, Injectable, SetMetadata, UseGuards } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import { ErrorResponseDto } from '../dto/error-response.dto';
import { CommonErrorCode, CommonException } from '../errors/app-exception';

export interface RateLimitRule {
  /** bucket name: routes sharing a name share the budget */
  name: string;
  /** requests allowed per window and client IP */
  limit: number;
  windowSeconds: number;
}

const RATE_LIMIT = 'wavu:rateLimit';
const MAX_KEYS = 100_000;

/**
 * Fixed-window counters per (bucket, client IP), in memory. Each API instance counts on its
 * own, so behind a load balancer with N instances a client gets at most N × limit; the
 * database-backed limits that matter for money (STK pushes per phone and per IP) live in the
 * payments module. Old windows are dropped as new ones start; the map is capped.
 */
@Injectable()
export class RateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();
  private lastSweep = 0;

  /** Counts one hit; returns the seconds to wait when over the limit, else 0. */
  hit(key: string, limit: number, windowSeconds: number, now = Date.now()): number {
    const windowMs = windowSeconds * 1000;
    if (now - this.lastSweep > 60_000 || this.windows.size > MAX_KEYS) this.sweep(now, windowMs);
    let w = this.windows.get(key);
    if (!w || now - w.start >= windowMs) {
      w = { start: now, count: 0 };
      this.windows.set(key, w);
    }
    w.count++;
    return w.count > limit ? Math.max(1, Math.ceil((w.start + windowMs - now) / 1000)) : 0;
  }

  reset(): void {
    this.windows.clear();
  }

  private sweep(now: number, windowMs: number): void {
    this.lastSweep = now;
    for (const [k, w] of this.windows) if (now - w.start >= Math.max(windowMs, 3_600_000)) this.windows.delete(k);
    if (this.windows.size > MAX_KEYS) this.windows.clear();
  }
}

@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly limiter: RateLimiter,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const rule = this.reflector.getAllAndOverride<RateLimitRule | undefined>(RATE_LIMIT, [context.getHandler(), context.getClass()]);
    if (!rule) return true;
    const request = context.switchToHttp().getRequest<Request>();
    const ip = request.ip ?? request.socket?.remoteAddress ?? 'unknown';
    const wait = this.limiter.hit(`${rule.name}:${ip}`, rule.limit, rule.windowSeconds);
    if (wait > 0) {
      throw new CommonException(CommonErrorCode.RATE_LIMITED, 'Too many requests. Please wait a moment and try again.', undefined, { 'Retry-After': String(wait) });
    }
    return true;
  }
}

/** Limits a route (or every route of a controller) per client IP; 429 RATE_LIMITED with Retry-After beyond it. */
export function RateLimit(rule: RateLimitRule): MethodDecorator & ClassDecorator {
  return applyDecorators(
    SetMetadata(RATE_LIMIT, rule),
    UseGuards(RateLimitGuard),
    ApiTooManyRequestsResponse({ type: ErrorResponseDto, description: `More than ${rule.limit} requests in ${rule.windowSeconds} s from one IP` }),
  );
}
