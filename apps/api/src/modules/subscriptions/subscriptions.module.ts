import { Logger, Module } from '@nestjs/common';
import { HttpPesapalClient, PESAPAL_CLIENT } from '@wavu/pesapal';
import { Clock } from '../../common/clock';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { AuditModule } from '../audit';
import { JobsModule } from '../jobs';
import { AdminSubscriptionsController, PesapalWebhooksController, SubscriptionsController } from './subscriptions.controller';
import { SubscriptionsJobs } from './subscriptions.jobs';
import { SubscriptionsRepository } from './subscriptions.repository';
import { SubscriptionsService } from './subscriptions.service';

/**
 * Platform plans, provider subscriptions, Pesapal checkout + IPN, the expiry job, plan limits.
 * Imports nothing of providers/routers/vouchers: they import this module (no cycle).
 */
@Module({
  imports: [AuditModule, JobsModule],
  controllers: [SubscriptionsController, PesapalWebhooksController, AdminSubscriptionsController],
  providers: [
    {
      provide: PESAPAL_CLIENT,
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => {
        const logger = new Logger('PesapalClient');
        const { baseUrl, consumerKey, consumerSecret } = config.subscriptions.pesapal;
        return new HttpPesapalClient({
          baseUrl,
          consumerKey,
          consumerSecret,
          logger: { debug: (m, meta) => logger.debug(meta ?? {}, m), warn: (m, meta) => logger.warn(meta ?? {}, m), error: (m, meta) => logger.error(meta ?? {}, m) },
        });
      },
    },
    Clock,
    SubscriptionsRepository,
    SubscriptionsService,
    SubscriptionsJobs,
  ],
  exports: [SubscriptionsService],
})
export class SubscriptionsModule {}
