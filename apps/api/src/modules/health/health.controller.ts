import { Controller, Get, Header, HttpCode } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Public } from '../../common/auth/decorators';
import { CommonErrorCode, CommonException } from '../../common/errors/app-exception';
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
  ) {}

  @Get('health/live')
  live(): { status: 'ok' } {
    return { status: 'ok' };
  }

  @Get('health/ready')
  @HttpCode(200)
  async ready(): Promise<{ status: 'ok'; checks: { database: 'up' } }> {
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
    return { status: 'ok', checks: { database: 'up' } };
  }

  @Get('metrics')
  @Header('Content-Type', 'text/plain; version=0.0.4')
  metricsText(): Promise<string> {
    return this.metrics.registry.metrics();
  }
}
