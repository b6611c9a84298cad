import { Module } from '@nestjs/common';
import { RateLimiter, RateLimitGuard } from '../../common/http/rate-limit';
import { PaymentsModule } from '../payments/payments.module';
import { PlansModule } from '../plans/plans.module';
import { ProvidersModule } from '../providers/providers.module';
import { RoutersModule } from '../routers/routers.module';
import { SubscriptionsModule } from '../subscriptions/subscriptions.module';
import { VouchersModule } from '../vouchers/vouchers.module';
import { CaptiveController } from './captive.controller';
import { PortalController } from './portal.controller';
import { CaptiveService } from './captive.service';

/** The public captive-portal API (and the portal page itself at /portal/:routerId). */
@Module({
  imports: [ProvidersModule, RoutersModule, PlansModule, VouchersModule, SubscriptionsModule, PaymentsModule],
  controllers: [CaptiveController, PortalController],
  providers: [CaptiveService, RateLimiter, RateLimitGuard],
})
export class CaptiveModule {}
