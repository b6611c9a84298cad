import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID, Matches } from 'class-validator';
import { Currency, toWhole } from '../../../common/money';
import { PageQueryDto } from '../../../common/pagination/page';
import { IsText, OptionalUuid } from '../../../common/validation/decorators';
import { ATTENTION_KINDS, ATTENTION_STATES, AttentionItem, AttentionKind, AttentionState } from '../entities/attention-item.entity';

class AttentionFilterQueryDto {
  @ApiPropertyOptional({ enum: ATTENTION_STATES, enumName: 'AttentionState', default: 'open', description: 'open: the queue; any other state lists the items resolved that way' })
  @IsIn(ATTENTION_STATES)
  @IsOptional()
  state?: AttentionState;

  @ApiPropertyOptional({ enum: ATTENTION_KINDS, enumName: 'AttentionKind' })
  @IsIn(ATTENTION_KINDS)
  @IsOptional()
  kind?: AttentionKind;
}

export class ListAttentionQueryDto extends IntersectionType(PageQueryDto, AttentionFilterQueryDto) {}

export class AdminListAttentionQueryDto extends ListAttentionQueryDto {
  @OptionalUuid('One provider; absent = every provider and the platform shortcode')
  providerId?: string;
}

export class DismissAttentionDto {
  @ApiProperty({ minLength: 3, maxLength: 500, example: 'Customer paid twice by mistake and was refunded by the shop' })
  @IsText(3, 500)
  reason: string;
}

export class RefundDueDto {
  @ApiPropertyOptional({ maxLength: 500, description: 'What was agreed with the customer' })
  @IsText(1, 500)
  @IsOptional()
  note?: string;
}

export class CreateClaimDto {
  @ApiProperty({ format: 'uuid', description: 'The expired STK purchase the customer says they paid' })
  @IsUUID('all')
  paymentId: string;

  @ApiProperty({ minLength: 3, maxLength: 300, example: 'Customer showed the M-Pesa SMS at the counter' })
  @IsText(3, 300)
  reason: string;
}

/**
 * Super admin: what unmatched C2B money paid for, when nothing said so (no account number matched
 * one purchase, an unknown or mistyped reference). At most one of the two; none for an item whose
 * payment is known.
 */
export class IssueAttentionVoucherDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'An unpaid STK purchase of the same amount (on the same shortcode) this money paid for' })
  @IsUUID('all')
  @IsOptional()
  paymentId?: string;

  @ApiPropertyOptional({ example: 'K7M2P9QX', description: 'An available voucher’s payment reference, at the same price, this money paid for' })
  @Matches(/^[A-Za-z0-9]{1,12}$/, { message: 'reference must be 1–12 letters and digits' })
  @IsOptional()
  reference?: string;
}

export class AttentionItemDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: "null: money on the platform's shortcode with no provider (super admin)" }) providerId: string | null;
  @ApiProperty({ enum: ATTENTION_KINDS, enumName: 'AttentionKind' }) kind: AttentionKind;
  @ApiProperty({ enum: ATTENTION_STATES, enumName: 'AttentionState' }) state: AttentionState;
  @ApiProperty({ description: 'Why it needs attention' }) reason: string;
  @ApiProperty({ description: 'Whole units' }) amount: number;
  @ApiProperty({ description: 'Integer minor units' }) amountMinor: number;
  @ApiProperty() currency: string;
  @ApiProperty({ nullable: true, type: String }) receipt: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Payment reference / account number the customer used' }) reference: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Masked' }) phone: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) paymentId: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The webhook log (unmatched C2B)' }) webhookLogId: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) statementLineId: string | null;
  @ApiProperty({ description: 'Whether "issue the voucher" applies (a payment whose plan is known)' }) canIssueVoucher: boolean;
  @ApiProperty({ description: 'Super admin: unmatched C2B money can be issued for a chosen purchase or payment reference' }) canChoosePurchase: boolean;
  @ApiProperty({ format: 'date-time', description: 'When the money moved (or the push was made)' }) occurredAt: string;
  @ApiProperty({ nullable: true, type: String, description: 'Dismissal reason or refund note' }) note: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The voucher issued for it' }) voucherId: string | null;
  @ApiProperty({ nullable: true, type: String }) resolvedBy: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) resolvedAt: string | null;
}

export class AttentionPageDto {
  @ApiProperty({ type: [AttentionItemDto] }) items: AttentionItemDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class AttentionCountDto {
  @ApiProperty({ description: 'Items waiting in the queue (the navigation badge)' }) open: number;
}

export class IssuedAttentionDto extends AttentionItemDto {
  @ApiProperty({ description: 'The voucher code to give the customer' }) voucherCode: string;
}

export function mapAttentionItem(a: AttentionItem): AttentionItemDto {
  return {
    id: a.id,
    providerId: a.providerId,
    kind: a.kind,
    state: a.state,
    reason: a.reason,
    amount: toWhole(a.amountMinor, a.currency as Currency),
    amountMinor: a.amountMinor,
    currency: a.currency,
    receipt: a.receipt,
    reference: a.reference,
    phone: a.phoneMasked,
    paymentId: a.paymentId,
    webhookLogId: a.webhookLogId,
    statementLineId: a.statementLineId,
    canIssueVoucher: a.state === 'open' && a.paymentId !== null,
    canChoosePurchase: a.state === 'open' && a.paymentId === null && a.kind === 'unmatched_c2b' && a.webhookLogId !== null,
    occurredAt: a.occurredAt.toISOString(),
    note: a.note,
    voucherId: a.voucherId,
    resolvedBy: a.resolvedByEmail,
    resolvedAt: a.resolvedAt?.toISOString() ?? null,
  };
}
