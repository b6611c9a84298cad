import { ApiProperty } from '@nestjs/swagger';
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
  return { id: user.id, email: user.email, name: user.name, role: user.role, provider, mustChangePassword: user.mustChangePassword };
}
