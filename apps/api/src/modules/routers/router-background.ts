import { Injectable, Logger, OnApplicationShutdown } from '@nestjs/common';
import { JobQueue } from '../jobs';
import { Router } from './entities/router.entity';
import { BULK_SYNC_QUEUE } from './router-bulk-sync.service';
import { RouterTargets } from './router-targets';

export type ReconcileCause = 'manual' | 'nightly' | 'restarted' | 'replaced' | 'drift';
type Reconciler = (router: Router, why: ReconcileCause) => Promise<unknown>;

/**
 * Short router work that outlives the request that started it (reconciles asked for in the
 * background; long work such as bulk pushes runs on the durable queue, docs/architecture.md
 * "Background work"). Shutdown waits for it before closing the router connections (the queue
 * drains before any of this); tests wait for both with settled().
 */
@Injectable()
export class RouterBackground implements OnApplicationShutdown {
  private readonly logger = new Logger(RouterBackground.name);
  private readonly running = new Set<Promise<void>>();
  private readonly reconciling = new Set<string>();
  private reconciler: Reconciler | null = null;

  constructor(
    private readonly targets: RouterTargets,
    private readonly queue: JobQueue,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.running]);
    await this.targets.settled();
    await this.targets.gateway.close();
  }

  /** Keeps `work` until it ends; it handles its own failures. */
  private track(work: Promise<void>): void {
    const job = work.finally(() => this.running.delete(job));
    this.running.add(job);
  }

  /** Waits for the background work, the queued bulk syncs and certificate pins being written (tests). */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.running]);
    await this.queue.settled([BULK_SYNC_QUEUE]);
    await this.targets.settled();
  }

  /** The monitor registers how a router is reconciled (it depends on this class, not the reverse). */
  setReconciler(reconcile: Reconciler): void {
    this.reconciler = reconcile;
  }

  /** Reconciles a router in the background (one at a time per router); failures are logged. */
  requestReconcile(router: Router, why: ReconcileCause): void {
    if (!this.reconciler || this.reconciling.has(router.id)) return;
    this.reconciling.add(router.id);
    this.track(
      this.reconciler(router, why)
        .then(() => undefined)
        .catch((err: unknown) => this.logger.warn({ err, routerId: router.id }, 'background reconcile failed'))
        .finally(() => this.reconciling.delete(router.id)),
    );
  }
}
