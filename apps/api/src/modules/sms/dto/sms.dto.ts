import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Matches, MaxLength, MinLength, ValidateIf } from 'class-validator';
import { PageQueryDto } from '../../../common/pagination/page';
import { IsMsisdn } from '../../../common/validation/decorators';
import { IsPresentIfGiven } from '../../../common/validation/present-if-given';
import { DELIVERY_STATUSES, MESSAGE_STATUSES } from '../../notifications';
import type { DeliveryStatus, MessageStatus, SmsAccount } from '../../notifications';
import { SMS_LOCALES, SMS_MODES, SmsLocale, SmsMode } from '../entities/sms-settings.entity';

export class UpdateSmsSettingsDto {
  @ApiProperty({ enum: SMS_MODES, enumName: 'SmsMode', description: "platform: the platform's Africa's Talking account (counted against your plan); own: your AT app; off: no SMS" })
  @IsIn(SMS_MODES)
  mode: SmsMode;

  @ApiPropertyOptional({ enum: ['sandbox', 'production'], description: 'Own account only' })
  @IsIn(['sandbox', 'production'])
  @IsPresentIfGiven()
  atEnvironment?: 'sandbox' | 'production';

  @ApiPropertyOptional({ example: 'mamanjeri', description: "Own account: the AT app's username (`sandbox` for the sandbox)" })
  @IsString()
  @Matches(/^[A-Za-z0-9_.-]{1,100}$/, { message: 'atUsername must be 1–100 letters, digits, "_", "." or "-"' })
  @IsPresentIfGiven()
  atUsername?: string;

  @ApiPropertyOptional({ description: 'Own account: the API key. Write-only; omit to keep the stored one', maxLength: 200 })
  @IsString()
  @MinLength(8)
  @MaxLength(200)
  @Matches(/^\S+$/, { message: 'atApiKey must not contain spaces' })
  @IsPresentIfGiven()
  atApiKey?: string;

  @ApiPropertyOptional({ type: String, nullable: true, example: 'MAMANJERI', description: "Own account: a sender ID registered on the app (null = AT's shared sender)" })
  @ValidateIf((_, v) => v !== null)
  @IsString()
  @Matches(/^[A-Za-z0-9]{1,11}$/, { message: 'senderId must be 1–11 letters or digits' })
  @IsOptional()
  senderId?: string | null;

  @ApiPropertyOptional({ description: 'Text the code to the buyer after an M-Pesa purchase (default on)' })
  @IsBoolean()
  @IsPresentIfGiven()
  voucherSms?: boolean;

  @ApiPropertyOptional({ enum: SMS_LOCALES, enumName: 'SmsLocale', description: 'Language of customer SMS' })
  @IsIn(SMS_LOCALES)
  @IsPresentIfGiven()
  locale?: SmsLocale;
}

export class SmsSettingsDto {
  @ApiProperty({ enum: SMS_MODES, enumName: 'SmsMode' }) mode: SmsMode;
  @ApiProperty({ description: "Whether this installation offers the platform's SMS account" }) platformAvailable: boolean;
  @ApiProperty({ nullable: true, type: String, description: 'The sender customers see with the platform account (null = the gateway’s shared sender)' })
  platformSenderId: string | null;
  @ApiProperty({ enum: ['sandbox', 'production'], nullable: true }) atEnvironment: 'sandbox' | 'production' | null;
  @ApiProperty({ nullable: true, type: String }) atUsername: string | null;
  @ApiProperty({ description: 'An API key is stored (never shown)' }) atApiKeySet: boolean;
  @ApiProperty({ nullable: true, type: String }) senderId: string | null;
  @ApiProperty() voucherSms: boolean;
  @ApiProperty({ enum: SMS_LOCALES, enumName: 'SmsLocale' }) locale: SmsLocale;
  @ApiProperty({ description: "Register this as the app's Delivery Reports callback URL on Africa's Talking (own account; it carries a secret)" })
  deliveryReportUrl: string;
  @ApiProperty({ description: 'SMS can be sent now (mode not off, and an account to send with)' }) active: boolean;
}

export class SendTestSmsDto {
  @ApiProperty({ example: '0712345678' })
  @MaxLength(20)
  @IsMsisdn()
  phone: string;
}

