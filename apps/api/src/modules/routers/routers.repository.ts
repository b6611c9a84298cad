import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { CountedPage, KeysetSort, Page, PageQueryDto, paginate, paginateSorted } from '../../common/pagination/page';
import { RouterBulkSync } from './entities/bulk-sync.entity';
import { ALERTABLE_ROUTER_EVENT_TYPES, RouterEvent, RouterEventType } from './entities/router-event.entity';
import { ConnectionMode, Router, RouterStatus } from './entities/router.entity';

export interface RouterListFilter {
  search?: string;
  status?: RouterStatus;
  connectionMode?: ConnectionMode;
  sync?: 'pending' | 'failed' | 'behind' | 'up_to_date';
}

export interface RouterListSort {
  by: 'name' | 'status' | 'lastSeen';
  direction: 'ASC' | 'DESC';
}

const anyText = (): boolean => true;
const isInstant = (v: string): boolean => v === '-infinity' || !Number.isNaN(Date.parse(v));

/** The list's sorts as keyset keys; lastSeen counts never-seen routers as the oldest. */
const ROUTER_SORT_KEYS: Record<RouterListSort['by'], (direction: 'ASC' | 'DESC') => KeysetSort<Router>> = {
  name: (direction) => ({ name: `name:${direction}`, direction, keys: [{ expression: 'lower(r.name)', value: (r) => r.name.toLowerCase(), valid: anyText }] }),
  status: (direction) => ({
    name: `status:${direction}`,
    direction,
    keys: [
      { expression: 'r.status', value: (r) => r.status, valid: anyText },
      { expression: 'lower(r.name)', value: (r) => r.name.toLowerCase(), valid: anyText },
    ],
  }),
  lastSeen: (direction) => ({
    name: `lastSeen:${direction}`,
    direction,
    keys: [{ expression: "coalesce(r.last_seen_at, '-infinity'::timestamptz)", value: (r) => r.lastSeenAt?.toISOString() ?? '-infinity', valid: isInstant }],
  }),
};

