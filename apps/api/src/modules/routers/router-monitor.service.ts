import { Inject, Injectable, Logger } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { ProviderStatus, ProvidersService } from '../providers';
import { RouterLiveFiguresDto } from './dto/router-history.dto';
import { ReconcileReportDto } from './dto/router-sync.dto';
import { Router } from './entities/router.entity';
import type { FleetWorkKind } from './entities/router-fleet-work.entity';
import type { FleetClaim, FleetCycle } from './fleet-work.repository';
import { FleetWorkRepository } from './fleet-work.repository';
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

/** This process in the fleet leases and in `done_by` (one per API instance). */
const INSTANCE_ID = `${hostname()}:${process.pid}`;

/**
 * Seconds from a cycle's minute to a router's next turn: the cron intervals in routers.jobs.ts;
 * reconcile runs nightly, so 6 h only keeps a manual run from repeating a router the same night.
 */
const INTERVAL_SECONDS: Record<FleetWorkKind, number> = { monitor: 60, usage: 300, reconcile: 6 * 3600 };

/** How one fleet cycle went in this instance, and across instances once it is complete. */
export interface FleetCycleCounts {
  /** routers of the cycle this instance worked */
  here: number;
  /** routers of the cycle every instance together worked (since the cycle's minute) */
  done: number;
  /** instances that worked part of the cycle */
  instances: number;
  /** routers of this instance whose work failed for a reason other than the router (logged) */
  errors: number;
}

/** Options of one fleet cycle (scheduled ticks pass none). */
interface CycleOptions {
  /** every router due now, backed-off ones included (run now, tests) */
  force?: boolean;
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

const PLATFORM_COMMENT = /^wavu:/;

/**
 * The periodic work on every router: monitoring (status + resources), usage sync and
 * reconcile. Each method is idempotent and callable directly (jobs and tests).
 */
@Injectable()
export class RouterMonitorService {
  private readonly logger = new Logger(RouterMonitorService.name);
  /** the kinds of fleet work this instance is in a cycle of (a tick that finds one running leaves it alone) */
  private readonly cycling = new Set<FleetWorkKind>();

  constructor(
    private readonly routers: RoutersRepository,
    private readonly outbox: OutboxRepository,
    private readonly targets: RouterTargets,
    private readonly service: RoutersService,
    private readonly tunnels: RouterTunnelsService,
    private readonly providers: ProvidersService,
    private readonly history: RouterHistoryService,
    private readonly fleet: FleetWorkRepository,
    background: RouterBackground,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    background.setReconciler((router, why) => this.reconcile(router, why));
  }

  /**
   * The providers whose routers get the work: a provider that is not active makes the platform do
   * no monitoring or usage reads for it (docs/product.md §2b). What keeps vouchers it already sold
   * honest on the router still runs: the outbox, the expiry removals and, for a suspended provider
   * (the only non-active one that ever sold), the nightly reconcile.
   */
  private async providersIn(statuses: ProviderStatus[]): Promise<string[]> {
    const providers = await this.providers.getSummaries(await this.fleet.providersWithRouters());
    return [...providers.values()].filter((p) => statuses.includes(p.status)).map((p) => p.id);
  }

  /**
   * One cycle of a kind of fleet work, shared with every other instance in a cycle of the same
   * kind (docs/monitoring.md "Fleet work across instances"): claims slices of due routers under a
   * lease (fairly between providers), works them `fleet.concurrency` at a time, records each
   * outcome (a failure backs the router off), and when nothing is left to claim waits for the
   * slices other instances hold, taking over any whose lease runs out. `work` answers whether the
   * router did its part (false: it failed, and is retried later the more it keeps failing).
   * Null when this instance is already in a cycle of the kind.
   */
  private async runCycle(kind: FleetWorkKind, statuses: ProviderStatus[], work: (router: Router) => Promise<boolean>, options: CycleOptions): Promise<FleetCycleCounts | null> {
    if (this.cycling.has(kind)) return null;
    this.cycling.add(kind);
    try {
      const { fleet } = this.config.routers;
      const holder = `${INSTANCE_ID}:${randomUUID().slice(0, 8)}`;
      const { cutoff, start } = await this.fleet.beginCycle(kind, options.force ?? false);
      const cycle: FleetCycle = { kind, cutoff, start, providerIds: await this.providersIn(statuses) };
      const capSeconds = fleet.backoffCapMinutes * 60;
      let here = 0;
      let errors = 0;
      const workOne = async (claim: FleetClaim) => {
        let ok = false;
        try {
          const router = await this.routers.findById(claim.routerId);
          ok = router ? await work(router) : true;
        } catch (err) {
          // not a router fault (those are outcomes): e.g. an unreadable sealed password or a database
          // error. Logged and counted; the router is backed off like a failing one and the cycle goes on
          errors++;
          this.logger.warn({ kind, routerId: claim.routerId, err: err instanceof Error ? err.message : String(err) }, `fleet ${kind}: a router's work failed`);
        }
        if (await this.fleet.complete(cycle, claim.routerId, INSTANCE_ID, holder, ok, INTERVAL_SECONDS[kind], capSeconds)) here++;
      };
      for (;;) {
        await this.workClaims(cycle, holder, workOne);
        if ((await this.fleet.remaining(cycle)) === 0) break;
        // other instances still hold part of the cycle: wait for them, or for their leases to run out
        await sleep(Math.min(1000, fleet.leaseSeconds * 250));
      }
      const byInstance = await this.fleet.doneBy(kind, start);
      const done = [...byInstance.values()].reduce((a, b) => a + b, 0);
      this.logger.log({ kind, here, done, errors, instances: byInstance.size, instance: INSTANCE_ID }, `fleet ${kind} cycle done`);
      return { here, done, instances: byInstance.size, errors };
    } finally {
      this.cycling.delete(kind);
    }
  }

