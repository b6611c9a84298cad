import { Injectable } from '@nestjs/common';
import { RequestContext } from '../../common/auth/decorators';
import { Principal } from '../../common/auth/principal';
import { Clock } from '../../common/clock';
import { AuditService } from '../audit';
import { Router } from './entities/router.entity';
import { OutboxRepository } from './outbox.repository';
import { RouterBackground } from './router-background';
import { routerAlert } from './router.mapper';
import { RouterException } from './routers.exception';
import { RoutersRepository } from './routers.repository';

/** Routers of one provider for its overview page. */
export interface RoutersOverview {
  total: number;
  byStatus: Record<Router['status'], number>;
  /** sum of the last measured active sessions */
  activeSessions: number;
  /** sync waiting / dead-lettered operations */
  syncPending: number;
  syncFailed: number;
  alerts: Array<{ routerId: string; name: string; status: Router['status']; alert: string }>;
}

/** Routers across the platform for the super admin's overview and system health. */
export interface RoutersHealth {
  total: number;
  byStatus: Record<Router['status'], number>;
  activeSessions: number;
  /** provisioning operations finished and bulk-pushed users answered in the window */
  sync: { applied: number; deadLettered: number };
  backlog: Array<{
    routerId: string;
    routerName: string;
    providerId: string;
    status: Router['status'];
    pending: number;
    dead: number;
    unconfirmed: number;
    oldestPendingAt: Date | null;
    lastError: string | null;
  }>;
  failing: Array<{ routerId: string; routerName: string; providerId: string; status: Router['status']; since: Date | null; lastError: string | null; alert: string | null }>;
}

const emptyByStatus = (): Record<Router['status'], number> => ({ online: 0, offline: 0, error: 0, unknown: 0 });

/** The routers' part of the dashboards: a provider's overview, platform health, and system health's "retry now". */
@Injectable()
export class RouterOverviewService {
  constructor(
    private readonly routers: RoutersRepository,
    private readonly outbox: OutboxRepository,
    private readonly background: RouterBackground,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async overview(providerId: string): Promise<RoutersOverview> {
    const routers = await this.routers.listForProvider(providerId);
    const counts = await this.outbox.counts(routers.map((r) => r.id));
    const now = this.clock.now().getTime();
    const out: RoutersOverview = { total: routers.length, byStatus: emptyByStatus(), activeSessions: 0, syncPending: 0, syncFailed: 0, alerts: [] };
    for (const r of routers) {
      out.byStatus[r.status]++;
      out.activeSessions += r.status === 'online' ? (r.activeSessions ?? 0) : 0;
      const c = counts.get(r.id);
      out.syncPending += (c?.pending ?? 0) + (c?.applying ?? 0);
      out.syncFailed += c?.dead ?? 0;
      const alert = routerAlert(r, now);
      if (alert) out.alerts.push({ routerId: r.id, name: r.name, status: r.status, alert });
    }
    return out;
  }

  /**
   * Routers per provider now, from the monitoring status: total, online, and offline (offline or
   * error: the routers an alert is raised for); never-checked routers count in the total only.
   */
  async countsByProvider(providerIds: string[]): Promise<Map<string, { total: number; online: number; offline: number }>> {
    const out = new Map<string, { total: number; online: number; offline: number }>();
    for (const row of await this.routers.countByProviderAndStatus(providerIds)) {
      const c = out.get(row.provider_id) ?? { total: 0, online: 0, offline: 0 };
      c.total += row.count;
      if (row.status === 'online') c.online += row.count;
      if (row.status === 'offline' || row.status === 'error') c.offline += row.count;
      out.set(row.provider_id, c);
    }
    return out;
  }

  /** Platform-wide: statuses, sync outcomes of the last `syncWindowHours`, backlog per router, failing routers. */
  async healthSummary(syncWindowHours = 24, now = this.clock.now()): Promise<RoutersHealth> {
    const [routers, backlog, sync] = await Promise.all([this.routers.listAll(), this.outbox.backlog(100), this.outbox.outcomes(new Date(now.getTime() - syncWindowHours * 3_600_000))]);
    const byId = new Map(routers.map((r) => [r.id, r]));
    const byStatus = emptyByStatus();
    let activeSessions = 0;
    for (const r of routers) {
      byStatus[r.status]++;
      activeSessions += r.status === 'online' ? (r.activeSessions ?? 0) : 0;
    }
    return {
      total: routers.length,
      byStatus,
      activeSessions,
      sync,
      backlog: backlog.flatMap((b) => {
        const r = byId.get(b.routerId);
        return r ? [{ ...b, routerName: r.name, providerId: r.providerId, status: r.status }] : [];
      }),
      failing: routers
        .filter((r) => r.status === 'offline' || r.status === 'error')
        .sort((a, b) => (a.statusChangedAt?.getTime() ?? 0) - (b.statusChangedAt?.getTime() ?? 0))
        .slice(0, 100)
        .map((r) => ({ routerId: r.id, routerName: r.name, providerId: r.providerId, status: r.status, since: r.statusChangedAt, lastError: r.lastError, alert: routerAlert(r, now.getTime()) })),
    };
  }

  /** Super admin "retry now" from system health: any router (audited with the router's provider). */
  async retryForAdmin(routerId: string, actor: Principal, context: RequestContext): Promise<number> {
    const router = await this.routers.findById(routerId);
    if (!router) throw RouterException.notFound();
    const retried = await this.outbox.retryRouter(routerId);
    // users the router has not confirmed (a refused push, a router that lost them) are checked and put back
    const { wanted, confirmed } = await this.outbox.confirmationOf(routerId);
    if (confirmed < wanted) this.background.requestReconcile(router, 'manual');
    await this.audit.record({
      action: 'router.sync_retry',
      actor,
      providerId: router.providerId,
      target: { type: 'router', id: routerId },
      context,
      metadata: { opId: null, retried, unconfirmed: wanted - confirmed, from: 'system_health' },
    });
    return retried;
  }
}