/** Routers, their events and bulk syncs. Tenant methods take providerId first (rule 7). */
@Injectable()
export class RoutersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private m(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  countForProvider(providerId: string, manager?: EntityManager): Promise<number> {
    return this.m(manager).getRepository(Router).countBy({ providerId });
  }

  async insert(manager: EntityManager, router: Partial<Router> & Pick<Router, 'id' | 'providerId' | 'name'>): Promise<Router> {
    const repo = manager.getRepository(Router);
    await repo.insert(repo.create(router));
    return await repo.findOneByOrFail({ id: router.id });
  }

  findForProvider(providerId: string, id: string, manager?: EntityManager): Promise<Router | null> {
    return this.m(manager).getRepository(Router).findOneBy({ providerId, id });
  }

  findById(id: string, manager?: EntityManager): Promise<Router | null> {
    return this.m(manager).getRepository(Router).findOneBy({ id });
  }

  /** Any provider's routers (the outbox worker). */
  findByIds(ids: string[]): Promise<Router[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.dataSource.getRepository(Router).findBy({ id: In(ids) });
  }

  findByIdsForProvider(providerId: string, ids: string[], manager?: EntityManager): Promise<Router[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.m(manager)
      .getRepository(Router)
      .findBy({ providerId, id: In(ids) });
  }

  findNamesForProvider(providerId: string, names: string[], manager?: EntityManager): Promise<Router[]> {
    if (names.length === 0) return Promise.resolve([]);
    return this.m(manager)
      .getRepository(Router)
      .findBy({ providerId, name: In(names) });
  }

  listForProvider(providerId: string, manager?: EntityManager): Promise<Router[]> {
    return this.m(manager)
      .getRepository(Router)
      .find({ where: { providerId }, order: { name: 'ASC' } });
  }

  /**
   * The fleet view: one provider's routers searched, filtered, sorted and paged, with the total.
   * The sorts are served by idx_routers_provider_name_ci / _status / _last_seen (provider_id,
   * sort key, id); the sync filters by idx_router_ops_router_status_seq.
   */
  pageForProvider(providerId: string, filter: RouterListFilter, sort: RouterListSort, page: PageQueryDto): Promise<CountedPage<Router>> {
    const qb = this.dataSource.getRepository(Router).createQueryBuilder('r').where('r.provider_id = :providerId', { providerId });
    if (filter.search) {
      // a substring in any case; LIKE's own wildcards in the term are escaped, so they match literally
      const term = `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      qb.andWhere('(r.name ILIKE :term OR r.host ILIKE :term OR r.location ILIKE :term)', { term });
    }
    if (filter.status) qb.andWhere('r.status = :status', { status: filter.status });
    if (filter.connectionMode) qb.andWhere('r.connection_mode = :connectionMode', { connectionMode: filter.connectionMode });
    if (filter.sync) {
      const statuses = { pending: ['pending', 'applying'], failed: ['dead'], behind: ['pending', 'applying', 'dead'], up_to_date: ['pending', 'applying', 'dead'] }[filter.sync];
      const exists = 'EXISTS (SELECT 1 FROM router_provisioning_ops o WHERE o.router_id = r.id AND o.status IN (:...opStatuses))';
      qb.andWhere(filter.sync === 'up_to_date' ? `NOT ${exists}` : exists, { opStatuses: statuses });
    }
    return paginateSorted(qb, page, ROUTER_SORT_KEYS[sort.by](sort.direction));
  }

  /** Every router of every provider (monitoring, usage sync, nightly reconcile). */
  /** Routers per provider and status, for the given providers: one grouped query. */
  countByProviderAndStatus(providerIds: string[]): Promise<Array<{ provider_id: string; status: Router['status']; count: number }>> {
    if (providerIds.length === 0) return Promise.resolve([]);
    return this.dataSource.query(`SELECT provider_id, status, count(*)::int AS count FROM routers WHERE provider_id = ANY($1::uuid[]) GROUP BY provider_id, status`, [providerIds]);
  }

  listAll(): Promise<Router[]> {
    return this.dataSource.getRepository(Router).find({ order: { createdAt: 'ASC' } });
  }

  async update(id: string, changes: Partial<Router>, manager?: EntityManager): Promise<void> {
    await this.m(manager).getRepository(Router).update(id, changes);
  }

  /** Pin on first use: records the api-ssl certificate unless one is already pinned. True when this call pinned it. */
  async pinCertificate(id: string, fingerprint: string): Promise<boolean> {
    const res = await this.dataSource.createQueryBuilder().update(Router).set({ tlsFingerprint: fingerprint }).where('id = :id AND use_tls AND tls_fingerprint IS NULL', { id }).execute();
    return (res.affected ?? 0) > 0;
  }

  /**
   * The router presented a certificate other than its pin: kept as pending until the owner
   * accepts it. True only the first time this fingerprint is recorded (one event per new certificate).
   */
  async recordPendingCertificate(id: string, fingerprint: string, now = new Date()): Promise<boolean> {
    const res = await this.dataSource
      .createQueryBuilder()
      .update(Router)
      .set({ tlsFingerprintPending: fingerprint, tlsFingerprintPendingAt: now })
      .where('id = :id AND tls_fingerprint IS NOT NULL AND tls_fingerprint <> :fingerprint AND tls_fingerprint_pending IS DISTINCT FROM :fingerprint', { id, fingerprint })
      .execute();
    return (res.affected ?? 0) > 0;
  }

  /** One router of the provider, locked for the rest of the transaction. */
  lockForProvider(manager: EntityManager, providerId: string, id: string): Promise<Router | null> {
    return manager.getRepository(Router).findOne({ where: { providerId, id }, lock: { mode: 'pessimistic_write' } });
  }

  /** The owner accepted a new certificate: it becomes the pin, nothing is pending, and the status is unknown until the next call. */
  async acceptCertificate(manager: EntityManager, id: string, fingerprint: string): Promise<void> {
    await manager.getRepository(Router).update(id, { tlsFingerprint: fingerprint, tlsFingerprintPending: null, tlsFingerprintPendingAt: null, status: 'unknown', lastError: null });
  }

  /** Forgets the pinned and pending certificates (the demo's simulated router makes a new one at every start). */
  async forgetCertificate(id: string): Promise<void> {
    await this.dataSource.getRepository(Router).update(id, { tlsFingerprint: null, tlsFingerprintPending: null, tlsFingerprintPendingAt: null });
  }

  async delete(manager: EntityManager, providerId: string, id: string): Promise<void> {
    await manager.getRepository(Router).delete({ providerId, id });
  }

  async addEvent(event: { providerId: string; routerId: string; type: RouterEventType; message: string; metadata?: Record<string, unknown> }, manager?: EntityManager): Promise<void> {
    const repo = this.m(manager).getRepository(RouterEvent);
    await repo.save(repo.create({ ...event, message: event.message.slice(0, 500), metadata: event.metadata ?? {} }));
  }

  /**
   * Outage alerts, returns after one and dead-lettered changes of every router recorded after
   * `since`, oldest first, with the router's name (the partial index idx_router_events_alertable).
   */
  async alertableEventsSince(since: Date, limit: number): Promise<Array<RouterEvent & { routerName: string | null }>> {
    const rows = await this.dataSource.query<
      Array<{ id: string; provider_id: string; router_id: string; router_name: string | null; type: RouterEventType; message: string; metadata: Record<string, unknown>; created_at: Date }>
    >(
      `SELECT e.id, e.provider_id, e.router_id, r.name AS router_name, e.type, e.message, e.metadata, e.created_at
         FROM router_events e LEFT JOIN routers r ON r.id = e.router_id
        WHERE e.type = ANY($1::varchar[]) AND e.created_at > $2
        ORDER BY e.created_at, e.id
        LIMIT $3`,
      [ALERTABLE_ROUTER_EVENT_TYPES, since, limit],
    );
    return rows.map((r) => ({
      id: r.id,
      providerId: r.provider_id,
      routerId: r.router_id,
      routerName: r.router_name,
      type: r.type,
      message: r.message,
      metadata: r.metadata,
      createdAt: r.created_at,
    }));
  }

  pageEvents(providerId: string, routerId: string, page: PageQueryDto): Promise<Page<RouterEvent>> {
    const qb = this.dataSource.getRepository(RouterEvent).createQueryBuilder('e').where('e.provider_id = :providerId AND e.router_id = :routerId', { providerId, routerId });
    return paginate(qb, page, 'createdAt');
  }

  /** In the transaction that queues its job, so a sync row and its job exist together. */
  async createBulkSync(manager: EntityManager, data: Pick<RouterBulkSync, 'providerId' | 'routerId' | 'total'>): Promise<RouterBulkSync> {
    const repo = manager.getRepository(RouterBulkSync);
    return repo.save(repo.create({ ...data, status: 'queued' }));
  }

  async updateBulkSync(id: string, changes: Partial<RouterBulkSync>): Promise<void> {
    await this.dataSource.getRepository(RouterBulkSync).update(id, changes);
  }

  findBulkSync(providerId: string, id: string): Promise<RouterBulkSync | null> {
    return this.dataSource.getRepository(RouterBulkSync).findOneBy({ providerId, id });
  }

  findBulkSyncById(id: string): Promise<RouterBulkSync | null> {
    return this.dataSource.getRepository(RouterBulkSync).findOneBy({ id });
  }

  latestBulkSyncs(providerId: string, routerId: string, take = 5): Promise<RouterBulkSync[]> {
    return this.dataSource.getRepository(RouterBulkSync).find({ where: { providerId, routerId }, order: { createdAt: 'DESC' }, take });
  }
}
