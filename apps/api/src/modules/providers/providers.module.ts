import { Module } from '@nestjs/common';
import { AdminModule } from '../admin/admin.module';
import { UsersModule } from '../auth/users.module';
import { SubscriptionsModule } from '../subscriptions/subscriptions.module';
import { AdminProvidersController } from './admin-providers.controller';
import { ProvidersController } from './providers.controller';
import { ProvidersRepository } from './providers.repository';
import { ProvidersService } from './providers.service';

/** Tenants: sign-up, profile, super-admin approval. */
@Module({
  imports: [UsersModule, AdminModule, SubscriptionsModule],
  controllers: [ProvidersController, AdminProvidersController],
  providers: [ProvidersRepository, ProvidersService],
  exports: [ProvidersService],
})
export class ProvidersModule {}
