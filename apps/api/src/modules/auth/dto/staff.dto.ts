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
  @ApiProperty({ type: StaffUserDto })
  user: StaffUserDto;

  @ApiProperty({ description: 'Temporary password, shown only in this answer. The staff member changes it under Account after the first login.' })
  temporaryPassword: string;
}

export function mapStaffUser(user: User): StaffUserDto {
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    role: user.role,
    active: user.isActive,
    lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
    createdAt: user.createdAt.toISOString(),
  };
}
