import { Module } from '@nestjs/common';
import { AuditModule } from '../audit';
import { ROUTER_PROVISIONING, RoutersModule, RoutersService } from '../routers';
import { PlansController } from './plans.controller';
import { PlansRepository } from './plans.repository';
import { PlansService } from './plans.service';

/** Provider plans (packages); profile changes go to routers through the routers module. */
@Module({
  imports: [AuditModule, RoutersModule],
  controllers: [PlansController],
  providers: [{ provide: ROUTER_PROVISIONING, useExisting: RoutersService }, PlansRepository, PlansService],
  exports: [PlansService],
})
export class PlansModule {}
