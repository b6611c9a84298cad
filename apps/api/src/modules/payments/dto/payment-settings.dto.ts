import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, ValidateIf } from 'class-validator';
import { IsPresentIfGiven } from '../../../common/validation/present-if-given';
import { COLLECTION_MODES, CollectionMode, DARAJA_ENVIRONMENTS, PaymentSettings, SHORTCODE_TYPES, ShortcodeType } from '../entities/payment-settings.entity';

export class UpdatePaymentSettingsDto {
  @ApiProperty({ enum: COLLECTION_MODES, enumName: 'CollectionMode', description: 'platform: the platform collects (commission applies); own_account: your Daraja app (0 %)' })
  @IsIn(COLLECTION_MODES)
  mode: CollectionMode;

  @ApiPropertyOptional({ enum: DARAJA_ENVIRONMENTS, enumName: 'DarajaEnvironment' })
  @IsIn(DARAJA_ENVIRONMENTS)
  @IsPresentIfGiven()
  environment?: 'sandbox' | 'production';

  @ApiPropertyOptional({ enum: SHORTCODE_TYPES, enumName: 'ShortcodeType' })
  @IsIn(SHORTCODE_TYPES)
  @IsPresentIfGiven()
  shortcodeType?: ShortcodeType;

  @ApiPropertyOptional({ example: '174379', description: 'Paybill number, or the till’s store (HO) number' })
  @IsString()
  @Matches(/^\d{5,7}$/, { message: 'shortcode must be 5–7 digits' })
  @IsPresentIfGiven()
  shortcode?: string;

  @ApiPropertyOptional({ example: '600200', description: 'Till number (tills only)', nullable: true })
  @IsString()
  @Matches(/^\d{5,7}$/, { message: 'tillNumber must be 5–7 digits' })
  @IsOptional()
  tillNumber?: string | null;

  @ApiPropertyOptional({ description: 'Write-only; omit to keep the stored one', maxLength: 200 })
  @IsString()
  @MinLength(4)
  @MaxLength(200)
  @Matches(/^\S+$/, { message: 'consumerKey must not contain spaces' })
  @IsPresentIfGiven()
  consumerKey?: string;

  @ApiPropertyOptional({ description: 'Write-only; omit to keep the stored one', maxLength: 200 })
  @IsString()
  @MinLength(4)
  @MaxLength(200)
  @Matches(/^\S+$/, { message: 'consumerSecret must not contain spaces' })
  @IsPresentIfGiven()
  consumerSecret?: string;

  @ApiPropertyOptional({ description: 'Lipa Na M-Pesa Online passkey. Write-only; omit to keep the stored one', maxLength: 200 })
  @IsString()
  @MinLength(4)
  @MaxLength(200)
  @Matches(/^\S+$/, { message: 'passkey must not contain spaces' })
  @IsPresentIfGiven()
  passkey?: string;
}

