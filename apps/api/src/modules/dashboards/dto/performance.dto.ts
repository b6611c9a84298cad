import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';
import { IsText, OptionalDate } from '../../../common/validation/decorators';
import { COLLECTION_MODES, CollectionMode } from '../../payments';
import { PROVIDER_STATUSES, ProviderStatus } from '../../providers';
import { LedgerTotalDto } from './overview.dto';

const PERFORMANCE_SORTS = ['gross', 'successRate', 'routersOffline', 'name'] as const;
export type PerformanceSort = (typeof PERFORMANCE_SORTS)[number];
const ORDERS = ['asc', 'desc'] as const;

/** `GET /admin/providers/performance`: range, sort, search and a page (`limit` + opaque `cursor`). */
export class ProviderPerformanceQueryDto {
  @OptionalDate('Start (inclusive). Default: the start of the Nairobi day 29 days before today (the last 30 days)')
  from?: string;

  @OptionalDate('End (exclusive). Default: the start of tomorrow, Nairobi time; at most 366 days after `from`')
  to?: string;

  @ApiPropertyOptional({
    enum: PERFORMANCE_SORTS,
    enumName: 'PerformanceSort',
    default: 'gross',
    description: 'gross: KES gross sales; successRate: STK paid ÷ started (no pushes last); routersOffline; name',
  })
  @IsIn(PERFORMANCE_SORTS)
  @IsOptional()
  sort?: PerformanceSort;

  @ApiPropertyOptional({ enum: ORDERS, description: 'Default: asc for name, desc otherwise' })
  @IsIn(ORDERS)
  @IsOptional()
  order?: 'asc' | 'desc';

  @ApiPropertyOptional({ description: 'Business name contains (case-insensitive)' })
  @IsText(1, 100)
  @IsOptional()
  search?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 100, default: 20 })
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(100)
  @IsOptional()
  limit?: number;

  @ApiPropertyOptional({ description: 'Opaque cursor from the previous page (nextCursor)' })
  @IsString()
  @MaxLength(200)
  @IsOptional()
  cursor?: string;
}

export class PushStatsDto {
  @ApiProperty({ description: 'STK pushes started in the range (every payment the captive portal started with a push)' }) started: number;
  @ApiProperty({ description: 'Of those, paid' }) paid: number;
  @ApiProperty({ description: 'Of those, failed or cancelled by the buyer' }) failed: number;
  @ApiProperty({ description: 'Of those, expired (no answer in time)' }) expired: number;
  @ApiProperty({ type: Number, nullable: true, example: 0.92, description: 'paid ÷ started (0..1); null when no push was started' }) successRate: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Median seconds from the push to paid, over the paid ones; null when none' }) medianSecondsToPaid: number | null;
}

export class RouterCountsDto {
  @ApiProperty() total: number;
  @ApiProperty({ description: 'Monitoring status online now' }) online: number;
  @ApiProperty({ description: 'Monitoring status offline or error now (never-checked routers count in total only)' }) offline: number;
}

export class ProviderPerformanceDto {
  @ApiProperty({ format: 'uuid' }) providerId: string;
  @ApiProperty() name: string;
  @ApiProperty({ enum: PROVIDER_STATUSES, enumName: 'ProviderStatus' }) status: ProviderStatus;
  @ApiProperty({ enum: COLLECTION_MODES, enumName: 'CollectionMode', description: 'platform when the provider never saved M-Pesa settings' }) collectionMode: CollectionMode;
  @ApiProperty({ type: [LedgerTotalDto], description: 'Ledger per currency (every method, cash included), largest gross first; empty when nothing happened' }) sales: LedgerTotalDto[];
  @ApiProperty({ description: 'Sales in the range, every currency and method' }) salesCount: number;
  @ApiProperty({ type: PushStatsDto }) pushes: PushStatsDto;
  @ApiProperty({ type: RouterCountsDto }) routers: RouterCountsDto;
  @ApiProperty({ description: 'Vouchers sold in the range (by sold time; later refunds or expiry keep them counted)' }) vouchersSold: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'Latest sale ever (not only in the range)' }) lastSaleAt: string | null;
}

export class PerformanceTotalsDto {
  @ApiProperty({ description: 'Providers on the platform (search aside)' }) providers: number;
  @ApiProperty({ type: [LedgerTotalDto] }) sales: LedgerTotalDto[];
  @ApiProperty() salesCount: number;
  @ApiProperty({ type: PushStatsDto }) pushes: PushStatsDto;
  @ApiProperty({ type: RouterCountsDto }) routers: RouterCountsDto;
  @ApiProperty() vouchersSold: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastSaleAt: string | null;
}

export class ProviderPerformancePageDto {
  @ApiProperty({ format: 'date-time' }) from: string;
  @ApiProperty({ format: 'date-time' }) to: string;
  @ApiProperty({ format: 'date-time' }) generatedAt: string;
  @ApiProperty({ enum: PERFORMANCE_SORTS, enumName: 'PerformanceSort' }) sort: PerformanceSort;
  @ApiProperty({ enum: ORDERS }) order: 'asc' | 'desc';
  @ApiProperty({ type: PerformanceTotalsDto, description: 'The whole platform over the range (every provider, whatever the search)' }) totals: PerformanceTotalsDto;
  @ApiProperty({ description: 'Providers matching the search' }) total: number;
  @ApiProperty({ type: [ProviderPerformanceDto] }) items: ProviderPerformanceDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}
