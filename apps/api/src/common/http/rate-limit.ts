import { applyDecorators, CanActivate, ExecutionContext, Injectable, OnModuleDestroy, OnModuleInit, SetMetadata, UseGuards } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import { DataSource } from 'typeorm';
import { ErrorResponseDto } from '../dto/error-response.dto';
import { CommonErrorCode, CommonException } from '../errors/app-exception';
import { clientKey } from './client-ip';

export interface RateLimitRule {
  /** bucket name: routes sharing a name share the budget */
  name: string;
  /** requests allowed per window and key */
  limit: number;
  windowSeconds: number;
  /**
   * Who is counted. `ip` (default): the client IP, an IPv6 client by its /64. `device`: the
   * captive portal's device — router id + the hotspot's MAC for the device, from the request's
   * params, body or query — because a whole hotspot reaches us from one NAT address; requests
   * without both fall back to the client IP.
   */
  key?: 'ip' | 'device';
  /**
   * `shared` (default): counted in PostgreSQL, so every API instance draws on one budget — for the
   * limits that protect money or accounts. `local`: counted in this process only (cheap reads).
   */
  store?: 'shared' | 'local';
}

const RATE_LIMIT = 'wavu:rateLimit';
const MAX_KEYS = 100_000;
/** shared windows that ended are deleted this often (each instance; a cheap indexed DELETE) */
const SHARED_CLEANUP_MS = 5 * 60_000;

/**
 * Fixed-window counters per key, in this process: for limits where a per-instance budget is
 * good enough (router connection tests, portal reads). Windows that ended are swept; when the
 * map is full the oldest windows are evicted — never every counter at once, which would hand an
 * attacker a fresh budget for filling it.
 */
@Injectable()
export class MemoryRateLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>();
  private lastSweep = 0;
  /** keys counted at most (tests lower it) */
  maxKeys = MAX_KEYS;

  /** Counts one hit; returns the seconds to wait when over the limit, else 0. */
  hit(key: string, limit: number, windowSeconds: number, now = Date.now()): number {
    const windowMs = windowSeconds * 1000;
    if (now - this.lastSweep > 60_000) this.sweep(now);
    let w = this.windows.get(key);
    if (!w || now - w.start >= windowMs) {
      // re-inserted: the map's order stays the order windows started in (oldest first)
      this.windows.delete(key);
      w = { start: now, count: 0 };
      this.windows.set(key, w);
      if (this.windows.size > this.maxKeys) this.evictOldest(this.windows.size - this.maxKeys);
    }
    w.count++;
    return w.count > limit ? Math.max(1, Math.ceil((w.start + windowMs - now) / 1000)) : 0;
  }

  /** Seconds to wait when `key` already used `limit` hits in its current window, else 0; counts nothing. */
  waitFor(key: string, limit: number, windowSeconds: number, now = Date.now()): number {
    const windowMs = windowSeconds * 1000;
    const w = this.windows.get(key);
    if (!w || now - w.start >= windowMs || w.count < limit) return 0;
    return Math.max(1, Math.ceil((w.start + windowMs - now) / 1000));
  }

  /** How many keys are counted (tests). */
  get size(): number {
    return this.windows.size;
  }

  /** Tests only: forget every counter. */
  reset(): void {
    this.windows.clear();
  }

  private sweep(now: number): void {
    this.lastSweep = now;
    // no rule's window is longer than an hour
    for (const [k, w] of this.windows) if (now - w.start >= 3_600_000) this.windows.delete(k);
  }

  private evictOldest(count: number): void {
    for (const k of this.windows.keys()) {
      if (count-- <= 0) break;
      this.windows.delete(k);
    }
  }
}

/**
 * Fixed-window counters in PostgreSQL (`rate_limit_windows`), shared by every API instance on the
 * database: one upsert-increment per hit (atomic under the row lock), windows aligned on the
 * database clock. Ended windows are deleted by a small periodic cleanup in each instance.
 * (rate-limiter-flexible's Postgres store was considered: it creates its table itself outside
 * the migrations and brings its own pool handling; this is one statement.)
 */
@Injectable()
export class SharedRateLimiter implements OnModuleInit, OnModuleDestroy {
  private timer: NodeJS.Timeout | null = null;

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  onModuleInit(): void {
    this.timer = setInterval(() => void this.cleanup().catch(() => undefined), SHARED_CLEANUP_MS);
    this.timer.unref();
  }

