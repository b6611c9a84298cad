import { Global, Module } from '@nestjs/common';
import { Clock } from './clock';

/** Provides the one Clock, so a test that sets or advances it moves time for every module. */
@Global()
@Module({ providers: [Clock], exports: [Clock] })
export class ClockModule {}
