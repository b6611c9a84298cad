import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { ProviderStatus, ProvidersService } from '../providers';
import { RouterLiveFiguresDto } from './dto/router-history.dto';
import { ReconcileReportDto } from './dto/router-sync.dto';
import { Router } from './entities/router.entity';
import { RouterGatewayError } from './gateway/router-gateway';
import { OutboxRepository } from './outbox.repository';
import { restartOrReplacement, userMatches } from './desired-state';
import { HotspotUsage } from './provisioning.types';
import { ReconcileCause, RouterBackground } from './router-background';
import { RouterHistoryService } from './router-history.service';
import { RouterTargets } from './router-targets';
import { RoutersRepository } from './routers.repository';
import { RoutersService } from './routers.service';
import { RouterTunnelsService } from './tunnel/router-tunnels.service';

/** Runs `work` over `items` with at most `limit` at once. */
async function forEachBounded<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < items.length) await work(items[next++]);
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, lane));
}

const PLATFORM_COMMENT = /^wavu:/;

/**
 * The periodic work on every router: monitoring (status + resources), usage sync and
 * reconcile. Each method is idempotent and callable directly (jobs and tests).
 */
@Injectable()
export class RouterMonitorService {
  private readonly logger = new Logger(RouterMonitorService.name);

  constructor(
    private readonly routers: RoutersRepository,
    private readonly outbox: OutboxRepository,
    private readonly targets: RouterTargets,
    private readonly service: RoutersService,
    private readonly tunnels: RouterTunnelsService,
    private readonly providers: ProvidersService,
    private readonly history: RouterHistoryService,
    background: RouterBackground,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    background.setReconciler((router, why) => this.reconcile(router, why));
  }

  /**
   * The routers whose provider is in one of `statuses`: a provider that is not active makes the
   * platform do no monitoring or usage reads for it (docs/product.md §2b). What keeps vouchers it
   * already sold honest on the router still runs: the outbox, the expiry removals and, for a
   * suspended provider (the only non-active one that ever sold), the nightly reconcile.
   */
  private async routersOf(statuses: ProviderStatus[]): Promise<Router[]> {
    const routers = await this.routers.listAll();
    const providers = await this.providers.getSummaries(routers.map((r) => r.providerId));
    return routers.filter((r) => {
      const status = providers.get(r.providerId)?.status;
      return status !== undefined && statuses.includes(status);
    });
  }

  async checkAll(): Promise<{ online: number; offline: number; error: number }> {
    const counts = { online: 0, offline: 0, error: 0 };
    await forEachBounded(await this.routersOf(['active']), this.config.routers.monitorConcurrency, async (router) => {
      const observed = await this.checkRouter(router);
      if (observed.status !== 'unknown') counts[observed.status]++;
      if (observed.status === 'online') await this.recordHistory(observed);
    });
    return counts;
  }

  /** This minute of the router's history (docs/monitoring.md); a failure there never stops the monitoring of the others. */
  private async recordHistory(router: Router): Promise<void> {
    try {
      await this.history.sample(router);
    } catch (err) {
      this.logger.warn({ routerId: router.id, err: err instanceof Error ? err.message : String(err) }, 'history sample not recorded');
    }
  }

  /** The on-demand refresh of the router page: the monitoring check now, plus traffic since the last minute's reading. */
  async liveFigures(providerId: string, routerId: string): Promise<RouterLiveFiguresDto> {
    const router = await this.service.requireRouter(providerId, routerId);
    return this.history.live(await this.checkRouter(router));
  }

  /**
   * Reads the router's health. A router that restarted (uptime went back) or was reset or
   * replaced (identity or board changed) may have lost its users: it is reconciled at once
   * and the owner sees why in its events.
   */
  async checkRouter(router: Router): Promise<Router> {
    // a tunnel router the hub has no recent handshake from is offline: no 10 s timeout to learn it
    const down = await this.tunnelDown(router);
    if (down) return this.targets.observe(router, 'offline', { lastError: down });
    let observed: Router;
    let lostState: ReturnType<typeof restartOrReplacement> = null;
    try {
      const h = await this.targets.gateway.health(this.targets.target(router));
      const now = { uptimeSeconds: Math.min(h.uptimeSeconds, 2_147_483_647), identity: h.identity.slice(0, 128), boardName: h.boardName?.slice(0, 64) ?? null };
      lostState = restartOrReplacement(router, now);
      observed = await this.targets.observe(router, 'online', {
        ...now,
        version: h.version.slice(0, 64),
        cpuLoad: h.cpuLoad,
        freeMemory: String(h.freeMemory),
        totalMemory: String(h.totalMemory),
        activeSessions: h.activeSessions,
      });
    } catch (err) {
      if (!(err instanceof RouterGatewayError)) throw err;
      if (err.fingerprint) await this.targets.certificateChanged(router, err.fingerprint);
      const status = err.unreachable ? 'offline' : 'error';
      return this.targets.observe(router, status, { lastError: err.message.slice(0, 500) });
    }
    if (lostState) {
      await this.routers.addEvent({ providerId: router.providerId, routerId: router.id, type: lostState.kind, message: `${lostState.message}; checking that its users are still there` });
      await this.reconcile(observed, lostState.kind).catch((err: unknown) => {
        if (!(err instanceof RouterGatewayError)) throw err;
      });
    }
    return observed;
  }