  /** Works claimed slices with `fleet.concurrency` lanes until nothing more can be claimed now. */
  private async workClaims(cycle: FleetCycle, holder: string, workOne: (claim: FleetClaim) => Promise<void>): Promise<void> {
    const { concurrency, leaseSeconds } = this.config.routers.fleet;
    const queue: FleetClaim[] = [];
    let claiming: Promise<void> | null = null;
    let exhausted = false;
    const refill = async () => {
      // a slice about the size of the lanes, so nothing claimed waits long under its lease
      const got = await this.fleet.claim(cycle, holder, concurrency, leaseSeconds);
      queue.push(...got);
      if (!got.length) exhausted = true;
    };
    const lane = async () => {
      for (;;) {
        if (!queue.length && !exhausted) {
          // one claim at a time per instance; the other lanes wait for its slice
          claiming ??= refill().finally(() => (claiming = null));
          await claiming;
        }
        const next = queue.shift();
        if (!next) return;
        await workOne(next);
      }
    };
    // every lane settles before the cycle goes on (a database error in one must not leave others running detached)
    const failed = (await Promise.allSettled(Array.from({ length: Math.max(1, concurrency) }, lane))).find((r) => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  /** Checks every router now (run now, tests): one forced monitoring cycle; counts are this instance's. */
  async checkAll(): Promise<{ online: number; offline: number; error: number }> {
    return (await this.monitorCycle({ force: true })).counts;
  }

  /**
   * One monitoring cycle shared with the other instances: the routers due now (a router that
   * keeps failing is due less often), each checked once between all instances.
   */
  async monitorCycle(options: CycleOptions = {}): Promise<{ counts: { online: number; offline: number; error: number }; cycle: FleetCycleCounts | null }> {
    const counts = { online: 0, offline: 0, error: 0 };
    const cycle = await this.runCycle(
      'monitor',
      ['active'],
      async (router) => {
        const observed = await this.checkRouter(router);
        if (observed.status !== 'unknown') counts[observed.status]++;
        if (observed.status === 'online') await this.recordHistory(observed);
        return observed.status === 'online';
      },
      options,
    );
    return { counts, cycle };
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

  /** Reads users' counters and the active list of every router and tells the listeners (run now, tests: a forced cycle). */
  async syncUsageAll(): Promise<{ routers: number; users: number; failed: number }> {
    return (await this.usageCycle({ force: true })).counts;
  }

  /** One usage-sync cycle shared with the other instances. */
  async usageCycle(options: CycleOptions = {}): Promise<{ counts: { routers: number; users: number; failed: number }; cycle: FleetCycleCounts | null }> {
    const counts = { routers: 0, users: 0, failed: 0 };
    const cycle = await this.runCycle(
      'usage',
      ['active'],
      async (router) => {
        const n = await this.syncUsage(router);
        if (n === null) counts.failed++;
        else {
          counts.routers++;
          counts.users += n;
        }
        return n !== null;
      },
      options,
    );
    return { counts, cycle };
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

  /** Reconciles every router now (run now, tests: a forced cycle). */
  async reconcileAll(): Promise<{ routers: number; fixed: number; failed: number }> {
    return (await this.reconcileCycle({ force: true })).counts;
  }

  /** One reconcile cycle (nightly) shared with the other instances. */
  async reconcileCycle(options: CycleOptions = {}): Promise<{ counts: { routers: number; fixed: number; failed: number }; cycle: FleetCycleCounts | null }> {
    const counts = { routers: 0, fixed: 0, failed: 0 };
    const cycle = await this.runCycle(
      'reconcile',
      ['active', 'suspended'],
      async (router) => {
        try {
          const r = await this.reconcile(router, 'nightly');
          counts.routers++;
          counts.fixed += r.missingAdded.length + r.updated.length + r.staleRemoved.length + r.profilesAdded.length;
          return true;
        } catch (err) {
          if (!(err instanceof RouterGatewayError)) throw err;
          counts.failed++;
          return false;
        }
      },
      options,
    );
    return { counts, cycle };
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
