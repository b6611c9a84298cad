import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Role } from '../../common/auth/principal';
import { Page, PageQueryDto, paginate } from '../../common/pagination/page';
import { User } from './entities/user.entity';

export interface UserFilter {
  /** e-mail or name contains, any case */
  q?: string;
  role?: Role;
  active?: boolean;
  providerId?: string;
}

const UNIQUE_VIOLATION = '23505';

@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  findById(id: string, manager: EntityManager = this.dataSource.manager): Promise<User | null> {
    return manager.getRepository(User).findOneBy({ id });
  }

  /**
   * The JWT strategy's one read per request: the user and whether the access token's session
   * (refresh family) was logged out, in one statement (the family probe is a partial index).
   */
  async findForAccess(id: string, familyId: string | null): Promise<{ user: User; sessionEnded: boolean } | null> {
    const query = this.dataSource.getRepository(User).createQueryBuilder('u').where('u.id = :id', { id });
    if (familyId) query.addSelect('EXISTS (SELECT 1 FROM refresh_tokens t WHERE t.family_id = :familyId AND t.revoked_at IS NOT NULL)', 'session_ended').setParameter('familyId', familyId);
    const { entities, raw } = await query.getRawAndEntities<{ session_ended?: boolean }>();
    return entities[0] ? { user: entities[0], sessionEnded: raw[0]?.session_ended === true } : null;
  }

  findByEmail(email: string): Promise<User | null> {
    return this.dataSource.getRepository(User).findOneBy({ email: email.toLowerCase() });
  }

  /** Inserts a user; returns null when the e-mail is taken (unique index). */
  async create(data: Pick<User, 'email' | 'name' | 'passwordHash' | 'role' | 'providerId'> & { mustChangePassword?: boolean }, manager: EntityManager = this.dataSource.manager): Promise<User | null> {
    try {
      return await manager.getRepository(User).save(manager.getRepository(User).create({ ...data, email: data.email.toLowerCase() }));
    } catch (error) {
      if ((error as { code?: string }).code === UNIQUE_VIOLATION) return null;
      throw error;
    }
  }

  /** New password: the temporary-password flag is cleared and the session version raised (every access token issued before stops). */
  async updatePassword(id: string, passwordHash: string, manager: EntityManager = this.dataSource.manager): Promise<number> {
    const [rows] = await manager.query<[{ session_version: number }[], number]>(
      `UPDATE users SET password_hash = $2, must_change_password = false, session_version = session_version + 1, updated_at = now() WHERE id = $1 RETURNING session_version`,
      [id, passwordHash],
    );
    return rows[0]?.session_version ?? 0;
  }

  async updatePhone(id: string, phone: string | null, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.getRepository(User).update(id, { phone });
  }

  /** Users of one provider (owner and staff), oldest first. */
  listForProvider(providerId: string, manager: EntityManager = this.dataSource.manager): Promise<User[]> {
    return manager.getRepository(User).find({ where: { providerId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  findForProvider(providerId: string, id: string, manager: EntityManager = this.dataSource.manager): Promise<User | null> {
    return manager.getRepository(User).findOneBy({ providerId, id });
  }

  /** One of the provider's users, its row locked for the rest of the caller's transaction. */
  lockForProvider(providerId: string, id: string, manager: EntityManager): Promise<User | null> {
    return manager.getRepository(User).findOne({ where: { providerId, id }, lock: { mode: 'pessimistic_write' } });
  }

  /** The provider's first owner account (sign-up creates exactly one). */
  findOwner(providerId: string, manager: EntityManager = this.dataSource.manager): Promise<User | null> {
    return manager.getRepository(User).findOne({ where: { providerId, role: 'provider_owner' }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  /**
   * Deactivates a user and raises the session version (an access token issued before stays
   * refused even after a reactivation); false when it was already inactive.
   */
  async deactivate(id: string, manager: EntityManager = this.dataSource.manager, reason: string | null = null): Promise<boolean> {
    const [, affected] = await manager.query<[unknown[], number]>(
      `UPDATE users SET is_active = false, deactivated_at = now(), deactivation_reason = $2, session_version = session_version + 1, updated_at = now() WHERE id = $1 AND is_active`,
      [id, reason],
    );
    return affected > 0;
  }

  /** Lets a deactivated user sign in again; false when it was already active. */
  async reactivate(id: string, manager: EntityManager = this.dataSource.manager): Promise<boolean> {
    const [, affected] = await manager.query<[unknown[], number]>(
      `UPDATE users SET is_active = true, deactivated_at = NULL, deactivation_reason = NULL, updated_at = now() WHERE id = $1 AND NOT is_active`,
      [id],
    );
    return affected > 0;
  }

  /**
   * Locks every active super admin's row for the rest of the transaction and returns their ids:
   * two super admins deactivating each other at once serialise here, so one always remains.
   */
  async lockActiveSuperAdmins(manager: EntityManager): Promise<string[]> {
    const rows = await manager.query<{ id: string }[]>(`SELECT id FROM users WHERE role = 'super_admin' AND is_active ORDER BY id FOR UPDATE`);
    return rows.map((r) => r.id);
  }

  /** Every user of the platform, newest first; `q` is served by the pg_trgm indexes (migration AdminUsers). */
  search(filter: UserFilter, page: PageQueryDto): Promise<Page<User>> {
    const qb = this.dataSource.getRepository(User).createQueryBuilder('u');
    if (filter.q) {
      const term = `%${filter.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
      qb.andWhere('(u.email ILIKE :term OR u.name ILIKE :term)', { term });
    }
    if (filter.role) qb.andWhere('u.role = :role', { role: filter.role });
    if (filter.active !== undefined) qb.andWhere('u.is_active = :active', { active: filter.active });
    if (filter.providerId) qb.andWhere('u.provider_id = :providerId', { providerId: filter.providerId });
    return paginate(qb, page, 'createdAt');
  }

  async markLoggedIn(id: string): Promise<void> {
    await this.dataSource.getRepository(User).update(id, { lastLoginAt: new Date() });
  }
}
