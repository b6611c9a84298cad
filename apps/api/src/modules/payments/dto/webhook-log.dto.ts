import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsIn, IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { maskCheckoutRequestId } from '@wavu/daraja';
import { PageQueryDto } from '../../../common/pagination/page';
import { WEBHOOK_KINDS, WEBHOOK_OUTCOMES, WebhookKind, WebhookLog, WebhookOutcome } from '../entities/webhook-log.entity';
import { mask } from '../webhook-mask';

class WebhookLogFilterQueryDto {
  @ApiPropertyOptional({
    description: 'An M-Pesa receipt / TransID, a payment reference or a CheckoutRequestID (exact), or the payer’s phone number in any usual form (0712 345 678)',
    maxLength: 64,
  })
  @IsString()
  @MaxLength(64)
  @Matches(/^[A-Za-z0-9_+\-() ]+$/, { message: 'search must be a receipt, a payment reference, a CheckoutRequestID or a phone number' })
  @IsOptional()
  search?: string;

  @ApiPropertyOptional({ enum: WEBHOOK_KINDS, enumName: 'WebhookKind' })
  @IsIn(WEBHOOK_KINDS)
  @IsOptional()
  kind?: WebhookKind;

  @ApiPropertyOptional({ enum: WEBHOOK_OUTCOMES, enumName: 'WebhookOutcome' })
  @IsIn(WEBHOOK_OUTCOMES)
  @IsOptional()
  outcome?: WebhookOutcome;
}

export class ListWebhookLogsQueryDto extends IntersectionType(PageQueryDto, WebhookLogFilterQueryDto) {}

export class AdminListWebhookLogsQueryDto extends ListWebhookLogsQueryDto {
  @ApiPropertyOptional({ enum: ['all', 'unrouted'], default: 'all', description: 'unrouted: only money no provider could be found for' })
  @IsIn(['all', 'unrouted'])
  @IsOptional()
  routing?: 'all' | 'unrouted';
}

export class WebhookLogDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ enum: WEBHOOK_KINDS, enumName: 'WebhookKind' }) kind: WebhookKind;
  @ApiProperty({ enum: WEBHOOK_OUTCOMES, enumName: 'WebhookOutcome', description: 'received: not handled yet; failed: kept for the reconciliation job to replay' })
  outcome: WebhookOutcome;
  @ApiProperty({ nullable: true, type: String, description: 'What handling it did or why not' }) detail: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'CheckoutRequestID (its phone digits masked) or TransID' }) externalId: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'MpesaReceiptNumber / TransID' }) receipt: string | null;
  @ApiProperty({ nullable: true, type: String }) paymentReference: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid', description: 'The payment it led to' }) paymentId: string | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Time spent handling it' }) durationMs: number | null;
  @ApiProperty({ format: 'date-time' }) receivedAt: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) processedAt: string | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'The body as Daraja sent it, phones masked and names reduced to an initial' }) body: unknown;
}

export class WebhookLogPageDto {
  @ApiProperty({ type: [WebhookLogDto] }) items: WebhookLogDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export function mapWebhookLog(w: WebhookLog): WebhookLogDto {
  return {
    id: w.id,
    kind: w.kind,
    outcome: w.outcome,
    detail: w.detail,
    // a CheckoutRequestID ends with the phone (docs/architecture.md rule 14)
    externalId: w.kind === 'stk' && w.externalId ? maskCheckoutRequestId(w.externalId) : w.externalId,
    receipt: w.receipt,
    paymentReference: w.paymentReference,
    paymentId: w.paymentId,
    durationMs: w.durationMs,
    receivedAt: w.createdAt.toISOString(),
    processedAt: w.processedAt?.toISOString() ?? null,
    // a failed or unhandled body is still raw in the table: masked here
    body: mask(w.body),
  };
}
