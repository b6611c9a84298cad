import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { User } from './entities/user.entity';

const UNIQUE_VIOLATION = '23505';

@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  findById(id: string, manager: EntityManager = this.dataSource.manager): Promise<User | null> {
    return manager.getRepository(User).findOneBy({ id });
  }

  findByEmail(email: string): Promise<User | null> {
    return this.dataSource.getRepository(User).findOneBy({ email: email.toLowerCase() });
  }

  /** Inserts a user; returns null when the e-mail is taken (unique index). */
  async create(data: Pick<User, 'email' | 'name' | 'passwordHash' | 'role' | 'providerId'>, manager: EntityManager = this.dataSource.manager): Promise<User | null> {
    try {
      return await manager.getRepository(User).save(manager.getRepository(User).create({ ...data, email: data.email.toLowerCase() }));
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) return null;
      throw error;
    }
  }

  async updatePassword(id: string, passwordHash: string): Promise<void> {
    await this.dataSource.getRepository(User).update(id, { passwordHash });
  }

  /** Users of one provider (owner and staff), oldest first. */
  listForProvider(providerId: string): Promise<User[]> {
    return this.dataSource.getRepository(User).find({ where: { providerId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  findForProvider(providerId: string, id: string, manager: EntityManager = this.dataSource.manager): Promise<User | null> {
    return manager.getRepository(User).findOneBy({ providerId, id });
  }

  /** Deactivates a user; false when it was already inactive. */
  async deactivate(id: string, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const result = await manager.getRepository(User).update({ id, isActive: true }, { isActive: false });
    return (result.affected ?? 0) > 0;
  }

  async markLoggedIn(id: string): Promise<void> {
    await this.dataSource.getRepository(User).update(id, { lastLoginAt: new Date() });
  }
}
