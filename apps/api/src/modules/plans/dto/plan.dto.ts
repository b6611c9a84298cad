import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { CURRENCIES, Currency, toWhole } from '../../../common/money';
import { IsText, OptionalUuid } from '../../../common/validation/decorators';
import { IsPresentIfGiven } from '../../../common/validation/present-if-given';
import { Plan, PLAN_KINDS, PLAN_STATUSES, PlanKind, PlanStatus, ROUTER_SCOPES, RouterScope, VALIDITY_FROM, ValidityFrom } from '../entities/plan.entity';
import { RATE_PATTERN } from '../plan-rules';

const RATE_MESSAGE = { message: '$property must be a RouterOS rate such as 512k or 5M' };
const YEAR = 366 * 86400;

/** Fields shared by create and update; on update every field is optional and null clears. */
class PlanFieldsDto {
  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 60, maximum: YEAR, description: 'Online time the router allows (time plans), seconds' })
  @IsInt()
  @Min(60)
  @Max(YEAR)
  @IsOptional()
  uptimeLimitSeconds?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 1048576, maximum: 10995116277760, description: 'Bytes up+down the router allows (data plans)' })
  @IsInt()
  @Min(1048576)
  @Max(10995116277760)
  @IsOptional()
  dataLimitBytes?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 60, maximum: YEAR, description: 'Wall-clock validity window, seconds; null = router limits only' })
  @IsInt()
  @Min(60)
  @Max(YEAR)
  @IsOptional()
  validitySeconds?: number | null;

  @ApiPropertyOptional({ enum: VALIDITY_FROM, enumName: 'ValidityFrom', description: 'purchase expiry (window from the sale) or usage expiry (window from first login)' })
  @IsIn(VALIDITY_FROM)
  @IsPresentIfGiven()
  validityFrom?: ValidityFrom;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 1, maximum: 3650, description: 'Activation expiry: unsold vouchers expire this many days after generation; null = never' })
  @IsInt()
  @Min(1)
  @Max(3650)
  @IsOptional()
  activationExpiryDays?: number | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '5M', maxLength: 12 })
  @Matches(RATE_PATTERN, RATE_MESSAGE)
  @MaxLength(12)
  @IsOptional()
  downloadRate?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '2M', maxLength: 12 })
  @Matches(RATE_PATTERN, RATE_MESSAGE)
  @MaxLength(12)
  @IsOptional()
  uploadRate?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '10M', maxLength: 12 })
  @Matches(RATE_PATTERN, RATE_MESSAGE)
  @MaxLength(12)
  @IsOptional()
  burstDownloadRate?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '4M', maxLength: 12 })
  @Matches(RATE_PATTERN, RATE_MESSAGE)
  @MaxLength(12)
  @IsOptional()
  burstUploadRate?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '4M', maxLength: 12 })
  @Matches(RATE_PATTERN, RATE_MESSAGE)
  @MaxLength(12)
  @IsOptional()
  burstThresholdDownload?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, example: '1M', maxLength: 12 })
  @Matches(RATE_PATTERN, RATE_MESSAGE)
  @MaxLength(12)
  @IsOptional()
  burstThresholdUpload?: string | null;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 1, maximum: 3600 })
  @IsInt()
  @Min(1)
  @Max(3600)
  @IsOptional()
  burstTimeSeconds?: number | null;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 1, description: 'Devices per voucher' })
  @IsInt()
  @Min(1)
  @Max(100)
  @IsPresentIfGiven()
  sharedUsers?: number;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 60, maximum: 86400 })
  @IsInt()
  @Min(60)
  @Max(86400)
  @IsOptional()
  idleTimeoutSeconds?: number | null;

  @ApiPropertyOptional({ default: true, description: 'Offered on the captive portal' })
  @IsBoolean()
  @IsPresentIfGiven()
  portalVisible?: boolean;

  @ApiPropertyOptional({ minimum: 0, maximum: 10000, default: 0 })
  @IsInt()
  @Min(0)
  @Max(10000)
  @IsPresentIfGiven()
  sortOrder?: number;

  @ApiPropertyOptional({ enum: ROUTER_SCOPES, enumName: 'RouterScope', default: 'all' })
  @IsIn(ROUTER_SCOPES)
  @IsPresentIfGiven()
  routerScope?: RouterScope;

  @ApiPropertyOptional({ type: [String], format: 'uuid', description: 'Routers offering the plan when routerScope = selected' })
  @IsArray()
  @ArrayMaxSize(200)
  @IsUUID('all', { each: true })
  @IsPresentIfGiven()
  routerIds?: string[];
}

export class CreatePlanDto extends PlanFieldsDto {
  @ApiProperty({ example: '1 hour', maxLength: 80 })
  @IsText(1, 80)
  name: string;

  @ApiProperty({ minimum: 1, maximum: 1000000, example: 20, description: 'Whole units of the currency (M-Pesa takes whole shillings)' })
  @IsInt()
  @Min(1)
  @Max(1000000)
  price: number;

  @ApiPropertyOptional({ enum: CURRENCIES, enumName: 'Currency', default: 'KES' })
  @IsIn(CURRENCIES)
  @IsPresentIfGiven()
  currency?: Currency;

