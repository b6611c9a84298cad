import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { QueryDeepPartialEntity } from 'typeorm/query-builder/QueryPartialEntity';
import { Page, PageQueryDto, paginate } from '../../common/pagination/page';
import { AuditLog } from './entities/audit-log.entity';

export interface AuditFilter {
  /** null = every provider and the platform's own entries (super admin). */
  providerId: string | null;
  actorEmail?: string;
  /** exact, or a prefix when it ends with a dot */
  action?: string;
  from?: Date;
  to?: Date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Kinds `names()` can look up (audit target types, plus the actor and provider columns). */
const NAME_KINDS: ReadonlySet<string> = new Set([
  'user',
  'api_key',
  'provider',
  'payment_settings',
  'router',
  'plan',
  'voucher',
  'voucher_batch',
  'platform_plan',
  'subscription_invoice',
  'provider_subscription',
  'statement_upload',
  'statement_source',
  'reseller',
]);

@Injectable()
export class AuditRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async insert(entry: Partial<AuditLog>, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.getRepository(AuditLog).insert(entry as QueryDeepPartialEntity<AuditLog>);
  }

  /** Newest first, keyset-paginated; every filter uses an index prefix or a cheap predicate. */
  list(filter: AuditFilter, page: PageQueryDto): Promise<Page<AuditLog>> {
    const qb = this.dataSource.getRepository(AuditLog).createQueryBuilder('a');
    if (filter.providerId) qb.andWhere('a.provider_id = :providerId', { providerId: filter.providerId });
    if (filter.actorEmail) qb.andWhere('a.actor_email = :email', { email: filter.actorEmail.toLowerCase() });
    if (filter.action?.endsWith('.')) qb.andWhere(`a.action LIKE :prefix ESCAPE '\\'`, { prefix: filter.action.replace(/[\\%_]/g, '\\$&') + '%' });
    else if (filter.action) qb.andWhere('a.action = :action', { action: filter.action });
    if (filter.from) qb.andWhere('a.created_at >= :from', { from: filter.from });
    if (filter.to) qb.andWhere('a.created_at < :to', { to: filter.to });
    return paginate(qb, page, 'createdAt');
  }

  /**
   * Names for the actors, providers and targets of one page of entries, in ONE statement
   * (no query per row). Read-only display lookups across the modules' tables: the one place
   * the audit module reads tables it does not own, so that the audit log can say "Router
   * Kiosk" instead of an id without every module re-implementing a names endpoint. Each
   * lookup is a primary-key probe; unknown kinds and deleted rows answer null.
   */
  async names(refs: { kind: string; id: string }[]): Promise<Map<string, { name: string | null; detail: string | null }>> {
    const out = new Map<string, { name: string | null; detail: string | null }>();
    const wanted = refs.filter((r) => NAME_KINDS.has(r.kind) && UUID.test(r.id));
    const unique = [...new Map(wanted.map((r) => [`${r.kind}:${r.id}`, r])).values()];
    if (unique.length === 0) return out;
    const rows = await this.dataSource.query<{ kind: string; id: string; name: string | null; detail: string | null }[]>(
      `SELECT r.kind, r.id, n.v[1] AS name, n.v[2] AS detail
         FROM unnest($1::text[], $2::uuid[]) AS r(kind, id)
         CROSS JOIN LATERAL (SELECT CASE r.kind
           WHEN 'user' THEN (SELECT ARRAY[u.name, u.email]::text[] FROM users u WHERE u.id = r.id)
           WHEN 'api_key' THEN (SELECT ARRAY[k.name, k.prefix]::text[] FROM api_keys k WHERE k.id = r.id)
           WHEN 'provider' THEN (SELECT ARRAY[p.business_name, NULL]::text[] FROM providers p WHERE p.id = r.id)
           WHEN 'payment_settings' THEN (SELECT ARRAY[p.business_name, NULL]::text[] FROM providers p WHERE p.id = r.id)
           WHEN 'router' THEN (SELECT ARRAY[x.name, NULL]::text[] FROM routers x WHERE x.id = r.id)
           WHEN 'plan' THEN (SELECT ARRAY[x.name, NULL]::text[] FROM plans x WHERE x.id = r.id)
           WHEN 'voucher' THEN (SELECT ARRAY[x.code, NULL]::text[] FROM vouchers x WHERE x.id = r.id)
           WHEN 'voucher_batch' THEN (SELECT ARRAY[coalesce(x.label, x.quantity || ' × ' || x.plan_name), x.plan_name]::text[] FROM voucher_batches x WHERE x.id = r.id)
           WHEN 'platform_plan' THEN (SELECT ARRAY[x.name, NULL]::text[] FROM platform_plans x WHERE x.id = r.id)
           WHEN 'subscription_invoice' THEN (SELECT ARRAY[x.plan_name || ' #' || x.number, x.merchant_reference]::text[] FROM subscription_invoices x WHERE x.id = r.id)
           WHEN 'provider_subscription' THEN (SELECT ARRAY[p.business_name, NULL]::text[] FROM provider_subscriptions x JOIN providers p ON p.id = x.provider_id WHERE x.id = r.id)
           WHEN 'statement_upload' THEN (SELECT ARRAY[x.filename, x.shortcode]::text[] FROM statement_uploads x WHERE x.id = r.id)
           WHEN 'statement_source' THEN (SELECT ARRAY[x.shortcode, NULL]::text[] FROM statement_sources x WHERE x.id = r.id)
           WHEN 'reseller' THEN (SELECT ARRAY[x.name, NULL]::text[] FROM resellers x WHERE x.id = r.id)
         END AS v) n`,
      [unique.map((r) => r.kind), unique.map((r) => r.id)],
    );
    for (const row of rows) out.set(`${row.kind}:${row.id}`, { name: row.name, detail: row.detail });
    return out;
  }

