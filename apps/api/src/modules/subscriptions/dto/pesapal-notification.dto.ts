import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, Matches, MaxLength } from 'class-validator';

/** Pesapal's IPN and return redirect (public): hints only, each confirmed with GetTransactionStatus. */
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
