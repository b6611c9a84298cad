import { ApiProperty } from '@nestjs/swagger';

/** Platform revenue from subscriptions: paid invoices (waived periods are not revenue). */
export class RevenueTotalDto {
  @ApiProperty()
  currency: string;
  @ApiProperty({ description: 'Integer minor units' })
  amountMinor: number;
  @ApiProperty()
  invoices: number;
}

export class RevenueMonthDto extends RevenueTotalDto {
  @ApiProperty({ example: '2026-03', description: 'Month of payment (Africa/Nairobi)' })
  month: string;
}

export class SubscriptionRevenueDto {
  @ApiProperty({ type: [RevenueTotalDto] })
  totals: RevenueTotalDto[];
  @ApiProperty({ type: [RevenueMonthDto], description: 'Newest month first' })
  months: RevenueMonthDto[];
}
