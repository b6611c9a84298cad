import { Module } from '@nestjs/common';
import { PaymentsModule } from '../payments';
import { PlansModule } from '../plans';
import { ProvidersModule } from '../providers';
import { RoutersModule } from '../routers';
import { SmsModule } from '../sms';
import { SubscriptionsModule } from '../subscriptions';
import { VouchersModule } from '../vouchers';
import { CaptiveController } from './captive.controller';
import { PortalController } from './portal.controller';
import { CaptiveRequestGuard } from './captive-request.guard';
import { CaptiveService } from './captive.service';
import { DeviceCheckLimiter } from './device-limit';
import { PortalPurchasesRepository } from './portal-purchases.repository';

/** The public captive-portal API (and the portal page itself at /portal/:routerId). */
@Module({
  imports: [ProvidersModule, RoutersModule, PlansModule, SmsModule, VouchersModule, SubscriptionsModule, PaymentsModule],
  controllers: [CaptiveController, PortalController],
  providers: [CaptiveService, PortalPurchasesRepository, DeviceCheckLimiter, CaptiveRequestGuard],
})
export class CaptiveModule {}
