import { Inject, Injectable } from '@nestjs/common';
import type { AtCredentials } from '@wavu/africastalking';
import { randomBytes } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { RequestContext } from '../../common/auth/decorators';
import { Principal } from '../../common/auth/principal';
import { SecretBox } from '../../common/crypto/secret-box';
import { sha256 } from '../../common/crypto/tokens';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { AuditService } from '../audit';
import type { SmsAccount } from '../notifications';
import { SmsSettingsDto, UpdateSmsSettingsDto } from './dto/sms.dto';
import { SmsLocale, SmsMode, SmsSettings } from './entities/sms-settings.entity';
import { SmsErrorCode, SmsException } from './sms.exception';
import { SmsSettingsRepository } from './sms-settings.repository';

/** What sending needs: whose account, its credentials and sender, and the customer SMS options. */
export interface SmsAccountInUse {
  account: SmsAccount;
  credentials: AtCredentials;
  senderId: string | null;
}

export interface SmsPreferences {
  mode: SmsMode;
  /** null: SMS cannot be sent (off, or no account to send with) */
  sending: SmsAccountInUse | null;
  voucherSms: boolean;
  locale: SmsLocale;
}

const API_KEY_CONTEXT = (providerId: string) => `sms-settings:${providerId}:apiKey`;
const CALLBACK_CONTEXT = (providerId: string) => `sms-settings:${providerId}:callback`;

/**
 * A provider's SMS settings (docs/sms.md §8): platform account, own Africa's Talking app or off;
 * the key sealed, never returned; the delivery-report URL with its own secret.
 */
@Injectable()
export class SmsSettingsService {
  constructor(
    private readonly repo: SmsSettingsRepository,
    private readonly box: SecretBox,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private async row(providerId: string): Promise<SmsSettings> {
    const existing = await this.repo.findByProvider(providerId);
    if (existing) return existing;
    const secret = randomBytes(24).toString('base64url');
    return this.repo.insertIfMissing({
      providerId,
      mode: this.config.sms.platform ? 'platform' : 'off',
      callbackSecretSealed: this.box.seal(secret, CALLBACK_CONTEXT(providerId)),
      callbackSecretHash: sha256(secret),
    });
  }

  async get(providerId: string): Promise<SmsSettingsDto> {
    const row = await this.row(providerId);
    const secret = this.box.open(row.callbackSecretSealed, CALLBACK_CONTEXT(providerId));
    const prefs = this.preferencesOf(row);
    return {
      mode: row.mode,
      platformAvailable: this.config.sms.platform !== null,
      platformSenderId: this.config.sms.platform?.senderId ?? null,
      atEnvironment: row.atEnvironment,
      atUsername: row.atUsername,
      atApiKeySet: row.atApiKeySealed !== null,
      senderId: row.senderId,
      voucherSms: row.voucherSms,
      locale: row.locale,
      deliveryReportUrl: `${this.config.sms.callbackBaseUrl}/api/v1/webhooks/africastalking/${secret}/delivery-reports`,
      active: prefs.sending !== null,
    };
  }

  async update(providerId: string, dto: UpdateSmsSettingsDto, actor: Principal, context: RequestContext): Promise<SmsSettingsDto> {
    const row = await this.row(providerId);
    if (dto.mode === 'platform' && !this.config.sms.platform) {
      throw new SmsException(SmsErrorCode.SMS_SETTINGS_INVALID, "This installation does not offer the platform's SMS account", [
        { field: 'mode', messages: ['the platform SMS account is not offered'] },
      ]);
    }
    const changes: Partial<SmsSettings> = { mode: dto.mode };
    if (dto.atEnvironment !== undefined) changes.atEnvironment = dto.atEnvironment;
    if (dto.atUsername !== undefined) changes.atUsername = dto.atUsername;
    if (dto.atApiKey !== undefined) changes.atApiKeySealed = this.box.seal(dto.atApiKey, API_KEY_CONTEXT(providerId));
    if (dto.senderId !== undefined) changes.senderId = dto.senderId;
    if (dto.voucherSms !== undefined) changes.voucherSms = dto.voucherSms;
    if (dto.locale !== undefined) changes.locale = dto.locale;
    const merged = { ...row, ...changes };
    if (merged.mode === 'own') {
      const missing = [...(merged.atEnvironment ? [] : ['atEnvironment']), ...(merged.atUsername ? [] : ['atUsername']), ...(merged.atApiKeySealed ? [] : ['atApiKey'])];
      if (missing.length) {
        throw new SmsException(
          SmsErrorCode.SMS_SETTINGS_INVALID,
          `Your own Africa's Talking account needs: ${missing.join(', ')}`,
          missing.map((field) => ({ field, messages: [`${field} is required for your own account`] })),
        );
      }
    }
    await this.repo.update(providerId, changes);
    await this.audit.record({
      action: 'sms.settings_changed',
      actor,
      providerId,
      target: { type: 'sms_settings', id: providerId },
      context,
      metadata: { mode: dto.mode, apiKeyChanged: dto.atApiKey !== undefined, voucherSms: merged.voucherSms, locale: merged.locale },
    });
    return this.get(providerId);
  }

  /** How this provider sends SMS now (read when queueing and again when sending). */
  async preferences(providerId: string, manager?: EntityManager): Promise<SmsPreferences> {
    const row = await this.repo.findByProvider(providerId, manager);
    if (!row) {
      return { mode: this.config.sms.platform ? 'platform' : 'off', sending: this.platformAccount(), voucherSms: true, locale: 'en' };
    }
    return this.preferencesOf(row);
  }

  /** The platform's own account (platform messages, and providers on the platform mode); null when not offered. */
  platformAccount(): SmsAccountInUse | null {
    const platform = this.config.sms.platform;
    if (!platform) return null;
    return { account: 'platform', credentials: { environment: platform.environment, username: platform.username, apiKey: platform.apiKey }, senderId: platform.senderId };
  }

  /** Which account a delivery-report URL's secret belongs to; null for an unknown secret. */
  async reportScope(secret: string): Promise<{ account: 'platform' } | { account: 'own'; providerId: string } | null> {
    if (secret.length === this.config.sms.callbackToken.length && sha256(secret) === sha256(this.config.sms.callbackToken)) return { account: 'platform' };
    const row = await this.repo.findByCallbackHash(sha256(secret));
    return row ? { account: 'own', providerId: row.providerId } : null;
  }

  private preferencesOf(row: SmsSettings): SmsPreferences {
    let sending: SmsAccountInUse | null = null;
    if (row.mode === 'platform') sending = this.platformAccount();
    if (row.mode === 'own' && row.atUsername && row.atApiKeySealed && row.atEnvironment) {
      sending = {
        account: 'own',
        credentials: { environment: row.atEnvironment, username: row.atUsername, apiKey: this.box.open(row.atApiKeySealed, API_KEY_CONTEXT(row.providerId)) },
        senderId: row.senderId,
      };
    }
    return { mode: row.mode, sending, voucherSms: row.voucherSms, locale: row.locale };
  }
}
