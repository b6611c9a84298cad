import { Module } from '@nestjs/common';
import { AuditModule } from '../audit';
import { JobsModule } from '../jobs';
import { PlansModule } from '../plans';
import { ProvidersModule } from '../providers';
import { ROUTER_PROVISIONING, RoutersModule, RoutersService } from '../routers';
import { SmsModule } from '../sms';
import { SubscriptionsModule } from '../subscriptions';
import { RouterHotspotUsersController } from './router-hotspot-users.controller';
import { RouterHotspotUsersService } from './router-hotspot-users.service';
import { VoucherActionsService } from './voucher-actions.service';
import { VoucherBatchesController } from './voucher-batches.controller';
import { VoucherBatchesService } from './voucher-batches.service';
import { VoucherCodeGenerator } from './voucher-codes';
import { VouchersJobs } from './vouchers.jobs';
import { VoucherRouters } from './voucher-routers';
import { VoucherSalesService } from './voucher-sales.service';
import { VoucherUsageService } from './voucher-usage.service';
import { VouchersController } from './vouchers.controller';
import { VouchersRepository } from './vouchers.repository';
import { VouchersService } from './vouchers.service';

/** Vouchers: generation, life cycle, expiry job, usage sync, export, print. Exports VouchersService (reads) and VoucherSalesService. */
@Module({
  imports: [AuditModule, JobsModule, PlansModule, ProvidersModule, RoutersModule, SmsModule, SubscriptionsModule],
  controllers: [VouchersController, VoucherBatchesController, RouterHotspotUsersController],
  providers: [
    { provide: ROUTER_PROVISIONING, useExisting: RoutersService },
    VouchersRepository,
    VoucherCodeGenerator,
    VoucherRouters,
    VouchersService,
    VoucherSalesService,
    VoucherActionsService,
    VoucherUsageService,
    VoucherBatchesService,
    VouchersJobs,
    RouterHotspotUsersService,
  ],
  exports: [VouchersService, VoucherSalesService],
})
export class VouchersModule {}
