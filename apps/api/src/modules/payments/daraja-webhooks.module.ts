import { Module } from '@nestjs/common';
import { DarajaPullResultsController, DarajaWebhooksController, PlatformDarajaWebhooksController } from './daraja-webhooks.controller';
import { PaymentsModule } from './payments.module';

/**
 * Daraja's callback routes, in a module of their own that AppModule imports before the dashboard's
 * modules: Express tries routes in the order they were registered, so on a busy evening every STK
 * callback would otherwise be matched against some 180 routes first (docs/mpesa.md "The paid-callback
 * path"). The work is PaymentsModule's (DarajaWebhooksService).
 */
@Module({
  imports: [PaymentsModule],
  // PlatformDarajaWebhooksController before DarajaWebhooksController: `webhooks/daraja/platform/…` must not be read as a provider id
  controllers: [DarajaPullResultsController, PlatformDarajaWebhooksController, DarajaWebhooksController],
})
export class DarajaWebhooksModule {}
