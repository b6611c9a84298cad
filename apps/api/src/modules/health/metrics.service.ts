import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { LiveUpdatesBus } from '../../common/live-updates/live-updates-bus';
import { Metrics } from '../../common/metrics/metrics';

/** How long one database snapshot serves scrapes: many Prometheis (or a refreshing page) cost one query. */
const SNAPSHOT_TTL_MS = 5_000;

/** The statuses always exported (0 when none), so an alert on one never sees a missing series. */
const ROUTER_STATUSES = ['unknown', 'online', 'offline', 'error'];

interface Snapshot {
  routers: Record<string, number>;
  outbox: { backlog: number; dead: number; oldestSeconds: number };
  messages: { backlog: number; dead: number };
  /** null: there is no pg-boss schema in this database */
  queues: { name: string; state: string; n: number }[] | null;
}

/**
 * Gauges read from PostgreSQL when Prometheus scrapes (one cheap statement, cached a few seconds):
 * routers by status, the provisioning outbox's backlog and dead letters, the outbound message
 * queue's, and the pg-boss queue depth when that queue exists; plus whether this instance's live
 * updates LISTEN connection is up. Counters and histograms live in `common/metrics`.
 */
@Injectable()
export class MetricsService {
  private readonly logger = new Logger(MetricsService.name);
  private cached: { at: number; value: Promise<Snapshot | null> } | null = null;

  constructor(
    readonly metrics: Metrics,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly live: LiveUpdatesBus,
  ) {
    const registers = [metrics.registry];
    const read = () => this.snapshot();
    new Gauge({
      name: 'wavu_routers',
      help: 'Routers by last known status',
      labelNames: ['status'] as const,
      registers,
      async collect() {
        const s = await read();
        if (!s) return;
        for (const status of new Set([...ROUTER_STATUSES, ...Object.keys(s.routers)])) this.set({ status }, s.routers[status] ?? 0);
      },
    });
    new Gauge({
      name: 'wavu_outbox_backlog',
      help: 'Outbox entries waiting to be applied or sent (pending or in progress), by outbox',
      labelNames: ['outbox'] as const,
      registers,
      async collect() {
        const s = await read();
        if (!s) return;
        this.set({ outbox: 'router_provisioning' }, s.outbox.backlog);
        this.set({ outbox: 'outbound_messages' }, s.messages.backlog);
      },
    });
    new Gauge({
      name: 'wavu_outbox_dead_letters',
      help: 'Outbox entries given up on after their retries (status dead), by outbox',
      labelNames: ['outbox'] as const,
      registers,
      async collect() {
        const s = await read();
        if (!s) return;
        this.set({ outbox: 'router_provisioning' }, s.outbox.dead);
        this.set({ outbox: 'outbound_messages' }, s.messages.dead);
      },
    });
    new Gauge({
      name: 'wavu_outbox_oldest_pending_seconds',
      help: 'Age of the oldest router provisioning entry still waiting (0 when none)',
      registers,
      async collect() {
        const s = await read();
        if (s) this.set(s.outbox.oldestSeconds);
      },
    });
    new Gauge({
      name: 'wavu_queue_jobs',
      help: 'Background queue (pg-boss) jobs by queue and state (created, retry, active, failed); absent without pg-boss',
      labelNames: ['queue', 'state'] as const,
      registers,
      async collect() {
        const s = await read();
        this.reset();
        for (const q of s?.queues ?? []) this.set({ queue: q.name, state: q.state }, q.n);
      },
    });
    new Gauge({
      name: 'wavu_live_updates_listening',
      help: '1 when this instance holds its live updates LISTEN connection, 0 while it reconnects',
      registers,
      collect() {
        this.set(live.state().listening ? 1 : 0);
      },
    });
    new Gauge({
      name: 'wavu_metrics_snapshot_ok',
      help: '1 when the last database read for these gauges succeeded, 0 when it failed',
      registers,
      async collect() {
        this.set((await read()) ? 1 : 0);
      },
    });
  }

  get registry() {
    return this.metrics.registry;
  }

  /** One statement for every gauge, shared by the scrapes of the next few seconds. */
  private snapshot(): Promise<Snapshot | null> {
    const now = Date.now();
    if (this.cached && now - this.cached.at < SNAPSHOT_TTL_MS) return this.cached.value;
    const value = this.readSnapshot().catch((err: Error) => {
      this.logger.warn(`Metrics: database gauges not read: ${err.message}`);
      return null;
    });
    this.cached = { at: now, value };
    return value;
  }

  private async readSnapshot(): Promise<Snapshot> {
    // every count rides an index on status (done/sent rows are never read); pgboss.job only when it exists
    const [row] = await this.dataSource.query<{ routers: Record<string, number> | null; outbox: Snapshot['outbox']; messages: Snapshot['messages']; has_boss: boolean }[]>(
      `SELECT (SELECT json_object_agg(status, n) FROM (SELECT status, count(*)::int AS n FROM routers GROUP BY status) r) AS routers,
              (SELECT json_build_object('backlog', count(*) FILTER (WHERE status IN ('pending', 'applying')), 'dead', count(*) FILTER (WHERE status = 'dead'),
                      'oldestSeconds', COALESCE(extract(epoch FROM now() - min(created_at) FILTER (WHERE status IN ('pending', 'applying'))), 0))
                 FROM router_provisioning_ops WHERE status IN ('pending', 'applying', 'dead')) AS outbox,
              (SELECT json_build_object('backlog', count(*) FILTER (WHERE status IN ('queued', 'sending')), 'dead', count(*) FILTER (WHERE status = 'dead'))
                 FROM outbound_messages WHERE status IN ('queued', 'sending', 'dead')) AS messages,
              to_regclass('pgboss.job') IS NOT NULL AS has_boss`,
    );
    const queues = row.has_boss
      ? await this.dataSource.query<{ name: string; state: string; n: number }[]>(
          `SELECT name, state::text AS state, count(*)::int AS n FROM pgboss.job WHERE state::text IN ('created', 'retry', 'active', 'failed') GROUP BY name, state`,
        )
      : null;
    return { routers: row.routers ?? {}, outbox: row.outbox, messages: row.messages, queues };
  }
}
