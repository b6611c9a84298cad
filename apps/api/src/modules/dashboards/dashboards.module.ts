import { Module } from '@nestjs/common';
import { AdminModule } from '../admin/admin.module';
import { JobsModule } from '../jobs/jobs.module';
import { PaymentsModule } from '../payments/payments.module';
import { PlansModule } from '../plans/plans.module';
import { ProvidersModule } from '../providers/providers.module';
import { RoutersModule } from '../routers/routers.module';
import { SubscriptionsModule } from '../subscriptions/subscriptions.module';
import { VouchersModule } from '../vouchers/vouchers.module';
import { AdminDashboardsController, OverviewController } from './dashboards.controller';
import { DashboardsService } from './dashboards.service';

/**
 * Provider overview, the owner's getting-started checklist, super-admin overview and system health. A module of its own (not part
 * of admin/) because it composes the services of modules that themselves import AdminModule
 * for the audit log; it owns no tables.
 */
@Module({
  imports: [AdminModule, JobsModule, PaymentsModule, PlansModule, ProvidersModule, RoutersModule, SubscriptionsModule, VouchersModule],
  controllers: [OverviewController, AdminDashboardsController],
  providers: [DashboardsService],
})
export class DashboardsModule {}
