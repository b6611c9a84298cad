import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsUUID, Max, Min } from 'class-validator';
import { PageQueryDto } from '../../../common/pagination/page';
import { IsText } from '../../../common/validation/decorators';
import { IsPresentIfGiven } from '../../../common/validation/present-if-given';
import { PlatformPlan } from '../entities/platform-plan.entity';
import { ProviderSubscription } from '../entities/provider-subscription.entity';
import { daysLeft, salesAllowed, SUBSCRIPTION_STATUSES, SubscriptionStatus } from '../subscription-status';
import { mapPlatformPlan, PlatformPlanDto } from './platform-plan.dto';

export class SubscriptionDto {
  @ApiProperty({ format: 'uuid' })
  providerId: string;
  @ApiProperty({ enum: SUBSCRIPTION_STATUSES, enumName: 'SubscriptionStatus' })
  status: SubscriptionStatus;
  @ApiProperty({ type: PlatformPlanDto, nullable: true, description: 'null while on the trial' })
  plan: PlatformPlanDto | null;
  @ApiProperty({ type: String, format: 'date-time' })
  currentPeriodStart: string;
  @ApiProperty({ type: String, format: 'date-time', description: 'Trial end or paid-through date' })
  currentPeriodEnd: string;
  @ApiProperty({ description: 'Whole days left in the current period (0 once expired)' })
  daysLeft: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Sales are paused after this (past_due)' })
  graceEndsAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  pausedAt: string | null;
  @ApiProperty({ description: 'Whether the captive portal may sell' })
  canSell: boolean;
}

export function mapSubscription(s: ProviderSubscription, plan: PlatformPlan | null, now: Date): SubscriptionDto {
  return {
    providerId: s.providerId,
    status: s.status,
    plan: plan ? mapPlatformPlan(plan) : null,
    currentPeriodStart: s.currentPeriodStart.toISOString(),
    currentPeriodEnd: s.currentPeriodEnd.toISOString(),
    daysLeft: daysLeft(s, now),
    graceEndsAt: s.graceEndsAt?.toISOString() ?? null,
    pausedAt: s.pausedAt?.toISOString() ?? null,
    canSell: salesAllowed(s.status),
  };
}

export class SubscriptionPageDto {
  @ApiProperty({ type: [SubscriptionDto] })
  items: SubscriptionDto[];
  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}

export class ListSubscriptionsQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ enum: SUBSCRIPTION_STATUSES, enumName: 'SubscriptionStatus' })
  @IsIn(SUBSCRIPTION_STATUSES)
  @IsOptional()
  status?: SubscriptionStatus;
}

// ── super admin actions ─────────────────────────────────────────────
export class ExtendSubscriptionDto {
  @ApiProperty({ minimum: 1, maximum: 366, example: 7 })
  @IsInt()
  @Min(1)
  @Max(366)
  days: number;

  @ApiProperty({ example: 'Router outage compensation' })
  @IsText(3, 500)
  reason: string;
}

export class WaiveSubscriptionDto {
  @ApiProperty({ format: 'uuid', description: 'The plan the provider gets for free' })
  @IsUUID('all')
  planId: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 12, default: 1, description: "Periods of the plan's length" })
  @IsInt()
  @Min(1)
  @Max(12)
  @IsPresentIfGiven()
  periods?: number;

  @ApiProperty({ example: 'Launch partner' })
  @IsText(3, 500)
  reason: string;
}
