import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { RequestContext } from '../../common/auth/decorators';
import { Principal } from '../../common/auth/principal';
import { randomToken } from '../../common/crypto/tokens';
import { LiveUpdatesBus } from '../../common/live-updates/live-updates-bus';
import { Page } from '../../common/pagination/page';
import { inTransaction } from '../../database/transaction';
import { AuditService } from '../audit';
import { ProvidersService } from '../providers';
import { AuthErrorCode, AuthException } from './auth.exception';
import { AdminPasswordResetDto, AdminUserDto, CreatedSuperAdminDto, CreateSuperAdminDto, ListUsersQueryDto, mapAdminUser } from './dto/admin-user.dto';
import { User } from './entities/user.entity';
import { PasswordResetService } from './password-reset.service';
import { PasswordTokensRepository } from './password-tokens.repository';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import { UsersService } from './users.service';

/**
 * The super admin's view of every account on the platform (docs/users.md): search, deactivate
 * (signed out everywhere at once, e-mailed links voided), reactivate, send a password reset, and
 * new super admins with a temporary password shown once. Every change is audited.
 */
@Injectable()
export class AdminUsersService {
  constructor(
    private readonly users: UsersService,
    private readonly refreshTokens: RefreshTokensRepository,
    private readonly tokens: PasswordTokensRepository,
    private readonly passwordReset: PasswordResetService,
    private readonly providers: ProvidersService,
    private readonly audit: AuditService,
    private readonly live: LiveUpdatesBus,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async list(query: ListUsersQueryDto): Promise<Page<AdminUserDto>> {
    const { q, role, status, providerId, ...page } = query;
    const result = await this.users.search({ q, role, providerId, active: status === undefined ? undefined : status === 'active' }, page);
    const providers = await this.providers.getSummaries(result.items.flatMap((u) => (u.providerId ? [u.providerId] : [])));
    return { items: result.items.map((u) => mapAdminUser(u, u.providerId ? (providers.get(u.providerId) ?? null) : null)), nextCursor: result.nextCursor };
  }

  async get(id: string): Promise<AdminUserDto> {
    return this.toDto(await this.getOrThrow(id));
  }

  /**
   * Deactivates an account: no sign-in (403 ACCOUNT_DEACTIVATED after a correct password), every
   * refresh token revoked, access tokens refused from their next request (the session version is
   * raised too, so they stay refused after a reactivation) and live streams closed. Refused for
   * yourself and for the last active super admin (their rows are locked, so two super admins
   * deactivating each other at once cannot both succeed). Deactivating a user already
   * deactivated changes nothing.
   */
  async deactivate(id: string, reason: string, actor: Principal, context: RequestContext): Promise<AdminUserDto> {
    if (id === actor.userId) throw new AuthException(AuthErrorCode.CANNOT_DEACTIVATE_SELF, 'You cannot deactivate your own account');
    let ended = false;
    const user = await inTransaction(this.dataSource, async (manager) => {
      const found = await this.getOrThrow(id, manager);
      if (found.role === 'super_admin') {
        const active = await this.users.lockActiveSuperAdmins(manager);
        if (active.includes(id) && active.length <= 1) throw new AuthException(AuthErrorCode.LAST_SUPER_ADMIN, 'This is the last active super admin: create or reactivate another one first');
      }
      if (await this.users.deactivate(id, manager, reason)) {
        await this.refreshTokens.revokeAllOfUser(id, manager);
        await this.tokens.voidAllUnused(manager, id);
        ended = true;
        await this.audit.record(
          { action: 'user.deactivated', actor, providerId: found.providerId, target: { type: 'user', id }, context, metadata: { email: found.email, role: found.role, reason } },
          manager,
        );
      }
      return this.getOrThrow(id, manager);
    });
    // after the commit: their open live streams close at once
    if (ended) this.live.endSessions(id);
    return this.toDto(user);
  }

  /** Lets a deactivated account sign in again (with its old password; earlier sessions stay ended). */
  async reactivate(id: string, actor: Principal, context: RequestContext): Promise<AdminUserDto> {
    const user = await inTransaction(this.dataSource, async (manager) => {
      const found = await this.getOrThrow(id, manager);
      if (await this.users.reactivate(id, manager)) {
        await this.audit.record(
          {
            action: 'user.reactivated',
            actor,
            providerId: found.providerId,
            target: { type: 'user', id },
            context,
            metadata: { email: found.email, role: found.role, reason: found.deactivationReason },
          },
          manager,
        );
      }
      return this.getOrThrow(id, manager);
    });
    return this.toDto(user);
  }

  /**
   * E-mails the user a password-reset link, exactly as `POST /auth/password-reset` would (the
   * same token rules: 30 minutes, single use, older links voided; the same per-e-mail limit).
   * Refused for a deactivated account (USER_DEACTIVATED): a reset never reactivates anyone.
   */
  async sendPasswordReset(id: string, actor: Principal, context: RequestContext): Promise<AdminPasswordResetDto> {
    const user = await this.getOrThrow(id);
    if (!user.isActive) throw this.deactivated(user);
    await this.passwordReset.countRequest(user.email);
    const expiresAt = await inTransaction(this.dataSource, async (manager) => {
      const found = await this.getOrThrow(id, manager);
      if (!found.isActive) throw this.deactivated(found);
      const until = await this.passwordReset.issue(manager, found);
      await this.audit.record(
        { action: 'user.password_reset_sent', actor, providerId: found.providerId, target: { type: 'user', id }, context, metadata: { email: found.email, role: found.role } },
        manager,
      );
      return until;
    });
    return { message: `A link to choose a new password is on its way to ${user.email}. It works once, for 30 minutes.`, email: user.email, expiresAt: expiresAt.toISOString() };
  }

  private deactivated(user: User): AuthException {
    return new AuthException(AuthErrorCode.USER_DEACTIVATED, `${user.name} is deactivated: reactivate the account before sending a password reset.`);
  }

  /** Another super admin, with a temporary password shown only in this answer (replaced at the first login). */
  async createSuperAdmin(dto: CreateSuperAdminDto, actor: Principal, context: RequestContext): Promise<CreatedSuperAdminDto> {
    // 18 random bytes → 24 URL-safe characters, as for staff
    const temporaryPassword = randomToken(18);
    const user = await inTransaction(this.dataSource, async (manager) => {
      const created = await this.users.create({ email: dto.email, name: dto.name, password: temporaryPassword, temporary: true, role: 'super_admin', providerId: null }, manager);
      await this.audit.record({ action: 'user.super_admin_created', actor, target: { type: 'user', id: created.id }, context, metadata: { email: created.email, name: created.name } }, manager);
      return created;
    });
    return { user: await this.toDto(user), temporaryPassword };
  }

  private async getOrThrow(id: string, manager?: EntityManager): Promise<User> {
    const user = await this.users.findById(id, manager);
    if (!user) throw new AuthException(AuthErrorCode.USER_NOT_FOUND, 'User not found');
    return user;
  }

  private async toDto(user: User): Promise<AdminUserDto> {
    return mapAdminUser(user, user.providerId ? await this.providers.getSummary(user.providerId) : null);
  }
}
