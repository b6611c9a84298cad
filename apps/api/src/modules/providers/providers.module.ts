import { Module } from '@nestjs/common';
import { AuditModule } from '../audit';
import { UsersModule } from '../auth';
import { NotificationsModule } from '../notifications';
import { SubscriptionsModule } from '../subscriptions';
import { AdminProvidersController } from './admin-providers.controller';
import { ProvidersController } from './providers.controller';
import { ProvidersRepository } from './providers.repository';
import { ProvidersService } from './providers.service';

/** Tenants: sign-up, profile, super-admin approval (the owner hears of the decision by e-mail). */
@Module({
  imports: [UsersModule, AuditModule, SubscriptionsModule, NotificationsModule],
  controllers: [ProvidersController, AdminProvidersController],
  providers: [ProvidersRepository, ProvidersService],
  exports: [ProvidersService],
})
export class ProvidersModule {}