  /** Reads users' counters and the active list of every router and tells the listeners. */
  async syncUsageAll(): Promise<{ routers: number; users: number; failed: number }> {
    const counts = { routers: 0, users: 0, failed: 0 };
    await forEachBounded(await this.routersOf(['active']), this.config.routers.monitorConcurrency, async (router) => {
      const n = await this.syncUsage(router);
      if (n === null) counts.failed++;
      else {
        counts.routers++;
        counts.users += n;
      }
    });
    return counts;
  }

  /** Why a tunnel router cannot be reached now (its handshake figures), or null: direct routers and live tunnels are tried. */
  private async tunnelDown(router: Router): Promise<string | null> {
    if (router.connectionMode !== 'tunnel') return null;
    const tunnel = await this.tunnels.forRouter(router.id);
    const reason = tunnel ? await this.tunnels.downReason(tunnel) : 'the router has no tunnel address';
    return reason ? `tunnel: ${reason}`.slice(0, 500) : null;
  }

  async syncUsage(router: Router): Promise<number | null> {
    if (await this.tunnelDown(router)) return null;
    let users: HotspotUsage[];
    try {
      const target = this.targets.target(router);
      const [rows, sessions] = [await this.targets.gateway.listUsers(target), await this.targets.gateway.listSessions(target)];
      const live = new Map<string, { uptime: number; bytesIn: number; bytesOut: number }>();
      for (const s of sessions) {
        const acc = live.get(s.user) ?? { uptime: 0, bytesIn: 0, bytesOut: 0 };
        acc.uptime += s.uptimeSeconds;
        acc.bytesIn += s.bytesIn;
        acc.bytesOut += s.bytesOut;
        live.set(s.user, acc);
      }
      users = rows.map((u) => {
        const l = live.get(u.name);
        const uptimeSeconds = u.uptimeSeconds + (l?.uptime ?? 0);
        const bytesIn = u.bytesIn + (l?.bytesIn ?? 0);
        const bytesOut = u.bytesOut + (l?.bytesOut ?? 0);
        const limitReached = Boolean((u.limitUptimeSeconds && uptimeSeconds >= u.limitUptimeSeconds) || (u.limitBytesTotal && bytesIn + bytesOut >= u.limitBytesTotal));
        return { name: u.name, comment: u.comment, uptimeSeconds, bytesIn, bytesOut, active: Boolean(l), limitReached };
      });
    } catch (err) {
      if (!(err instanceof RouterGatewayError)) throw err;
      await this.targets.recordFailure(router, err);
      return null;
    }
    await this.service.publishUsage({ providerId: router.providerId, routerId: router.id, at: new Date(), users });
    // users the router had confirmed and no longer has: removed by hand, or the router was reset
    const present = new Set(users.map((u) => u.name));
    const missing = (await this.outbox.confirmedNames(router.id)).filter((name) => !present.has(name));
    if (missing.length) {
      await this.outbox.unconfirmUsers(router.id, missing);
      await this.routers.addEvent({
        providerId: router.providerId,
        routerId: router.id,
        type: 'drift',
        message: `${missing.length} user(s) the router had confirmed are gone (e.g. ${missing.slice(0, 3).join(', ')}); putting them back`,
        metadata: { missing: missing.slice(0, 100) },
      });
      await this.reconcile(router, 'drift').catch((err: unknown) => {
        if (!(err instanceof RouterGatewayError)) throw err;
      });
    }
    return users.length;
  }

