import { Inject, Injectable } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { JobRunner } from '../jobs';
import { AlertsService } from './alerts.service';

const ALERTS_JOB = 'alerts';

/** Thin trigger (docs/architecture.md rule 10): every minute, after monitoring has had its say. */
@Injectable()
export class AlertsJobs {
  constructor(
    private readonly jobs: JobRunner,
    private readonly alerts: AlertsService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    jobs.register(ALERTS_JOB, () => this.alerts.run());
  }

  @Cron('30 * * * * *', { name: ALERTS_JOB })
  async tick(): Promise<void> {
    if (!this.config.jobs.enabled) return;
    await this.jobs.runScheduled(ALERTS_JOB, () => this.alerts.run());
  }
}
