import { Module } from '@nestjs/common';
import { AuditModule } from '../audit';
import { UsersModule } from '../auth';
import { JobsModule } from '../jobs';
import { NotificationsModule } from '../notifications';
import { PaymentsModule } from '../payments';
import { ProvidersModule } from '../providers';
import { RoutersModule } from '../routers';
import { SubscriptionsModule } from '../subscriptions';
import { AlertDetector } from './alert-detector.service';
import { AlertDispatcher } from './alert-dispatcher.service';
import { AlertPreferencesController } from './alert-preferences.controller';
import { AlertPreferencesService } from './alert-preferences.service';
import { AlertRecipients } from './alert-recipients';
import { AlertsJobs } from './alerts.jobs';
import { AlertsRepository } from './alerts.repository';
import { AlertsService } from './alerts.service';

/**
 * Alerts to a provider's owner and opted-in staff (docs/alerts.md): events read from the
 * routers, payments and subscriptions modules, people's choices, the storm rule, messages
 * through the outbound queue. Exports nothing: it only reads other modules.
 */
@Module({
  imports: [AuditModule, JobsModule, NotificationsModule, PaymentsModule, ProvidersModule, RoutersModule, SubscriptionsModule, UsersModule],
  controllers: [AlertPreferencesController],
  providers: [AlertsRepository, AlertRecipients, AlertDetector, AlertDispatcher, AlertsService, AlertPreferencesService, AlertsJobs],
})
export class AlertsModule {}
