import { Inject, Injectable, Logger } from '@nestjs/common';
import { Cron } from '@nestjs/schedule';
import { NAIROBI_TIME_ZONE } from '../../common/time';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { JobRunner } from '../jobs';
import { RouterHistoryService } from './router-history.service';
import type { FleetCycleCounts } from './router-monitor.service';
import { RouterMonitorService } from './router-monitor.service';

const ROUTER_MONITOR_JOB = 'router-monitor';
const ROUTER_USAGE_JOB = 'router-usage-sync';
const ROUTER_RECONCILE_JOB = 'router-reconcile';
const ROUTER_HISTORY_JOB = 'router-history';

type FleetRun = () => Promise<{ counts: Record<string, number>; cycle: FleetCycleCounts | null }>;

/**
 * The job run's counts: this instance's outcome counts, plus the whole cycle's (routers done by
 * every instance, how many instances took part, how many this one did).
 */
const runCounts = async (run: FleetRun): Promise<Record<string, number>> => {
  const { counts, cycle } = await run();
  return cycle ? { ...counts, routersDone: cycle.done, instances: cycle.instances, doneHere: cycle.here, workErrors: cycle.errors } : counts;
};

/**
 * Thin triggers (docs/architecture.md rule 10); the work lives in RouterMonitorService.
 * Monitoring, usage sync and reconcile are fleet work every instance shares (docs/monitoring.md):
 * the instance that claims the tick records the run (job_runs), the others help with the same cycle.
 */
@Injectable()
export class RoutersJobs {
  private readonly logger = new Logger(RoutersJobs.name);

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

  /** Runs the tick's cycle as the job's run, or, when another instance has the tick (or this one is still in the last cycle), helps with it. */
  private async fleetTick(name: string, run: FleetRun): Promise<void> {
    if (!this.config.jobs.enabled) return;
    const outcome = await this.jobs.runScheduled(name, () => runCounts(run));
    if (outcome.status !== 'skipped') return;
    try {
      const helped = await run();
      if (helped.cycle) this.logger.log({ job: name, ...helped.counts, doneHere: helped.cycle.here }, `Job ${name}: helped another instance's cycle`);
    } catch (err) {
      this.logger.error({ err, job: name }, `Job ${name}: helping the cycle failed`);
    }
  }

  @Cron('* * * * *', { name: ROUTER_MONITOR_JOB })
  async monitorTick(): Promise<void> {
    await this.fleetTick(ROUTER_MONITOR_JOB, () => this.monitor.monitorCycle());
  }

  @Cron('*/5 * * * *', { name: ROUTER_USAGE_JOB })
  async usageTick(): Promise<void> {
    await this.fleetTick(ROUTER_USAGE_JOB, () => this.monitor.usageCycle());
  }

  @Cron('40 2 * * *', { name: ROUTER_RECONCILE_JOB, timeZone: NAIROBI_TIME_ZONE })
  async reconcileTick(): Promise<void> {
    await this.fleetTick(ROUTER_RECONCILE_JOB, () => this.monitor.reconcileCycle());
  }

  /** Hourly, a few minutes past the hour: rolls the minute samples up and applies retention (docs/monitoring.md). */
  @Cron('7 * * * *', { name: ROUTER_HISTORY_JOB })
  async historyTick(): Promise<void> {
    if (!this.config.jobs.enabled) return;
    await this.jobs.runScheduled(ROUTER_HISTORY_JOB, () => this.history.rollupAndPurge());
  }
}
