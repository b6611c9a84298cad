import { Inject, Injectable } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { NAIROBI_TIME_ZONE } from '../../common/time';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { JobRunner } from '../jobs';
import { RouterBackupsService } from './router-backups.service';

const ROUTER_BACKUPS_JOB = 'router-backups';

/** Thin trigger (docs/architecture.md rule 10): every hour; each router's schedule picks its hour. */
@Injectable()
export class RouterBackupsJobs {
  constructor(
    private readonly jobs: JobRunner,
    private readonly backups: RouterBackupsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    jobs.register(ROUTER_BACKUPS_JOB, () => this.backups.runSchedule());
  }

  @Cron('10 * * * *', { name: ROUTER_BACKUPS_JOB, timeZone: NAIROBI_TIME_ZONE })
  async tick(): Promise<void> {
    if (!this.config.jobs.enabled) return;
    await this.jobs.runScheduled(ROUTER_BACKUPS_JOB, () => this.backups.runSchedule());
  }
}
