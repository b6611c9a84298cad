import { DynamicModule, Module, Type } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, APP_PIPE } from '@nestjs/core';
import { ScheduleModule } from '@nestjs/schedule';
import { ServeStaticModule } from '@nestjs/serve-static';
import { TypeOrmModule } from '@nestjs/typeorm';
import { LoggerModule } from 'nestjs-pino';
import { existsSync } from 'node:fs';
import { join, sep } from 'node:path';
import { AccessGuard } from './common/auth/access.guard';
import { ProviderStatusGuard } from './common/auth/provider-status.guard';
import { ClockModule } from './common/clock.module';
import { CryptoModule } from './common/crypto/crypto.module';
import { createValidationPipe } from './common/errors/validation';
import { AllExceptionsFilter } from './common/filters/all-exceptions.filter';
import { loggerOptions } from './common/http/logger-options';
import { RateLimitModule } from './common/http/rate-limit.module';
import { UuidParamsGuard } from './common/http/uuid-params.guard';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { dataSourceOptions } from './database/data-source-options';
import { AuditModule } from './modules/audit/audit.module';
import { AuthenticationGuard } from './modules/auth/authentication.guard';
import { AuthModule } from './modules/auth/auth.module';
import { HealthModule } from './modules/health/health.module';
import { JobsModule } from './modules/jobs/jobs.module';
import { ProvidersModule } from './modules/providers/providers.module';
import { RoutersModule } from './modules/routers/routers.module';
import { SubscriptionsModule } from './modules/subscriptions/subscriptions.module';
import { PlansModule } from './modules/plans/plans.module';
import { VouchersModule } from './modules/vouchers/vouchers.module';
import { DarajaWebhooksModule } from './modules/payments/daraja-webhooks.module';
import { PaymentsModule } from './modules/payments/payments.module';
import { LiveUpdatesBusModule } from './common/live-updates/live-updates-bus.module';
import { MetricsModule } from './common/metrics/metrics';
import { DashboardsModule } from './modules/dashboards/dashboards.module';
import { LiveUpdatesModule } from './modules/live-updates/live-updates.module';
import { CaptiveModule } from './modules/captive/captive.module';
import { NotificationsModule } from './modules/notifications/notifications.module';
import { SmsModule } from './modules/sms/sms.module';
import { AlertsModule } from './modules/alerts/alerts.module';
import { RouterBackupsModule } from './modules/router-backups/router-backups.module';

/**
 * The whole API, built from a validated config. Pipes, filter and guards are registered here
 * (not in main.ts) so tests that build this module get exactly the production pipeline.
 */
@Module({})
export class AppModule {
  static forRoot(config: AppConfig): DynamicModule {
    if (!config.database.url) throw new Error('AppModule needs a database URL (start the embedded PostgreSQL first)');
    const optional: (DynamicModule | Type)[] = [];
    if (config.jobs.enabled) optional.push(ScheduleModule.forRoot());
    if (existsSync(join(config.http.webDistDir, 'index.html'))) {
      optional.push(
        ServeStaticModule.forRoot({
          rootPath: config.http.webDistDir,
          exclude: ['/api/{*path}', '/health/{*path}', '/metrics', '/portal/{*path}'],
          serveStaticOptions: { index: 'index.html', maxAge: '1h', setHeaders: staticCacheHeaders(config.http.webDistDir) },
        }),
      );
    }
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggerModule.forRoot(loggerOptions(config)),
        TypeOrmModule.forRoot({ ...dataSourceOptions(config.database.url, config.database.poolSize, config.database.poolWaitMs), autoLoadEntities: false }),
        ClockModule,
        CryptoModule,
        RateLimitModule,
        LiveUpdatesBusModule,
        MetricsModule,
        JobsModule,
        NotificationsModule,
        SmsModule,
        HealthModule,
        // first of the feature modules: the routes of M-Pesa's callbacks are tried before all others (DarajaWebhooksModule)
        DarajaWebhooksModule,
        AuditModule,
        // before ProvidersModule: its GET admin/providers/performance must be registered before admin/providers/:id
        DashboardsModule,
        ProvidersModule,
        AuthModule,
        RoutersModule,
        SubscriptionsModule,
        PlansModule,
        VouchersModule,
        PaymentsModule,
        CaptiveModule,
        LiveUpdatesModule,
        AlertsModule,
        RouterBackupsModule,
        ...optional,
      ],
      providers: [
        { provide: APP_PIPE, useFactory: createValidationPipe },
        { provide: APP_FILTER, useClass: AllExceptionsFilter },
        { provide: APP_GUARD, useClass: AuthenticationGuard },
        { provide: APP_GUARD, useClass: ProviderStatusGuard },
        { provide: APP_GUARD, useClass: AccessGuard },
        { provide: APP_GUARD, useClass: UuidParamsGuard },
      ],
    };
  }
}

/**
 * Vite names every file under assets/ by its content hash, so a browser may keep it for a year
 * without asking again; the HTML pages that point at them are revalidated on every load, so a
 * new build is seen at once. Anything else (favicon…) keeps the 1 h default.
 */
function staticCacheHeaders(webDistDir: string) {
  const assets = join(webDistDir, 'assets') + sep;
  return (res: { setHeader(name: string, value: string): void }, path: string): void => {
    if (path.endsWith('.html')) res.setHeader('Cache-Control', 'no-cache');
    else if (path.startsWith(assets)) res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
  };
}
