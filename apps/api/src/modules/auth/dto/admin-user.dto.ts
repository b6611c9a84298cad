import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsOptional, MaxLength } from 'class-validator';
import { ROLES, Role } from '../../../common/auth/principal';
import { PageQueryDto } from '../../../common/pagination/page';
import { IsText, OptionalUuid } from '../../../common/validation/decorators';
import { User } from '../entities/user.entity';
import { ProviderSummaryDto } from './me.dto';

const USER_STATUSES = ['active', 'deactivated'] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export class ListUsersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'E-mail or name contains (any case)', maxLength: 100 })
  @IsText(1, 100)
  @IsOptional()
  q?: string;

  @ApiPropertyOptional({ enum: ROLES, enumName: 'Role' })
  @IsIn(ROLES)
  @IsOptional()
  role?: Role;

  @ApiPropertyOptional({ enum: USER_STATUSES, enumName: 'UserStatus' })
  @IsIn(USER_STATUSES)
  @IsOptional()
  status?: UserStatus;

  @OptionalUuid('Only the users of this provider')
  providerId?: string;
}

export class DeactivateUserDto {
  @ApiProperty({ example: 'Left the business', minLength: 3, maxLength: 500 })
  @IsText(3, 500)
  reason: string;
}

export class CreateSuperAdminDto {
  @ApiProperty({ example: 'Demo Operator', minLength: 1, maxLength: 120 })
  @IsText(1, 120)
  name: string;

  @ApiProperty({ example: 'operator@wavu.test', maxLength: 254 })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email: string;
}

export class AdminUserDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  email: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ enum: ROLES, enumName: 'Role' })
  role: Role;

  @ApiProperty({ type: ProviderSummaryDto, nullable: true, description: 'null for a super admin' })
  provider: ProviderSummaryDto | null;

  @ApiProperty({ enum: USER_STATUSES, enumName: 'UserStatus' })
  status: UserStatus;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  deactivatedAt: string | null;

  @ApiProperty({ type: String, nullable: true, description: "The super admin's reason (null when a provider owner removed the staff member)" })
  deactivationReason: string | null;

  @ApiProperty({ description: 'Still on a temporary password' })
  mustChangePassword: boolean;

  @ApiProperty({ description: 'Invited by e-mail (staff) and has not set a password yet: cannot sign in until they do' })
  invitationPending: boolean;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastLoginAt: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: string;
}

export class AdminUserPageDto {
  @ApiProperty({ type: [AdminUserDto] })
  items: AdminUserDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}

export class CreatedSuperAdminDto {
  @ApiProperty({ type: AdminUserDto })
  user: AdminUserDto;

  @ApiProperty({ description: 'Temporary password, shown only in this answer. The new super admin must replace it at the first login.' })
  temporaryPassword: string;
}

export class AdminPasswordResetDto {
  @ApiProperty({ example: 'A link to choose a new password is on its way to wanjiru@demo-hotspot.test. It works once, for 30 minutes.' })
  message: string;

  @ApiProperty()
  email: string;

  @ApiProperty({ type: String, format: 'date-time', description: 'When the link stops working' })
  expiresAt: string;
}

export function mapAdminUser(user: User, provider: ProviderSummaryDto | null): AdminUserDto {
  return {
    id: user.id,
    email: user.email,
    name: user.name,
    role: user.role,
    provider,
    status: user.isActive ? 'active' : 'deactivated',
    deactivatedAt: user.deactivatedAt?.toISOString() ?? null,
    deactivationReason: user.deactivationReason,
    mustChangePassword: user.mustChangePassword,
    invitationPending: user.passwordHash === null,
    lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
    createdAt: user.createdAt.toISOString(),
  };
}
