import { Module } from '@nestjs/common';
import { AuditModule } from '../audit';
import { NotificationsModule } from '../notifications';
import { ProvidersModule } from '../providers';
import { SubscriptionsModule } from '../subscriptions';
import { AtSmsSender } from './at-sms.sender';
import { CustomerSmsService } from './customer-sms.service';
import { smsClientProvider } from './sms-client.provider';
import { SmsController } from './sms.controller';
import { SmsDeliveryService } from './sms-delivery.service';
import { SmsLogService } from './sms-log.service';
import { SmsSettingsRepository } from './sms-settings.repository';
import { SmsSettingsService } from './sms-settings.service';
import { SmsWebhooksController } from './sms-webhooks.controller';

/**
 * SMS to customers through Africa's Talking (docs/sms.md §8–9): provider settings, the SMS channel
 * of the outbound message queue, delivery reports, the message log and the customer texts other
 * modules queue (CustomerSmsService).
 */
@Module({
  imports: [AuditModule, NotificationsModule, ProvidersModule, SubscriptionsModule],
  controllers: [SmsController, SmsWebhooksController],
  providers: [smsClientProvider, SmsSettingsRepository, SmsSettingsService, AtSmsSender, CustomerSmsService, SmsDeliveryService, SmsLogService],
  exports: [CustomerSmsService],
})
export class SmsModule {}
