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

  async countSince(action: string, by: { actorEmail?: string; ip?: string }, since: Date): Promise<{ count: number; latest: Date | null }> {
    const qb = this.dataSource
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

  async latestAt(action: string, actorEmail: string): Promise<Date | null> {
    const row = await this.dataSource
      .getRepository(AuditLog)
      .createQueryBuilder('a')
      .select('max(a.created_at)', 'latest')
      .where('a.action = :action AND a.actor_email = :email', { action, email: actorEmail })
      .getRawOne<{ latest: Date | null }>();
    return row?.latest ? new Date(row.latest) : null;
  }

  /** Deletes entries older than `before` in batches (short locks); returns how many. */
  async deleteOlderThan(before: Date, batchSize = 5000): Promise<number> {
    let total = 0;
    for (;;) {
      const [, affected] = (await this.dataSource.query(
        `DELETE FROM audit_logs WHERE id IN (SELECT id FROM audit_logs WHERE created_at < $1 LIMIT $2)`,
        [before, batchSize],
      )) as [unknown, number];
      total += affected;
      if (affected < batchSize) return total;
    }
  }
}
