import { Module } from '@nestjs/common';
import { AdminModule } from '../admin';
import { RoutersModule, RoutersService } from '../routers';
import { PlansController } from './plans.controller';
import { PlansRepository } from './plans.repository';
import { PlansService } from './plans.service';
import { ROUTER_PROVISIONING } from './router-provisioning';

/** Provider plans (packages); profile changes go to routers through the routers module. */
@Module({
  imports: [AdminModule, RoutersModule],
  controllers: [PlansController],
  providers: [{ provide: ROUTER_PROVISIONING, useExisting: RoutersService }, PlansRepository, PlansService],
  exports: [PlansService],
})
export class PlansModule {}
