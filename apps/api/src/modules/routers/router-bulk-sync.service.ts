import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { inTransaction } from '../../database/transaction';
import { JobQueue } from '../jobs';
import { Router } from './entities/router.entity';
import { RouterGatewayError } from './gateway/router-gateway';
import { OutboxRepository } from './outbox.repository';
import { BulkSyncProgress, HotspotUserSpec } from './provisioning.types';
import { userProblems } from './provisioning.validation';
import { mapBulkSync } from './router.mapper';
import { RouterTargets } from './router-targets';
import { RouterErrorCode, RouterException } from './routers.exception';
import { RoutersRepository } from './routers.repository';

/** Refuses a bulk sync's users (ROUTER_OP_INVALID) unless every one is valid; at most 10,000. */
export function assertBulkUsers(users: HotspotUserSpec[]): void {
  const problems = users.flatMap((u, i) => userProblems(u, `users[${i}]`));
  if (users.length > 10_000) problems.push({ field: 'users', messages: ['at most 10,000 users per bulk sync'] });
  if (problems.length) throw RouterException.invalid(RouterErrorCode.ROUTER_OP_INVALID, 'Invalid users for bulk sync', problems.slice(0, 50));
}

/** The queue bulk syncs run on (docs/architecture.md "Background work"). */
export const BULK_SYNC_QUEUE = 'router-bulk-sync';

interface BulkSyncJob {
  syncId: string;
  users: HotspotUserSpec[];
}

/**
 * Bulk syncs: many users pushed to one router with the pipelined client, as a job on the durable
 * queue (any instance runs it; a crash retries it, and pushing again is an upsert), with progress.
 */
@Injectable()
export class RouterBulkSyncService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly routers: RoutersRepository,
    private readonly outbox: OutboxRepository,
    private readonly targets: RouterTargets,
    private readonly queue: JobQueue,
  ) {
    queue.define<BulkSyncJob>(BULK_SYNC_QUEUE, {
      concurrency: 4,
      run: (job) => this.runJob(job.data),
      exhausted: (data, reason) => this.giveUp(data, reason),
    });
  }

  /** Makes the users wanted on the router and queues their push; the caller checked them with assertBulkUsers. */
  async start(router: Router, users: HotspotUserSpec[]): Promise<BulkSyncProgress> {
    const { providerId, id: routerId } = router;
    const sync = await inTransaction(this.dataSource, async (manager) => {
      await this.outbox.upsertUsers(manager, providerId, routerId, users);
      const created = await this.routers.createBulkSync(manager, { providerId, routerId, total: users.length });
      await this.queue.send<BulkSyncJob>(manager, BULK_SYNC_QUEUE, { syncId: created.id, users }, created.id);
      return created;
    });
    this.queue.notify(BULK_SYNC_QUEUE);
    return mapBulkSync(sync);
  }

  async get(providerId: string, syncId: string): Promise<BulkSyncProgress> {
    const sync = await this.routers.findBulkSync(providerId, syncId);
    if (!sync) throw new RouterException(RouterErrorCode.ROUTER_BULK_SYNC_NOT_FOUND, 'Bulk sync not found');
    return mapBulkSync(sync);
  }

  /** One attempt of a queued sync: a finished one (an attempt that ended just before its instance died) is left alone. */
  private async runJob({ syncId, users }: BulkSyncJob): Promise<void> {
    const sync = await this.routers.findBulkSyncById(syncId);
    if (!sync || (sync.status !== 'queued' && sync.status !== 'running')) return;
    const router = await this.routers.findById(sync.routerId);
    if (!router) {
      await this.routers.updateBulkSync(syncId, { status: 'failed', failed: users.length, done: 0, error: 'the router was removed', finishedAt: new Date() });
      return;
    }
    await this.run(router, syncId, sync.createdAt, users);
  }

  /** The queue gave up on a sync (every attempt's instance died, or the database failed): say so on it and the router. */
  private async giveUp({ syncId, users }: BulkSyncJob, reason: string): Promise<void> {
    const sync = await this.routers.findBulkSyncById(syncId);
    if (!sync || (sync.status !== 'queued' && sync.status !== 'running')) return;
    const message = `the push could not finish: ${reason}; start the sync again`.slice(0, 1000);
    await this.routers.updateBulkSync(syncId, { status: 'failed', failed: users.length, done: 0, error: message, finishedAt: new Date() });
    await this.routers.addEvent({
      providerId: sync.providerId,
      routerId: sync.routerId,
      type: 'bulk_sync_failed',
      message: `Bulk push of ${users.length} users failed: ${message}`.slice(0, 500),
      metadata: { syncId },
    });
  }

  /**
   * Pushes the users' profiles (a user naming a profile the router lacks is refused), then the
   * users, pipelined. Only users the router accepted are confirmed; any refusal makes the sync
   * `failed` with the first reason, so no screen can call a partial push done.
   */
  private async run(router: Router, syncId: string, startedAt: Date, users: HotspotUserSpec[]): Promise<void> {
    await this.routers.updateBulkSync(syncId, { status: 'running', done: 0, failed: 0 });
    let lastWrite = 0;
    let writing: Promise<void> = Promise.resolve();
    const target = this.targets.target(router);
    try {
      const wanted = new Set(users.map((u) => u.profile));
      for (const profile of await this.outbox.desiredProfiles(router.id)) {
        if (wanted.has(profile.name)) await this.targets.gateway.upsertProfile(target, profile.spec);
      }
      const outcomes = await this.targets.gateway.upsertUsersBulk(target, users, (done, failed) => {
        const now = Date.now();
        if (now - lastWrite < 250) return;
        lastWrite = now;
        writing = writing.then(() => this.routers.updateBulkSync(syncId, { done, failed })).catch(() => undefined);
      });
      await writing;
      const failed = outcomes.filter((o) => !o.ok);
      const applied = outcomes.filter((o) => o.ok).map((o) => o.name);
      for (let i = 0; i < applied.length; i += 5000) await this.outbox.confirmUsers(router.id, applied.slice(i, i + 5000), startedAt);
      await this.routers.updateBulkSync(syncId, {
        status: failed.length ? 'failed' : 'succeeded',
        done: applied.length,
        failed: failed.length,
        error: failed.length ? `${failed.length} of ${users.length} user(s) refused by the router; first: ${failed[0].name}: ${failed[0].error}`.slice(0, 1000) : null,
        finishedAt: new Date(),
      });
      await this.routers.addEvent({
        providerId: router.providerId,
        routerId: router.id,
        type: failed.length ? 'bulk_sync_failed' : 'bulk_sync',
        message: failed.length
          ? `Bulk push failed: the router took ${applied.length} of ${users.length} users; ${failed.length} refused (first: ${failed[0].error})`
          : `Bulk push: all ${users.length} users on the router`,
        metadata: { syncId, applied: applied.length, failed: failed.length },
      });
    } catch (err) {
      await writing;
      const message = err instanceof Error ? err.message : String(err);
      if (err instanceof RouterGatewayError) await this.targets.recordFailure(router, err).catch(() => undefined);
      await this.routers.updateBulkSync(syncId, { status: 'failed', failed: users.length, done: 0, error: message.slice(0, 1000), finishedAt: new Date() }).catch(() => undefined);
      await this.routers
        .addEvent({
          providerId: router.providerId,
          routerId: router.id,
          type: 'bulk_sync_failed',
          message: `Bulk push of ${users.length} users failed: ${message}`.slice(0, 500),
          metadata: { syncId },
        })
        .catch(() => undefined);
    }
  }
}