export class PaymentSettingsDto {
  @ApiProperty({ enum: COLLECTION_MODES, enumName: 'CollectionMode' }) mode: CollectionMode;
  @ApiProperty({ description: 'Whether this installation offers platform collection' }) platformAvailable: boolean;
  @ApiProperty({ enum: DARAJA_ENVIRONMENTS, enumName: 'DarajaEnvironment', nullable: true }) environment: 'sandbox' | 'production' | null;
  @ApiProperty({ enum: SHORTCODE_TYPES, enumName: 'ShortcodeType', nullable: true }) shortcodeType: ShortcodeType | null;
  @ApiProperty({ nullable: true, type: String }) shortcode: string | null;
  @ApiProperty({ nullable: true, type: String }) tillNumber: string | null;
  @ApiProperty({ description: 'A consumer key is stored (never shown)' }) consumerKeySet: boolean;
  @ApiProperty({ description: 'A consumer secret is stored (never shown)' }) consumerSecretSet: boolean;
  @ApiProperty({ description: 'A passkey is stored (never shown)' }) passkeySet: boolean;
  @ApiProperty({ description: 'Commission that applies, in basis points (2000 = 20 %)' }) commissionRateBp: number;
  @ApiProperty({ description: 'A super admin set this provider’s rate' }) commissionOverridden: boolean;
  @ApiProperty({ enum: ['v1', 'v2'], nullable: true }) c2bVersion: 'v1' | 'v2' | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) c2bRegisteredAt: string | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) lastTestedAt: string | null;
  @ApiProperty({ nullable: true, type: Boolean }) lastTestOk: boolean | null;
  @ApiProperty({ nullable: true, type: String }) lastTestMessage: string | null;
  @ApiProperty({ description: 'The callback secret in the Daraja callback URLs was last replaced (null = never)', nullable: true, type: String, format: 'date-time' })
  callbackSecretRotatedAt: string | null;
  @ApiProperty({ description: 'The registered C2B URLs carry a replaced callback secret: register them again' }) c2bUrlsOutdated: boolean;
}

export function mapSettings(row: PaymentSettings, rateBp: number, platformAvailable: boolean): PaymentSettingsDto {
  return {
    mode: row.mode,
    platformAvailable,
    environment: row.environment,
    shortcodeType: row.shortcodeType,
    shortcode: row.shortcode,
    tillNumber: row.tillNumber,
    consumerKeySet: Boolean(row.consumerKeySealed),
    consumerSecretSet: Boolean(row.consumerSecretSealed),
    passkeySet: Boolean(row.passkeySealed),
    commissionRateBp: rateBp,
    commissionOverridden: row.commissionRateBp !== null,
    c2bVersion: row.c2bVersion,
    c2bRegisteredAt: row.c2bRegisteredAt?.toISOString() ?? null,
    lastTestedAt: row.lastTestedAt?.toISOString() ?? null,
    lastTestOk: row.lastTestOk,
    lastTestMessage: row.lastTestMessage,
    callbackSecretRotatedAt: row.callbackSecretRotatedAt?.toISOString() ?? null,
    c2bUrlsOutdated: row.c2bRegisteredAt !== null && row.c2bSecretVersion !== row.callbackSecretVersion,
  };
}

export class CredentialTestResultDto {
  @ApiProperty() ok: boolean;
  @ApiProperty() message: string;
}

export class C2bRegistrationDto {
  @ApiProperty() registered: boolean;
  @ApiProperty({ enum: ['v1', 'v2'], nullable: true }) version: 'v1' | 'v2' | null;
  @ApiProperty() message: string;
}

/** Where the platform shortcode's own C2B URLs stand (super admin). The secret in them is never returned. */
export class PlatformC2bStatusDto {
  @ApiProperty({ description: 'Whether platform collection is configured on this installation (DARAJA_PLATFORM_*)' }) configured: boolean;
  @ApiProperty({ nullable: true, type: String, description: 'The paybill, or the till number for a till: where customers pay by hand' }) shortcode: string | null;
  @ApiProperty({ enum: ['paybill', 'till'], nullable: true }) shortcodeType: 'paybill' | 'till' | null;
  @ApiProperty({ description: 'Whether the C2B URLs were registered with Daraja for this shortcode' }) registered: boolean;
  @ApiProperty({ enum: ['v1', 'v2'], nullable: true }) version: 'v1' | 'v2' | null;
  @ApiProperty({ nullable: true, type: String, format: 'date-time' }) registeredAt: string | null;
}

export class CommissionOverrideDto {
  @ApiProperty({ nullable: true, type: Number, minimum: 0, maximum: 10000, description: 'Basis points (2000 = 20 %); null = the provider type’s default' })
  @IsInt()
  @Min(0)
  @Max(10_000)
  @ValidateIf((o: { rateBp?: unknown }) => o.rateBp !== null)
  rateBp: number | null;
}
