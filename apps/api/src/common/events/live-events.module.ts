import { Global, Module } from '@nestjs/common';
import { LiveEventsService } from './live-events.service';

/** Global so any module can publish without importing it (light coupling). */
@Global()
@Module({ providers: [LiveEventsService], exports: [LiveEventsService] })
export class LiveEventsModule {}
