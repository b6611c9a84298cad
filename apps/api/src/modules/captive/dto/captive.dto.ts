import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsInt, IsOptional, IsString, IsUUID, Matches, Max, MaxLength, Min } from 'class-validator';
import { IsMsisdn } from '../../../common/validation/decorators';
import { PLAN_KINDS, PlanKind } from '../../plans';

const upper = ({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim().toUpperCase() : value);
const MAC = /^([0-9A-Fa-f]{2}[:-]){5}[0-9A-Fa-f]{2}$/;
const MAC_MESSAGE = { message: 'mac must be a MAC address' };
/** The header that carries a purchase's token (returned once, by POST /captive/purchases). */
export const PURCHASE_TOKEN_HEADER = 'x-purchase-token';

export const PORTAL_LANGUAGES = ['en', 'sw'] as const;
const SALES_STATES = ['open', 'paused', 'unavailable'] as const;
export type SalesState = (typeof SALES_STATES)[number];

export class CaptiveRouterParamsDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  routerId: string;
}

export class CaptivePurchaseQueryDto {
  @ApiProperty({ format: 'uuid', description: 'The router the portal was opened for' })
  @IsUUID('all')
  routerId: string;
}

export class CaptiveBrandingDto {
  @ApiProperty({ example: 'Mama Njeri WiFi' }) name: string;
  @ApiProperty({ type: String, nullable: true, description: 'Same-origin URL of the logo (covered by the walled garden)' }) logoUrl: string | null;
  @ApiProperty({ type: String, nullable: true, example: '#0B6E4F' }) accentColor: string | null;
}

export class CaptivePlanDto {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: '1 hour' }) name: string;
  @ApiProperty({ example: 20, description: 'Whole currency units' }) price: number;
  @ApiProperty({ example: 'KES' }) currency: string;
  @ApiProperty({ enum: PLAN_KINDS, enumName: 'PlanKind' }) kind: PlanKind;
  @ApiProperty({ type: Number, nullable: true, description: 'Usage time (uptime limit) in seconds' }) uptimeLimitSeconds: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Validity after activation/sale in seconds' }) validitySeconds: number | null;
  @ApiProperty({ type: Number, nullable: true }) dataLimitBytes: number | null;
  @ApiProperty({ type: String, nullable: true, example: '5M', description: 'Download speed (RouterOS rate)' }) downloadRate: string | null;
  @ApiProperty({ type: String, nullable: true, example: '2M' }) uploadRate: string | null;
  @ApiProperty({ example: 1 }) sharedUsers: number;
}

export class CaptiveRouterDto {
  @ApiProperty({ format: 'uuid' }) routerId: string;
  @ApiProperty({ type: CaptiveBrandingDto }) branding: CaptiveBrandingDto;
  @ApiProperty({ enum: SALES_STATES, enumName: 'CaptiveSalesState', description: 'open; paused (subscription lapsed); unavailable (provider suspended). Existing vouchers keep working.' })
  sales: SalesState;
  @ApiProperty({ type: [CaptivePlanDto], description: 'Empty unless sales are open' }) plans: CaptivePlanDto[];
  @ApiProperty({ enum: PORTAL_LANGUAGES, isArray: true }) languages: string[];
  @ApiProperty({ description: '"Recover by phone" can text the codes to the buyer (the provider has SMS on)' }) smsRecovery: boolean;
}

export class StartCaptivePurchaseDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  routerId: string;

  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  planId: string;

  @ApiProperty({ example: '0712345678', description: 'M-Pesa phone in any usual Kenyan form' })
  @MaxLength(20)
  @IsMsisdn()
  phone: string;

  @ApiPropertyOptional({ example: '02:11:22:33:44:55', description: 'The device MAC from the hotspot redirect; recorded so the purchase can be recovered by phone from this device' })
  @Matches(MAC, MAC_MESSAGE)
  @IsOptional()
  mac?: string;

  @ApiPropertyOptional({ example: '10.5.50.77', description: 'The device IP from the hotspot redirect' })
  @Matches(/^(\d{1,3}\.){3}\d{1,3}$/, { message: 'ip must be an IPv4 address' })
  @IsOptional()
  ip?: string;
}

export class CaptiveVoucherDto {
  @ApiProperty({ example: 'K7M4QX2P' }) code: string;
  @ApiProperty({ description: 'The hotspot password (equal to the code for single-code vouchers)' }) password: string;
}

const CAPTIVE_PURCHASE_STATUSES = ['pending', 'paid', 'failed', 'cancelled', 'expired', 'flagged'] as const;

export class CaptivePurchaseDto {
  @ApiProperty({ format: 'uuid', description: "The purchase's id; reading it also needs the token handed out when it was started" }) id: string;
  @ApiProperty({ enum: CAPTIVE_PURCHASE_STATUSES, enumName: 'CaptivePurchaseStatus' }) status: string;
  @ApiProperty({ example: 50 }) amount: number;
  @ApiProperty({ example: 'KES' }) currency: string;
  @ApiProperty({ example: '1 day' }) planName: string;
  @ApiProperty({ type: String, nullable: true, example: '2547•••••678' }) phone: string | null;
  @ApiProperty({ type: String, nullable: true, example: '1032', description: 'M-Pesa ResultCode when it failed' }) resultCode: string | null;
  @ApiProperty({ type: String, nullable: true, description: 'English text for the customer (the portal has its own per code, in English and Swahili)' }) message: string | null;
  @ApiProperty() retryable: boolean;
  @ApiProperty({ type: String, nullable: true, example: '••••••61SV', description: 'The M-Pesa receipt number, masked (last 4 characters only)' }) receipt: string | null;
  @ApiProperty({ type: CaptiveVoucherDto, nullable: true, description: 'Set once paid' }) voucher: CaptiveVoucherDto | null;
  @ApiProperty({ type: String, format: 'date-time' }) createdAt: string;
}

