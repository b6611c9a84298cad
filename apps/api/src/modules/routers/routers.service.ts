import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { RequestContext } from '../../common/auth/decorators';
import { Principal } from '../../common/auth/principal';
import { ErrorDetail } from '../../common/errors/app-exception';
import { toErrorDetails } from '../../common/errors/validation';
import { mapPage, Page, PageQueryDto } from '../../common/pagination/page';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { inTransaction } from '../../database/transaction';
import { AuditService } from '../audit';
import { parseCsv } from './csv';
import { ConnectionTestDto } from './dto/connection-test.dto';
import { CreateRouterDto, DEFAULT_ROUTER_API_USER, defaultPort, RouterConnectionDto, RouterDto, UpdateRouterDto } from './dto/router.dto';
import { RouterEventDto } from './dto/router-event.dto';
import { ImportResultDto, ImportRouterRowDto } from './dto/router-import.dto';
import { InterfaceDto, LogLineDto, SessionDto } from './dto/router-live.dto';
import { RouterSyncDto } from './dto/router-sync.dto';
import { OnlineRouterDto, WhoIsOnlineDto } from './dto/online.dto';
import { Router } from './entities/router.entity';
import { ADDRESS_NOT_ALLOWED_CODE, LOGIN_LOCKED_CODE, RouterGatewayError } from './gateway/router-gateway';
import { foldDesiredState, userMatches } from './desired-state';
import { OutboxRepository } from './outbox.repository';
import { opProblems, userProblems } from './provisioning.validation';
import { BulkSyncProgress, HotspotUserSpec, ProvisioningOpInput, RouterProvisioningApi, RouterSummary, UsageListener, UsageReport } from './provisioning.types';
import { mapBulkSync, mapEvent, mapOp, mapRouter, mapSummary, routerAlert } from './router.mapper';
import { RouterTargets } from './router-targets';
import { RouterErrorCode, RouterException } from './routers.exception';
import { RoutersRepository } from './routers.repository';
import { SubscriptionsService } from '../subscriptions';
import { CommonErrorCode, CommonException } from '../../common/errors/app-exception';
import { RateLimiter } from '../../common/http/rate-limit';
import { loginTargetKey, RouterLoginGuard, RouterLoginLocked } from './router-login-guard';
import { CheckedAddress, RouterAddressGuard, RouterAddressRefused, RouterHostNotFound } from './address-guard';
import { generateRouterApiPassword } from './setup-kit/rsc-password';

const isUniqueViolation = (err: unknown) => err instanceof QueryFailedError && (err as QueryFailedError & { code?: string }).code === '23505';
const CSV_COLUMNS = ['name', 'host', 'apiPort', 'useTls', 'username', 'password', 'hotspotServer', 'hotspotDnsName', 'location', 'notes'] as const;
const MAX_IMPORT_ROWS = 500;

export type ReconcileCause = 'manual' | 'nightly' | 'restarted' | 'replaced' | 'drift';
type Reconciler = (router: Router, why: ReconcileCause) => Promise<unknown>;

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

function assertBulkUsers(users: HotspotUserSpec[]): void {
  const problems = users.flatMap((u, i) => userProblems(u, `users[${i}]`));
  if (users.length > 10_000) problems.push({ field: 'users', messages: ['at most 10,000 users per bulk sync'] });
  if (problems.length) throw RouterException.invalid(RouterErrorCode.ROUTER_OP_INVALID, 'Invalid users for bulk sync', problems.slice(0, 50));
}

const emptyByStatus = (): Record<Router['status'], number> => ({ online: 0, offline: 0, error: 0, unknown: 0 });

/**
 * Routers of a provider: CRUD, test connection, live detail (sessions, interfaces, log), sync
 * status, and the provisioning API other modules use (RouterProvisioningApi).
 */
