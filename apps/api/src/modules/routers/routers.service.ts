import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { RequestContext } from '../../common/auth/decorators';
import { Principal } from '../../common/auth/principal';
import { Clock } from '../../common/clock';
import { CommonException } from '../../common/errors/app-exception';
import { mapPage } from '../../common/pagination/page';
import { inTransaction } from '../../database/transaction';
import { AuditService } from '../audit';
import { SubscriptionsService } from '../subscriptions';
import { RouterAddressGuard } from './address-guard';
import { foldDesiredState, userMatches } from './desired-state';
import { CreateRouterDto, DEFAULT_ROUTER_API_USER, defaultPort, ListRoutersQueryDto, plaintextProblem, RouterDto, RouterPageDto, UpdateRouterDto, usesTls } from './dto/router.dto';
import { ConnectionMode, Router } from './entities/router.entity';
import type { RouterTunnel } from './entities/router-tunnel.entity';
import { RouterGatewayError } from './gateway/router-gateway';
import { OutboxRepository } from './outbox.repository';
import { BulkSyncProgress, HotspotUserSpec, ProvisioningOpInput, RouterProvisioningApi, RouterSummary, UsageListener, UsageReport } from './provisioning.types';
import { opProblems } from './provisioning.validation';
import { RouterBackground } from './router-background';
import { assertBulkUsers, RouterBulkSyncService } from './router-bulk-sync.service';
import { RouterLoginGuard } from './router-login-guard';
import { mapRouter, mapSummary } from './router.mapper';
import { RouterAlertEvent, toRouterAlertEvent } from './router-alert-events';
import { RouterTargets } from './router-targets';
import { RouterErrorCode, RouterException } from './routers.exception';
import { RoutersRepository } from './routers.repository';
import { generateRouterApiPassword } from './setup-kit/rsc-password';
import { KIT_HOTSPOT_DNS_NAME } from './setup-kit/rsc';
import { RouterTunnelsService } from './tunnel/router-tunnels.service';

const isUniqueViolation = (err: unknown) => err instanceof QueryFailedError && (err as QueryFailedError & { code?: string }).code === '23505';

/**
 * Routers of a provider: CRUD, and what other modules use (RouterProvisioningApi, the captive
 * portal's lookups and repair, the dashboards' reads). Connection tests, live reads, CSV import,
 * bulk syncs and a router's sync page have their own services in this module.
 */
