import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, EntityManager, In } from 'typeorm';
import { Page, PageQueryDto, paginate } from '../../common/pagination/page';
import { Provider, ProviderStatus } from './entities/provider.entity';

export type ProviderSummary = Pick<Provider, 'id' | 'businessName' | 'status'>;

export interface ProviderFilter {
  status?: ProviderStatus;
  search?: string;
}

@Injectable()
export class ProvidersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  create(manager: EntityManager, data: Pick<Provider, 'businessName' | 'contactName' | 'contactEmail' | 'phone' | 'type' | 'status' | 'approvedAt'>): Promise<Provider> {
    const repo = manager.getRepository(Provider);
    return repo.save(repo.create(data));
  }

  findById(id: string, manager: EntityManager = this.dataSource.manager): Promise<Provider | null> {
    return manager.getRepository(Provider).findOneBy({ id });
  }

  /** id, name and status only (no branding logo): for auth on every API-key request and name look-ups. */
  findSummaries(ids: string[]): Promise<ProviderSummary[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return this.dataSource.getRepository(Provider).find({ select: { id: true, businessName: true, status: true }, where: { id: In(ids) } });
  }

  /** id, name and status of every provider, by name (the performance report's rows). */
  findAllSummaries(): Promise<ProviderSummary[]> {
    return this.dataSource.getRepository(Provider).find({ select: { id: true, businessName: true, status: true }, order: { businessName: 'ASC', id: 'ASC' } });
  }

  /** The name customers see (brand name, else business name); null for an unknown provider. */
  async findDisplayName(id: string, manager: EntityManager = this.dataSource.manager): Promise<string | null> {
    const row = await manager.getRepository(Provider).findOne({ select: { id: true, businessName: true, brandName: true }, where: { id } });
    return row ? (row.brandName ?? row.businessName) : null;
  }

  findByIdForUpdate(manager: EntityManager, id: string): Promise<Provider | null> {
    return manager.getRepository(Provider).createQueryBuilder('p').setLock('pessimistic_write').where('p.id = :id', { id }).getOne();
  }

  async update(manager: EntityManager, id: string, changes: Partial<Provider>): Promise<void> {
    await manager.getRepository(Provider).update(id, changes);
  }

  /** Providers per status (super-admin overview). */
  async countByStatus(): Promise<Array<{ status: Provider['status']; count: number }>> {
    return await this.dataSource.query<Array<{ status: Provider['status']; count: number }>>(`SELECT status, count(*)::int AS count FROM providers GROUP BY status ORDER BY status`);
  }

  list(filter: ProviderFilter, page: PageQueryDto): Promise<Page<Provider>> {
    const qb = this.dataSource.getRepository(Provider).createQueryBuilder('p');
    if (filter.status) qb.andWhere('p.status = :status', { status: filter.status });
    if (filter.search) {
      const term = `%${filter.search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      qb.andWhere(new Brackets((w) => w.where('p.business_name ILIKE :term', { term }).orWhere('p.contact_email ILIKE :term').orWhere('p.phone LIKE :term')));
    }
    return paginate(qb, page, 'createdAt');
  }
}
