import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { ApiKey } from './entities/api-key.entity';

@Injectable()
export class ApiKeysRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  create(data: Pick<ApiKey, 'providerId' | 'name' | 'prefix' | 'keyHash' | 'scope' | 'createdByUserId'>): Promise<ApiKey> {
    const repo = this.dataSource.getRepository(ApiKey);
    return repo.save(repo.create(data));
  }

  listForProvider(providerId: string): Promise<ApiKey[]> {
    return this.dataSource.getRepository(ApiKey).find({ where: { providerId }, order: { createdAt: 'DESC' } });
  }

  findForProvider(providerId: string, id: string): Promise<ApiKey | null> {
    return this.dataSource.getRepository(ApiKey).findOneBy({ providerId, id });
  }

  findByPrefix(prefix: string): Promise<ApiKey | null> {
    return this.dataSource.getRepository(ApiKey).findOneBy({ prefix });
  }

  async revoke(providerId: string, id: string): Promise<boolean> {
    const result = await this.dataSource.getRepository(ApiKey).update({ providerId, id, revokedAt: IsNull() }, { revokedAt: new Date() });
    return (result.affected ?? 0) > 0;
  }

  /** Records use at most once a minute per key (no write on every request). */
  async touch(id: string, now = new Date()): Promise<void> {
    await this.dataSource
      .createQueryBuilder()
      .update(ApiKey)
      .set({ lastUsedAt: now })
      .where('id = :id', { id })
      .andWhere('(last_used_at IS NULL OR last_used_at < :staleBefore)', { staleBefore: new Date(now.getTime() - 60_000) })
      .execute();
  }
}