  async reconcileAll(): Promise<{ routers: number; fixed: number; failed: number }> {
    const counts = { routers: 0, fixed: 0, failed: 0 };
    await forEachBounded(await this.routersOf(['active', 'suspended']), this.config.routers.monitorConcurrency, async (router) => {
      try {
        const r = await this.reconcile(router, 'nightly');
        counts.routers++;
        counts.fixed += r.missingAdded.length + r.updated.length + r.staleRemoved.length + r.profilesAdded.length;
      } catch (err) {
        if (!(err instanceof RouterGatewayError)) throw err;
        counts.failed++;
      }
    });
    return counts;
  }

  async reconcileFor(providerId: string, routerId: string): Promise<ReconcileReportDto> {
    const router = await this.service.requireRouter(providerId, routerId);
    try {
      return await this.reconcile(router);
    } catch (err) {
      if (!(err instanceof RouterGatewayError)) throw err;
      return this.targets.call(router, () => Promise.reject(err));
    }
  }

  /**
   * Compares the router's hotspot users and profiles with the desired state and fixes drift:
   * missing users re-added, differing ones corrected, platform users (comment `wavu:`) that
   * are no longer wanted removed, anything else listed as unknown and left alone. What the
   * router is found to hold as wanted (or takes now) is confirmed; what it lacks is not.
   * Reading the router failing rejects with RouterGatewayError; per-item failures are reported.
   */
  async reconcile(router: Router, why: ReconcileCause = 'manual'): Promise<ReconcileReportDto> {
    const report: ReconcileReportDto = { missingAdded: [], updated: [], staleRemoved: [], unknown: [], profilesAdded: [], errors: [] };
    const g = this.targets.gateway;
    const target = this.targets.target(router);
    const asOf = await this.outbox.now();
    const [desiredUsers, desiredProfiles] = await Promise.all([this.outbox.desiredUsers(router.id), this.outbox.desiredProfiles(router.id)]);
    const [actualUsers, actualProfiles] = [await g.listUsers(target), await g.listProfiles(target)];
    const attempt = async (label: string, work: () => Promise<void>, list: string[]) => {
      try {
        await work();
        list.push(label);
      } catch (err) {
        if (err instanceof RouterGatewayError && err.routerFault) throw err;
        report.errors.push(`${label}: ${err instanceof Error ? err.message : String(err)}`);
      }
    };

    const profileNames = new Set(actualProfiles);
    for (const p of desiredProfiles) if (!profileNames.has(p.name)) await attempt(p.name, () => g.upsertProfile(target, p.spec), report.profilesAdded);

    const actual = new Map(actualUsers.map((u) => [u.name, u]));
    const wanted = new Set(desiredUsers.map((u) => u.name));
    const matching: string[] = [];
    await this.outbox.unconfirmUsers(
      router.id,
      desiredUsers.filter((d) => !actual.has(d.name)).map((d) => d.name),
    );
    for (const d of desiredUsers) {
      const spec = { ...d.spec, disabled: d.disabled };
      const a = actual.get(d.name);
      if (!a) await attempt(d.name, () => g.upsertUser(target, spec), report.missingAdded);
      else if (!userMatches(a, spec)) await attempt(d.name, () => g.upsertUser(target, spec), report.updated);
      else matching.push(d.name);
    }
    const confirmed = [...matching, ...report.missingAdded, ...report.updated];
    for (let i = 0; i < confirmed.length; i += 5000) await this.outbox.confirmUsers(router.id, confirmed.slice(i, i + 5000), asOf);
    for (const a of actualUsers) {
      if (wanted.has(a.name)) continue;
      if (a.comment && PLATFORM_COMMENT.test(a.comment)) await attempt(a.name, () => g.removeUser(target, a.name), report.staleRemoved);
      else report.unknown.push(a.name);
    }
    const fixed = report.missingAdded.length + report.updated.length + report.staleRemoved.length + report.profilesAdded.length;
    const cause = { manual: '', nightly: ' (nightly)', restarted: ' after a restart', replaced: ' after a reset or replacement', drift: ' after users went missing' }[why];
    await this.routers.addEvent({
      providerId: router.providerId,
      routerId: router.id,
      type: 'reconciled',
      message: `Reconcile${cause}: ${report.missingAdded.length} re-added, ${report.updated.length} corrected, ${report.staleRemoved.length} removed, ${report.profilesAdded.length} profiles added, ${report.unknown.length} unknown, ${report.errors.length} errors`,
      metadata: { ...report, why, unknown: report.unknown.slice(0, 100), missingAdded: report.missingAdded.slice(0, 100), updated: report.updated.slice(0, 100) },
    });
    if (fixed) this.logger.log({ routerId: router.id, fixed, why }, 'reconcile fixed drift');
    return report;
  }
}