export class SmsQueuedDto {
  @ApiProperty({ description: 'false: an identical message was already queued for this event' }) queued: boolean;
  @ApiProperty({ description: 'Masked number the message goes to', example: '2547•••••678' }) to: string;
}

class SmsFilterQueryDto {
  @ApiPropertyOptional({ enum: MESSAGE_STATUSES, enumName: 'MessageStatus' })
  @IsIn(MESSAGE_STATUSES)
  @IsOptional()
  status?: MessageStatus;

  @ApiPropertyOptional({ enum: [...DELIVERY_STATUSES, 'none'], description: 'From the delivery reports; none = no report yet' })
  @IsIn([...DELIVERY_STATUSES, 'none'])
  @IsOptional()
  delivery?: DeliveryStatus | 'none';

  @ApiPropertyOptional({ description: 'Digits of the phone number (3–12)', example: '678' })
  @Matches(/^\d{3,12}$/, { message: 'phone must be 3–12 digits' })
  @IsOptional()
  phone?: string;

  @ApiPropertyOptional({ description: 'Template key', example: 'voucher_code' })
  @Matches(/^[a-z_]{1,64}$/, { message: 'template must be a template key' })
  @IsOptional()
  template?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsUUID('all')
  @IsOptional()
  voucherId?: string;
}

export class ListSmsQueryDto extends IntersectionType(PageQueryDto, SmsFilterQueryDto) {}

export class SmsMessageDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ description: 'Masked', example: '2547•••••678' }) to: string;
  @ApiProperty({ example: 'voucher_code' }) template: string;
  @ApiProperty() locale: string;
  @ApiProperty({ description: 'The text (a one-time link is erased once sent)' }) text: string;
  @ApiProperty({ nullable: true, type: Number, description: 'Parts billed' }) segments: number | null;
  @ApiProperty({ enum: MESSAGE_STATUSES, enumName: 'MessageStatus' }) status: MessageStatus;
  @ApiProperty() attempts: number;
  @ApiProperty({ nullable: true, type: String }) lastError: string | null;
  @ApiProperty({ enum: ['own', 'platform'], nullable: true }) account: SmsAccount | null;
  @ApiProperty({ nullable: true, type: Number, description: 'Currency units with cents (0.8)', example: 0.8 }) cost: number | null;
  @ApiProperty({ nullable: true, type: String }) currency: string | null;
  @ApiProperty({ enum: DELIVERY_STATUSES, enumName: 'DeliveryStatus', nullable: true }) delivery: DeliveryStatus | null;
  @ApiProperty({ nullable: true, type: String, example: 'Failed: AbsentSubscriber' }) deliveryDetail: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'uuid' }) voucherId: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) sentAt: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) deliveredAt: string | null;
}

export class SmsMessagePageDto {
  @ApiProperty({ type: [SmsMessageDto] }) items: SmsMessageDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor: string | null;
}

export class SmsCostDto {
  @ApiProperty({ enum: ['own', 'platform'] }) account: SmsAccount;
  @ApiProperty() currency: string;
  @ApiProperty({ description: 'Currency units with cents', example: 12.8 }) cost: number;
  @ApiProperty() segments: number;
  @ApiProperty() messages: number;
}

export class SmsUsageDto {
  @ApiProperty({ example: '2026-12', description: 'The Nairobi calendar month counted' }) month: string;
  @ApiProperty() messages: number;
  @ApiProperty() segments: number;
  @ApiProperty({ type: [SmsCostDto] }) cost: SmsCostDto[];
  @ApiProperty({ description: "Parts sent through the platform's account this month" }) platformSegments: number;
  @ApiProperty({ nullable: true, type: Number, description: "Parts a month your plan allows on the platform's account (null = no cap)" })
  platformAllowance: number | null;
}

export class SmsWebhookParamsDto {
  @ApiProperty({ description: 'The secret in the delivery-report URL' })
  @Matches(/^[A-Za-z0-9_-]{16,128}$/, { message: 'secret is not valid' })
  secret: string;
}

export class SmsDeliveryAckDto {
  @ApiProperty({ description: 'Whether the report matched a message we sent' }) matched: boolean;
}