export class CaptivePurchaseStartedDto extends CaptivePurchaseDto {
  @ApiProperty({
    example: 'b3Jx0m9V1Q2fS8kq7y3tWZcE5uLhR4aN6pD0gKjT2sM',
    description: `Given once, to the client that started the purchase: send it as the ${PURCHASE_TOKEN_HEADER} header to read the purchase (only its hash is stored)`,
  })
  token: string;
}

export class CheckVoucherDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  routerId: string;

  @ApiProperty({ example: 'K7M4QX2P' })
  @Transform(upper)
  @IsString()
  @Matches(/^[A-Z0-9-]{4,32}$/, { message: 'code must be 4–32 letters or digits' })
  code: string;

  @ApiPropertyOptional({ example: '02:11:22:33:44:55', description: 'The device MAC from the hotspot redirect (code checks are limited per router and device)' })
  @Matches(MAC, MAC_MESSAGE)
  @IsOptional()
  mac?: string;
}

const VOUCHER_CHECK_REASONS = ['not_found', 'expired', 'disabled', 'other_router'] as const;

export class VoucherCheckResultDto {
  @ApiProperty() usable: boolean;
  @ApiProperty({ enum: VOUCHER_CHECK_REASONS, enumName: 'VoucherCheckReason', nullable: true }) reason: string | null;
  @ApiProperty({ type: String, nullable: true }) planName: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) expiresAt: string | null;
}

export class LoginCheckDto {
  @ApiProperty({ example: 'K7M4QX2P', description: 'The code (hotspot user name) the device tried, or is about to try, to log in with' })
  @Transform(upper)
  @IsString()
  @Matches(/^[A-Z0-9-]{4,32}$/, { message: 'code must be 4–32 letters or digits' })
  code: string;

  @ApiPropertyOptional({ example: '02:11:22:33:44:55', description: 'The device MAC from the hotspot redirect (code checks are limited per router and device)' })
  @Matches(MAC, MAC_MESSAGE)
  @IsOptional()
  mac?: string;
}

const LOGIN_CHECK_OUTCOMES = ['on_router', 'restored', 'not_found', 'expired', 'disabled', 'other_router', 'not_on_router', 'router_unreachable'] as const;
export type LoginCheckOutcome = (typeof LOGIN_CHECK_OUTCOMES)[number];

export class LoginCheckResultDto {
  @ApiProperty({
    enum: LOGIN_CHECK_OUTCOMES,
    enumName: 'LoginCheckOutcome',
    description:
      'on_router: the router has the code as the platform wants it (a refusal had another cause); restored: it was missing or different and has just been put on the router (log in again now); ' +
      'not_found / expired / disabled / other_router: the code cannot log in here (unknown codes and codes of other providers are both not_found); ' +
      'not_on_router: a valid code the platform has not set up on this router; router_unreachable: the router could not be asked',
  })
  outcome: LoginCheckOutcome;
  @ApiProperty({ description: 'Whether logging in with the code now can work (on_router, restored)' }) loginNow: boolean;
  @ApiProperty({ type: String, nullable: true }) planName: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) expiresAt: string | null;
}

export class RecoverPurchaseDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  routerId: string;

  @ApiPropertyOptional({ example: 'NLJ7RT61SV', description: 'M-Pesa receipt number (the code in the M-Pesa SMS)' })
  @Transform(upper)
  @IsString()
  @Matches(/^[A-Z0-9]{10}$/, { message: 'receipt must be the 10-character M-Pesa code' })
  @IsOptional()
  receipt?: string;

  @ApiPropertyOptional({ example: '0712345678', description: 'With amount, day and mac, instead of the receipt: only purchases started from that device are found' })
  @MaxLength(20)
  @IsMsisdn()
  @IsOptional()
  phone?: string;

  @ApiPropertyOptional({ example: 50, description: 'Whole KES' })
  @IsInt()
  @Min(1)
  @Max(250_000)
  @IsOptional()
  amount?: number;

  @ApiPropertyOptional({ example: '2026-05-01', description: 'Day of the payment (Nairobi), YYYY-MM-DD' })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'day must be YYYY-MM-DD' })
  @IsOptional()
  day?: string;

  @ApiPropertyOptional({ example: '02:11:22:33:44:55', description: 'The device MAC from the hotspot redirect; needed with phone: it must be the MAC the purchase was started from' })
  @Matches(MAC, MAC_MESSAGE)
  @IsOptional()
  mac?: string;
}

export class RecoverBySmsDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID('all')
  routerId: string;

  @ApiProperty({ example: '0712345678', description: 'The phone that paid: its codes of the last 7 days are texted to it (never shown on the page)' })
  @MaxLength(20)
  @IsMsisdn()
  phone: string;

  @ApiPropertyOptional({ example: '02:11:22:33:44:55', description: 'The device MAC from the hotspot redirect (the rate limit counts per device)' })
  @Matches(MAC, MAC_MESSAGE)
  @IsOptional()
  mac?: string;
}

export class RecoverBySmsResultDto {
  @ApiProperty({ description: 'The same answer whether or not the number bought here (a phone number is not a secret)' }) message: string;
}

export class RecoveredPurchasesDto {
  @ApiProperty({ type: [CaptivePurchaseDto] }) purchases: CaptivePurchaseDto[];
}
