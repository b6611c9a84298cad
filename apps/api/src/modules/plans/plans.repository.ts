import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Plan, PlanStatus } from './entities/plan.entity';

export interface PlanFilter {
  status?: PlanStatus;
  routerId?: string;
  portalVisible?: boolean;
}

@Injectable()
export class PlansRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** A new id first, so the profile name can carry it. */
  async create(manager: EntityManager, data: Omit<Plan, 'createdAt' | 'updatedAt'>): Promise<Plan> {
    const repo = manager.getRepository(Plan);
    await repo.insert(data);
    return await repo.findOneByOrFail({ id: data.id });
  }

  findById(providerId: string, id: string, manager: EntityManager = this.dataSource.manager): Promise<Plan | null> {
    return manager.getRepository(Plan).findOneBy({ providerId, id });
  }

  findByIdForUpdate(manager: EntityManager, providerId: string, id: string): Promise<Plan | null> {
    return manager.getRepository(Plan).createQueryBuilder('p').setLock('pessimistic_write').where('p.provider_id = :providerId AND p.id = :id', { providerId, id }).getOne();
  }

  async update(manager: EntityManager, providerId: string, id: string, changes: Partial<Plan>): Promise<Plan> {
    await manager.getRepository(Plan).update({ providerId, id }, changes);
    return manager.getRepository(Plan).findOneByOrFail({ providerId, id });
  }

  list(providerId: string, filter: PlanFilter, manager: EntityManager = this.dataSource.manager): Promise<Plan[]> {
    const qb = manager.getRepository(Plan).createQueryBuilder('p').where('p.provider_id = :providerId', { providerId });
    if (filter.status) qb.andWhere('p.status = :status', { status: filter.status });
    if (filter.portalVisible !== undefined) qb.andWhere('p.portal_visible = :visible', { visible: filter.portalVisible });
    if (filter.routerId) qb.andWhere(`(p.router_scope = 'all' OR :routerId = ANY(p.router_ids))`, { routerId: filter.routerId });
    return qb.orderBy('p.status', 'ASC').addOrderBy('p.sort_order', 'ASC').addOrderBy('p.price_minor', 'ASC').addOrderBy('p.id', 'ASC').getMany();
  }

  findByIds(providerId: string, ids: string[], manager: EntityManager = this.dataSource.manager): Promise<Plan[]> {
    if (ids.length === 0) return Promise.resolve([]);
    return manager.getRepository(Plan).createQueryBuilder('p').where('p.provider_id = :providerId AND p.id = ANY(:ids)', { providerId, ids }).getMany();
  }
}
