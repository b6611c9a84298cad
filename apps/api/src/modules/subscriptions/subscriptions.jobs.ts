import { Inject, Injectable } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { NAIROBI_TIME_ZONE } from '../../common/time';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { JobRunner } from '../jobs';
import { PaymentConfirmationService } from './payment-confirmation.service';
import { SubscriptionLifecycleService } from './subscription-lifecycle.service';

const SUBSCRIPTIONS_DAILY_JOB = 'subscriptions-daily';
const SUBSCRIPTIONS_RECONCILE_JOB = 'subscriptions-reconcile';

/** Thin triggers (docs/architecture.md rule 10). */
@Injectable()
export class SubscriptionsJobs {
  constructor(
    private readonly jobs: JobRunner,
    private readonly lifecycle: SubscriptionLifecycleService,
    private readonly confirmation: PaymentConfirmationService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    jobs.register(SUBSCRIPTIONS_DAILY_JOB, () => this.lifecycle.runDaily());
    jobs.register(SUBSCRIPTIONS_RECONCILE_JOB, () => this.confirmation.reconcilePending());
  }

  /** Reminders, expiry, grace, pause: daily at 06:00 Nairobi time (before the business day). */
  @Cron('0 6 * * *', { name: SUBSCRIPTIONS_DAILY_JOB, timeZone: NAIROBI_TIME_ZONE })
  async daily(): Promise<void> {
    if (!this.config.jobs.enabled) return;
    await this.jobs.runScheduled(SUBSCRIPTIONS_DAILY_JOB, () => this.lifecycle.runDaily());
  }

  /** Pending Pesapal orders whose IPN never came: re-checked every 5 minutes (docs/pesapal.md §9). */
  @Cron('*/5 * * * *', { name: SUBSCRIPTIONS_RECONCILE_JOB })
  async reconcile(): Promise<void> {
    if (!this.config.jobs.enabled) return;
    await this.jobs.runScheduled(SUBSCRIPTIONS_RECONCILE_JOB, () => this.confirmation.reconcilePending());
  }
}
