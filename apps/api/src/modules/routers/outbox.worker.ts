import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { JobRunner } from '../jobs';
import { ProvisioningOp } from './entities/provisioning-op.entity';
import { Router } from './entities/router.entity';
import { RouterGatewayError } from './gateway/router-gateway';
import { OutboxRepository } from './outbox.repository';
import { RouterTargets } from './router-targets';
import { RoutersRepository } from './routers.repository';

const OUTBOX_JOB = 'router-outbox';
const MAX_BACKOFF_MS = 3_600_000;

export interface DrainCounts {
  applied: number;
  failed: number;
  deadLettered: number;
  [key: string]: number;
}

/**
 * Applies the provisioning outbox: takes the oldest waiting operation of each router
 * (FOR UPDATE SKIP LOCKED, committed before any router call), applies it through the
 * gateway, then marks it done, or schedules a retry with exponential backoff, or
 * dead-letters it after ROUTER_OUTBOX_MAX_ATTEMPTS. Per-router order is kept because a
 * router's next operation is only claimable once the one before it is done or dead.
 */
@Injectable()
export class OutboxWorker implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxWorker.name);
  private timer: NodeJS.Timeout | null = null;
  private draining: Promise<unknown> | null = null;
  private stopped = false;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly outbox: OutboxRepository,
    private readonly routers: RoutersRepository,
    private readonly targets: RouterTargets,
    private readonly jobs: JobRunner,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    jobs.register(OUTBOX_JOB, () => this.drainOnce());
  }

  onApplicationBootstrap(): void {
    if (!this.config.jobs.enabled) return;
    this.timer = setInterval(() => void this.tick(), this.config.routers.outboxIntervalMs);
    this.timer.unref();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await this.draining?.catch(() => undefined);
  }

  /** Interval trigger: a job run is recorded only when something is due. */
  private async tick(): Promise<void> {
    if (this.draining || this.stopped) return;
    const run = (async () => {
      const [{ due }] = await this.dataSource.query<{ due: boolean }[]>(
        `SELECT EXISTS (SELECT 1 FROM router_provisioning_ops WHERE status IN ('pending', 'applying') AND next_attempt_at <= now() AND (locked_until IS NULL OR locked_until < now())) AS due`,
      );
      if (due) await this.jobs.runNow(OUTBOX_JOB, () => this.drainOnce());
    })();
    this.draining = run;
    try {
      await run;
    } catch (err) {
      this.logger.error({ err }, 'outbox tick failed');
    } finally {
      this.draining = null;
    }
  }

  /**
   * Applies everything due now (one operation per router at a time); safe to call from tests.
   * A router whose operation fails is left alone for the rest of this drain: its retry waits for
   * the backoff (or for the router coming back), so one hung router never holds a drain for
   * attempts × timeout.
   */
  async drainOnce(): Promise<DrainCounts> {
    const counts: DrainCounts = { applied: 0, failed: 0, deadLettered: 0 };
    const leaseMs = this.config.routers.callTimeoutMs * 6 + 5_000;
    const failedRouters = new Set<string>();
    for (let round = 0; round < 10_000 && !this.stopped; round++) {
      const ops = await this.outbox.claimHeads(Math.max(1, this.config.routers.monitorConcurrency * 2), leaseMs, [...failedRouters]);
      if (ops.length === 0) break;
      // one head per router: the round's routers in one read
      const routers = new Map((await this.routers.findByIds([...new Set(ops.map((op) => op.routerId))])).map((r) => [r.id, r]));
      const results = await Promise.all(ops.map((op) => this.applyOne(op, routers.get(op.routerId))));
      results.forEach((r, i) => {
        counts[r]++;
        if (r !== 'applied') failedRouters.add(ops[i].routerId);
      });
    }
    return counts;
  }

  private async applyOne(op: ProvisioningOp, router: Router | undefined): Promise<'applied' | 'failed' | 'deadLettered'> {
    if (!router) {
      await this.outbox.markFailed(op.id, op.attempts + 1, true, new Date(), 'NOT_FOUND', 'router deleted');
      return 'deadLettered';
    }
    try {
      const target = this.targets.target(router);
      const g = this.targets.gateway;
      let absent = false;
      switch (op.type) {
        case 'upsert_profile':
          await g.upsertProfile(target, op.payload!.profile!);
          break;
        case 'remove_profile':
          await g.removeProfile(target, op.target);
          break;
        case 'upsert_user':
          await g.upsertUser(target, op.payload!.user!);
          break;
        case 'remove_user':
          await g.removeUser(target, op.target);
          break;
        case 'disable_user':
          await g.setUserDisabled(target, op.target, true).catch((err: unknown) => {
            // a user that is not there is as disabled as it gets
            if (!(err instanceof RouterGatewayError && err.code === 'NOT_FOUND')) throw err;
            absent = true;
          });
          break;
        case 'enable_user':
          await g.setUserDisabled(target, op.target, false).catch(async (err: unknown) => {
            if (!(err instanceof RouterGatewayError && err.code === 'NOT_FOUND')) throw err;
            // missing on the router: put it back as the platform wants it
            const desired = await this.outbox.findDesiredUser(router.id, op.target);
            if (!desired) throw err;
            await g.upsertUser(target, { ...desired.spec, disabled: false });
          });
          break;
      }
      await this.outbox.markDone(op.id);
      // the router now holds the user as it was when this operation was written
      if (!absent && (op.type === 'upsert_user' || op.type === 'disable_user' || op.type === 'enable_user')) await this.outbox.confirmUsers(router.id, [op.target], op.createdAt);
      if (router.status !== 'online') await this.targets.observe(router, 'online');
      return 'applied';
    } catch (err) {
      const error = err instanceof RouterGatewayError ? err : new RouterGatewayError('TRAP', err instanceof Error ? err.message : String(err));
      const attempts = op.attempts + 1;
      // an unreachable or misbehaving router is not the operation's fault: it waits (capped backoff,
      // woken when the router is seen online again) instead of being set aside, so it loses nothing
      const dead = !error.routerFault && attempts >= this.config.routers.outboxMaxAttempts;
      const delay = Math.min(MAX_BACKOFF_MS, this.config.routers.outboxBackoffMs * 2 ** (attempts - 1));
      await this.outbox.markFailed(op.id, attempts, dead, new Date(Date.now() + delay), error.code, error.message);
      await this.targets.recordFailure(router, error).catch(() => undefined);
      if (dead) {
        await this.routers.addEvent({
          providerId: router.providerId,
          routerId: router.id,
          type: 'sync_dead_letter',
          message: `${op.type} ${op.target} failed ${attempts} times and was set aside: ${error.message}`,
          metadata: { opId: op.id, code: error.code, opType: op.type, target: op.target, error: error.message.slice(0, 300) },
        });
        this.logger.warn({ routerId: router.id, opId: op.id, code: error.code }, 'provisioning operation dead-lettered');
      }
      return dead ? 'deadLettered' : 'failed';
    }
  }
}
