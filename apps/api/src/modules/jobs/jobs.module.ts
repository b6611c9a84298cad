import { Module } from '@nestjs/common';
import { JobQueue } from './job-queue.service';
import { JobRunner } from './job-runner.service';

/** The job runner every scheduled job goes through (job_runs + leases) and the durable queue for background work (pg-boss). */
@Module({ providers: [JobRunner, JobQueue], exports: [JobRunner, JobQueue] })
export class JobsModule {}
