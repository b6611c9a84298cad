import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ArrayMaxSize, ArrayMinSize, IsArray, IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min } from 'class-validator';
import { OptionalDate, OptionalUuid } from '../../../common/validation/decorators';
import { CASH_REFUSALS, CASH_SALE_MAX_VOUCHERS, CASH_SKIPS } from '../../vouchers';

/**
 * A cash sale of printed vouchers (docs/cash-sales.md): name them in exactly one way — ids, typed or
 * scanned codes, or a batch (optionally a range of print positions).
 */
export class CreateCashSaleDto {
  @ApiPropertyOptional({ type: [String], format: 'uuid', minItems: 1, maxItems: CASH_SALE_MAX_VOUCHERS, description: 'Vouchers by id' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(CASH_SALE_MAX_VOUCHERS)
  @IsUUID('all', { each: true })
  @IsOptional()
  voucherIds?: string[];

  @ApiPropertyOptional({
    type: [String],
    minItems: 1,
    maxItems: CASH_SALE_MAX_VOUCHERS,
    example: ['KS4X9M2P', 'http://wifi.example.test/login?username=AB3D7KQ9&password=AB3D7KQ9'],
    description: "Typed codes (any case; spaces and dashes ignored) or what a printed card's QR code holds (its `username` is the code)",
  })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(CASH_SALE_MAX_VOUCHERS)
  @IsString({ each: true })
  @MaxLength(300, { each: true })
  @IsOptional()
  codes?: string[];

  @OptionalUuid('A whole batch, or with fromSeq/toSeq a range of its cards')
  batchId?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: CASH_SALE_MAX_VOUCHERS, description: 'First print position of the range (1-based, included); absent = the first card' })
  @IsInt()
  @Min(1)
  @Max(CASH_SALE_MAX_VOUCHERS)
  @IsOptional()
  fromSeq?: number;

  @ApiPropertyOptional({ minimum: 1, maximum: CASH_SALE_MAX_VOUCHERS, description: 'Last print position of the range (included); absent = the last card' })
  @IsInt()
  @Min(1)
  @Max(CASH_SALE_MAX_VOUCHERS)
  @IsOptional()
  toSeq?: number;

  @OptionalDate('When the cash was taken (not in the future); default now. The ledger rows are dated then')
  soldAt?: string;
}

export class CashSaleAmountDto {
  @ApiProperty({ example: 'KES' }) currency: string;
  @ApiProperty({ description: 'Integer minor units' }) amountMinor: number;
}

const CASH_REASONS = [...CASH_SKIPS, ...CASH_REFUSALS] as const;
/** How many skipped and refused vouchers an answer lists (the counts cover them all). */
export const CASH_SALE_LISTED = 100;

export class CashSaleVoucherDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() code: string;
  @ApiProperty({ type: Number, nullable: true, description: 'Print position in its batch' }) batchSeq: number | null;
  @ApiProperty({ example: 'in_use' }) status: string;
  @ApiProperty({
    enum: CASH_REASONS,
    enumName: 'CashSaleReason',
    description:
      "Skipped: cash (recorded as a cash sale before), mpesa (sold through M-Pesa), reseller (a reseller's card whose sale is recorded). Refused: disabled, refunded, expired_unsold, reserved_for_mpesa (a portal purchase is paying for it)",
  })
  reason: (typeof CASH_REASONS)[number];
}

export class CashSaleResultDto {
  @ApiProperty({ description: 'Distinct vouchers named' }) named: number;
  @ApiProperty({ description: 'Recorded now: one ledger row each (method cash, or reseller at the reseller price for a card handed to a reseller; commission 0)' }) recorded: number;
  @ApiProperty({ type: [CashSaleAmountDto], description: 'What the recorded vouchers cost (a reseller card at its reseller price), per currency' }) recordedAmounts: CashSaleAmountDto[];
  @ApiProperty({ description: 'Recorded vouchers that were never put on a router (push their batch so they can log in)' }) notOnRouters: number;
  @ApiProperty({ type: String, format: 'date-time', description: 'The sale time the ledger rows carry' }) soldAt: string;
  @ApiProperty({ description: 'Sale already recorded (cash or M-Pesa): nothing written' }) skippedCount: number;
  @ApiProperty({ description: 'Not sellable: disabled, refunded, expired unsold, or reserved for an M-Pesa purchase' }) refusedCount: number;
  @ApiProperty({ type: [CashSaleVoucherDto], description: `The skipped vouchers, in print order (the first ${CASH_SALE_LISTED})` }) skipped: CashSaleVoucherDto[];
  @ApiProperty({ type: [CashSaleVoucherDto], description: `The refused vouchers, in print order (the first ${CASH_SALE_LISTED})` }) refused: CashSaleVoucherDto[];
}