@Injectable()
export class RoutersService implements RouterProvisioningApi, OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(RoutersService.name);
  private readonly usageListeners: UsageListener[] = [];
  private readonly running = new Set<Promise<void>>();
  private readonly reconciling = new Set<string>();
  private reconciler: Reconciler | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly routers: RoutersRepository,
    private readonly outbox: OutboxRepository,
    private readonly targets: RouterTargets,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly subscriptions: SubscriptionsService,
    private readonly addresses: RouterAddressGuard,
    private readonly logins: RouterLoginGuard,
    private readonly limiter: RateLimiter,
  ) {}

  async onModuleInit(): Promise<void> {
    const n = await this.routers.failInterruptedBulkSyncs();
    if (n) this.logger.warn(`${n} bulk sync(s) were interrupted by a restart`);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.running]);
    await this.targets.gateway.close();
  }

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
    return this.beginBulkSync(await this.requireRouter(providerId, routerId), users);
  }

  private async beginBulkSync(router: Router, users: HotspotUserSpec[]): Promise<BulkSyncProgress> {
    const { providerId, id: routerId } = router;
    await inTransaction(this.dataSource, (manager) => this.outbox.upsertUsers(manager, providerId, routerId, users));
    const sync = await this.routers.createBulkSync({ providerId, routerId, total: users.length });
    const job = this.runBulkSync(router, sync.id, sync.createdAt, users).finally(() => this.running.delete(job));
    this.running.add(job);
    return mapBulkSync(sync);
  }

  async getBulkSync(providerId: string, syncId: string): Promise<BulkSyncProgress> {
    const sync = await this.routers.findBulkSync(providerId, syncId);
    if (!sync) throw new RouterException(RouterErrorCode.ROUTER_BULK_SYNC_NOT_FOUND, 'Bulk sync not found');
    return mapBulkSync(sync);
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

  /** The monitor registers how a router is reconciled (it depends on this service, not the reverse). */
  setReconciler(reconcile: Reconciler): void {
    this.reconciler = reconcile;
  }

  /** Reconciles a router in the background (one at a time per router); failures are logged. */
  requestReconcile(router: Router, why: ReconcileCause): void {
    if (!this.reconciler || this.reconciling.has(router.id)) return;
    this.reconciling.add(router.id);
    const job = this.reconciler(router, why)
      .then(() => undefined)
      .catch((err: unknown) => this.logger.warn({ err, routerId: router.id }, 'background reconcile failed'))
      .finally(() => {
        this.reconciling.delete(router.id);
        this.running.delete(job);
      });
    this.running.add(job);
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
        this.requestReconcile(router, 'drift');
      }
      return 'restored';
    } catch (err) {
      if (!(err instanceof RouterGatewayError)) throw err;
      await this.targets.recordFailure(router, err).catch(() => undefined);
      return 'failed';
    }
  }

  /** Per router (of the provider's `routerIds`): how many of these users the platform wants there and how many the router confirmed. */
  async confirmation(providerId: string, routerIds: string[], names: string[]): Promise<Map<string, { wanted: number; confirmed: number }>> {
    const own = (await this.routers.findByIdsForProvider(providerId, [...new Set(routerIds)])).map((r) => r.id);
    return this.outbox.confirmation(own, names);
  }

  /** Waits for background bulk syncs (tests). */
  async settled(): Promise<void> {
    await Promise.allSettled([...this.running]);
  }

  /**
   * Pushes the users' profiles (a user naming a profile the router lacks is refused), then the
   * users, pipelined. Only users the router accepted are confirmed; any refusal makes the sync
   * `failed` with the first reason, so no screen can call a partial push done.
   */
  private async runBulkSync(router: Router, syncId: string, startedAt: Date, users: HotspotUserSpec[]): Promise<void> {
    await this.routers.updateBulkSync(syncId, { status: 'running' });
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

  // ---------------------------------------------------------------- CRUD

  /** For the public captive portal: which provider a router belongs to (null when unknown). */
  async findForPortal(id: string): Promise<{ id: string; providerId: string; name: string; hotspotDnsName: string | null } | null> {
    const router = await this.routers.findById(id);
    return router ? { id: router.id, providerId: router.providerId, name: router.name, hotspotDnsName: router.hotspotDnsName } : null;
  }

  async requireRouter(providerId: string, id: string, manager?: EntityManager): Promise<Router> {
    const router = await this.routers.findForProvider(providerId, id, manager);
    if (!router) throw RouterException.notFound();
    return router;
  }

  async list(providerId: string, page: PageQueryDto): Promise<Page<RouterDto>> {
    const result = await this.routers.pageForProvider(providerId, page);
    const counts = await this.outbox.counts(result.items.map((r) => r.id));
    return mapPage(result, (r) => mapRouter(r, counts.get(r.id)));
  }

  async get(providerId: string, id: string): Promise<RouterDto> {
    const router = await this.requireRouter(providerId, id);
    return mapRouter(router, (await this.outbox.counts([id])).get(id));
  }

  async create(providerId: string, dto: CreateRouterDto, actor: Principal, context: RequestContext): Promise<RouterDto> {
    const refused = await this.addressProblem(dto.host, defaultPort(dto));
    if (refused) throw RouterException.addressNotAllowed(`Router address not allowed: ${refused.messages[0]}`, [refused]);
    const [router] = await this.insertMany(providerId, [dto], actor, context);
    return mapRouter(router);
  }

  private async insertMany(providerId: string, dtos: CreateRouterDto[], actor: Principal, context: RequestContext): Promise<Router[]> {
    try {
      return await inTransaction(this.dataSource, async (manager) => {
        await this.subscriptions.assertWithinLimit(providerId, 'routers', { current: await this.routers.countForProvider(providerId, manager), adding: dtos.length }, manager); // plan limit (PLAN_LIMIT_REACHED)
        const out: Router[] = [];
        for (const dto of dtos) {
          const id = randomUUID();
          const router = await this.routers.insert(manager, {
            id,
            providerId,
            name: dto.name,
            host: dto.host,
            apiPort: defaultPort(dto),
            useTls: dto.useTls ?? false,
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
              metadata: { name: dto.name, host: dto.host, password: dto.password === undefined ? 'generated' : 'given' },
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
    const credentialsChanged = ['host', 'apiPort', 'useTls', 'username', 'password'].some((k) => dto[k as keyof UpdateRouterDto] !== undefined);
    if (dto.host !== undefined || dto.apiPort !== undefined) {
      // checked before the transaction: a DNS lookup never runs inside one
      const current = await this.requireRouter(providerId, id);
      const refused = await this.addressProblem(dto.host ?? current.host, dto.apiPort ?? current.apiPort);
      if (refused) throw RouterException.addressNotAllowed(`Router address not allowed: ${refused.messages[0]}`, [refused]);
    }
    try {
      await inTransaction(this.dataSource, async (manager) => {
        const router = await this.requireRouter(providerId, id, manager);
        const changes: Partial<Router> = {};
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
        const fields = Object.keys(dto).filter((k) => k !== 'password' || dto.password !== undefined);
        await this.routers.addEvent({ providerId, routerId: id, type: 'updated', message: `Router settings changed: ${fields.join(', ')}` }, manager);
        await this.audit.record({ action: 'router.update', actor, providerId, target: { type: 'router', id }, context, metadata: { fields, name: router.name } }, manager);
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
      for (const table of ['router_provisioning_ops', 'router_users', 'router_profiles', 'router_events', 'router_bulk_syncs', 'router_login_trust']) {
        await manager.query(`DELETE FROM ${table} WHERE router_id = $1`, [id]);
      }
      await this.routers.delete(manager, providerId, id);
      await this.audit.record({ action: 'router.delete', actor, providerId, target: { type: 'router', id }, context, metadata: { name: router.name } }, manager);
    });
    await this.targets.gateway.forget(id);
  }

  /** All or nothing: every bad row is reported (`rows[3].host`), nothing is imported unless all are good. */
  async importCsv(providerId: string, csv: string, actor: Principal, context: RequestContext): Promise<ImportResultDto> {
    const fail = (details: ErrorDetail[]) => RouterException.invalid(RouterErrorCode.ROUTER_IMPORT_INVALID, 'The CSV has errors; nothing was imported', details.slice(0, 200));
    let table: string[][];
    try {
      table = parseCsv(csv);
    } catch (err) {
      throw fail([{ field: 'csv', messages: [(err as Error).message] }]);
    }
    const [header, ...rows] = table.filter((r) => r.some((c) => c.trim() !== ''));
    if (!header) throw fail([{ field: 'csv', messages: ['the CSV is empty'] }]);
    const columns = header.map((h) => h.trim());
    const unknown = columns.filter((c) => !(CSV_COLUMNS as readonly string[]).includes(c));
    const missing = ['name', 'host', 'username', 'password'].filter((c) => !columns.includes(c));
    if (unknown.length || missing.length) {
      throw fail([
        {
          field: 'csv',
          messages: [...(missing.length ? [`missing columns: ${missing.join(', ')}`] : []), ...(unknown.length ? [`unknown columns: ${unknown.join(', ')} (allowed: ${CSV_COLUMNS.join(', ')})`] : [])],
        },
      ]);
    }
    if (rows.length === 0) throw fail([{ field: 'csv', messages: ['the CSV has no data rows'] }]);
    if (rows.length > MAX_IMPORT_ROWS) throw fail([{ field: 'csv', messages: [`at most ${MAX_IMPORT_ROWS} routers per import`] }]);

    const details: ErrorDetail[] = [];
    const dtos: CreateRouterDto[] = [];
    const seen = new Map<string, number>();
    for (let i = 0; i < rows.length; i++) {
      const rowNo = i + 2; // 1-based, after the header
      const cells = rows[i];
      if (cells.length !== columns.length) {
        details.push({ field: `rows[${rowNo}]`, messages: [`expected ${columns.length} cells, found ${cells.length}`] });
        continue;
      }
      const plain: Record<string, unknown> = {};
      columns.forEach((c, j) => {
        const v = cells[j];
        if (v.trim() === '' && c !== 'password') return;
        if (c === 'apiPort') plain[c] = /^\d+$/.test(v.trim()) ? Number(v.trim()) : v;
        else if (c === 'useTls') plain[c] = /^(true|yes|1)$/i.test(v.trim()) ? true : /^(false|no|0)$/i.test(v.trim()) ? false : v;
        else plain[c] = v;
      });
      const dto = plainToInstance(ImportRouterRowDto, plain);
      const errors = await validate(dto, { whitelist: true, forbidNonWhitelisted: true });
      for (const d of toErrorDetails(errors)) details.push({ field: `rows[${rowNo}].${d.field}`, messages: d.messages });
      if (typeof dto.name === 'string') {
        const key = dto.name.toLowerCase();
        if (seen.has(key)) details.push({ field: `rows[${rowNo}].name`, messages: [`name repeats row ${seen.get(key)}`] });
        else seen.set(key, rowNo);
      }
      dtos.push(dto);
    }
    const existing = await this.routers.findNamesForProvider(
      providerId,
      dtos.map((d) => d.name).filter((n) => typeof n === 'string'),
    );
    for (const r of existing) {
      const rowNo = seen.get(r.name.toLowerCase());
      details.push({ field: `rows[${rowNo ?? '?'}].name`, messages: ['you already have a router with this name'] });
    }
    if (details.length) throw fail(details);
    for (const [i, dto] of dtos.entries()) {
      const refused = await this.addressProblem(dto.host, defaultPort(dto));
      if (refused) details.push({ field: `rows[${i + 2}].${refused.field}`, messages: refused.messages });
    }
    if (details.length) throw RouterException.addressNotAllowed('Some router addresses are not allowed; nothing was imported', details.slice(0, 200));
    const created = await this.insertMany(providerId, dtos, actor, context);
    await this.audit.record({ action: 'router.import', actor, providerId, context, metadata: { count: created.length } });
    return { imported: created.length, routers: created.map((r) => mapRouter(r)) };
  }

  // ---------------------------------------------------------------- router calls

  /** The address policy's answer for a host and port about to be saved (a name that does not resolve now is accepted). */
  private async addressProblem(host: string, port: number): Promise<ErrorDetail | null> {
    try {
      await this.addresses.checkForSave(host, port);
      return null;
    } catch (err) {
      if (err instanceof RouterAddressRefused) return { field: err.field, messages: [err.message] };
      throw err;
    }
  }

  /**
   * A connection test may run: at most `testRate.perProvider` per provider and `perTarget` per
   * address:port (any provider) per window, so tests cannot sweep tenants' routers; and not at a
   * target locked after failed logins unless this saved router's credentials already worked there.
   */
  private async admitTest(providerId: string, routerId: string | null, checked: CheckedAddress | undefined): Promise<void> {
    const { perProvider, perTarget, windowSeconds } = this.config.routers.testRate;
    const limited = (wait: number) => new CommonException(CommonErrorCode.RATE_LIMITED, 'Too many connection tests. Please wait a moment and try again.', undefined, { 'Retry-After': String(wait) });
    const byProvider = this.limiter.hit(`router-test:provider:${providerId}`, perProvider, windowSeconds);
    if (byProvider) throw limited(byProvider);
    if (!checked) return;
    const byTarget = this.limiter.hit(`router-test:target:${loginTargetKey(checked.address, checked.port)}`, perTarget, windowSeconds);
    if (byTarget) throw limited(byTarget);
    try {
      await this.logins.admit(routerId, checked.address, checked.port);
    } catch (err) {
      if (err instanceof RouterLoginLocked) {
        const wait = Math.max(1, Math.ceil((err.until.getTime() - Date.now()) / 1000));
        throw new RouterException(RouterErrorCode.ROUTER_LOGIN_LOCKED, `Not tested: ${err.message}`, undefined, { 'Retry-After': String(wait) });
      }
      throw err;
    }
  }

  /** For a connection test: the checked address (undefined when the name does not resolve: the test's tcp step says so). */
  private async checkedAddress(host: string, port: number): Promise<CheckedAddress | undefined> {
    try {
      return await this.addresses.check(host, port);
    } catch (err) {
      if (err instanceof RouterHostNotFound) return undefined;
      if (err instanceof RouterAddressRefused) throw RouterException.addressNotAllowed(`Router address not allowed: ${err.message}`, [{ field: err.field, messages: [err.message] }]);
      throw err;
    }
  }

  /** Before saving: nothing is stored. A refused address answers 400 before any packet is sent. */
  async testUnsaved(providerId: string, dto: RouterConnectionDto): Promise<ConnectionTestDto> {
    const port = defaultPort(dto);
    const checked = await this.checkedAddress(dto.host, port);
    await this.admitTest(providerId, null, checked);
    return this.targets.gateway.testConnection({
      key: `unsaved:${randomUUID()}`,
      host: dto.host,
      address: checked?.address,
      port,
      tls: dto.useTls ?? false,
      username: dto.username,
      password: dto.password,
    });
  }

  /** On demand: the result also updates the router's status, identity and version. */
  async testSaved(providerId: string, id: string): Promise<ConnectionTestDto> {
    const router = await this.requireRouter(providerId, id);
    let checked: CheckedAddress | undefined;
    try {
      checked = await this.checkedAddress(router.host, router.apiPort);
      await this.admitTest(providerId, router.id, checked);
    } catch (err) {
      if (err instanceof RouterException && err.code === RouterErrorCode.ROUTER_ADDRESS_NOT_ALLOWED) {
        await this.targets.recordFailure(router, new RouterGatewayError('ADDRESS_NOT_ALLOWED', `${ADDRESS_NOT_ALLOWED_CODE}: ${err.details?.[0]?.messages[0] ?? err.message}`));
      }
      if (err instanceof RouterException && err.code === RouterErrorCode.ROUTER_LOGIN_LOCKED) {
        await this.targets.recordFailure(router, new RouterGatewayError('LOGIN_LOCKED', `${LOGIN_LOCKED_CODE}: ${err.message}`));
      }
      throw err;
    }
    const result = await this.targets.gateway.testConnection({ ...this.targets.target(router), key: `test:${id}`, address: checked?.address });
    const failed = result.steps.find((s) => s.status === 'failed');
    if (result.ok) {
      await this.targets.observe(router, 'online', { identity: result.identity, version: result.version, boardName: result.boardName });
    } else if (failed) {
      const status = failed.step === 'tcp' || failed.step === 'handshake' ? 'offline' : 'error';
      await this.targets.observe(router, status, { lastError: `${failed.step}: ${failed.detail ?? 'failed'}`.slice(0, 500) });
    }
    return result;
  }

  async sessions(providerId: string, id: string): Promise<SessionDto[]> {
    const router = await this.requireRouter(providerId, id);
    const sessions = await this.targets.call(router, (g, t) => g.listSessions(t));
    return sessions.map((s) => ({
      id: s.id,
      user: s.user,
      address: s.address,
      macAddress: s.macAddress,
      loginBy: s.loginBy,
      uptimeSeconds: s.uptimeSeconds,
      timeLeftSeconds: s.sessionTimeLeftSeconds,
      bytesIn: s.bytesIn,
      bytesOut: s.bytesOut,
    }));
  }

  /**
   * Who is online: the live sessions of every router of the provider. A router that cannot be
   * read is reported with its error and never fails the whole answer (routers are asked
   * `monitorConcurrency` at a time).
   */
  async online(providerId: string): Promise<WhoIsOnlineDto> {
    const routers = await this.routers.listForProvider(providerId);
    const out: OnlineRouterDto[] = [];
    for (let i = 0; i < routers.length; i += this.config.routers.monitorConcurrency) {
      const chunk = routers.slice(i, i + this.config.routers.monitorConcurrency);
      out.push(
        ...(await Promise.all(
          chunk.map(async (r): Promise<OnlineRouterDto> => {
            try {
              return { id: r.id, name: r.name, status: r.status, sessions: await this.sessions(providerId, r.id), errorCode: null, error: null };
            } catch (err) {
              if (!(err instanceof RouterException)) this.logger.warn(`who is online: router ${r.id}: ${err instanceof Error ? err.message : String(err)}`);
              const code = err instanceof RouterException ? err.code : RouterErrorCode.ROUTER_CALL_FAILED;
              const message = err instanceof RouterException ? err.message : `Router ${r.name}: could not read its sessions`;
              return { id: r.id, name: r.name, status: r.status, sessions: [], errorCode: code, error: message };
            }
          }),
        )),
      );
    }
    return { total: out.reduce((n, r) => n + r.sessions.length, 0), routers: out };
  }

  async kick(providerId: string, id: string, sessionId: string, actor: Principal, context: RequestContext): Promise<void> {
    const router = await this.requireRouter(providerId, id);
    try {
      await this.targets.call(router, (g, t) => g.kickSession(t, sessionId));
    } catch (err) {
      if (err instanceof RouterGatewayError && err.code === 'NOT_FOUND') throw new RouterException(RouterErrorCode.ROUTER_SESSION_NOT_FOUND, 'That session has already ended');
      throw err;
    }
    await this.audit.record({ action: 'router.session_kick', actor, providerId, target: { type: 'router', id }, context, metadata: { sessionId } });
  }

  async interfaces(providerId: string, id: string): Promise<InterfaceDto[]> {
    const router = await this.requireRouter(providerId, id);
    return this.targets.call(router, (g, t) => g.interfaces(t));
  }

  async log(providerId: string, id: string): Promise<LogLineDto[]> {
    const router = await this.requireRouter(providerId, id);
    return (await this.targets.call(router, (g, t) => g.log(t, 100))).reverse();
  }

  async events(providerId: string, id: string, page: PageQueryDto): Promise<Page<RouterEventDto>> {
    await this.requireRouter(providerId, id);
    return mapPage(await this.routers.pageEvents(providerId, id, page), mapEvent);
  }

  async syncStatus(providerId: string, id: string): Promise<RouterSyncDto> {
    await this.requireRouter(providerId, id);
    const counts = (await this.outbox.counts([id])).get(id)!;
    const [backlog, failures, bulk, users, profiles] = await Promise.all([
      this.outbox.listOps(id, ['pending', 'applying'], 50),
      this.outbox.listOps(id, ['dead'], 50),
      this.routers.latestBulkSyncs(providerId, id),
      this.outbox.confirmationOf(id),
      this.outbox.desiredProfiles(id),
    ]);
    // a refused bulk push leaves its users unconfirmed, so it counts here until they are on the router
    const inSync = counts.pending + counts.applying + counts.dead === 0 && users.confirmed === users.wanted;
    return {
      inSync,
      pending: counts.pending + counts.applying,
      failed: counts.dead,
      backlog: backlog.map(mapOp),
      failures: failures.map(mapOp),
      bulkSyncs: bulk.map(mapBulkSync),
      desiredUsers: users.wanted,
      confirmedUsers: users.confirmed,
      desiredProfiles: profiles.length,
    };
  }

  async retry(providerId: string, id: string, opId: string | undefined, actor: Principal, context: RequestContext): Promise<number> {
    await this.requireRouter(providerId, id);
    if (opId && !(await this.outbox.findOp(id, opId))) throw new RouterException(RouterErrorCode.ROUTER_NOT_FOUND, 'Operation not found');
    const retried = await this.outbox.retryRouter(id, opId);
    await this.audit.record({ action: 'router.sync_retry', actor, providerId, target: { type: 'router', id }, context, metadata: { opId: opId ?? null, retried } });
    return retried;
  }

  // ---------------------------------------------------------------- dashboards

  async overview(providerId: string): Promise<RoutersOverview> {
    const routers = await this.routers.listForProvider(providerId);
    const counts = await this.outbox.counts(routers.map((r) => r.id));
    const out: RoutersOverview = { total: routers.length, byStatus: emptyByStatus(), activeSessions: 0, syncPending: 0, syncFailed: 0, alerts: [] };
    for (const r of routers) {
      out.byStatus[r.status]++;
      out.activeSessions += r.status === 'online' ? (r.activeSessions ?? 0) : 0;
      const c = counts.get(r.id);
      out.syncPending += (c?.pending ?? 0) + (c?.applying ?? 0);
      out.syncFailed += c?.dead ?? 0;
      const alert = routerAlert(r);
      if (alert) out.alerts.push({ routerId: r.id, name: r.name, status: r.status, alert });
    }
    return out;
  }

  /** Platform-wide: statuses, sync outcomes of the last `syncWindowHours`, backlog per router, failing routers. */
  async healthSummary(syncWindowHours = 24, now = new Date()): Promise<RoutersHealth> {
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
    if (confirmed < wanted) this.requestReconcile(router, 'manual');
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

  /** Pushes every user the platform wants on this router again (pipelined). */
  async pushAll(providerId: string, id: string): Promise<BulkSyncProgress> {
    const router = await this.requireRouter(providerId, id);
    const users = (await this.outbox.desiredUsers(id)).map((u) => ({ ...u.spec, disabled: u.disabled }));
    assertBulkUsers(users);
    return this.beginBulkSync(router, users);
  }
}
