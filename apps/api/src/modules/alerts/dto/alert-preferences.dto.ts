import { applyDecorators } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsBoolean, IsDefined, IsIn, IsObject, ValidateNested } from 'class-validator';
import { ALERT_CATEGORIES, ALERT_LANGUAGES, type AlertCategory, type AlertLanguage } from '../alert-kinds';
import type { AlertChoices } from '../alert-choices';

export class AlertChannelsDto {
  @ApiProperty({ description: 'By e-mail to your login address' })
  @IsBoolean()
  email: boolean;

  @ApiProperty({ description: 'By SMS to your mobile number (needs one on your profile: PATCH /auth/me)' })
  @IsBoolean()
  sms: boolean;
}

const nested = (description: string): PropertyDecorator =>
  applyDecorators(
    ApiProperty({ type: AlertChannelsDto, description }),
    IsDefined(),
    IsObject(),
    ValidateNested(),
    Type(() => AlertChannelsDto),
  );

export class AlertCategoriesDto {
  @nested('A router offline longer than ALERT_ROUTER_OFFLINE_MINUTES, and back online after such an outage')
  router: AlertChannelsDto;

  @nested('A change the platform could not make on a router after every attempt (dead letter)')
  provisioning: AlertChannelsDto;

  @nested('A new item in Needs attention (money that did not become a voucher by itself)')
  payments: AlertChannelsDto;

  @nested('The subscription or trial about to end (7 and 1 days before); owner only')
  subscription: AlertChannelsDto;
}

export class UpdateAlertPreferencesDto {
  @ApiProperty({ enum: ALERT_LANGUAGES, enumName: 'AlertLanguage', description: 'The language of the e-mails and SMS: English or Swahili' })
  @IsIn(ALERT_LANGUAGES)
  language: AlertLanguage;

  @ApiProperty({ type: AlertCategoriesDto })
  @IsDefined()
  @IsObject()
  @ValidateNested()
  @Type(() => AlertCategoriesDto)
  categories: AlertCategoriesDto;
}

export class AlertPreferencesDto {
  @ApiProperty({ enum: ALERT_LANGUAGES, enumName: 'AlertLanguage' })
  language: AlertLanguage;

  @ApiProperty({ type: AlertCategoriesDto })
  categories: AlertCategoriesDto;

  @ApiProperty({ enum: ALERT_CATEGORIES, enumName: 'AlertCategory', isArray: true, description: 'The categories you may receive (staff: everything but the subscription)' })
  available: AlertCategory[];

  @ApiProperty({ type: String, nullable: true, example: '+254712345678', description: 'Your mobile number SMS alerts go to (set with PATCH /auth/me); SMS needs one' })
  phone: string | null;

  @ApiProperty({ description: 'false: nothing saved yet, these are the defaults (the owner: every category by e-mail; staff: nothing)' })
  saved: boolean;

  @ApiProperty({ description: 'A router is reported after this many minutes without an answer (ALERT_ROUTER_OFFLINE_MINUTES)' })
  routerOfflineMinutes: number;

  @ApiProperty({ type: Number, isArray: true, example: [7, 1], description: 'Days before the subscription ends that the owner is reminded (ALERT_SUBSCRIPTION_DAYS)' })
  subscriptionDays: number[];
}

/** The settings the words on the page depend on. */
export interface AlertThresholds {
  routerOfflineMinutes: number;
  subscriptionDays: number[];
}

export function mapPreferences(
  view: { language: AlertLanguage; choices: AlertChoices; saved: boolean },
  available: AlertCategory[],
  phone: string | null,
  thresholds: AlertThresholds,
): AlertPreferencesDto {
  return { language: view.language, categories: view.choices, available, phone, saved: view.saved, ...thresholds };
}
