import { Controller, Get, HttpCode, Inject, Req, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request, Response } from 'express';
import { isIP } from 'node:net';
import { createHash, timingSafeEqual } from 'node:crypto';
import { DataSource } from 'typeorm';
import { Public } from '../../common/auth/decorators';
import { CommonErrorCode, CommonException } from '../../common/errors/app-exception';
import { LiveUpdatesBus } from '../../common/live-updates/live-updates-bus';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { fatalState } from './last-resort';
import { MetricsService } from './metrics.service';

const READY_TIMEOUT_MS = 2000;

/** Liveness, readiness (database reachable) and Prometheus metrics, outside /api/v1. */
@ApiExcludeController()
@Public()
@Controller()
export class HealthController {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly metrics: MetricsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly liveUpdates: LiveUpdatesBus,
  ) {}

  @Get('health/live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('health/ready')
  @HttpCode(200)
  async ready(): Promise<{ status: 'ok'; checks: { database: 'up'; liveUpdates: 'up' | 'reconnecting' } }> {
    // going down after an uncaught error (last-resort.ts): take no more traffic
    const fatal = fatalState();
    if (fatal) throw new CommonException(CommonErrorCode.SERVICE_UNAVAILABLE, 'Shutting down after an internal error', [{ field: 'process', messages: [`${fatal.kind} at ${fatal.at}`] }]);
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([this.dataSource.query('SELECT 1'), new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('timeout')), READY_TIMEOUT_MS)))]);
    } catch {
      throw new CommonException(CommonErrorCode.SERVICE_UNAVAILABLE, 'Database unavailable', [{ field: 'database', messages: ['down'] }]);
    } finally {
      clearTimeout(timer);
    }
    // a lost LISTEN connection degrades live updates only (it reconnects by itself): still ready
    return { status: 'ok', checks: { database: 'up', liveUpdates: this.liveUpdates.state().listening ? 'up' : 'reconnecting' } };
  }

  @Get('metrics')
  metricsText(@Req() request: Request, @Res({ passthrough: true }) response: Response): Promise<string> {
    this.allowMetrics(request);
    // set here, not with @Header: a refusal stays a JSON error body
    response.setHeader('Content-Type', 'text/plain; version=0.0.4');
    return this.metrics.registry.metrics();
  }

  /**
   * With METRICS_TOKEN: `Authorization: Bearer <token>` or 401. Without it: off in production
   * (404) and for callers on this machine only elsewhere (request.ip honours a proxy on loopback).
   */
  private allowMetrics(request: Request): void {
    const token = this.config.metrics.token;
    if (token) {
      const [scheme, given] = (request.headers.authorization ?? '').split(' ');
      if (scheme?.toLowerCase() !== 'bearer' || !given || !sameSecret(given, token)) {
        throw new CommonException(CommonErrorCode.UNAUTHENTICATED, 'Metrics need the METRICS_TOKEN bearer token', undefined, { 'WWW-Authenticate': 'Bearer realm="metrics"' });
      }
      return;
    }
    if (this.config.env === 'production' || !isLoopback(request.ip)) throw new CommonException(CommonErrorCode.NOT_FOUND, 'Not found');
  }
}

function sameSecret(given: string, expected: string): boolean {
  // hashing first: equal lengths for timingSafeEqual, and the length of the token is not told
  const digest = (value: string) => createHash('sha256').update(value).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

function isLoopback(ip: string | undefined): boolean {
  if (!ip || !isIP(ip)) return false;
  return ip === '::1' || /^(::ffff:)?127\./.test(ip);
}
