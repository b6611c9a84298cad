import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { PageQueryDto } from '../../../common/pagination/page';
import { IsText } from '../../../common/validation/decorators';
import { IsPresentIfGiven } from '../../../common/validation/present-if-given';
import { Notification, NOTIFICATION_LEVELS, NotificationLevel } from '../entities/notification.entity';
import { BILLING_PERIODS, BillingPeriod, PlatformPlan } from '../entities/platform-plan.entity';
import { ProviderSubscription } from '../entities/provider-subscription.entity';
import { INVOICE_STATUSES, InvoiceStatus, SubscriptionInvoice } from '../entities/subscription-invoice.entity';
import { daysLeft, salesAllowed, SUBSCRIPTION_STATUSES, SubscriptionStatus } from '../subscription-status';

const MAX_PRICE_MINOR = 100_000_000_00; // KES 100 million
const trimEach = ({ value }: { value: unknown }) => (Array.isArray(value) ? (value as unknown[]).map((v) => (typeof v === 'string' ? v.trim() : v)) : value);

// ── platform plans ──────────────────────────────────────────────────
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

export class UpdatePlatformPlanDto {
  @ApiPropertyOptional({ maxLength: 80 })
  @IsText(2, 80)
  @IsPresentIfGiven()
  name?: string;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 300 })
  @IsText(0, 300)
  @IsOptional()
  description?: string | null;

  @ApiPropertyOptional({ description: 'Integer minor units; applies to new invoices only' })
  @IsInt()
  @Min(100)
  @Max(MAX_PRICE_MINOR)
  @IsPresentIfGiven()
  priceMinor?: number;

  @ApiPropertyOptional({ enum: BILLING_PERIODS, enumName: 'BillingPeriod' })
  @IsIn(BILLING_PERIODS)
  @IsPresentIfGiven()
  period?: BillingPeriod;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 0, maximum: 100000 })
  @IsInt()
  @Min(0)
  @Max(100_000)
  @IsOptional()
  maxRouters?: number | null;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 0, maximum: 100000000 })
  @IsInt()
  @Min(0)
  @Max(100_000_000)
  @IsOptional()
  maxVouchersPerMonth?: number | null;

  @ApiPropertyOptional({ type: [String], maxItems: 20 })
  @Transform(trimEach)
  @IsArray()
  @ArrayMaxSize(20)
  @IsString({ each: true })
  @MaxLength(120, { each: true })
  @Matches(/\S/, { each: true, message: 'each feature must not be empty' })
  @IsPresentIfGiven()
  features?: string[];

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
    features: p.features,
    active: p.active,
  };
}

// ── provider subscription ───────────────────────────────────────────
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

export class CheckoutDto {
  @ApiProperty({ format: 'uuid', description: 'The platform plan to pay for' })
  @IsUUID('all')
  planId: string;
}

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

export class CheckoutResultDto {
  @ApiProperty({ type: InvoiceDto })
  invoice: InvoiceDto;
  @ApiProperty({ description: "Pesapal's hosted payment page: send the browser here" })
  redirectUrl: string;
}

// ── notifications ───────────────────────────────────────────────────
export class NotificationDto {
  @ApiProperty({ format: 'uuid' })
  id: string;
  @ApiProperty({ example: 'subscription.reminder' })
  kind: string;
  @ApiProperty({ enum: NOTIFICATION_LEVELS, enumName: 'NotificationLevel' })
  level: NotificationLevel;
  @ApiProperty()
  title: string;
  @ApiProperty()
  body: string;
  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: string;
}

export function mapNotification(n: Notification): NotificationDto {
  return { id: n.id, kind: n.kind, level: n.level, title: n.title, body: n.body, createdAt: n.createdAt.toISOString() };
}

export class NotificationPageDto {
  @ApiProperty({ type: [NotificationDto] })
  items: NotificationDto[];
  @ApiProperty({ type: String, nullable: true })
  nextCursor: string | null;
}

// ── super admin ─────────────────────────────────────────────────────
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

// ── Pesapal notifications (public) ──────────────────────────────────
const ID = /^[A-Za-z0-9\-_.:]{1,64}$/;
const ID_MSG = { message: '$property must be a Pesapal identifier' };

export class PesapalIpnQueryDto {
  @ApiProperty({ maxLength: 64 })
  @Matches(ID, ID_MSG)
  @MaxLength(64)
  OrderTrackingId: string;

  @ApiProperty({ maxLength: 64 })
  @Matches(ID, ID_MSG)
  @MaxLength(64)
  OrderMerchantReference: string;

  @ApiPropertyOptional({ maxLength: 20, example: 'IPNCHANGE' })
  @Matches(/^[A-Za-z_]{1,20}$/, { message: 'OrderNotificationType must be a notification type' })
  @MaxLength(20)
  @IsOptional()
  OrderNotificationType?: string;
}

/** The return redirect: OrderNotificationType may be missing (docs/pesapal.md §5). */
export class PesapalCallbackQueryDto extends PesapalIpnQueryDto {}

/** POST IPN: Pesapal's PascalCase keys, or camelCase (docs/pesapal.md §6: accept both). */
export class PesapalIpnBodyDto {
  @ApiPropertyOptional({ maxLength: 64 })
  @Matches(ID, ID_MSG)
  @MaxLength(64)
  @IsOptional()
  OrderTrackingId?: string;

  @ApiPropertyOptional({ maxLength: 64 })
  @Matches(ID, ID_MSG)
  @MaxLength(64)
  @IsOptional()
  OrderMerchantReference?: string;

  @ApiPropertyOptional({ maxLength: 20 })
  @Matches(/^[A-Za-z_]{1,20}$/, { message: 'OrderNotificationType must be a notification type' })
  @MaxLength(20)
  @IsOptional()
  OrderNotificationType?: string;

  @ApiPropertyOptional({ maxLength: 64 })
  @Matches(ID, ID_MSG)
  @MaxLength(64)
  @IsOptional()
  orderTrackingId?: string;

  @ApiPropertyOptional({ maxLength: 64 })
  @Matches(ID, ID_MSG)
  @MaxLength(64)
  @IsOptional()
  orderMerchantReference?: string;

  @ApiPropertyOptional({ maxLength: 20 })
  @Matches(/^[A-Za-z_]{1,20}$/, { message: 'orderNotificationType must be a notification type' })
  @MaxLength(20)
  @IsOptional()
  orderNotificationType?: string;
}

export class PesapalIpnAcknowledgementDto {
  @ApiProperty({ example: 'IPNCHANGE' })
  orderNotificationType: string;
  @ApiProperty()
  orderTrackingId: string;
  @ApiProperty()
  orderMerchantReference: string;
  @ApiProperty({ enum: [200, 500], description: '200 processed; 500 Pesapal should resend' })
  status: number;
}
