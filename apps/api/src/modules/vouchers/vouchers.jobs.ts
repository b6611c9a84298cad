import { Inject, Injectable } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { JobOutcome, JobRunner } from '../jobs';
import { VoucherBatchesService } from './voucher-batches.service';
import { VoucherUsageService } from './voucher-usage.service';

const VOUCHER_EXPIRY_JOB = 'voucher-expiry';

/** Thin trigger (docs/architecture.md rule 10): every minute, once across instances, recorded in job_runs. */
@Injectable()
export class VouchersJobs {
  constructor(
    private readonly jobs: JobRunner,
    private readonly usage: VoucherUsageService,
    private readonly batches: VoucherBatchesService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    jobs.register(VOUCHER_EXPIRY_JOB, () => this.work());
  }

  @Cron('* * * * *', { name: VOUCHER_EXPIRY_JOB })
  async onTick(): Promise<void> {
    if (!this.config.jobs.enabled) return;
    await this.jobs.runScheduled(VOUCHER_EXPIRY_JOB, () => this.work());
  }

  /** "Run now" (tests, dashboard): same work, still never overlapping another run. */
  runNow(now?: Date): Promise<JobOutcome> {
    return this.jobs.runNow(VOUCHER_EXPIRY_JOB, () => this.work(now));
  }

  private async work(now?: Date) {
    const counts = await this.usage.expireDue(now);
    const staleBatchesFailed = await this.batches.failStale(now);
    return { ...counts, staleBatchesFailed };
  }
}
