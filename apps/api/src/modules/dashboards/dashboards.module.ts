import { Module } from '@nestjs/common';
import { AuditModule } from '../audit';
import { JobsModule } from '../jobs';
import { NotificationsModule } from '../notifications';
import { PaymentsModule } from '../payments';
import { PlansModule } from '../plans';
import { ProvidersModule } from '../providers';
import { RoutersModule } from '../routers';
import { SubscriptionsModule } from '../subscriptions';
import { VouchersModule } from '../vouchers';
import { AdminDashboardsController, AdminPerformanceController, OverviewController } from './dashboards.controller';
import { DashboardsService } from './dashboards.service';
import { ProviderPerformanceService } from './provider-performance.service';

/**
 * Provider overview, the owner's getting-started checklist, super-admin overview, provider performance and system health. A module of its own (not part
 * of admin/) because it composes the services of modules that themselves import AuditModule
 * for the audit log; it owns no tables.
 */
@Module({
  imports: [AuditModule, JobsModule, NotificationsModule, PaymentsModule, PlansModule, ProvidersModule, RoutersModule, SubscriptionsModule, VouchersModule],
  controllers: [OverviewController, AdminDashboardsController, AdminPerformanceController],
  providers: [DashboardsService, ProviderPerformanceService],
})
export class DashboardsModule {}
