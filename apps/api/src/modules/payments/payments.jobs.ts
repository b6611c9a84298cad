import { Inject, Injectable } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { NAIROBI_TIME_ZONE } from '../../common/time';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { JobRunner } from '../jobs';
import { ReconciliationService } from './reconciliation.service';
import { StatementPullService } from './statement-pull.service';

const STK_RECONCILE_JOB = 'payments-stk-reconcile';
const DARAJA_TOKEN_REFRESH_JOB = 'payments-daraja-token-refresh';
const WEBHOOK_RETENTION_JOB = 'payments-webhook-retention';
const STATEMENT_PULL_JOB = 'payments-statement-pull';

/** Thin triggers (docs/architecture.md rule 10): one run per tick across instances via JobRunner. */
@Injectable()
export class PaymentsJobs {
  constructor(
    private readonly jobs: JobRunner,
    private readonly reconciliation: ReconciliationService,
    private readonly statementPull: StatementPullService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    jobs.register(STK_RECONCILE_JOB, () => this.reconciliation.reconcile());
    jobs.register(DARAJA_TOKEN_REFRESH_JOB, () => this.reconciliation.refreshTokens());
    jobs.register(WEBHOOK_RETENTION_JOB, () => this.webhookRetention());
    jobs.register(STATEMENT_PULL_JOB, async () => ({ ...(await this.statementPull.pullAll()) }));
  }

  /** Old webhook logs deleted, then any handled one still holding a raw phone masked. */
  private async webhookRetention(): Promise<{ deleted: number; masked: number }> {
    return { ...(await this.reconciliation.purgeWebhookLogs()), ...(await this.reconciliation.maskHandledWebhookLogs()) };
  }

  /** Every 5 minutes: Daraja Pull Transactions for every registered shortcode (the daily full-day sweep rides on it). */
  @Cron('*/5 * * * *', { name: STATEMENT_PULL_JOB })
  async pullStatements(): Promise<void> {
    if (!this.config.jobs.enabled) return;
    await this.jobs.runScheduled(STATEMENT_PULL_JOB, async () => ({ ...(await this.statementPull.pullAll()) }));
  }

  @Cron('* * * * *', { name: STK_RECONCILE_JOB })
  async reconcile(): Promise<void> {
    if (!this.config.jobs.enabled) return;
    await this.jobs.runScheduled(STK_RECONCILE_JOB, () => this.reconciliation.reconcile());
  }

  @Cron('*/30 * * * *', { name: DARAJA_TOKEN_REFRESH_JOB })
  async refreshTokens(): Promise<void> {
    if (!this.config.jobs.enabled) return;
    await this.jobs.runScheduled(DARAJA_TOKEN_REFRESH_JOB, () => this.reconciliation.refreshTokens());
  }

  @Cron('40 3 * * *', { name: WEBHOOK_RETENTION_JOB, timeZone: NAIROBI_TIME_ZONE })
  async purgeWebhookLogs(): Promise<void> {
    if (!this.config.jobs.enabled) return;
    await this.jobs.runScheduled(WEBHOOK_RETENTION_JOB, () => this.webhookRetention());
  }
}
