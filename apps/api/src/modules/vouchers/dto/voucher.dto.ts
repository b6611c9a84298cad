import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { PageQueryDto } from '../../../common/pagination/page';
import { maskMsisdn } from '../../../common/phone';
import { CURRENCIES, Currency, toWhole } from '../../../common/money';
import { IsMsisdn, IsText, OptionalDate, OptionalUuid } from '../../../common/validation/decorators';
import { IsPresentIfGiven } from '../../../common/validation/present-if-given';
import { PLAN_KINDS, PlanKind, VALIDITY_FROM, ValidityFrom } from '../../plans';
import { BATCH_STATUSES, BatchStatus, VoucherBatch } from '../entities/voucher-batch.entity';
import { Voucher } from '../entities/voucher.entity';
import { CODE_ALPHABETS, CodeAlphabet } from '../voucher-codes';
import { allowedVoucherActions, VOUCHER_ACTIONS, VOUCHER_STATUSES, VoucherAction, VoucherStatus } from '../voucher-status';

export const VOUCHER_SORTS = ['newest', 'oldest'] as const;
const VOUCHER_SALE_FILTERS = ['recorded', 'not_recorded'] as const;
const PRINT_LAYOUTS = ['a4', 'thermal', 'thermal58'] as const;
export type PrintLayout = (typeof PRINT_LAYOUTS)[number];
const BULK_ACTIONS = ['disable', 'enable'] as const;
export type BulkAction = (typeof BULK_ACTIONS)[number];

/** Filters shared by the list, the counts and the CSV export. */
export class VoucherFilterQueryDto {
  @ApiPropertyOptional({ enum: VOUCHER_STATUSES, enumName: 'VoucherStatus' })
  @IsIn(VOUCHER_STATUSES)
  @IsOptional()
  status?: VoucherStatus;

  @OptionalUuid()
  planId?: string;

  @OptionalUuid()
  batchId?: string;

  @OptionalUuid()
  routerId?: string;

  @OptionalUuid('Cards handed to this reseller, sold or not (docs/resellers.md)')
  resellerId?: string;

  @OptionalDate('Generated at or after')
  createdFrom?: string;

  @OptionalDate('Generated before')
  createdTo?: string;

  @ApiPropertyOptional({ description: 'The start of a code or payment reference (any case), or a buyer phone', maxLength: 30 })
  @IsText(1, 30)
  @IsOptional()
  search?: string;
  @ApiPropertyOptional({
    enum: VOUCHER_SALE_FILTERS,
    enumName: 'VoucherSaleFilter',
    description:
      'not_recorded: used (first login seen, in use or expired) with no recorded sale — printed cards sold for cash not yet recorded (docs/cash-sales.md); recorded: sold through M-Pesa or recorded as cash',
  })
  @IsIn(VOUCHER_SALE_FILTERS)
  @IsOptional()
  sale?: (typeof VOUCHER_SALE_FILTERS)[number];
}

export class ListVouchersQueryDto extends IntersectionType(PageQueryDto, VoucherFilterQueryDto) {
  @ApiPropertyOptional({ enum: VOUCHER_SORTS, enumName: 'VoucherSort', default: 'newest', description: 'By generation time' })
  @IsIn(VOUCHER_SORTS)
  @IsOptional()
  sort?: (typeof VOUCHER_SORTS)[number];
}

export class PrintQueryDto {
  @ApiPropertyOptional({ enum: PRINT_LAYOUTS, enumName: 'PrintLayout', default: 'a4', description: 'A4 sheet of cut-out cards, 80 mm thermal roll, or 58 mm thermal roll (small Bluetooth printers)' })
  @IsIn(PRINT_LAYOUTS)
  @IsOptional()
  layout?: PrintLayout;
}

export class CreateBatchDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  planId: string;

  @ApiProperty({ minimum: 1, maximum: 10000, example: 100 })
  @IsInt()
  @Min(1)
  @Max(10000)
  quantity: number;

  @ApiPropertyOptional({ minimum: 6, maximum: 16, default: 8, description: 'Random characters (the prefix comes on top)' })
  @IsInt()
  @Min(6)
  @Max(16)
  @IsPresentIfGiven()
  codeLength?: number;

  @ApiPropertyOptional({ enum: CODE_ALPHABETS, enumName: 'CodeAlphabet', default: 'mixed', description: 'Always without 0 O 1 I L' })
  @IsIn(CODE_ALPHABETS)
  @IsPresentIfGiven()
  alphabet?: CodeAlphabet;

  @ApiPropertyOptional({ example: 'KW', maxLength: 6, description: 'Upper-case letters and digits without look-alikes' })
  @Matches(/^[2-9A-HJKMNP-Z]{1,6}$/, { message: 'prefix must be 1-6 characters from 2-9 and A-Z without I, L, O' })
  @MaxLength(6)
  @IsOptional()
  prefix?: string;

  @ApiPropertyOptional({ default: false, description: 'A separate password instead of username = password' })
  @IsBoolean()
  @IsPresentIfGiven()
  separatePassword?: boolean;

  @OptionalUuid('One router; absent = every router offering the plan')
  routerId?: string;

  @ApiPropertyOptional({ description: 'Create the hotspot users on the router(s) now, so printed cards work at once. Default: yes when a router offers the plan' })
  @IsBoolean()
  @IsPresentIfGiven()
  pushToRouter?: boolean;

  @ApiPropertyOptional({ maxLength: 80, example: 'Kiosk stock, March' })
  @IsText(1, 80)
  @IsOptional()
  label?: string;

  @ApiPropertyOptional({
    type: [String],
    maxItems: 1000,
    example: ['0712345678', '0722000111'],
    description: 'One voucher per phone number (quantity must equal their count), each texted its code by SMS (Settings → SMS must be on). Numbers must be distinct Kenyan mobiles.',
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(1000)
  @IsMsisdn({ each: true })
  @IsPresentIfGiven()
  phones?: string[];
}

export class TransferVoucherDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  routerId: string;
}

