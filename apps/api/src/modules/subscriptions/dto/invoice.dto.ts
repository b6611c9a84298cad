import { ApiProperty } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { BILLING_PERIODS, BillingPeriod } from '../entities/platform-plan.entity';
import { INVOICE_STATUSES, InvoiceStatus, SubscriptionInvoice } from '../entities/subscription-invoice.entity';

export class InvoiceDto {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ description: 'Per provider: 1, 2, 3…' })
  number: number;
  @ApiProperty({ example: 'SUB-1a2b3c4d-0001-1' })
  merchantReference: string;
  @ApiProperty({ format: 'uuid' })
  planId: string;
  @ApiProperty()
  planName: string;
  @ApiProperty({ description: 'Integer minor units' })
  amountMinor: number;
  @ApiProperty()
  currency: string;
  @ApiProperty({ enum: BILLING_PERIODS, enumName: 'BillingPeriod' })
  period: BillingPeriod;
  @ApiProperty()
  periods: number;
  @ApiProperty({ enum: INVOICE_STATUSES, enumName: 'InvoiceStatus' })
  status: InvoiceStatus;
  @ApiProperty({ type: String, nullable: true })
  paymentMethod: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'Receipt (M-Pesa code or card reference)' })
  confirmationCode: string | null;
  @ApiProperty({ type: String, nullable: true })
  failureReason: string | null;
  @ApiProperty({ type: String, nullable: true, description: "Pesapal's payment page while pending" })
  redirectUrl: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  paidAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  periodStart: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  periodEnd: string | null;
  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: string;
}

export function mapInvoice(i: SubscriptionInvoice): InvoiceDto {
  return {
    id: i.id,
    number: i.number,
    merchantReference: i.merchantReference,
    planId: i.planId,
    planName: i.planName,
    amountMinor: i.amountMinor,
    currency: i.currency,
    period: i.period,
    periods: i.periods,
    status: i.status,
    paymentMethod: i.paymentMethod,
    confirmationCode: i.confirmationCode,
    failureReason: i.failureReason,
    redirectUrl: i.status === 'pending' ? i.redirectUrl : null,
    paidAt: i.paidAt?.toISOString() ?? null,
    periodStart: i.periodStart?.toISOString() ?? null,
    periodEnd: i.periodEnd?.toISOString() ?? null,
    createdAt: i.createdAt.toISOString(),
  };
}

export class InvoicePageDto {
  @ApiProperty({ type: [InvoiceDto] })
  items: InvoiceDto[];
  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}

// ── checkout ────────────────────────────────────────────────────────
export class CheckoutDto {
  @ApiProperty({ format: 'uuid', description: 'The platform plan to pay for' })
  @IsUUID('all')
  planId: string;
}

export class CheckoutResultDto {
  @ApiProperty({ type: InvoiceDto })
  invoice: InvoiceDto;
  @ApiProperty({ description: "Pesapal's hosted payment page: send the browser here" })
  redirectUrl: string;
}
