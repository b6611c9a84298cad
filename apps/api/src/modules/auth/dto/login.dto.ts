import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsString, MaxLength, MinLength } from 'class-validator';

const trimLower = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);

export class LoginDto {
  @ApiProperty({ example: 'owner@demo-hotspot.test' })
  @Transform(trimLower)
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email: string;

  @ApiProperty({ example: 'demo-owner-pass' })
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  password: string;
}

export class RefreshDto {
  @ApiProperty()
  @IsString()
  @MinLength(10)
  @MaxLength(200)
  refreshToken: string;
}

export class ChangePasswordDto {
  @ApiProperty()
  @IsString()
  @MinLength(1)
  @MaxLength(128)
  currentPassword: string;

  @ApiProperty({ minLength: 10, maxLength: 128 })
  @IsString()
  @MinLength(10, { message: 'newPassword must be at least 10 characters' })
  @MaxLength(128)
  newPassword: string;
}

export class PasswordResetRequestDto {
  @ApiProperty({ example: 'owner@demo-hotspot.test' })
  @Transform(trimLower)
  @IsEmail({}, { message: 'email must be an e-mail address' })
  @MaxLength(254)
  email: string;
}

export class PasswordResetConfirmDto {
  @ApiProperty({ description: 'The token from the e-mailed link (/reset-password?token=…)' })
  @IsString()
  @MinLength(20)
  @MaxLength(200)
  token: string;

  @ApiProperty({ minLength: 10, maxLength: 128 })
  @IsString()
  @MinLength(10, { message: 'newPassword must be at least 10 characters' })
  @MaxLength(128)
  newPassword: string;
}

export class PasswordResetAcceptedDto {
  @ApiProperty({ example: 'If an account uses this e-mail, a link to reset its password is on its way.' })
  message: string;
}

export class InvitationTokenDto {
  @ApiProperty({ description: 'The token from the e-mailed invitation link (/accept-invite?token=…)' })
  @IsString()
  @MinLength(20)
  @MaxLength(200)
  token: string;
}

export class AcceptInvitationDto extends InvitationTokenDto {
  @ApiProperty({ minLength: 10, maxLength: 128 })
  @IsString()
  @MinLength(10, { message: 'newPassword must be at least 10 characters' })
  @MaxLength(128)
  newPassword: string;
}

export class InvitationDto {
  @ApiProperty({ description: 'The invited account (they sign in with it)' })
  email: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ description: 'The business that invited them' })
  businessName: string;

  @ApiProperty({ type: String, format: 'date-time', description: 'When the link stops working' })
  expiresAt: string;
}
