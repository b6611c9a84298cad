import { Inject, Injectable } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { NAIROBI_TIME_ZONE } from '../../common/time';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { JobRunner } from '../jobs';
import { RouterHistoryService } from './router-history.service';
import { RouterMonitorService } from './router-monitor.service';

const ROUTER_MONITOR_JOB = 'router-monitor';
const ROUTER_USAGE_JOB = 'router-usage-sync';
const ROUTER_RECONCILE_JOB = 'router-reconcile';
const ROUTER_HISTORY_JOB = 'router-history';

/** Thin triggers (docs/architecture.md rule 10); the work lives in RouterMonitorService. */
@Injectable()
export class RoutersJobs {
  constructor(
    private readonly jobs: JobRunner,
    private readonly monitor: RouterMonitorService,
    private readonly history: RouterHistoryService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    jobs.register(ROUTER_MONITOR_JOB, () => this.monitor.checkAll());
    jobs.register(ROUTER_USAGE_JOB, () => this.monitor.syncUsageAll());
    jobs.register(ROUTER_RECONCILE_JOB, () => this.monitor.reconcileAll());
    jobs.register(ROUTER_HISTORY_JOB, () => this.history.rollupAndPurge());
  }

  @Cron('* * * * *', { name: ROUTER_MONITOR_JOB })
  async monitorTick(): Promise<void> {
    if (!this.config.jobs.enabled) return;
    await this.jobs.runScheduled(ROUTER_MONITOR_JOB, () => this.monitor.checkAll());
  }

  @Cron('*/5 * * * *', { name: ROUTER_USAGE_JOB })
  async usageTick(): Promise<void> {
    if (!this.config.jobs.enabled) return;
    await this.jobs.runScheduled(ROUTER_USAGE_JOB, () => this.monitor.syncUsageAll());
  }

  @Cron('40 2 * * *', { name: ROUTER_RECONCILE_JOB, timeZone: NAIROBI_TIME_ZONE })
  async reconcileTick(): Promise<void> {
    if (!this.config.jobs.enabled) return;
    await this.jobs.runScheduled(ROUTER_RECONCILE_JOB, () => this.monitor.reconcileAll());
  }

  /** Hourly, a few minutes past the hour: rolls the minute samples up and applies retention (docs/monitoring.md). */
  @Cron('7 * * * *', { name: ROUTER_HISTORY_JOB })
  async historyTick(): Promise<void> {
    if (!this.config.jobs.enabled) return;
    await this.jobs.runScheduled(ROUTER_HISTORY_JOB, () => this.history.rollupAndPurge());
  }
}
