import { ApiProperty } from '@nestjs/swagger';
import { normalizeKenyanMobile } from '@wavu/africastalking';
import { Transform } from 'class-transformer';
import { IsString, Matches, ValidateIf } from 'class-validator';
import { ROLES, Role } from '../../../common/auth/principal';
import { PROVIDER_STATUSES, ProviderStatus } from '../../providers';
import { User } from '../entities/user.entity';

export class ProviderSummaryDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  businessName: string;

  @ApiProperty({ enum: PROVIDER_STATUSES, enumName: 'ProviderStatus' })
  status: ProviderStatus;
}

export class MeDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  email: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ enum: ROLES, enumName: 'Role' })
  role: Role;

  @ApiProperty({ type: ProviderSummaryDto, nullable: true })
  provider: ProviderSummaryDto | null;

  @ApiProperty({ type: String, nullable: true, example: '+254712345678', description: 'Mobile number for SMS alerts (+2547…/+2541…), null when none is set' })
  phone: string | null;

  @ApiProperty({ description: 'A temporary password must be replaced (POST /auth/change-password) before any other endpoint answers (403 PASSWORD_CHANGE_REQUIRED)' })
  mustChangePassword: boolean;
}

export class TokenPairDto {
  @ApiProperty({ description: 'JWT for Authorization: Bearer' })
  accessToken: string;

  @ApiProperty({ description: 'Opaque; single use — each refresh returns a new one' })
  refreshToken: string;

  @ApiProperty({ description: 'Seconds until the access token expires' })
  expiresIn: number;

  @ApiProperty({ type: MeDto })
  user: MeDto;
}

export function mapMe(user: User, provider: ProviderSummaryDto | null): MeDto {
  return { id: user.id, email: user.email, name: user.name, role: user.role, phone: user.phone, provider, mustChangePassword: user.mustChangePassword };
}

/** Blank means none; a Kenyan mobile in any usual form becomes `+2547…`; anything else is kept as typed, for the message. */
const toMobile = ({ value }: { value: unknown }) => (typeof value === 'string' ? (value.trim() === '' ? null : (normalizeKenyanMobile(value) ?? value)) : value);

/** The signed-in person's own profile: for now the mobile number SMS alerts go to (docs/alerts.md). */
export class UpdateMeDto {
  @ApiProperty({ type: String, nullable: true, example: '0712 345 678', description: 'A Kenyan mobile number in any usual form (stored as +2547…/+2541…); null or blank removes it' })
  @Transform(toMobile)
  @ValidateIf((_dto: object, value: unknown) => value !== null)
  @IsString({ message: 'phone must be a Kenyan mobile number such as 0712 345 678, or null' })
  @Matches(/^\+254[17]\d{8}$/, { message: 'phone must be a Kenyan mobile number such as 0712 345 678' })
  phone: string | null;
}
