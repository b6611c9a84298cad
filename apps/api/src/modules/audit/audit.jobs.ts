import { Inject, Injectable } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { NAIROBI_TIME_ZONE } from '../../common/time';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { JobRunner } from '../jobs';
import { AuditService } from './audit.service';

const AUDIT_RETENTION_JOB = 'audit-retention';

/** Thin trigger (docs/architecture.md rule 10): daily at 03:15 Nairobi time. */
@Injectable()
export class AuditJobs {
  constructor(
    private readonly jobs: JobRunner,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    jobs.register(AUDIT_RETENTION_JOB, () => this.audit.purgeExpired());
  }

  @Cron('15 3 * * *', { name: AUDIT_RETENTION_JOB, timeZone: NAIROBI_TIME_ZONE })
  async onTick(): Promise<void> {
    if (!this.config.jobs.enabled) return;
    await this.jobs.runScheduled(AUDIT_RETENTION_JOB, () => this.audit.purgeExpired());
  }
}
