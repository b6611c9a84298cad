import { Module } from '@nestjs/common';
import { UsersModule } from '../auth';
import { LiveUpdatesController } from './live-updates.controller';
import { LiveUpdatesService } from './live-updates.service';

/** The live-update stream of the dashboards (server-sent events). Publishing is LiveUpdatesBus (common). */
@Module({ imports: [UsersModule], controllers: [LiveUpdatesController], providers: [LiveUpdatesService] })
export class LiveUpdatesModule {}
