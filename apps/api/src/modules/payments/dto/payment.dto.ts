import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min } from 'class-validator';
import { PageQueryDto } from '../../../common/pagination/page';
import { OptionalDate, OptionalUuid } from '../../../common/validation/decorators';
import { toDecimal, toWhole } from '../../../common/money';
import { COLLECTION_MODES, CollectionMode } from '../entities/payment-settings.entity';
import { Payment, PAYMENT_SOURCES, PAYMENT_STATUSES, PaymentSource, PaymentStatus, SETTLED_VIA, SettledVia } from '../entities/payment.entity';
import { LEDGER_SOURCES, LedgerEntry, LedgerSource } from '../entities/ledger-entry.entity';
import { Payout, PAYOUT_METHODS, PayoutMethod } from '../entities/payout.entity';
import { paymentResultLabel } from './result-label';
import type { RevenueGroup, RevenueRow } from '../reports.repository';
import { csvCell } from '../../vouchers';

class PaymentFilterQueryDto {
  @ApiPropertyOptional({ enum: PAYMENT_STATUSES, enumName: 'PaymentStatus' })
  @IsIn(PAYMENT_STATUSES)
  @IsOptional()
  status?: PaymentStatus;

  @ApiPropertyOptional({ enum: PAYMENT_SOURCES, enumName: 'PaymentSource' })
  @IsIn(PAYMENT_SOURCES)
  @IsOptional()
  source?: PaymentSource;

  @OptionalDate('Started at or after')
  from?: string;

  @OptionalDate('Started before')
  to?: string;

  @OptionalUuid()
  planId?: string;

  @OptionalUuid()
  routerId?: string;

  @ApiPropertyOptional({ description: 'M-Pesa receipt or payment reference (exact)', maxLength: 20 })
  @IsString()
  @MaxLength(20)
  @Matches(/^[A-Za-z0-9]+$/, { message: 'search must be a receipt or reference (letters and digits)' })
  @IsOptional()
  search?: string;
}

export class ListPaymentsQueryDto extends IntersectionType(PageQueryDto, PaymentFilterQueryDto) {}

