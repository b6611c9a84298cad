import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { PageQueryDto } from '../../../common/pagination/page';
import { IsMsisdn, IsText } from '../../../common/validation/decorators';
import { PROVIDER_STATUSES, PROVIDER_TYPES, Provider, ProviderStatus, ProviderType } from '../entities/provider.entity';
import { allowedProviderActions, PROVIDER_ACTIONS, ProviderAction } from '../provider-status';

const trimLower = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toLowerCase() : value);

export class SignupDto {
  @ApiProperty({ example: 'Mama Njeri WiFi' })
  @IsText(2, 120)
  businessName: string;

  @ApiProperty({ example: 'Njeri Wanjiku' })
  @IsText(2, 120)
  contactName: string;

  @ApiProperty({ example: 'njeri@example.test' })
  @Transform(trimLower)
  @IsEmail({}, { message: 'contactEmail must be an e-mail address' })
  @MaxLength(254)
  contactEmail: string;

  @ApiProperty({ example: '0712345678', description: 'Kenyan mobile number; stored as 2547XXXXXXXX' })
  @IsMsisdn()
  phone: string;

  @ApiProperty({ minLength: 10, maxLength: 128 })
  @IsString()
  @MinLength(10, { message: 'password must be at least 10 characters' })
  @MaxLength(128)
  password: string;

  @ApiProperty({ enum: PROVIDER_TYPES, enumName: 'ProviderType' })
  @IsIn(PROVIDER_TYPES)
  type: ProviderType;
}

export class UpdateProviderDto {
  @ApiPropertyOptional()
  @IsText(2, 120)
  @IsOptional()
  businessName?: string;

  @ApiPropertyOptional()
  @IsText(2, 120)
  @IsOptional()
  contactName?: string;

  @ApiPropertyOptional()
  @Transform(trimLower)
  @IsEmail({}, { message: 'contactEmail must be an e-mail address' })
  @MaxLength(254)
  @IsOptional()
  contactEmail?: string;

  @ApiPropertyOptional({ example: '0712345678' })
  @IsMsisdn()
  @IsOptional()
  phone?: string;

  @ApiPropertyOptional({ example: 'Kawangware, Nairobi', nullable: true })
  @IsText(0, 200)
  @IsOptional()
  location?: string;
}

export class ListProvidersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: PROVIDER_STATUSES, enumName: 'ProviderStatus' })
  @IsIn(PROVIDER_STATUSES)
  @IsOptional()
  status?: ProviderStatus;

  @ApiPropertyOptional({ description: 'Business name, e-mail or phone contains' })
  @IsText(1, 100)
  @IsOptional()
  search?: string;
}

export class ApproveProviderDto {
  @ApiPropertyOptional({ enum: PROVIDER_TYPES, enumName: 'ProviderType', description: 'The type the Wavu team confirms (default: the declared one); commission follows it from now on' })
  @IsIn(PROVIDER_TYPES)
  @IsOptional()
  type?: ProviderType;
}

export class ReasonDto {
  @ApiProperty({ example: 'Documents could not be verified' })
  @IsText(3, 500)
  reason: string;
}

export class ProviderDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  businessName: string;

  @ApiProperty()
  contactName: string;

  @ApiProperty()
  contactEmail: string;

  @ApiProperty({ example: '254712345678' })
  phone: string;

  @ApiProperty({ enum: PROVIDER_TYPES, enumName: 'ProviderType', description: 'Declared at sign-up; confirmed or corrected by the super admin at approval' })
  type: ProviderType;

  @ApiProperty({ description: 'Whether the super admin confirmed `type` (at approval); commission follows the type only then' })
  typeConfirmed: boolean;

  @ApiProperty({ enum: PROVIDER_STATUSES, enumName: 'ProviderStatus' })
  status: ProviderStatus;

  @ApiProperty({ type: String, nullable: true, description: 'Why it was rejected or suspended' })
  statusReason: string | null;

  @ApiProperty({ type: String, nullable: true })
  location: string | null;

  @ApiProperty({ enum: PROVIDER_ACTIONS, enumName: 'ProviderAction', isArray: true, description: 'What a super admin may do next' })
  allowedActions: ProviderAction[];

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  approvedAt: string | null;
}

export class ProviderPageDto {
  @ApiProperty({ type: [ProviderDto] })
  items: ProviderDto[];

  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}

/** The same answer whether or not the e-mail already had an account (no enumeration). */
export class SignupResultDto {
  @ApiProperty({ example: 'If this e-mail is new to Wavu, your application is awaiting review by the Wavu team: log in with it to see its status.' })
  message: string;
}

export function mapProvider(p: Provider): ProviderDto {
  return {
    id: p.id,
    businessName: p.businessName,
    contactName: p.contactName,
    contactEmail: p.contactEmail,
    phone: p.phone,
    type: p.type,
    typeConfirmed: p.typeConfirmedAt !== null,
    status: p.status,
    statusReason: p.statusReason,
    location: p.location,
    allowedActions: allowedProviderActions(p.status),
    createdAt: p.createdAt.toISOString(),
    approvedAt: p.approvedAt?.toISOString() ?? null,
  };
}
