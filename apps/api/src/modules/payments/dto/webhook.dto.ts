import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsObject, IsOptional, IsString, Matches, MaxLength, registerDecorator, ValidateNested, ValidationOptions } from 'class-validator';

/** A JSON number or a short string (Daraja sends ResultCode as a number, except codes like SFC_IC0003). */
function IsNumberOrShortString(max: number, options?: ValidationOptions): PropertyDecorator {
  return (target: object, propertyName: string | symbol) =>
    registerDecorator({
      name: 'isNumberOrShortString',
      target: target.constructor,
      propertyName: String(propertyName),
      options: { message: `$property must be a number or a string of at most ${max} characters`, ...options },
      validator: { validate: (v: unknown) => (typeof v === 'number' && Number.isFinite(v)) || (typeof v === 'string' && v.length <= max) },
    });
}

export class WebhookParamsDto {
  @ApiProperty({ format: 'uuid' })
  @Matches(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, { message: 'providerId must be a UUID' })
  providerId: string;

  @ApiProperty({ description: 'The provider’s callback secret (part of the URL Daraja was given)' })
  @Matches(/^[A-Za-z0-9_-]{16,128}$/, { message: 'secret is not valid' })
  secret: string;
}

export class PlatformWebhookParamsDto {
  @ApiProperty({ description: 'The platform shortcode’s C2B secret (part of the URLs registered with Daraja)' })
  @Matches(/^[A-Za-z0-9_-]{16,128}$/, { message: 'secret is not valid' })
  secret: string;
}

export class StkCallbackItemDto {
  @ApiProperty({ example: 'MpesaReceiptNumber' })
  @IsString()
  @MaxLength(40)
  Name: string;

  @ApiPropertyOptional({ oneOf: [{ type: 'number' }, { type: 'string' }], description: 'Absent on the Balance item of real callbacks' })
  @IsNumberOrShortString(64)
  @IsOptional()
  Value?: number | string;
}

export class StkCallbackMetadataDto {
  @ApiProperty({ type: [StkCallbackItemDto] })
  @IsArray()
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => StkCallbackItemDto)
  Item: StkCallbackItemDto[];
}

export class StkCallbackResultDto {
  @ApiProperty()
  @IsString()
  @MaxLength(64)
  MerchantRequestID: string;

  @ApiProperty()
  @IsString()
  @MaxLength(64)
  CheckoutRequestID: string;

  @ApiProperty({ oneOf: [{ type: 'number' }, { type: 'string' }], example: 0 })
  @IsNumberOrShortString(16)
  ResultCode: number | string;

  @ApiProperty()
  @IsString()
  @MaxLength(300)
  ResultDesc: string;

  @ApiPropertyOptional({ type: StkCallbackMetadataDto })
  @IsObject()
  @ValidateNested()
  @Type(() => StkCallbackMetadataDto)
  @IsOptional()
  CallbackMetadata?: StkCallbackMetadataDto;
}

export class StkCallbackBodyDto {
  @ApiProperty({ type: StkCallbackResultDto })
  @IsObject()
  @ValidateNested()
  @Type(() => StkCallbackResultDto)
  stkCallback: StkCallbackResultDto;
}

/** Safaricom's STK callback `{ Body: { stkCallback: … } }` (docs/mpesa.md §4). */
export class StkCallbackDto {
  @ApiProperty({ type: StkCallbackBodyDto })
  @IsObject()
  @ValidateNested()
  @Type(() => StkCallbackBodyDto)
  Body: StkCallbackBodyDto;
}

export class StkCallbackAckDto {
  @ApiProperty({ example: 0 }) ResultCode: number;
  @ApiProperty({ example: 'Accepted' }) ResultDesc: string;
}

/** C2B validation/confirmation body (docs/mpesa.md §7): every value is a string. */
export class C2bPayloadDto {
  @ApiProperty({ example: 'Pay Bill' })
  @IsString()
  @MaxLength(40)
  TransactionType: string;

  @ApiProperty({ example: 'RKL51ZDR4F' })
  @IsString()
  @MaxLength(20)
  TransID: string;

  @ApiProperty({ example: '20231121121325' })
  @IsString()
  @MaxLength(20)
  TransTime: string;

  @ApiProperty({ example: '5.00' })
  @IsString()
  @MaxLength(20)
  TransAmount: string;

  @ApiProperty({ example: '600966' })
  @IsString()
  @MaxLength(10)
  BusinessShortCode: string;

  @ApiProperty({ example: 'AB12CD34', description: 'The account number the customer typed (empty for tills)' })
  @IsString()
  @MaxLength(40)
  BillRefNumber: string;

  @ApiPropertyOptional() @IsString() @MaxLength(40) @IsOptional() InvoiceNumber?: string;
  @ApiPropertyOptional() @IsString() @MaxLength(30) @IsOptional() OrgAccountBalance?: string;
  @ApiPropertyOptional() @IsString() @MaxLength(64) @IsOptional() ThirdPartyTransID?: string;

  @ApiProperty({ description: 'v1: SHA-256 hex; v2: masked' })
  @IsString()
  @MaxLength(80)
  MSISDN: string;

  @ApiPropertyOptional() @IsString() @MaxLength(60) @IsOptional() FirstName?: string;
  @ApiPropertyOptional() @IsString() @MaxLength(60) @IsOptional() MiddleName?: string;
  @ApiPropertyOptional() @IsString() @MaxLength(60) @IsOptional() LastName?: string;
}

export class C2bValidationAnswerDto {
  @ApiProperty({ example: '0', description: '"0" accepts; C2B00011–C2B00016 reject' }) ResultCode: string;
  @ApiProperty({ example: 'Accepted' }) ResultDesc: string;
  @ApiPropertyOptional() ThirdPartyTransID?: string;
}
