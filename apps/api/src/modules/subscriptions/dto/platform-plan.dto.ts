import { ApiProperty, ApiPropertyOptional, OmitType, PartialType } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsText } from '../../../common/validation/decorators';
import { IsPresentIfGiven } from '../../../common/validation/present-if-given';
import { BILLING_PERIODS, BillingPeriod, PlatformPlan } from '../entities/platform-plan.entity';
import { PlatformSettings } from '../entities/platform-settings.entity';

const MAX_PRICE_MINOR = 100_000_000_00; // KES 100 million
const trimEach = ({ value }: { value: unknown }) => (Array.isArray(value) ? (value as unknown[]).map((v) => (typeof v === 'string' ? v.trim() : v)) : value);

export class CreatePlatformPlanDto {
  @ApiProperty({ example: 'Pro', maxLength: 80 })
  @IsText(2, 80)
  name: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 300 })
  @IsText(0, 300)
  @IsOptional()
  description?: string | null;

  @ApiProperty({ example: 250000, description: 'Integer minor units (KES cents): 250000 = KES 2,500' })
  @IsInt()
  @Min(100)
  @Max(MAX_PRICE_MINOR)
  priceMinor: number;

  @ApiPropertyOptional({ enum: ['KES'], default: 'KES' })
  @IsIn(['KES'])
  @IsPresentIfGiven()
  currency?: 'KES';

  @ApiProperty({ enum: BILLING_PERIODS, enumName: 'BillingPeriod' })
  @IsIn(BILLING_PERIODS)
  period: BillingPeriod;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 0, maximum: 100000, description: 'null = unlimited' })
  @IsInt()
  @Min(0)
  @Max(100_000)
  @IsOptional()
  maxRouters?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 0, maximum: 100000000, description: 'null = unlimited' })
  @IsInt()
  @Min(0)
  @Max(100_000_000)
  @IsOptional()
  maxVouchersPerMonth?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 0, maximum: 10000000, description: "SMS parts a month through the platform's SMS account; null = unlimited" })
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  @IsOptional()
  maxSmsPerMonth?: number | null;

  @ApiPropertyOptional({ type: [String], maxItems: 20, example: ['M-Pesa STK push', 'Unlimited vouchers'] })
  @Transform(trimEach)
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(120, { each: true })
  @Matches(/\S/, { each: true, message: 'each feature must not be empty' })
  @IsPresentIfGiven()
  features?: string[];

  @ApiPropertyOptional({ default: true })
  @IsBoolean()
  @IsPresentIfGiven()
  active?: boolean;
}

/**
 * Any field of the create body but the currency; `null` only where the create body takes it.
 * `active` is declared again so that it has no default here.
 */
export class UpdatePlatformPlanDto extends PartialType(OmitType(CreatePlatformPlanDto, ['currency', 'active'] as const), { skipNullProperties: false }) {
  @ApiPropertyOptional({ description: 'Integer minor units; applies to new invoices only' })
  override priceMinor?: number;

  @ApiPropertyOptional()
  @IsBoolean()
  @IsPresentIfGiven()
  active?: boolean;
}

export class PlatformPlanDto {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty()
  name: string;
  @ApiProperty({ type: String, nullable: true })
  description: string | null;
  @ApiProperty({ description: 'Integer minor units' })
  priceMinor: number;
  @ApiProperty({ example: 'KES' })
  currency: string;
  @ApiProperty({ enum: BILLING_PERIODS, enumName: 'BillingPeriod' })
  period: BillingPeriod;
  @ApiProperty({ type: Number, nullable: true, description: 'null = unlimited' })
  maxRouters: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'null = unlimited' })
  maxVouchersPerMonth: number | null;
  @ApiProperty({ type: Number, nullable: true, description: "SMS parts a month through the platform's SMS account; null = unlimited" })
  maxSmsPerMonth: number | null;
  @ApiProperty({ type: [String] })
  features: string[];
  @ApiProperty()
  active: boolean;
}

/** What every new provider gets before paying: the landing page and sign-up say it from here. */
export class TrialTermsDto {
  @ApiProperty({ example: 14, description: 'Free days from approval (SUBSCRIPTION_TRIAL_DAYS); no payment details asked' })
  trialDays: number;
  @ApiProperty({ example: 3, description: 'Days sales continue after an unpaid period ends, before they pause (SUBSCRIPTION_GRACE_DAYS)' })
  graceDays: number;
  @ApiProperty({ type: Number, nullable: true, example: 10, description: 'Routers an account with no paid plan (the trial) may have; null = unlimited' })
  maxRouters: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 20000, description: 'Vouchers an account with no paid plan (the trial) may create per month; null = unlimited' })
  maxVouchersPerMonth: number | null;
}

/** Platform-wide settings the super admin edits: the default limits of an account with no paid plan. */
export class PlatformSettingsDto {
  @ApiProperty({ type: Number, nullable: true, example: 10, description: 'Routers allowed on the free trial or with no paid plan; null = unlimited' })
  defaultMaxRouters: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 20000, description: 'Vouchers per month allowed on the free trial or with no paid plan; null = unlimited' })
  defaultMaxVouchersPerMonth: number | null;
  @ApiProperty({ type: Number, nullable: true, example: 100, description: "SMS parts a month through the platform's SMS account on the free trial or with no paid plan; null = unlimited" })
  defaultMaxSmsPerMonth: number | null;
  @ApiProperty({ type: String, format: 'date-time' })
  updatedAt: string;
}

export class UpdatePlatformSettingsDto {
  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 0, maximum: 100000, description: 'null = unlimited' })
  @IsInt()
  @Min(0)
  @Max(100_000)
  @IsOptional()
  defaultMaxRouters?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 0, maximum: 100000000, description: 'null = unlimited' })
  @IsInt()
  @Min(0)
  @Max(100_000_000)
  @IsOptional()
  defaultMaxVouchersPerMonth?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 0, maximum: 10000000, description: 'null = unlimited' })
  @IsInt()
  @Min(0)
  @Max(10_000_000)
  @IsOptional()
  defaultMaxSmsPerMonth?: number | null;
}

export function mapPlatformSettings(s: PlatformSettings): PlatformSettingsDto {
  return { defaultMaxRouters: s.defaultMaxRouters, defaultMaxVouchersPerMonth: s.defaultMaxVouchersPerMonth, defaultMaxSmsPerMonth: s.defaultMaxSmsPerMonth, updatedAt: s.updatedAt.toISOString() };
}

export function mapPlatformPlan(p: PlatformPlan): PlatformPlanDto {
  return {
    id: p.id,
    name: p.name,
    description: p.description,
    priceMinor: p.priceMinor,
    currency: p.currency,
    period: p.period,
    maxRouters: p.maxRouters,
    maxVouchersPerMonth: p.maxVouchersPerMonth,
    maxSmsPerMonth: p.maxSmsPerMonth,
    features: p.features,
    active: p.active,
  };
}
