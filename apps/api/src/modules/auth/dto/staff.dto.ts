import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, MaxLength } from 'class-validator';
import { ROLES, Role } from '../../../common/auth/principal';
import { IsText } from '../../../common/validation/decorators';
import { User } from '../entities/user.entity';

export class CreateStaffDto {
  @ApiProperty({ example: 'Wanjiru Kamau', minLength: 1, maxLength: 120 })
  @IsText(1, 120)
  name: string;

  @ApiProperty({ example: 'wanjiru@demo-hotspot.test', maxLength: 254 })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value))
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email: string;
}

const STAFF_STATUSES = ['active', 'invited', 'removed'] as const;
/** active: can sign in; invited: has not set a password through the invitation yet (cannot sign in); removed: deactivated. */
export type StaffStatus = (typeof STAFF_STATUSES)[number];

const INVITATION_DELIVERIES = ['waiting', 'sent', 'failed'] as const;
type InvitationDelivery = (typeof INVITATION_DELIVERIES)[number];

export class StaffInvitationDto {
  @ApiProperty({ type: String, format: 'date-time', description: 'When this invitation (the newest) was made' })
  sentAt: string;

  @ApiProperty({ type: String, format: 'date-time', description: 'When its link stops working (72 hours after)' })
  expiresAt: string;

  @ApiProperty({ description: 'The link expired unused: resend the invitation' })
  expired: boolean;

  @ApiProperty({
    enum: INVITATION_DELIVERIES,
    enumName: 'InvitationDelivery',
    description: 'The e-mail: waiting in the outbound queue (not handed to the mail server yet, or being retried), sent, or failed for good',
  })
  delivery: InvitationDelivery;
}

export class StaffUserDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty()
  email: string;

  @ApiProperty({ enum: ROLES, enumName: 'Role' })
  role: Role;

  @ApiProperty({ description: 'false once removed (the account can no longer sign in)' })
  active: boolean;

  @ApiProperty({ enum: STAFF_STATUSES, enumName: 'StaffStatus', description: 'invited: has not set a password through the e-mailed invitation yet, and cannot sign in until they do' })
  status: StaffStatus;

  @ApiProperty({ type: StaffInvitationDto, nullable: true, description: 'The newest invitation while the member is invited; null otherwise' })
  invitation: StaffInvitationDto | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastLoginAt: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: string;
}

export class StaffListDto {
  @ApiProperty({ type: [StaffUserDto] })
  items: StaffUserDto[];
}

export class CreatedStaffDto {
  @ApiProperty({ type: StaffUserDto, description: 'The new member, invited: an e-mail with a link to set their password is on its way (it works once, for 72 hours)' })
  user: StaffUserDto;
}

/** A staff member's status: removed, invited (no password yet) or active. */
export function staffStatus(user: User): StaffStatus {
  return !user.isActive ? 'removed' : user.passwordHash === null ? 'invited' : 'active';
}

export function mapStaffUser(user: User, invitation: StaffInvitationDto | null = null): StaffUserDto {
  const status = staffStatus(user);
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    role: user.role,
    active: user.isActive,
    status,
    invitation: status === 'invited' ? invitation : null,
    lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
    createdAt: user.createdAt.toISOString(),
  };
}