export class ExtendVoucherDto {
  @ApiProperty({ minimum: 60, maximum: 31622400, example: 86400, description: 'Seconds to add to the validity' })
  @IsInt()
  @Min(60)
  @Max(31622400)
  seconds: number;
}

export class BulkVoucherActionDto {
  @ApiProperty({ enum: BULK_ACTIONS, enumName: 'BulkVoucherAction' })
  @IsIn(BULK_ACTIONS)
  action: BulkAction;

  @ApiProperty({ type: [String], format: 'uuid', minItems: 1, maxItems: 500 })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(500)
  @IsUUID('all', { each: true })
  ids: string[];
}

export class BulkFailureDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() code: string;
  @ApiProperty() message: string;
}

export class BulkVoucherResultDto {
  @ApiProperty({ type: [String], format: 'uuid' }) succeeded: string[];
  @ApiProperty({ type: [BulkFailureDto] }) failed: BulkFailureDto[];
}

export class VoucherDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'Hotspot login (private)' }) code: string;
  @ApiProperty({ type: String, nullable: true, description: 'Separate hotspot password; null = the code' }) password: string | null;
  @ApiProperty({ description: 'Public payment reference (M-Pesa account number)' }) paymentReference: string;
  @ApiProperty({ enum: VOUCHER_STATUSES, enumName: 'VoucherStatus' }) status: VoucherStatus;
  @ApiProperty({ enum: VOUCHER_ACTIONS, enumName: 'VoucherAction', isArray: true, description: 'What this voucher allows now (resend_sms: it has a buyer phone)' }) allowedActions: VoucherAction[];
  @ApiProperty({ format: 'uuid' }) planId: string;
  @ApiProperty() planName: string;
  @ApiProperty({ description: 'Whole units' }) price: number;
  @ApiProperty() priceMinor: number;
  @ApiProperty({ enum: CURRENCIES, enumName: 'Currency' }) currency: Currency;
  @ApiProperty({ enum: PLAN_KINDS, enumName: 'PlanKind' }) kind: PlanKind;
  @ApiProperty({ type: Number, nullable: true }) uptimeLimitSeconds: number | null;
  @ApiProperty({ type: Number, nullable: true }) dataLimitBytes: number | null;
  @ApiProperty({ type: Number, nullable: true }) validitySeconds: number | null;
  @ApiProperty({ enum: VALIDITY_FROM, enumName: 'ValidityFrom' }) validityFrom: ValidityFrom;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'null = every router offering the plan' }) routerId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) batchId: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) pushedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) soldAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) firstLoginAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) expiresAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) expiredAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) disabledAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) refundedAt: string | null;
  @ApiProperty({ type: String, nullable: true }) refundReason: string | null;
  @ApiProperty() uptimeUsedSeconds: number;
  @ApiProperty() bytesUsed: number;
  @ApiProperty({ type: String, nullable: true, example: '2547•••••678', description: 'Masked' }) buyerPhone: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) paymentId: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'The reseller the card was handed to (docs/resellers.md); null when the provider holds it' }) resellerId: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'What the reseller owes for it once sold, integer minor units' }) resellerPriceMinor: number | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
}

export class VoucherOnRouterDto {
  @ApiProperty({ format: 'uuid' }) routerId: string;
  @ApiProperty() routerName: string;
  @ApiProperty({
    enum: ['on_router', 'waiting', 'not_pushed', 'not_wanted'],
    enumName: 'VoucherRouterState',
    description:
      'on_router: the router confirmed it; waiting: pushed, not confirmed yet (or refused: see the router’s Sync tab); not_pushed: never put on routers; not_wanted: taken off (expired, refunded)',
  })
  state: 'on_router' | 'waiting' | 'not_pushed' | 'not_wanted';
}

export class VoucherDetailDto extends VoucherDto {
  @ApiProperty({ type: [VoucherOnRouterDto], description: 'Per router of the voucher: whether the router holds it' }) routers: VoucherOnRouterDto[];
}

