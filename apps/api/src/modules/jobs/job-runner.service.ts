import { Injectable, Logger, Optional } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { DataSource } from 'typeorm';
import { Metrics } from '../../common/metrics/metrics';
import { JobRun } from './entities/job-run.entity';

type JobCounts = Record<string, number>;
export type JobWork = () => Promise<JobCounts | void>;

export interface JobOutcome {
  /** 'skipped' when another instance already took this tick or still runs the previous one. */
  status: 'succeeded' | 'failed' | 'skipped';
  runId: string | null;
  counts: JobCounts;
  error?: string;
}

const INSTANCE_ID = `${hostname()}:${process.pid}`;

/** How long a run's lease lasts without renewal (renewed every third of it while the run works). */
const LEASE_SECONDS = 60;

/**
 * Runs a job's idempotent work at most once per tick across every API instance:
 * the (name, tick) row claims the tick, a lease row in `job_leases` keeps a slow run from
 * overlapping the next one (without holding a pooled connection while the work needs the pool), and the row records start, end, duration, counts and error.
 */
@Injectable()
export class JobRunner {
  private readonly logger = new Logger(JobRunner.name);

  /** Every job's idempotent work by name, so system health can "run now" any of them. */
  private readonly registry = new Map<string, JobWork>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Optional() private readonly metrics?: Metrics,
  ) {}

  /** Called by each job trigger class at construction. */
  register(name: string, work: JobWork): void {
    this.registry.set(name, work);
  }

  registeredNames(): string[] {
    return [...this.registry.keys()].sort();
  }

  /** Runs a registered job now (no tick; skipped when a run is in progress); null when the name is unknown. */
  async runRegistered(name: string): Promise<JobOutcome | null> {
    const work = this.registry.get(name);
    return work ? this.runNow(name, work) : null;
  }

  /** For cron triggers: the tick is the current minute. */
  runScheduled(name: string, work: JobWork, now = new Date()): Promise<JobOutcome> {
    return this.run(name, new Date(Math.floor(now.getTime() / 60_000) * 60_000), work);
  }

  /** "Run now" from the dashboard or a test: no tick, still never overlapping. */
  runNow(name: string, work: JobWork): Promise<JobOutcome> {
    return this.run(name, null, work);
  }

  private async run(name: string, tick: Date | null, work: JobWork): Promise<JobOutcome> {
    const holder = `${INSTANCE_ID}:${randomUUID()}`;
    if (!(await this.acquireLease(name, holder))) {
      this.logger.debug(`Job ${name} ${tickLabel(tick)} skipped: a run is in progress`);
      return { status: 'skipped', runId: null, counts: {} };
    }
    // renewed while the work goes on; a run that outlives a lost renewal may overlap the next
    // one, which every job tolerates (their work is idempotent)
    const renew = setInterval(() => void this.renewLease(name, holder).catch((err: Error) => this.logger.warn(`Job ${name}: lease renewal failed: ${err.message}`)), (LEASE_SECONDS * 1000) / 3);
    renew.unref();
    try {
      return await this.runLocked(name, tick, work);
    } finally {
      clearInterval(renew);
      await this.dataSource
        .query(`DELETE FROM job_leases WHERE name = $1 AND holder = $2`, [name, holder])
        .catch((err: Error) => this.logger.warn(`Job ${name}: lease release failed: ${err.message}`));
    }
  }

  /** Takes the job's lease when nobody holds it or the holder's lease ran out (a crashed instance). */
  private async acquireLease(name: string, holder: string): Promise<boolean> {
    const rows = await this.dataSource.query<{ name: string }[]>(
      `INSERT INTO job_leases (name, holder, acquired_at, expires_at) VALUES ($1, $2, now(), now() + make_interval(secs => $3))
       ON CONFLICT (name) DO UPDATE SET holder = EXCLUDED.holder, acquired_at = EXCLUDED.acquired_at, expires_at = EXCLUDED.expires_at
       WHERE job_leases.expires_at < now()
       RETURNING name`,
      [name, holder, LEASE_SECONDS],
    );
    return rows.length === 1;
  }

  private async renewLease(name: string, holder: string): Promise<void> {
    await this.dataSource.query(`UPDATE job_leases SET expires_at = now() + make_interval(secs => $3) WHERE name = $1 AND holder = $2`, [name, holder, LEASE_SECONDS]);
  }

  private async runLocked(name: string, tick: Date | null, work: JobWork): Promise<JobOutcome> {
    const startedAt = new Date();
    const claimed = await this.dataSource
      .createQueryBuilder()
      .insert()
      .into(JobRun)
      .values({ name, tick, status: 'running', startedAt, instanceId: INSTANCE_ID, counts: {} })
      .orIgnore()
      .returning(['id'])
      .execute();
    const runId = (claimed.raw as { id: string }[])[0]?.id;
    if (!runId) {
      this.logger.debug(`Job ${name} ${tickLabel(tick)} skipped: already claimed`);
      return { status: 'skipped', runId: null, counts: {} };
    }

    let outcome: JobOutcome;
    try {
      const counts = (await work()) ?? {};
      outcome = { status: 'succeeded', runId, counts };
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      this.logger.error({ err: error, job: name }, `Job ${name} failed`);
      outcome = { status: 'failed', runId, counts: {}, error: message.slice(0, 2000) };
    }
    const finishedAt = new Date();
    this.metrics?.jobDuration.observe({ job: name, status: outcome.status }, (finishedAt.getTime() - startedAt.getTime()) / 1000);
    this.metrics?.jobRuns.inc({ job: name, status: outcome.status });
    await this.dataSource.getRepository(JobRun).update(runId, {
      status: outcome.status as JobRun['status'],
      finishedAt,
      durationMs: finishedAt.getTime() - startedAt.getTime(),
      counts: outcome.counts,
      error: outcome.error ?? null,
    });
    return outcome;
  }

  /** The latest run of every job name (one row each), for system health. */
  async latestPerJob(): Promise<JobRun[]> {
    return this.dataSource.getRepository(JobRun).createQueryBuilder('r').distinctOn(['r.name']).orderBy('r.name', 'ASC').addOrderBy('r.started_at', 'DESC').getMany();
  }

  /** Runs in the last `since` window per job: how many failed, for system health. */
  async failureCounts(since: Date): Promise<Map<string, { runs: number; failed: number }>> {
    const rows = await this.dataSource.query<{ name: string; runs: number; failed: number }[]>(
      `SELECT name, count(*)::int AS runs, count(*) FILTER (WHERE status = 'failed')::int AS failed FROM job_runs WHERE started_at >= $1 GROUP BY name`,
      [since],
    );
    return new Map(rows.map((r) => [r.name, { runs: r.runs, failed: r.failed }]));
  }
}

/** How a run is named in logs: its cron tick (several instances fire the same one) or "run now". */
const tickLabel = (tick: Date | null) => (tick ? `tick ${tick.toISOString()}` : 'run now');
