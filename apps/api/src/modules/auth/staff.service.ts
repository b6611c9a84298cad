import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RequestContext } from '../../common/auth/decorators';
import { Principal } from '../../common/auth/principal';
import { LiveUpdatesBus } from '../../common/live-updates/live-updates-bus';
import { inTransaction } from '../../database/transaction';
import { AuditService } from '../audit';
import { AuthErrorCode, AuthException } from './auth.exception';
import { CreatedStaffDto, CreateStaffDto, mapStaffUser, StaffListDto, StaffUserDto } from './dto/staff.dto';
import { PasswordTokensRepository } from './password-tokens.repository';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import { StaffInvitationsService } from './staff-invitations.service';
import { UsersService } from './users.service';

/**
 * A provider owner's team: invites `provider_staff` users by e-mail (no password until they set
 * one through the link: StaffInvitationsService) and removes them (deactivated, every session
 * revoked at once). Owner accounts are listed but cannot be removed here.
 */
@Injectable()
export class StaffService {
  constructor(
    private readonly users: UsersService,
    private readonly refreshTokens: RefreshTokensRepository,
    private readonly tokens: PasswordTokensRepository,
    private readonly invitations: StaffInvitationsService,
    private readonly audit: AuditService,
    private readonly live: LiveUpdatesBus,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async list(providerId: string): Promise<StaffListDto> {
    const users = await this.users.listForProvider(providerId);
    const invitations = await this.invitations.describe(users);
    return { items: users.map((u) => mapStaffUser(u, invitations.get(u.id) ?? null)) };
  }

  /** A new staff member without a password, and the invitation e-mail to set one, in one transaction. */
  async create(providerId: string, dto: CreateStaffDto, actor: Principal, context: RequestContext): Promise<CreatedStaffDto> {
    const from = await this.invitations.sender(providerId, actor);
    const user = await inTransaction(this.dataSource, async (manager) => {
      const created = await this.users.create({ email: dto.email, name: dto.name, password: null, role: 'provider_staff', providerId }, manager);
      await this.invitations.issue(manager, created, from);
      await this.audit.record({ action: 'staff.created', actor, providerId, target: { type: 'user', id: created.id }, context, metadata: { email: created.email, invited: true } }, manager);
      return created;
    });
    return { user: mapStaffUser(user, (await this.invitations.describe([user])).get(user.id) ?? null) };
  }

  async remove(providerId: string, id: string, actor: Principal, context: RequestContext): Promise<StaffUserDto> {
    let removed = false;
    const user = await inTransaction(this.dataSource, async (manager) => {
      const found = await this.users.findForProvider(providerId, id, manager);
      if (!found || found.role !== 'provider_staff') throw new AuthException(AuthErrorCode.STAFF_NOT_FOUND, 'Staff member not found');
      if (await this.users.deactivate(found.id, manager)) {
        await this.refreshTokens.revokeAllOfUser(found.id, manager);
        await this.tokens.voidAllUnused(manager, found.id);
        removed = true;
        await this.audit.record({ action: 'staff.removed', actor, providerId, target: { type: 'user', id: found.id }, context, metadata: { email: found.email } }, manager);
      }
      return { ...found, isActive: false };
    });
    // after the commit: the removed member's open live streams close at once
    if (removed) this.live.endSessions(user.id);
    return mapStaffUser(user);
  }
}