  @ApiProperty({ enum: PLAN_KINDS, enumName: 'PlanKind' })
  @IsIn(PLAN_KINDS)
  kind: PlanKind;
}

export class UpdatePlanDto extends PlanFieldsDto {
  @ApiPropertyOptional({ maxLength: 80 })
  @IsText(1, 80)
  @IsPresentIfGiven()
  name?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 1000000 })
  @IsInt()
  @Min(1)
  @Max(1000000)
  @IsPresentIfGiven()
  price?: number;

  @ApiPropertyOptional({ enum: CURRENCIES, enumName: 'Currency' })
  @IsIn(CURRENCIES)
  @IsPresentIfGiven()
  currency?: Currency;

  @ApiPropertyOptional({ enum: PLAN_KINDS, enumName: 'PlanKind' })
  @IsIn(PLAN_KINDS)
  @IsPresentIfGiven()
  kind?: PlanKind;
}

export class ListPlansQueryDto {
  @ApiPropertyOptional({ enum: PLAN_STATUSES, enumName: 'PlanStatus', description: 'Default: both' })
  @IsIn(PLAN_STATUSES)
  @IsOptional()
  status?: PlanStatus;

  @OptionalUuid('Only plans offered on this router')
  routerId?: string;
}

export class PlanDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty({ description: 'Whole units', example: 50 }) price: number;
  @ApiProperty({ description: 'Integer minor units', example: 5000 }) priceMinor: number;
  @ApiProperty({ enum: CURRENCIES, enumName: 'Currency' }) currency: Currency;
  @ApiProperty({ enum: PLAN_KINDS, enumName: 'PlanKind' }) kind: PlanKind;
  @ApiProperty({ type: Number, nullable: true }) uptimeLimitSeconds: number | null;
  @ApiProperty({ type: Number, nullable: true }) dataLimitBytes: number | null;
  @ApiProperty({ type: Number, nullable: true }) validitySeconds: number | null;
  @ApiProperty({ enum: VALIDITY_FROM, enumName: 'ValidityFrom' }) validityFrom: ValidityFrom;
  @ApiProperty({ type: Number, nullable: true }) activationExpiryDays: number | null;
  @ApiProperty({ type: String, nullable: true }) downloadRate: string | null;
  @ApiProperty({ type: String, nullable: true }) uploadRate: string | null;
  @ApiProperty({ type: String, nullable: true }) burstDownloadRate: string | null;
  @ApiProperty({ type: String, nullable: true }) burstUploadRate: string | null;
  @ApiProperty({ type: String, nullable: true }) burstThresholdDownload: string | null;
  @ApiProperty({ type: String, nullable: true }) burstThresholdUpload: string | null;
  @ApiProperty({ type: Number, nullable: true }) burstTimeSeconds: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'The RouterOS rate-limit the profile gets', example: '2M/5M' }) rateLimit: string | null;
  @ApiProperty() sharedUsers: number;
  @ApiProperty({ type: Number, nullable: true }) idleTimeoutSeconds: number | null;
  @ApiProperty() portalVisible: boolean;
  @ApiProperty() sortOrder: number;
  @ApiProperty({ enum: PLAN_STATUSES, enumName: 'PlanStatus' }) status: PlanStatus;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) archivedAt: string | null;
  @ApiProperty({ enum: ROUTER_SCOPES, enumName: 'RouterScope' }) routerScope: RouterScope;
  @ApiProperty({ type: [String], format: 'uuid' }) routerIds: string[];
  @ApiProperty({ example: 'wavu-1-hour-3f9a2c' }) profileName: string;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time' }) updatedAt: string;
}

export class PlanListDto {
  @ApiProperty({ type: [PlanDto] }) items: PlanDto[];
}

export function mapPlan(p: Plan, rateLimit: string | undefined): PlanDto {
  return {
    id: p.id,
    name: p.name,
    price: toWhole(p.priceMinor, p.currency),
    priceMinor: p.priceMinor,
    currency: p.currency,
    kind: p.kind,
    uptimeLimitSeconds: p.uptimeLimitSeconds,
    dataLimitBytes: p.dataLimitBytes,
    validitySeconds: p.validitySeconds,
    validityFrom: p.validityFrom,
    activationExpiryDays: p.activationExpiryDays,
    downloadRate: p.downloadRate,
    uploadRate: p.uploadRate,
    burstDownloadRate: p.burstDownloadRate,
    burstUploadRate: p.burstUploadRate,
    burstThresholdDownload: p.burstThresholdDownload,
    burstThresholdUpload: p.burstThresholdUpload,
    burstTimeSeconds: p.burstTimeSeconds,
    rateLimit: rateLimit ?? null,
    sharedUsers: p.sharedUsers,
    idleTimeoutSeconds: p.idleTimeoutSeconds,
    portalVisible: p.portalVisible,
    sortOrder: p.sortOrder,
    status: p.status,
    archivedAt: p.archivedAt?.toISOString() ?? null,
    routerScope: p.routerScope,
    routerIds: p.routerIds,
    profileName: p.profileName,
    createdAt: p.createdAt.toISOString(),
    updatedAt: p.updatedAt.toISOString(),
  };
}