  async countSince(action: string, by: { actorEmail?: string; ip?: string }, since: Date, manager: EntityManager = this.dataSource.manager): Promise<{ count: number; latest: Date | null }> {
    const qb = manager
      .getRepository(AuditLog)
      .createQueryBuilder('a')
      .select('count(*)::int', 'count')
      .addSelect('max(a.created_at)', 'latest')
      .where('a.action = :action AND a.created_at > :since', { action, since });
    if (by.actorEmail !== undefined) qb.andWhere('a.actor_email = :email', { email: by.actorEmail });
    if (by.ip !== undefined) qb.andWhere('a.ip = :ip', { ip: by.ip });
    const row = await qb.getRawOne<{ count: number; latest: Date | null }>();
    return { count: row?.count ?? 0, latest: row?.latest ? new Date(row.latest) : null };
  }

  async oldestSince(action: string, actorEmail: string, since: Date, manager: EntityManager = this.dataSource.manager): Promise<Date | null> {
    const row = await manager
      .getRepository(AuditLog)
      .createQueryBuilder('a')
      .select('min(a.created_at)', 'oldest')
      .where('a.action = :action AND a.actor_email = :email AND a.created_at > :since', { action, email: actorEmail, since })
      .getRawOne<{ oldest: Date | null }>();
    return row?.oldest ? new Date(row.oldest) : null;
  }

  /** The newest entries of one action since `since`. */
  async recentOf(action: string, since: Date, limit: number): Promise<AuditLog[]> {
    return this.dataSource
      .getRepository(AuditLog)
      .createQueryBuilder('a')
      .where('a.action = :action AND a.created_at > :since', { action, since })
      .orderBy('a.created_at', 'DESC')
      .limit(limit)
      .getMany();
  }

  /** Deletes entries older than `before` in batches (short locks); returns how many. */
  async deleteOlderThan(before: Date, batchSize = 5000): Promise<number> {
    let total = 0;
    for (;;) {
      const [, affected] = await this.dataSource.query<[unknown, number]>(`DELETE FROM audit_logs WHERE id IN (SELECT id FROM audit_logs WHERE created_at < $1 LIMIT $2)`, [before, batchSize]);
      total += affected;
      if (affected < batchSize) return total;
    }
  }
}
