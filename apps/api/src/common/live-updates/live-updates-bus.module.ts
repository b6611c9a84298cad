import { Global, Module } from '@nestjs/common';
import { LiveUpdatesBus } from './live-updates-bus';

/** Global so any module can publish without importing it (light coupling). */
@Global()
@Module({ providers: [LiveUpdatesBus], exports: [LiveUpdatesBus] })
export class LiveUpdatesBusModule {}
