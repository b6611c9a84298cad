import { Module } from '@nestjs/common';
import { Clock } from '../../common/clock';
import { AdminModule } from '../admin/admin.module';
import { JobsModule } from '../jobs/jobs.module';
import { ProvidersModule } from '../providers/providers.module';
import { RoutersModule } from '../routers/routers.module';
import { VouchersModule } from '../vouchers/vouchers.module';
import { AdminPaymentsController } from './admin-payments.controller';
import { CustomersController } from './customers.controller';
import { darajaClientProvider } from './daraja.provider';
import { DarajaWebhooksController } from './daraja-webhooks.controller';
import { DarajaWebhooksService } from './daraja-webhooks.service';
import { LedgerService } from './ledger.service';
import { PaymentSettingsService } from './payment-settings.service';
import { PaymentsController } from './payments.controller';
import { PaymentsJobs } from './payments.jobs';
import { PaymentsRepository } from './payments.repository';
import { PaymentsService } from './payments.service';
import { ReconciliationService } from './reconciliation.service';
import { SettlementService } from './settlement.service';

/** M-Pesa (Daraja) payments: settings, STK + C2B, callbacks, reconciliation, ledger, reports. Exports PaymentsService. */
@Module({
  imports: [AdminModule, JobsModule, ProvidersModule, RoutersModule, VouchersModule],
  controllers: [PaymentsController, AdminPaymentsController, DarajaWebhooksController, CustomersController],
  providers: [
    Clock,
    darajaClientProvider,
    PaymentsRepository,
    PaymentSettingsService,
    SettlementService,
    PaymentsService,
    DarajaWebhooksService,
    ReconciliationService,
    LedgerService,
    PaymentsJobs,
  ],
  exports: [PaymentsService],
})
export class PaymentsModule {}