export class VoucherPageDto {
  @ApiProperty({ type: [VoucherDto] }) items: VoucherDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class VoucherCountsDto {
  @ApiProperty() available: number;
  @ApiProperty() sold: number;
  @ApiProperty() in_use: number;
  @ApiProperty() expired: number;
  @ApiProperty() disabled: number;
  @ApiProperty() refunded: number;
  @ApiProperty() total: number;
}

export class BatchRouterProgressDto {
  @ApiProperty({ format: 'uuid' }) routerId: string;
  @ApiProperty({ enum: ['queued', 'running', 'succeeded', 'failed'], enumName: 'BulkSyncStatus' }) status: 'queued' | 'running' | 'succeeded' | 'failed';
  @ApiProperty() total: number;
  @ApiProperty() done: number;
  @ApiProperty() failed: number;
  @ApiProperty({ type: String, nullable: true }) error: string | null;
}

export class BatchOnRouterDto {
  @ApiProperty({ format: 'uuid' }) routerId: string;
  @ApiProperty() routerName: string;
  @ApiProperty({ description: 'Vouchers of the batch still usable (available, sold, in use): what should be on the router' }) usable: number;
  @ApiProperty({ description: 'Of those, how many the platform has put in the router’s desired state (pushed)' }) pushed: number;
  @ApiProperty({ description: 'Of those, how many the router confirmed it holds' }) confirmed: number;
}

export class VoucherBatchDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ format: 'uuid' }) planId: string;
  @ApiProperty() planName: string;
  @ApiProperty() quantity: number;
  @ApiProperty({ description: 'Vouchers written so far' }) generated: number;
  @ApiProperty({ enum: BATCH_STATUSES, enumName: 'BatchStatus' }) status: BatchStatus;
  @ApiProperty({ type: String, nullable: true }) error: string | null;
  @ApiProperty() codeLength: number;
  @ApiProperty({ enum: CODE_ALPHABETS, enumName: 'CodeAlphabet' }) alphabet: CodeAlphabet;
  @ApiProperty({ type: String, nullable: true }) prefix: string | null;
  @ApiProperty() separatePassword: boolean;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) routerId: string | null;
  @ApiProperty() pushToRouter: boolean;
  @ApiProperty({ type: [BatchRouterProgressDto], description: 'Push progress per router (pushToRouter)' }) routers: BatchRouterProgressDto[];
  @ApiProperty({ type: [BatchOnRouterDto], description: 'What each router of the batch confirmed holding (batch detail only; empty in lists)' }) onRouters: BatchOnRouterDto[];
  @ApiProperty({ type: String, nullable: true }) label: string | null;
  @ApiProperty({ description: 'Phone numbers the batch was generated for, each texted its code (0 = printed cards)' }) smsRecipients: number;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) completedAt: string | null;
}

export class VoucherBatchPageDto {
  @ApiProperty({ type: [VoucherBatchDto] }) items: VoucherBatchDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class ListBatchesQueryDto extends PageQueryDto {}

const iso = (d: Date | null) => d?.toISOString() ?? null;

export function mapVoucher(v: Voucher): VoucherDto {
  return {
    id: v.id,
    code: v.code,
    password: v.password,
    paymentReference: v.paymentReference,
    status: v.status,
    // texting the code again needs a phone to text
    allowedActions: allowedVoucherActions(v.status).filter((action) => action !== 'resend_sms' || v.buyerPhone !== null),
    planId: v.planId,
    planName: v.planName,
    price: toWhole(v.priceMinor, v.currency),
    priceMinor: v.priceMinor,
    currency: v.currency,
    kind: v.kind,
    uptimeLimitSeconds: v.uptimeLimitSeconds,
    dataLimitBytes: v.dataLimitBytes,
    validitySeconds: v.validitySeconds,
    validityFrom: v.validityFrom,
    routerId: v.routerId,
    batchId: v.batchId,
    pushedAt: iso(v.pushedAt),
    soldAt: iso(v.soldAt),
    firstLoginAt: iso(v.firstLoginAt),
    expiresAt: iso(v.expiresAt),
    expiredAt: iso(v.expiredAt),
    disabledAt: iso(v.disabledAt),
    refundedAt: iso(v.refundedAt),
    refundReason: v.refundReason,
    uptimeUsedSeconds: v.uptimeUsedSeconds,
    bytesUsed: v.bytesUsed,
    buyerPhone: v.buyerPhone ? maskMsisdn(v.buyerPhone) : null,
    paymentId: v.paymentId,
    resellerId: v.resellerId,
    resellerPriceMinor: v.resellerPriceMinor,
    createdAt: v.createdAt.toISOString(),
  };
}

export function mapBatch(b: VoucherBatch, routers: BatchRouterProgressDto[], onRouters: BatchOnRouterDto[] = []): VoucherBatchDto {
  return {
    id: b.id,
    planId: b.planId,
    planName: b.planName,
    quantity: b.quantity,
    generated: b.generated,
    status: b.status,
    error: b.error,
    codeLength: b.codeLength,
    alphabet: b.alphabet,
    prefix: b.prefix,
    separatePassword: b.separatePassword,
    routerId: b.routerId,
    pushToRouter: b.pushToRouter,
    routers,
    onRouters,
    label: b.label,
    smsRecipients: b.phones?.length ?? 0,
    createdAt: b.createdAt.toISOString(),
    completedAt: iso(b.completedAt),
  };
}
