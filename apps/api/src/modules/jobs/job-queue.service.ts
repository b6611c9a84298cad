import { BeforeApplicationShutdown, Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import PgBoss from 'pg-boss';
import { DataSource, EntityManager } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app-config';

/** The queue's own schema (built by the JobQueue migration). */
const SCHEMA = 'pgboss';
/** Attempts after the first one when a job's instance dies or its handler throws. */
const RETRY_LIMIT = 3;
/** How long shutdown waits for running jobs before leaving them to be retried elsewhere. */
const STOP_TIMEOUT_MS = 30_000;

export interface QueueJob<T> {
  id: string;
  data: T;
  /** 0 on the first attempt */
  retryCount: number;
  /** for a dead letter: what the last attempt ended with */
  output?: unknown;
}

export interface QueueDefinition<T> {
  /** jobs of this queue one instance runs at once */
  concurrency: number;
  /** the work; throwing (or the instance dying) retries it, so it must be idempotent or resumable */
  run(job: QueueJob<T>): Promise<void>;
  /** the job failed its last attempt: record why on the row it works for */
  exhausted(data: T, reason: string): Promise<void>;
}

/** Per queue: jobs waiting (new or to retry), running, and failed for good in the last 24 h. */
export interface QueueStats {
  queue: string;
  queued: number;
  active: number;
  failedLast24h: number;
  /** when the longest-waiting job was queued; null when none waits */
  oldestQueuedAt: Date | null;
}

interface Registered {
  name: string;
  definition: QueueDefinition<unknown>;
  /** resolves the idle workers' waits, so work sent by this instance starts at once */
  wake: (() => void)[];
  loops: Promise<void>[];
}

const deadLetterOf = (name: string) => `${name}.failed`;

/**
 * Durable background work on PostgreSQL (pg-boss 10): a job is a row in the `pgboss` schema,
 * sent in the transaction that records what it works for, run by a worker of any instance,
 * retried when it throws or when its instance dies (a running job beats every third of
 * `expireSeconds`; a job whose beat stops is expired by the queue's maintenance and retried),
 * and handed to `exhausted` after its last attempt. Runs in every instance: `jobs.enabled`
 * gates the cron triggers only. docs/architecture.md "Background work".
 */
@Injectable()
export class JobQueue implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(JobQueue.name);
  private readonly boss: PgBoss;
  private readonly queues = new Map<string, Registered>();
  private starting: Promise<void> | null = null;
  private stopping = false;
  private working = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {
    const q = config.jobs.queue;
    this.boss = new PgBoss({
      connectionString: config.database.url!,
      schema: SCHEMA,
      max: q.poolSize,
      application_name: 'wavu-queue',
      // no pg-boss cron (the app's jobs have their own triggers) and no state monitor
      schedule: false,
      supervise: true,
      maintenanceIntervalSeconds: q.maintenanceSeconds,
    });
    this.boss.on('error', (err: Error) => this.logger.warn({ err }, `queue: ${err.message}`));
  }

  /**
   * Registers a queue and its work (from a service's constructor); its workers start with the
   * app. The dead-letter queue `<name>.failed` receives a job after its last attempt.
   */
  define<T>(name: string, definition: QueueDefinition<T>): void {
    if (this.queues.has(name)) throw new Error(`queue ${name} is defined twice`);
    const erased: QueueDefinition<unknown> = {
      concurrency: definition.concurrency,
      run: (job) => definition.run(job as QueueJob<T>),
      exhausted: (data, reason) => definition.exhausted(data as T, reason),
    };
    this.queues.set(name, { name, definition: erased, wake: [], loops: [] });
  }

  async onApplicationBootstrap(): Promise<void> {
    await this.start();
    this.startWorkers();
  }

  /**
   * Starts every queue's workers once: at bootstrap, or at the first `send` when that comes
   * sooner (the demo seed generates a batch before the app is initialised).
   */
  private startWorkers(): void {
    if (this.working || this.stopping) return;
    this.working = true;
    for (const queue of this.queues.values()) {
      for (let i = 0; i < queue.definition.concurrency; i++) queue.loops.push(this.workLoop(queue, queue.name, (job) => queue.definition.run(job)));
      queue.loops.push(this.workLoop(queue, deadLetterOf(queue.name), (job) => queue.definition.exhausted(job.data, reasonOf(job.output))));
    }
  }

  /** Stops taking jobs and waits (up to 30 s) for the running ones, before other modules close what they use. */
  async beforeApplicationShutdown(): Promise<void> {
    this.stopping = true;
    for (const queue of this.queues.values()) queue.wake.splice(0).forEach((wake) => wake());
    const deadline = new Promise((resolve) => setTimeout(resolve, STOP_TIMEOUT_MS).unref());
    await Promise.race([Promise.allSettled([...this.queues.values()].flatMap((q) => q.loops)), deadline]);
    if (this.starting) await this.boss.stop({ graceful: false, close: true }).catch((err: Error) => this.logger.warn(`queue stop: ${err.message}`));
  }

  /**
   * Queues a job in `manager`'s transaction (so it exists exactly when the row it works for
   * does); `key` is the singleton key: one waiting or running job per key. Returns false when
   * such a job already exists.
   */
  async send<T extends object>(manager: EntityManager, name: string, data: T, key: string): Promise<boolean> {
    await this.start();
    this.startWorkers();
    const db = { executeSql: async (text: string, values: unknown[]) => ({ rows: await manager.query<unknown[]>(text, values) }) };
    // the key in the data too: a dead letter (a copy of the data) is found by it
    const id = await this.boss.send(name, { ...data, key }, {
      singletonKey: key,
      retryLimit: RETRY_LIMIT,
      retryDelay: 1,
      expireInSeconds: this.config.jobs.queue.expireSeconds,
      db,
    } as PgBoss.SendOptions);
    return id !== null;
  }

  /** Wakes this instance's idle workers of `name` (call after the sending transaction committed). */
  notify(name: string): void {
    this.queues
      .get(name)
      ?.wake.splice(0)
      .forEach((wake) => wake());
  }

  /** Jobs of these queues (and their dead letters) not finished yet, optionally of one key. */
  async pending(names: string[], key?: string): Promise<number> {
    const all = names.flatMap((n) => [n, deadLetterOf(n)]);
    const rows = await this.dataSource.query<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM ${SCHEMA}.job WHERE name = ANY($1) AND state < 'completed' AND ($2::text IS NULL OR singleton_key = $2 OR data->>'key' = $2)`,
      [all, key ?? null],
    );
    return rows[0].n;
  }

  /** Keys of the jobs of `name` that are still waiting or running (a row without one is orphaned). */
  async pendingKeys(name: string, keys: string[]): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const rows = await this.dataSource.query<{ key: string }[]>(`SELECT DISTINCT singleton_key AS key FROM ${SCHEMA}.job WHERE name = $1 AND state < 'completed' AND singleton_key = ANY($2)`, [
      name,
      keys,
    ]);
    return new Set(rows.map((r) => r.key));
  }

  /** Resolves when no job of these queues (optionally of one key) waits or runs; for tests and `wait`. */
  async settled(names: string[], key?: string, timeoutMs = 120_000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while ((await this.pending(names, key)) > 0) {
      if (Date.now() > until) throw new Error(`queue ${names.join(', ')} not settled within ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  /** Per defined queue: waiting, running and failed in the last 24 h (system health, metrics). */
  async queueStats(): Promise<QueueStats[]> {
    const names = [...this.queues.keys()].sort();
    if (names.length === 0) return [];
    const rows = await this.dataSource.query<{ name: string; queued: number; active: number; failed: number; oldest: Date | null }[]>(
      `SELECT name,
              count(*) FILTER (WHERE state IN ('created', 'retry'))::int AS queued,
              count(*) FILTER (WHERE state = 'active')::int AS active,
              count(*) FILTER (WHERE state = 'failed' AND completed_on > now() - interval '24 hours')::int AS failed,
              min(created_on) FILTER (WHERE state IN ('created', 'retry')) AS oldest
         FROM (SELECT name, state, created_on, completed_on FROM ${SCHEMA}.job WHERE name = ANY($1)
               UNION ALL
               SELECT name, state, created_on, completed_on FROM ${SCHEMA}.archive WHERE name = ANY($1) AND state = 'failed' AND completed_on > now() - interval '24 hours') j
        GROUP BY name`,
      [names],
    );
    const byName = new Map(rows.map((r) => [r.name, r]));
    return names.map((queue) => {
      const r = byName.get(queue);
      return { queue, queued: r?.queued ?? 0, active: r?.active ?? 0, failedLast24h: r?.failed ?? 0, oldestQueuedAt: r?.oldest ?? null };
    });
  }

  /**
   * Starts pg-boss once and makes every defined queue that does not exist yet (stately: one
   * waiting and one running job per key). Instances starting together take turns (a
   * transaction-scoped advisory lock): two concurrent `create_queue` calls deadlock.
   */
  private start(): Promise<void> {
    this.starting ??= (async () => {
      await this.boss.start();
      await this.dataSource.transaction(async (manager) => {
        await manager.query(`SELECT pg_advisory_xact_lock(hashtext('wavu:job-queue:create'))`);
        const rows = await manager.query<{ name: string }[]>(`SELECT name FROM ${SCHEMA}.queue`);
        const existing = new Set(rows.map((r) => r.name));
        for (const name of this.queues.keys()) {
          if (!existing.has(deadLetterOf(name))) await this.boss.createQueue(deadLetterOf(name), { name: deadLetterOf(name), policy: 'standard' });
          if (!existing.has(name)) await this.boss.createQueue(name, { name, policy: 'stately', deadLetter: deadLetterOf(name) });
        }
      });
    })();
    return this.starting;
  }

  /** One worker: takes a job of `name`, runs it with a heartbeat, completes or fails it; idles until woken or polled. */
  private async workLoop(queue: Registered, name: string, run: (job: QueueJob<unknown>) => Promise<void>): Promise<void> {
    while (!this.stopping) {
      let job: PgBoss.JobWithMetadata<unknown> | undefined;
      try {
        [job] = await this.boss.fetch<unknown>(name, { batchSize: 1, includeMetadata: true });
      } catch (err) {
        this.logger.warn({ err }, `queue ${name}: fetch failed`);
      }
      if (!job) {
        if (this.stopping) break;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, this.config.jobs.queue.pollMs);
          queue.wake.push(() => (clearTimeout(timer), resolve()));
        });
        continue;
      }
      await this.runOne(name, job, run);
    }
  }

  private async runOne(name: string, job: PgBoss.JobWithMetadata<unknown>, run: (job: QueueJob<unknown>) => Promise<void>): Promise<void> {
    const beat = setInterval(
      () =>
        void this.dataSource
          .query(`UPDATE ${SCHEMA}.job SET started_on = now() WHERE name = $1 AND id = $2 AND state = 'active'`, [name, job.id])
          .catch((err: Error) => this.logger.warn(`queue ${name}: heartbeat of ${job.id} failed: ${err.message}`)),
      (this.config.jobs.queue.expireSeconds * 1000) / 3,
    );
    // which instance runs which attempt: the operator's (and the two-instance test's) trace
    this.logger.log(`queue ${name}: job ${job.id} attempt ${job.retryCount + 1} started (key ${job.singletonKey ?? '-'})`);
    try {
      await run({ id: job.id, data: job.data, retryCount: job.retryCount, output: job.output });
      await this.boss.complete(name, job.id);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      this.logger.warn({ err, job: job.id }, `queue ${name}: attempt ${job.retryCount + 1} failed: ${message}`);
      await this.boss.fail(name, job.id, { message: message.slice(0, 1000) }).catch((e: Error) => this.logger.warn(`queue ${name}: could not record the failure: ${e.message}`));
    } finally {
      clearInterval(beat);
    }
  }
}

/** A dead letter's output is its job's last failure: `{ message }` from a handler, `{ value: { message } }` from an expiry. */
function reasonOf(output: unknown): string {
  const o = output as { message?: unknown; value?: { message?: unknown } } | null | undefined;
  const message = typeof o?.message === 'string' ? o.message : typeof o?.value?.message === 'string' ? o.value.message : 'unknown';
  return message === 'job failed by timeout in active state' ? 'its instance stopped answering while it ran' : message;
}
