import { Logger, Module } from '@nestjs/common';
import { HttpPesapalClient, PESAPAL_CLIENT } from '@wavu/pesapal';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { AuditModule } from '../audit';
import { UsersModule } from '../auth';
import { NotificationsModule } from '../notifications';
import { JobsModule } from '../jobs';
import { AdminSubscriptionsController } from './admin-subscriptions.controller';
import { PaymentConfirmationService } from './payment-confirmation.service';
import { PesapalWebhooksController } from './pesapal-webhooks.controller';
import { PlatformPlansService } from './platform-plans.service';
import { ProviderSubscriptionService } from './provider-subscription.service';
import { SubscriptionAdminService } from './subscription-admin.service';
import { SubscriptionCheckoutService } from './subscription-checkout.service';
import { SubscriptionLifecycleService } from './subscription-lifecycle.service';
import { SubscriptionsController } from './subscriptions.controller';
import { SubscriptionsJobs } from './subscriptions.jobs';
import { SubscriptionsRepository } from './subscriptions.repository';
import { SubscriptionsService } from './subscriptions.service';

/**
 * Platform plans, provider subscriptions, Pesapal checkout + IPN, the expiry job, plan limits.
 * Exports SubscriptionsService (what other modules may ask).
 * Imports nothing of providers/routers/vouchers: they import this module (no cycle). Users (the
 * owner a receipt goes to) and notifications (the e-mail queue) import nothing of it.
 */
@Module({
  imports: [AuditModule, JobsModule, UsersModule, NotificationsModule],
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
    SubscriptionsRepository,
    PlatformPlansService,
    ProviderSubscriptionService,
    SubscriptionCheckoutService,
    PaymentConfirmationService,
    SubscriptionLifecycleService,
    SubscriptionAdminService,
    SubscriptionsService,
    SubscriptionsJobs,
  ],
  exports: [SubscriptionsService],
})
export class SubscriptionsModule {}
