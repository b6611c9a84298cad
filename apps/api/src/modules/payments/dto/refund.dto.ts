import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsString, Matches, ValidateIf } from 'class-validator';
import { IsText } from '../../../common/validation/decorators';
import { REFUND_METHODS, RefundMethod } from '../entities/ledger-entry.entity';

/**
 * Refund a sold voucher: how the money went back, its reference and why (docs/mpesa.md, Refunds).
 * A paid voucher needs `mpesa_reversal` (with the reversal's transaction id) or `cash` (own-account
 * collection only); `none` is for a voucher without a recorded payment.
 */
export class RefundVoucherDto {
  @ApiProperty({
    enum: REFUND_METHODS,
    enumName: 'RefundMethod',
    description: 'mpesa_reversal: reversed through M-Pesa (reference = the reversal transaction id); cash: handed back in cash; none: no money to give back (no recorded payment)',
  })
  @IsIn(REFUND_METHODS)
  method: RefundMethod;

  @ApiPropertyOptional({ maxLength: 20, example: 'QK71ABC2DE', description: 'Required for mpesa_reversal: the M-Pesa reversal transaction id (letters and digits)' })
  @Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value))
  @ValidateIf((o: RefundVoucherDto) => o.method === 'mpesa_reversal' || (o.reference !== undefined && o.reference !== null))
  @IsString({ message: 'reference (the M-Pesa reversal transaction id) is required for mpesa_reversal' })
  @Matches(/^[A-Z0-9]{6,20}$/, { message: 'reference must be a transaction id (6 to 20 letters and digits)' })
  reference?: string;

  @ApiProperty({ example: 'Customer could not connect', minLength: 3, maxLength: 500 })
  @IsText(3, 500)
  reason: string;
}