@Injectable()
export class RoutersService implements RouterProvisioningApi {
  private readonly logger = new Logger(RoutersService.name);
  private readonly usageListeners: UsageListener[] = [];

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly routers: RoutersRepository,
    private readonly outbox: OutboxRepository,
    private readonly targets: RouterTargets,
    private readonly audit: AuditService,
    private readonly subscriptions: SubscriptionsService,
    private readonly addresses: RouterAddressGuard,
    private readonly logins: RouterLoginGuard,
    private readonly background: RouterBackground,
    private readonly bulkSyncs: RouterBulkSyncService,
    private readonly tunnels: RouterTunnelsService,
    private readonly clock: Clock,
  ) {}

  // ---------------------------------------------------------------- provisioning API

  async enqueue(manager: EntityManager, providerId: string, ops: ProvisioningOpInput[]): Promise<void> {
    if (ops.length === 0) return;
    const problems = opProblems(ops);
    if (problems.length) throw RouterException.invalid(RouterErrorCode.ROUTER_OP_INVALID, 'Invalid provisioning operations', problems);
    await this.requireRouters(providerId, [...new Set(ops.map((o) => o.routerId))], manager);
    await this.outbox.insertOps(
      manager,
      ops.map((op) => ({
        providerId,
        routerId: op.routerId,
        type: op.type,
        target: op.target,
        payload: op.type === 'upsert_profile' ? { profile: op.profile } : op.type === 'upsert_user' ? { user: op.user } : null,
      })),
    );
    // the desired state follows the intent, in the caller's transaction (set-based: one
    // statement per kind of change, whatever the number of operations)
    await this.outbox.applyDesiredState(manager, providerId, foldDesiredState(ops));
  }

  async requireRouters(providerId: string, routerIds: string[], manager?: EntityManager): Promise<RouterSummary[]> {
    const unique = [...new Set(routerIds)];
    const found = await this.routers.findByIdsForProvider(providerId, unique, manager);
    if (found.length !== unique.length) throw RouterException.notFound();
    const byId = new Map(found.map((r) => [r.id, r]));
    return unique.map((id) => mapSummary(byId.get(id)!));
  }

  async listRouters(providerId: string, manager?: EntityManager): Promise<RouterSummary[]> {
    return (await this.routers.listForProvider(providerId, manager)).map(mapSummary);
  }

  async startBulkSync(providerId: string, routerId: string, users: HotspotUserSpec[]): Promise<BulkSyncProgress> {
    assertBulkUsers(users);
    return this.bulkSyncs.start(await this.requireRouter(providerId, routerId), users);
  }

  getBulkSync(providerId: string, syncId: string): Promise<BulkSyncProgress> {
    return this.bulkSyncs.get(providerId, syncId);
  }

  /** Per router (of the provider's `routerIds`): how many of these users the platform wants there and how many the router confirmed. */
  async confirmation(providerId: string, routerIds: string[], names: string[]): Promise<Map<string, { wanted: number; confirmed: number }>> {
    const own = (await this.routers.findByIdsForProvider(providerId, [...new Set(routerIds)])).map((r) => r.id);
    return this.outbox.confirmation(own, names);
  }

  /**
   * For the alerts module (docs/alerts.md): outage alerts, returns after one and dead-lettered
   * changes of every router, recorded after `since`, oldest first.
   */
  async alertEventsSince(since: Date, limit = 1000): Promise<RouterAlertEvent[]> {
    return (await this.routers.alertableEventsSince(since, limit)).map(toRouterAlertEvent).filter((e): e is RouterAlertEvent => e !== null);
  }

  onUsage(listener: UsageListener): void {
    this.usageListeners.push(listener);
  }

  /** Called by usage sync after each router's read. */
  async publishUsage(report: UsageReport): Promise<void> {
    for (const listener of this.usageListeners) {
      try {
        await listener(report);
      } catch (err) {
        this.logger.error({ err, routerId: report.routerId }, 'usage listener failed');
      }
    }
  }

  // ---------------------------------------------------------------- captive portal

  /**
   * For the public captive portal: which provider a router belongs to (null when unknown), and
   * `loginHosts`, the host names the router's own login URL (`link-login-only`) can carry: its
   * hotspot DNS name (the setup kit's default when the record names none) and the address the
   * platform reaches it at (docs/portal.md "Bad portal links").
   */
  async findForPortal(id: string): Promise<{ id: string; providerId: string; name: string; hotspotDnsName: string | null; loginHosts: string[] } | null> {
    const router = await this.routers.findById(id);
    if (!router) return null;
    const loginHosts = [router.hotspotDnsName ?? KIT_HOTSPOT_DNS_NAME, router.host].map((h) => h.toLowerCase());
    return { id: router.id, providerId: router.providerId, name: router.name, hotspotDnsName: router.hotspotDnsName, loginHosts };
  }

  /** For the captive portal: whether the platform wants this user on the router and the router confirmed it. */
  async userOnRouter(routerId: string, name: string): Promise<{ wanted: boolean; confirmed: boolean }> {
    const user = await this.outbox.findDesiredUser(routerId, name);
    return { wanted: Boolean(user), confirmed: Boolean(user?.confirmedAt) };
  }

  /**
   * A login with this user was refused: looks the user up on the router now and, if the platform
   * wants it and it is missing or different, puts it (and its profile) back. A missing user the
   * router had confirmed means the router lost state, so the whole router is reconciled in the
   * background; one never confirmed was only not there yet (the outbox is behind).
   */
  async restoreUser(routerId: string, name: string): Promise<'present' | 'restored' | 'not_wanted' | 'failed'> {
    const [router, desired] = await Promise.all([this.routers.findById(routerId), this.outbox.findDesiredUser(routerId, name)]);
    if (!router || !desired) return 'not_wanted';
    const spec = { ...desired.spec, disabled: desired.disabled };
    const g = this.targets.gateway;
    const target = this.targets.target(router);
    try {
      const asOf = await this.outbox.now();
      const actual = await g.findUser(target, name);
      if (actual && userMatches(actual, spec)) {
        await this.outbox.confirmUsers(routerId, [name], asOf);
        return 'present';
      }
      if (!actual) await this.outbox.unconfirmUsers(routerId, [name]);
      const profile = (await this.outbox.desiredProfiles(routerId)).find((p) => p.name === spec.profile);
      if (profile) await g.upsertProfile(target, profile.spec);
      await g.upsertUser(target, spec);
      await this.outbox.confirmUsers(routerId, [name], asOf);
      // never confirmed: the outbox had not put it there yet (a code paid a moment ago), not drift
      if (!actual && desired.confirmedAt) {
        await this.routers.addEvent({
          providerId: router.providerId,
          routerId,
          type: 'drift',
          message: `User ${name} was missing on the router when a customer tried to log in; put back, checking the others`,
          metadata: { user: name },
        });
        this.background.requestReconcile(router, 'drift');
      }
      return 'restored';
    } catch (err) {
      if (!(err instanceof RouterGatewayError)) throw err;
      await this.targets.recordFailure(router, err).catch(() => undefined);
      return 'failed';
    }
  }

  // ---------------------------------------------------------------- CRUD

  async requireRouter(providerId: string, id: string, manager?: EntityManager): Promise<Router> {
    const router = await this.routers.findForProvider(providerId, id, manager);
    if (!router) throw RouterException.notFound();
    return router;
  }

  async list(providerId: string, query: ListRoutersQueryDto): Promise<RouterPageDto> {
    const by = query.sort ?? 'name';
    const order = query.order ?? (by === 'lastSeen' ? 'desc' : 'asc');
    const result = await this.routers.pageForProvider(
      providerId,
      { search: query.search, status: query.status, connectionMode: query.connectionMode, sync: query.sync },
      { by, direction: order === 'desc' ? 'DESC' : 'ASC' },
      query,
    );
    const views = await this.views(result.items);
    return { ...mapPage(result, (r) => views(r)), prevCursor: result.prevCursor, total: result.total };
  }

  async get(providerId: string, id: string): Promise<RouterDto> {
    const router = await this.requireRouter(providerId, id);
    return (await this.views([router]))(router);
  }

  /** Maps routers to responses with their sync counts and, for tunnel routers, their tunnel. */
  async views(routers: Router[]): Promise<(router: Router) => RouterDto> {
    const ids = routers.map((r) => r.id);
    const [counts, tunnels] = await Promise.all([this.outbox.counts(ids), routers.some((r) => r.connectionMode === 'tunnel') ? this.tunnels.forRouters(ids) : new Map<string, RouterTunnel>()]);
    const hubReporting = tunnels.size ? this.tunnels.hubReporting(await this.tunnels.hub()) : false;
    const now = this.clock.now().getTime();
    return (r) => {
      const tunnel = tunnels.get(r.id);
      return mapRouter(r, counts.get(r.id), tunnel ? this.tunnels.view(r, tunnel, hubReporting) : null, now);
    };
  }

  /** A tunnel router's address is the platform's to give: a host sent with connectionMode tunnel is refused. */
  tunnelHostProblem(dto: { connectionMode?: ConnectionMode; host?: string }): string | null {
    if (dto.connectionMode === 'tunnel' && dto.host !== undefined && dto.host !== '') return 'leave host out for a tunnel router: the platform assigns its address inside the tunnel';
    return null;
  }

  async create(providerId: string, dto: CreateRouterDto, actor: Principal, context: RequestContext): Promise<RouterDto> {
    const problem = this.tunnelHostProblem(dto);
    if (problem) throw CommonException.validation([{ field: 'host', messages: [problem] }]);
    if (dto.connectionMode !== 'tunnel') {
      const refused = await this.addresses.saveProblem(dto.host!, defaultPort(dto));
      if (refused) throw RouterException.addressNotAllowed(`Router address not allowed: ${refused.messages[0]}`, [refused]);
    }
    const [router] = await this.insertMany(providerId, [dto], actor, context);
    return this.get(providerId, router.id);
  }

  /** Adds routers in one transaction, within the plan's router limit (create and the CSV import). */
  async insertMany(providerId: string, dtos: CreateRouterDto[], actor: Principal, context: RequestContext): Promise<Router[]> {
    try {
      return await inTransaction(this.dataSource, async (manager) => {
        await this.subscriptions.assertWithinLimit(providerId, 'routers', { current: await this.routers.countForProvider(providerId, manager), adding: dtos.length }, manager); // plan limit (PLAN_LIMIT_REACHED)
        const out: Router[] = [];
        for (const dto of dtos) {
          const id = randomUUID();
          const mode = dto.connectionMode ?? 'direct';
          // a tunnel router's address is its tunnel /32, allocated first (the table has no FK to routers)
          const tunnel = mode === 'tunnel' ? await this.tunnels.allocate(manager, { id, providerId, version: null }) : null;
          const router = await this.routers.insert(manager, {
            id,
            providerId,
            name: dto.name,
            host: tunnel ? tunnel.address : dto.host!,
            connectionMode: mode,
            apiPort: defaultPort(dto),
            useTls: usesTls(dto),
            username: dto.username ?? DEFAULT_ROUTER_API_USER,
            // no password given: a strong random one, carried to the router only by the setup kit
            passwordSealed: this.targets.seal(id, dto.password ?? generateRouterApiPassword()),
            hotspotServer: dto.hotspotServer || null,
            hotspotDnsName: dto.hotspotDnsName?.toLowerCase() || null,
            location: dto.location || null,
            notes: dto.notes || null,
          });
          await this.routers.addEvent({ providerId, routerId: id, type: 'created', message: `Router ${dto.name} added` }, manager);
          await this.audit.record(
            {
              action: 'router.create',
              actor,
              providerId,
              target: { type: 'router', id },
              context,
              metadata: { name: dto.name, host: tunnel ? tunnel.address : dto.host, connectionMode: mode, password: dto.password === undefined ? 'generated' : 'given' },
            },
            manager,
          );
          out.push(router);
        }
        return out;
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw RouterException.nameTaken();
      throw err;
    }
  }

  async update(providerId: string, id: string, dto: UpdateRouterDto, actor: Principal, context: RequestContext): Promise<RouterDto> {
    const current = await this.requireRouter(providerId, id);
    const mode = dto.connectionMode ?? current.connectionMode;
    const modeChanged = mode !== current.connectionMode;
    if (mode === 'tunnel' && dto.host !== undefined) throw CommonException.validation([{ field: 'host', messages: [this.tunnelHostProblem({ connectionMode: mode, host: dto.host })!] }]);
    if (modeChanged && mode === 'direct' && dto.host === undefined) {
      throw CommonException.validation([{ field: 'host', messages: ["give the router's public address to reach it directly"] }]);
    }
    // a mode switch picks the new mode's defaults unless the request says otherwise
    const apiPort = dto.apiPort ?? (modeChanged ? defaultPort({ connectionMode: mode, useTls: dto.useTls }) : current.apiPort);
    const useTls = dto.useTls ?? (modeChanged ? mode === 'direct' : current.useTls);
    const credentialsChanged = modeChanged || ['host', 'apiPort', 'useTls', 'username', 'password'].some((k) => dto[k as keyof UpdateRouterDto] !== undefined);
    if (dto.host !== undefined || dto.apiPort !== undefined || dto.useTls !== undefined || modeChanged) {
      // plaintext only by explicit choice (or inside the tunnel): moving a TLS router to port 8728 needs useTls false too
      const plaintext = mode === 'direct' ? plaintextProblem(apiPort, useTls) : null;
      if (plaintext) throw CommonException.validation([{ field: 'useTls', messages: [plaintext] }]);
      if (mode === 'direct' && (dto.host !== undefined || dto.apiPort !== undefined)) {
        // checked before the transaction: a DNS lookup never runs inside one
        const refused = await this.addresses.saveProblem(dto.host ?? current.host, apiPort);
        if (refused) throw RouterException.addressNotAllowed(`Router address not allowed: ${refused.messages[0]}`, [refused]);
      }
    }
    try {
      await inTransaction(this.dataSource, async (manager) => {
        const router = await this.requireRouter(providerId, id, manager);
        const changes: Partial<Router> = {};
        if (modeChanged) {
          changes.connectionMode = mode;
          if (mode === 'tunnel') changes.host = (await this.tunnels.allocate(manager, router)).address;
          else await this.tunnels.release(manager, id);
          changes.apiPort = apiPort;
          changes.useTls = useTls;
        }
        if (dto.name !== undefined) changes.name = dto.name;
        if (dto.host !== undefined) changes.host = dto.host;
        if (dto.apiPort !== undefined) changes.apiPort = dto.apiPort;
        if (dto.useTls !== undefined) changes.useTls = dto.useTls;
        if (dto.username !== undefined) changes.username = dto.username;
        if (dto.password !== undefined) changes.passwordSealed = this.targets.seal(id, dto.password);
        if (dto.hotspotServer !== undefined) changes.hotspotServer = dto.hotspotServer || null;
        if (dto.hotspotDnsName !== undefined) changes.hotspotDnsName = dto.hotspotDnsName.toLowerCase() || null;
        if (dto.location !== undefined) changes.location = dto.location || null;
        if (dto.notes !== undefined) changes.notes = dto.notes || null;
        if (credentialsChanged) changes.status = 'unknown';
        await this.routers.update(id, changes, manager);
        // only what the request changed (a DTO instance carries every declared field, unset ones as undefined)
        const fields = Object.keys(dto).filter((k) => dto[k as keyof UpdateRouterDto] !== undefined && (k !== 'connectionMode' || modeChanged));
        const how = modeChanged ? ` (now reached ${mode === 'tunnel' ? `through the management tunnel at ${changes.host}: import its new setup kit` : `directly at ${changes.host}`})` : '';
        await this.routers.addEvent({ providerId, routerId: id, type: 'updated', message: `Router settings changed: ${fields.join(', ')}${how}` }, manager);
        // switching between api-ssl and the plaintext API, or between direct and tunnel, is said in words in the audit log
        const encryption = changes.useTls === undefined || changes.useTls === router.useTls ? undefined : changes.useTls ? 'api-ssl (encrypted)' : 'plaintext API';
        const reached = modeChanged ? { connectionMode: mode, host: changes.host } : {};
        await this.audit.record({ action: 'router.update', actor, providerId, target: { type: 'router', id }, context, metadata: { fields, name: router.name, encryption, ...reached } }, manager);
      });
    } catch (err) {
      if (isUniqueViolation(err)) throw RouterException.nameTaken();
      throw err;
    }
    if (credentialsChanged) {
      await this.targets.gateway.forget(id);
      // new credentials must log in before the router is trusted at a locked address again
      await this.logins.forget(id);
    }
    return this.get(providerId, id);
  }

  async remove(providerId: string, id: string, actor: Principal, context: RequestContext): Promise<void> {
    await inTransaction(this.dataSource, async (manager) => {
      const router = await this.requireRouter(providerId, id, manager);
      for (const table of [
        'router_provisioning_ops',
        'router_users',
        'router_profiles',
        'router_events',
        'router_bulk_syncs',
        'router_login_trust',
        'router_backups',
        'router_backup_schedules',
        'router_restores',
        'router_file_tokens',
      ]) {
        await manager.query(`DELETE FROM ${table} WHERE router_id = $1`, [id]);
      }
      await this.routers.delete(manager, providerId, id);
      // its peer leaves the tunnel at once (the tunnel process is notified); the address rests for the grace period
      await this.tunnels.release(manager, id);
      await this.audit.record({ action: 'router.delete', actor, providerId, target: { type: 'router', id }, context, metadata: { name: router.name } }, manager);
    });
    await this.targets.gateway.forget(id);
  }

  // ---------------------------------------------------------------- delegated: background work (tests)

  /** Waits for background bulk syncs and reconciles (tests). */
  settled(): Promise<void> {
    return this.background.settled();
  }
}
