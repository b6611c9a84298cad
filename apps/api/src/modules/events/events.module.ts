import { Module } from '@nestjs/common';
import { UsersModule } from '../auth';
import { EventsController } from './events.controller';
import { EventsService } from './events.service';

/** The live-update stream of the dashboards (server-sent events). Publishing is LiveEventsService (common). */
@Module({ imports: [UsersModule], controllers: [EventsController], providers: [EventsService] })
export class EventsModule {}
