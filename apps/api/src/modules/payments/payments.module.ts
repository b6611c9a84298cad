import { Module } from '@nestjs/common';
import { AuditModule } from '../audit';
import { JobsModule } from '../jobs';
import { ProvidersModule } from '../providers';
import { RoutersModule } from '../routers';
import { SmsModule } from '../sms';
import { VouchersModule } from '../vouchers';
import { AdminAttentionController } from './admin-attention.controller';
import { AdminPaymentsController } from './admin-payments.controller';
import { CashSalesController } from './cash-sales.controller';
import { CashSalesService } from './cash-sales.service';
import { AttentionController } from './attention.controller';
import { AttentionRepository } from './attention.repository';
import { AttentionService } from './attention.service';
import { CustomersController } from './customers.controller';
import { darajaClientProvider } from './daraja.provider';
import { AdminStatementsController } from './admin-statements.controller';
import { StatementPullService } from './statement-pull.service';
import { StatementsController } from './statements.controller';
import { StatementsRepository } from './statements.repository';
import { StatementsService } from './statements.service';
import { CustomersRepository } from './customers.repository';
import { DarajaWebhooksService } from './daraja-webhooks.service';
import { LedgerRepository } from './ledger.repository';
import { LedgerService } from './ledger.service';
import { PaymentSettingsRepository } from './payment-settings.repository';
import { PaymentSettingsService } from './payment-settings.service';
import { PaymentsController } from './payments.controller';
import { PaymentsJobs } from './payments.jobs';
import { PaymentsRepository } from './payments.repository';
import { PaymentsService } from './payments.service';
import { PhoneRevealService } from './phone-reveal.service';
import { ReconciliationService } from './reconciliation.service';
import { ReportsRepository } from './reports.repository';
import { SettlementService } from './settlement.service';
import { StkCallbackGroups } from './stk-callback-groups';
import { AdminWebhookLogsController, WebhookLogsController } from './webhook-logs.controller';
import { WebhookLogsRepository } from './webhook-logs.repository';
import { WebhookLogsService } from './webhook-logs.service';
import { RefundsService } from './refunds.service';
import { ResellersController } from './resellers.controller';
import { ResellersRepository } from './resellers.repository';
import { ResellersService } from './resellers.service';
import { VoucherRefundsController } from './voucher-refunds.controller';

/** M-Pesa (Daraja) payments: settings, STK + C2B, callbacks, reconciliation, ledger, reports, cash sales and resellers. Exports PaymentsService. */
@Module({
  imports: [AuditModule, JobsModule, ProvidersModule, RoutersModule, SmsModule, VouchersModule],
  // StatementsController, AttentionController and WebhookLogsController before PaymentsController: their `payments/…` routes must win over `payments/:id`
  controllers: [
    StatementsController,
    AttentionController,
    WebhookLogsController,
    PaymentsController,
    AdminStatementsController,
    AdminAttentionController,
    AdminWebhookLogsController,
    AdminPaymentsController,
    CustomersController,
    CashSalesController,
    VoucherRefundsController,
    ResellersController,
  ],
  providers: [
    darajaClientProvider,
    PaymentsRepository,
    PaymentSettingsRepository,
    LedgerRepository,
    WebhookLogsRepository,
    ReportsRepository,
    CustomersRepository,
    PaymentSettingsService,
    SettlementService,
    PaymentsService,
    PhoneRevealService,
    DarajaWebhooksService,
    StkCallbackGroups,
    ReconciliationService,
    LedgerService,
    CashSalesService,
    RefundsService,
    StatementsRepository,
    StatementsService,
    StatementPullService,
    PaymentsJobs,
    AttentionRepository,
    AttentionService,
    WebhookLogsService,
    ResellersRepository,
    ResellersService,
  ],
  exports: [PaymentsService, AttentionService, DarajaWebhooksService],
})
export class PaymentsModule {}
