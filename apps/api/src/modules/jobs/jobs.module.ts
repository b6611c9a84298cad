import { Module } from '@nestjs/common';
import { JobRunner } from './job-runner.service';

/** The job runner every scheduled job goes through (job_runs + advisory locks). */
@Module({ providers: [JobRunner], exports: [JobRunner] })
export class JobsModule {}