export class PaymentDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: PAYMENT_SOURCES, enumName: 'PaymentSource' }) source: PaymentSource;
  @ApiProperty({ enum: PAYMENT_STATUSES, enumName: 'PaymentStatus' }) status: PaymentStatus;
  @ApiProperty({ enum: COLLECTION_MODES, enumName: 'CollectionMode' }) collectionMode: CollectionMode;
  @ApiProperty({ description: 'Whole units' }) amount: number;
  @ApiProperty({ description: 'Integer minor units' }) amountMinor: number;
  @ApiProperty() currency: string;
  @ApiProperty({ nullable: true, type: String, description: 'Masked' }) phone: string | null;
  @ApiProperty() paymentReference: string;
  @ApiProperty({ format: 'uuid' }) planId: string;
  @ApiProperty() planName: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) routerId: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) voucherId: string | null;
  @ApiProperty({ nullable: true, type: String }) receipt: string | null;
  @ApiProperty({ nullable: true, type: String }) resultCode: string | null;
  @ApiProperty({ nullable: true, type: String, description: "Daraja's own ResultDesc, verbatim (for support calls)" }) resultDesc: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    example: 'Wrong M-Pesa PIN',
    description: 'Why it failed, was cancelled or expired, in plain words from the ResultCode (docs/mpesa-results.md); null while pending, when paid or flagged',
  })
  resultLabel: string | null;
  @ApiProperty({ nullable: true, type: String }) flagReason: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) paidAt: string | null;
  @ApiProperty({
    nullable: true,
    enum: SETTLED_VIA,
    enumName: 'SettledVia',
    description: 'How it became paid: STK callback, STK Query, C2B confirmation, or a statement line (Pull Transactions or an uploaded statement)',
  })
  settledVia: SettledVia | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class PaymentPageDto {
  @ApiProperty({ type: [PaymentDto] }) items: PaymentDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export function mapPayment(p: Payment): PaymentDto {
  return {
    id: p.id,
    source: p.source,
    status: p.status,
    collectionMode: p.collectionMode,
    amount: toWhole(p.amountMinor, p.currency),
    amountMinor: p.amountMinor,
    currency: p.currency,
    phone: p.phoneMasked,
    paymentReference: p.paymentReference,
    planId: p.planId,
    planName: p.planName,
    routerId: p.routerId,
    voucherId: p.voucherId,
    receipt: p.receipt,
    resultCode: p.resultCode,
    resultDesc: p.resultDesc,
    resultLabel: paymentResultLabel(p.status, p.resultCode),
    flagReason: p.flagReason,
    paidAt: p.paidAt?.toISOString() ?? null,
    settledVia: p.settledVia,
    createdAt: p.createdAt.toISOString(),
  };
}

const REVENUE_GROUPS = ['day', 'week', 'month', 'plan', 'router', 'method'] as const;

export class RevenueQueryDto {
  @ApiPropertyOptional({ enum: REVENUE_GROUPS, enumName: 'RevenueGroup', default: 'day' })
  @IsIn(REVENUE_GROUPS)
  @IsOptional()
  groupBy?: RevenueGroup;

  @OptionalDate('Default: 30 days ago')
  from?: string;

  @OptionalDate('Default: now')
  to?: string;
}

export class AdminRevenueQueryDto extends RevenueQueryDto {
  @OptionalUuid('One provider; absent = the whole platform')
  providerId?: string;
}

export class RevenueRowDto {
  @ApiProperty({ description: 'Day/week start (YYYY-MM-DD, Nairobi), month (YYYY-MM), plan id, router id ("all" = every router) or method (stk, c2b, cash)' }) key: string;
  @ApiProperty({ nullable: true, type: String, description: 'Plan, router or method name' }) label: string | null;
  @ApiProperty({ description: 'Sales (a later refund does not remove its sale)' }) count: number;
  @ApiProperty({ description: 'Gross sales, integer minor units' }) grossMinor: number;
  @ApiProperty({ description: 'Refunds in this period' }) refundCount: number;
  @ApiProperty({ description: 'Refunded gross (a positive number); gross − refunds = commission + net' }) refundsMinor: number;
  @ApiProperty({ description: 'Commission after refunds' }) commissionMinor: number;
  @ApiProperty({ description: 'Net after refunds' }) netMinor: number;
}

/** Ledger totals of one sale method (docs/cash-sales.md): M-Pesa STK, M-Pesa paybill or cash. */
export class MethodTotalDto {
  @ApiProperty({ enum: LEDGER_SOURCES, enumName: 'SaleMethod' }) method: LedgerSource;
  @ApiProperty({ example: 'M-Pesa STK' }) label: string;
  @ApiProperty({ example: 'KES' }) currency: string;
  @ApiProperty({ description: 'Sales (a later refund does not remove its sale)' }) count: number;
  @ApiProperty({ description: 'Gross sales, integer minor units' }) grossMinor: number;
  @ApiProperty({ description: 'Refunds in this period' }) refundCount: number;
  @ApiProperty({ description: 'Refunded gross (a positive number); gross − refunds = commission + net' }) refundsMinor: number;
  @ApiProperty({ description: 'Commission after refunds' }) commissionMinor: number;
  @ApiProperty({ description: 'Net after refunds' }) netMinor: number;
}

export class RevenueReportDto {
  @ApiProperty({ enum: REVENUE_GROUPS, enumName: 'RevenueGroup' }) groupBy: RevenueGroup;
  @ApiProperty({ format: 'date-time' }) from: string;
  @ApiProperty({ format: 'date-time' }) to: string;
  @ApiProperty() currency: string;
  @ApiProperty({ type: [RevenueRowDto] }) rows: RevenueRowDto[];
  @ApiProperty({ type: RevenueRowDto }) total: RevenueRowDto;
  @ApiProperty({ type: [MethodTotalDto], description: 'The range by method (every method listed, zeros included), per currency' }) byMethod: MethodTotalDto[];
}

export function mapRevenueRow(r: RevenueRow): RevenueRowDto {
  return {
    key: r.key,
    label: r.label,
    count: r.count,
    grossMinor: r.grossMinor,
    refundCount: r.refundCount,
    refundsMinor: r.refundsMinor,
    commissionMinor: r.commissionMinor,
    netMinor: r.netMinor,
  };
}

export class PayoutBalanceDto {
  @ApiProperty({ enum: COLLECTION_MODES, enumName: 'CollectionMode' }) mode: CollectionMode;
  @ApiProperty({ description: 'Net of platform-collected payments (minor units)' }) owedMinor: number;
  @ApiProperty({ description: 'Paid out so far (minor units)' }) paidOutMinor: number;
  @ApiProperty({ description: 'What the platform still owes (minor units)' }) balanceMinor: number;
  @ApiProperty() currency: string;
}

export class CreatePayoutDto {
  @ApiProperty({ minimum: 1, maximum: 100000000, description: 'Whole KES; at most what the platform owes the provider now (no advances)' })
  @IsIntInRange()
  amount: number;

  @ApiProperty({ enum: PAYOUT_METHODS, enumName: 'PayoutMethod' })
  @IsIn(PAYOUT_METHODS)
  method: PayoutMethod;

  @ApiProperty({ maxLength: 60, example: 'B2C QK12ABC345' })
  @IsString()
  @MaxLength(60)
  @Matches(/^\S.*$/, { message: 'reference must not be blank' })
  reference: string;

  @ApiPropertyOptional({ maxLength: 300 })
  @IsString()
  @MaxLength(300)
  @IsOptional()
  note?: string;
}

export class StatementQueryDto {
  @OptionalDate('Default: 30 days ago')
  from?: string;

  @OptionalDate('Default: now')
  to?: string;
}

export class PayoutDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'Integer minor units' }) amountMinor: number;
  @ApiProperty() currency: string;
  @ApiProperty({ enum: PAYOUT_METHODS, enumName: 'PayoutMethod', nullable: true, description: 'null on payouts recorded before the method was asked' }) method: PayoutMethod | null;
  @ApiProperty() reference: string;
  @ApiProperty({ nullable: true, type: String }) note: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export function mapPayout(p: Payout): PayoutDto {
  return { id: p.id, amountMinor: p.amountMinor, currency: p.currency, method: p.method, reference: p.reference, note: p.note, createdAt: p.createdAt.toISOString() };
}

