import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';
import { PageQueryDto } from '../../../common/pagination/page';
import { PaymentDto } from './payment.dto';

export class ListCustomersQueryDto extends PageQueryDto {
  @ApiPropertyOptional({ description: 'A phone number (any usual form), its last digits (at least 3), or an M-Pesa receipt', maxLength: 20, example: '0712345678' })
  @IsString()
  @MaxLength(20)
  @Matches(/^[A-Za-z0-9+\s-]+$/, { message: 'search may contain a phone number, digits or a receipt' })
  @IsOptional()
  search?: string;
}

export class CustomerDto {
  @ApiProperty({ format: 'uuid', description: 'Stable id of this buyer (for their purchases)' }) id: string;
  @ApiProperty({ type: String, nullable: true, example: '2547•••••678' }) phone: string | null;
  @ApiProperty() purchases: number;
  @ApiProperty({ description: 'Of the purchases, paid by M-Pesa STK push (the captive portal)' }) stkPurchases: number;
  @ApiProperty({ description: 'Of the purchases, paid to the paybill (C2B). Cash sales have no buyer phone, so no buyer' }) paybillPurchases: number;
  @ApiProperty({ description: 'Whole units' }) total: number;
  @ApiProperty({ example: 'KES' }) currency: string;
  @ApiProperty({ type: String, format: 'date-time' }) firstPurchaseAt: string;
  @ApiProperty({ type: String, format: 'date-time' }) lastPurchaseAt: string;
  @ApiProperty() lastPlanName: string;
}

export class CustomerPageDto {
  @ApiProperty({ type: [CustomerDto] }) items: CustomerDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor: string | null;
}

export class CustomerPurchasesDto {
  @ApiProperty({ type: [PaymentDto], description: 'The latest 100 paid purchases, newest first' }) items: PaymentDto[];
}