  onModuleDestroy(): void {
    if (this.timer) clearInterval(this.timer);
  }

  /** Counts one hit; returns the seconds to wait when over the limit, else 0. */
  async hit(bucket: string, key: string, limit: number, windowSeconds: number): Promise<number> {
    const rows: Array<{ count: number; wait: number }> = await this.dataSource.query(
      `WITH w AS (SELECT to_timestamp(floor(extract(epoch FROM now()) / $3) * $3) AS start)
       INSERT INTO rate_limit_windows AS r (bucket, key, window_start, expires_at, count)
       SELECT $1, $2, w.start, w.start + make_interval(secs => $3), 1 FROM w
       ON CONFLICT (bucket, key, window_start) DO UPDATE SET count = r.count + 1
       RETURNING r.count, ceil(extract(epoch FROM r.expires_at - now()))::int AS wait`,
      [bucket.slice(0, 64), key.slice(0, 200), windowSeconds],
    );
    const { count, wait } = rows[0];
    return count > limit ? Math.max(1, wait) : 0;
  }

  /** Deletes the windows that ended; returns how many. */
  async cleanup(): Promise<number> {
    const result: [unknown, number] = await this.dataSource.query('DELETE FROM rate_limit_windows WHERE expires_at < now()');
    return result[1];
  }

  /** Tests only: forget every counter. */
  async reset(): Promise<void> {
    await this.dataSource.query('DELETE FROM rate_limit_windows');
  }
}

/** Both stores behind the guard; `reset()` is for tests that need a fresh budget per case. */
@Injectable()
export class RateLimiter {
  constructor(
    readonly local: MemoryRateLimiter,
    readonly shared: SharedRateLimiter,
  ) {}

  /** Counts one hit of a rule for a key; the seconds to wait when over the limit, else 0. */
  hit(rule: RateLimitRule, key: string): Promise<number> | number {
    if (rule.store === 'local') return this.local.hit(`${rule.name}:${key}`, rule.limit, rule.windowSeconds);
    return this.shared.hit(rule.name, key, rule.limit, rule.windowSeconds);
  }

  /** Tests only. */
  async reset(): Promise<void> {
    this.local.reset();
    await this.shared.reset();
  }
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const MAC = /^([0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}$/;

/** A request field from the route params, the JSON body or the query string (raw: guards run before validation). */
function field(request: Request, name: string): string | undefined {
  for (const source of [request.params, request.body, request.query] as unknown[]) {
    const value = source && typeof source === 'object' ? (source as Record<string, unknown>)[name] : undefined;
    if (typeof value === 'string') return value;
  }
  return undefined;
}

/** The key a rule counts this request under (see RateLimitRule.key). */
export function rateLimitKey(rule: RateLimitRule, request: Request): string {
  if (rule.key === 'device') {
    const routerId = field(request, 'routerId');
    const mac = field(request, 'mac');
    if (routerId && UUID.test(routerId) && mac && MAC.test(mac)) return `device:${routerId.toLowerCase()}:${mac.toUpperCase().replace(/-/g, ':')}`;
  }
  return `ip:${clientKey(request.ip ?? request.socket?.remoteAddress)}`;
}

@Injectable()
export class RateLimitGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly limiter: RateLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const rule = this.reflector.getAllAndOverride<RateLimitRule | undefined>(RATE_LIMIT, [context.getHandler(), context.getClass()]);
    if (!rule) return true;
    const request = context.switchToHttp().getRequest<Request>();
    const wait = await this.limiter.hit(rule, rateLimitKey(rule, request));
    if (wait > 0) {
      throw new CommonException(CommonErrorCode.RATE_LIMITED, 'Too many requests. Please wait a moment and try again.', undefined, { 'Retry-After': String(wait) });
    }
    return true;
  }
}

/** Limits a route (or every route of a controller) per client (RateLimitRule.key); 429 RATE_LIMITED with Retry-After beyond it. */
export function RateLimit(rule: RateLimitRule): MethodDecorator & ClassDecorator {
  const who = rule.key === 'device' ? 'one device (router + MAC; else one IP)' : 'one IP (IPv6: one /64)';
  return applyDecorators(
    SetMetadata(RATE_LIMIT, rule),
    UseGuards(RateLimitGuard),
    ApiTooManyRequestsResponse({ type: ErrorResponseDto, description: `More than ${rule.limit} requests in ${rule.windowSeconds} s from ${who}` }),
  );
}
