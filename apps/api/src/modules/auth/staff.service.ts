import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RequestContext } from '../../common/auth/decorators';
import { Principal } from '../../common/auth/principal';
import { randomToken } from '../../common/crypto/tokens';
import { LiveUpdatesBus } from '../../common/live-updates/live-updates-bus';
import { inTransaction } from '../../database/transaction';
import { AuditService } from '../audit';
import { AuthErrorCode, AuthException } from './auth.exception';
import { CreatedStaffDto, CreateStaffDto, mapStaffUser, StaffListDto, StaffUserDto } from './dto/staff.dto';
import { RefreshTokensRepository } from './refresh-tokens.repository';
import { UsersService } from './users.service';

/**
 * A provider owner's team: creates `provider_staff` users with a temporary password (shown
 * once; they must replace it before anything else) and removes them (deactivated, every session revoked at once). Owner accounts are
 * listed but cannot be removed here.
 */
@Injectable()
export class StaffService {
  constructor(
    private readonly users: UsersService,
    private readonly refreshTokens: RefreshTokensRepository,
    private readonly audit: AuditService,
    private readonly live: LiveUpdatesBus,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async list(providerId: string): Promise<StaffListDto> {
    return { items: (await this.users.listForProvider(providerId)).map(mapStaffUser) };
  }

  async create(providerId: string, dto: CreateStaffDto, actor: Principal, context: RequestContext): Promise<CreatedStaffDto> {
    // 18 random bytes → 24 URL-safe characters: well over the 10-character minimum.
    const temporaryPassword = randomToken(18);
    const user = await inTransaction(this.dataSource, async (manager) => {
      const created = await this.users.create({ email: dto.email, name: dto.name, password: temporaryPassword, temporary: true, role: 'provider_staff', providerId }, manager);
      await this.audit.record({ action: 'staff.created', actor, providerId, target: { type: 'user', id: created.id }, context, metadata: { email: created.email } }, manager);
      return created;
    });
    return { user: mapStaffUser(user), temporaryPassword };
  }

  async remove(providerId: string, id: string, actor: Principal, context: RequestContext): Promise<StaffUserDto> {
    let removed = false;
    const user = await inTransaction(this.dataSource, async (manager) => {
      const found = await this.users.findForProvider(providerId, id, manager);
      if (!found || found.role !== 'provider_staff') throw new AuthException(AuthErrorCode.STAFF_NOT_FOUND, 'Staff member not found');
      if (await this.users.deactivate(found.id, manager)) {
        await this.refreshTokens.revokeAllOfUser(found.id, manager);
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