export class StatementDayDto {
  @ApiProperty({ example: '2026-05-04', description: 'Nairobi day' }) day: string;
  @ApiProperty({ description: 'Platform-collected sales' }) count: number;
  @ApiProperty({ description: 'Gross sales (minor units)' }) grossMinor: number;
  @ApiProperty() refundCount: number;
  @ApiProperty({ description: 'Refunded gross (positive)' }) refundsMinor: number;
  @ApiProperty({ description: 'Platform commission after refunds' }) commissionMinor: number;
  @ApiProperty({ description: 'What the day added to the balance: gross − refunds − commission' }) netMinor: number;
  @ApiProperty({ description: 'Paid out that day' }) payoutsMinor: number;
  @ApiProperty({ description: 'Balance at the end of the day (what the platform owes; negative = the provider owes the platform)' }) balanceMinor: number;
}

export class PayoutStatementDto {
  @ApiProperty({ format: 'uuid' }) providerId: string;
  @ApiProperty({ format: 'date-time' }) from: string;
  @ApiProperty({ format: 'date-time' }) to: string;
  @ApiProperty() currency: string;
  @ApiProperty({ description: 'Balance at `from`' }) openingBalanceMinor: number;
  @ApiProperty({ description: 'Balance at `to`' }) closingBalanceMinor: number;
  @ApiProperty({ type: StatementDayDto, description: 'Sums over the range (day = "total"; balanceMinor = closing balance)' }) total: StatementDayDto;
  @ApiProperty({ type: [StatementDayDto], description: 'Days with sales, refunds or payouts, oldest first' }) days: StatementDayDto[];
  @ApiProperty({ type: [PayoutDto] }) payouts: PayoutDto[];
}

export class ProviderBalanceDto extends PayoutBalanceDto {
  @ApiProperty({ format: 'uuid' }) providerId: string;
  @ApiProperty({ nullable: true, type: String }) businessName: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) lastPayoutAt: string | null;
}

export function statementCsv(s: PayoutStatementDto): string {
  const money = (minor: number) => toDecimal(minor, s.currency);
  const line = (d: StatementDayDto) =>
    [d.day, d.count, money(d.grossMinor), d.refundCount, money(d.refundsMinor), money(d.commissionMinor), money(d.netMinor), money(d.payoutsMinor), money(d.balanceMinor)].join(',');
  return (
    ['day,sales,gross,refund_count,refunds,commission,net,payouts,balance', ['opening', '', '', '', '', '', '', '', money(s.openingBalanceMinor)].join(','), ...s.days.map(line), line(s.total)].join(
      '\r\n',
    ) + '\r\n'
  );
}

function IsIntInRange(): PropertyDecorator {
  return applyDecorators(IsInt(), Min(1), Max(100_000_000));
}

export function ledgerCsv(rows: LedgerEntry[]): string {
  const header = [
    'occurred_at',
    'receipt',
    'source',
    'collection_mode',
    'gross',
    'commission_rate_bp',
    'commission',
    'net',
    'currency',
    'phone',
    'plan',
    'router_id',
    'voucher_id',
    'payment_id',
    'kind',
    'refund_method',
    'refund_reference',
    'refund_reason',
  ];
  // amounts are written as numbers: a refund's "-50.00" must stay a number, not be neutralised like a formula
  const amount = (minor: number, currency: string) => ({ number: toDecimal(minor, currency) });
  const lines = rows.map((r) =>
    [
      r.occurredAt.toISOString(),
      r.receipt,
      r.source,
      r.collectionMode,
      amount(r.grossMinor, r.currency),
      r.commissionRateBp,
      amount(r.commissionMinor, r.currency),
      amount(r.netMinor, r.currency),
      r.currency,
      r.phoneMasked,
      r.planName,
      r.routerId,
      r.voucherId,
      r.paymentId,
      r.kind,
      r.refundMethod,
      r.refundReference,
      r.refundReason,
    ]
      .map((cell) => (typeof cell === 'object' && cell !== null ? cell.number : csvCell(cell)))
      .join(','),
  );
  return [header.join(','), ...lines].join('\r\n') + '\r\n';
}

export function revenueCsv(report: RevenueReportDto): string {
  const money = (minor: number) => toDecimal(minor, report.currency);
  const cells = (r: RevenueRowDto) => [r.count, money(r.grossMinor), r.refundCount, money(r.refundsMinor), money(r.commissionMinor), money(r.netMinor)];
  const lines = report.rows.map((r) => [csvCell(r.key), csvCell(r.label ?? ''), ...cells(r)].join(','));
  return [`${report.groupBy},label,count,gross,refund_count,refunds,commission,net`, ...lines, ['total', '', ...cells(report.total)].join(',')].join('\r\n') + '\r\n';
}
