import { Inject, Injectable, Logger } from '@nestjs/common';
import { DARAJA_CLIENT, DarajaClient, DarajaCredentials, DarajaMerchant, isDarajaError } from '@wavu/daraja';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { RequestContext } from '../../common/auth/decorators';
import { Principal } from '../../common/auth/principal';
import { Clock } from '../../common/clock';
import { SecretBox } from '../../common/crypto/secret-box';
import { sha256 } from '../../common/crypto/tokens';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { AuditService } from '../audit';
import { ProvidersService } from '../providers';
import { commissionRateBp } from './commission';
import { CredentialTestResultDto, C2bRegistrationDto, mapSettings, PaymentSettingsDto, PlatformC2bStatusDto, UpdatePaymentSettingsDto } from './dto/payment-settings.dto';
import { CollectionMode, PaymentSettings } from './entities/payment-settings.entity';
import { PlatformPaymentSettings } from './entities/platform-payment-settings.entity';
import { PaymentErrorCode, PaymentException } from './payments.exception';
import { PaymentSettingsRepository } from './payment-settings.repository';

/** What a push or a query needs: the merchant, the shortcode money goes to, the commission and the callback URL. */
export interface Collection {
  mode: CollectionMode;
  merchant: DarajaMerchant;
  /** PartyB: paybill or till number (receipt uniqueness is per this shortcode). */
  shortcode: string;
  commissionRateBp: number;
  /** This provider's STK callback URL (carries the secret: never log or return it). */
  stkCallbackUrl: string;
  /** The callback-secret version `stkCallbackUrl` carries (recorded on each push). */
  callbackSecretVersion: number;
}

/** Why a callback secret was replaced (audit metadata). */
export type SecretRotationReason = 'on_demand' | 'collection_mode_changed';

/** Which of a provider's callback secrets a webhook URL carried. */
export interface WebhookSecretMatch {
  settings: PaymentSettings;
  /** the version the given secret belongs to: the current one or the one before it */
  version: number;
}

const SECRET_FIELDS = ['consumerKey', 'consumerSecret', 'passkey'] as const;
type SecretField = (typeof SECRET_FIELDS)[number];

/**
 * The secret in a provider's callback URLs: 256 random bits in hex. Daraja refuses C2B URLs that
 * contain words such as "exe", "cmd", "sql" or "query" in any case; base64 text spells one now and
 * then, hex never can (every banned word has a letter outside a–f).
 */
export function newCallbackSecret(): string {
  return randomBytes(32).toString('hex');
}

/** The SecretBox context of the platform shortcode's C2B secret. */
const PLATFORM_SECRET_CONTEXT = 'platform-payment-settings:callback';

/** Per-provider collection settings, secrets (SecretBox), callback URLs and credential tests. */
@Injectable()
export class PaymentSettingsService {
  private readonly logger = new Logger(PaymentSettingsService.name);

  constructor(
    private readonly repo: PaymentSettingsRepository,
    private readonly box: SecretBox,
    private readonly providers: ProvidersService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @Inject(DARAJA_CLIENT) private readonly daraja: DarajaClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The provider's settings row, created with defaults (platform collection, a fresh callback secret) on first use. */
  async row(providerId: string, manager?: EntityManager): Promise<PaymentSettings> {
    const existing = await this.repo.findSettings(providerId, manager);
    if (existing) return existing;
    const secret = newCallbackSecret();
    return this.repo.insertSettingsIfMissing(
      { providerId, mode: 'platform', callbackSecretSealed: this.box.seal(secret, this.context(providerId, 'callback')), callbackSecretHash: sha256(secret) },
      manager,
    );
  }

  /** Providers' collection modes; a provider without a settings row collects through the platform (the default). */
  modes(providerIds: string[]): Promise<Map<string, CollectionMode>> {
    return this.repo.modes(providerIds);
  }

  /** The stored settings row, or null: read without creating it. */
  findRow(providerId: string): Promise<PaymentSettings | null> {
    return this.repo.findSettings(providerId);
  }

  async get(providerId: string): Promise<PaymentSettingsDto> {
    const row = await this.row(providerId);
    return mapSettings(row, await this.effectiveRate(row), this.config.payments.platform !== null);
  }

  async update(providerId: string, dto: UpdatePaymentSettingsDto, actor: Principal, context: RequestContext): Promise<PaymentSettingsDto> {
    const row = await this.row(providerId);
    const changes: Partial<PaymentSettings> = { mode: dto.mode };
    // a secret known while collecting on the provider's own app must not authenticate platform callbacks (or the reverse)
    const modeChanged = dto.mode !== row.mode;
    if (dto.mode === 'platform' && !this.config.payments.platform) {
      throw new PaymentException(PaymentErrorCode.PAYMENT_SETTINGS_INVALID, 'Platform collection is not available on this installation', [
        { field: 'mode', messages: ['platform collection is not configured'] },
      ]);
    }
    if (dto.environment !== undefined) changes.environment = dto.environment;
    if (dto.shortcodeType !== undefined) changes.shortcodeType = dto.shortcodeType;
    if (dto.shortcode !== undefined) changes.shortcode = dto.shortcode;
    if (dto.tillNumber !== undefined) changes.tillNumber = dto.tillNumber ?? null;
    for (const field of SECRET_FIELDS) {
      const value = dto[field];
      if (value !== undefined) changes[`${field}Sealed`] = this.box.seal(value, this.context(providerId, field));
    }
    const merged = { ...row, ...changes };
    if (merged.mode === 'own_account') {
      const missing: string[] = [];
      if (!merged.environment) missing.push('environment');
      if (!merged.shortcodeType) missing.push('shortcodeType');
      if (!merged.shortcode) missing.push('shortcode');
      if (merged.shortcodeType === 'till' && !merged.tillNumber) missing.push('tillNumber');
      for (const field of SECRET_FIELDS) if (!merged[`${field}Sealed`]) missing.push(field);
      if (missing.length) {
        throw new PaymentException(
          PaymentErrorCode.PAYMENT_SETTINGS_INVALID,
          `Own-account collection needs: ${missing.join(', ')}`,
          missing.map((field) => ({ field, messages: [`${field} is required for own-account collection`] })),
        );
      }
    }
    // a changed key must not keep using the old app's cached token
    if (row.consumerKeySealed && (dto.consumerKey !== undefined || dto.consumerSecret !== undefined || dto.environment !== undefined)) {
      this.daraja.forget({ environment: row.environment ?? 'sandbox', consumerKey: this.open(row, 'consumerKey') });
    }
    // the secret first: a push started under the new mode never carries the old one
    if (modeChanged) await this.rotate(providerId, 'collection_mode_changed', actor, context);
    await this.repo.updateSettings(providerId, { ...changes, lastTestedAt: null, lastTestOk: null, lastTestMessage: null });
    const secretsChanged = SECRET_FIELDS.filter((f) => dto[f] !== undefined);
    await this.audit.record({ action: 'payments.settings_changed', actor, providerId, target: { type: 'payment_settings', id: providerId }, context, metadata: { mode: dto.mode, secretsChanged } });
    return this.get(providerId);
  }

  /**
   * Replaces the callback secret (owner or super admin, audited). Pushes already sent keep being
   * answered: the previous secret stays valid for them only (and for C2B URLs registered with it,
   * until the next rotation). New pushes carry the new secret; own-account C2B URLs must be
   * registered again to carry it.
   */
  async rotateCallbackSecret(providerId: string, actor: Principal, context: RequestContext): Promise<PaymentSettingsDto> {
    await this.providers.get(providerId); // 404 for unknown providers
    await this.row(providerId);
    await this.rotate(providerId, 'on_demand', actor, context);
    return this.get(providerId);
  }

  private async rotate(providerId: string, reason: SecretRotationReason, actor: Principal, context: RequestContext): Promise<void> {
    const secret = newCallbackSecret();
    const version = await this.repo.rotateCallbackSecret(providerId, this.box.seal(secret, this.context(providerId, 'callback')), sha256(secret), this.clock.now());
    this.logger.log({ providerId, version, reason }, 'Daraja callback secret rotated');
    await this.audit.record({ action: 'payments.callback_secret_rotated', actor, providerId, target: { type: 'payment_settings', id: providerId }, context, metadata: { version, reason } });
  }

  /** Super admin: the commission override for a provider (null = type default). */
  async setCommission(providerId: string, rateBp: number | null, actor: Principal, context: RequestContext): Promise<PaymentSettingsDto> {
    await this.providers.get(providerId); // 404 for unknown providers
    await this.row(providerId);
    await this.repo.updateSettings(providerId, { commissionRateBp: rateBp });
    await this.audit.record({ action: 'payments.commission_changed', actor, providerId, target: { type: 'payment_settings', id: providerId }, context, metadata: { rateBp } });
    return this.get(providerId);
  }

  /** "Test credentials": asks Daraja for a fresh token with the stored own-account keys. */
  async testCredentials(providerId: string): Promise<CredentialTestResultDto> {
    const row = await this.row(providerId);
    const credentials = this.ownCredentials(row);
    let result: CredentialTestResultDto;
    try {
      await this.daraja.testCredentials(credentials);
      result = { ok: true, message: `Daraja accepted the consumer key and secret (${row.environment}).` };
    } catch (error) {
      if (!isDarajaError(error)) throw error;
      const message =
        error.code === 'INVALID_CREDENTIALS'
          ? `Daraja refused the consumer key or secret for ${row.environment}. Check that they belong to a ${row.environment} app.`
          : error.code === 'TIMEOUT' || error.code === 'UNAVAILABLE'
            ? 'Daraja did not answer; try again in a minute.'
            : `Daraja answered ${error.errorCode ?? error.code}.`;
      result = { ok: false, message };
    }
    await this.repo.updateSettings(providerId, { lastTestedAt: this.clock.now(), lastTestOk: result.ok, lastTestMessage: result.message });
    return result;
  }

  /** Registers this provider's C2B validation/confirmation URLs for its own shortcode. */
  async registerC2b(providerId: string, actor: Principal, context: RequestContext): Promise<C2bRegistrationDto> {
    const row = await this.row(providerId);
    const credentials = this.ownCredentials(row);
    const shortCode = row.shortcodeType === 'till' ? row.tillNumber! : row.shortcode!;
    const base = this.webhookBase(providerId, this.callbackSecret(row));
    try {
      const result = await this.daraja.registerC2bUrls(credentials, {
        shortCode,
        responseType: 'Cancelled',
        validationUrl: `${base}/c2b/validation`,
        confirmationUrl: `${base}/c2b/confirmation`,
        version: row.c2bVersion ?? 'v2',
      });
      await this.repo.updateSettings(providerId, { c2bVersion: result.version, c2bRegisteredAt: this.clock.now(), c2bSecretVersion: row.callbackSecretVersion });
      await this.audit.record({ action: 'payments.c2b_registered', actor, providerId, target: { type: 'payment_settings', id: providerId }, context, metadata: { version: result.version } });
      return { registered: true, version: result.version, message: 'C2B URLs registered' };
    } catch (error) {
      if (!isDarajaError(error)) throw error;
      if (error.code === 'ALREADY_REGISTERED')
        return {
          registered: false,
          version: row.c2bVersion,
          message: 'The URLs are already registered for this shortcode (production registration is one-time; delete them in Daraja URL Management to change them).',
        };
      throw new PaymentException(PaymentErrorCode.PAYMENT_GATEWAY_REJECTED, `Daraja refused the registration: ${error.errorCode ?? error.code}`);
    }
  }

  /**
   * The platform shortcode's C2B settings row, created with a fresh secret on first use. Its secret
   * is generated, sealed and hashed like a provider's callback secret (hex: no banned URL word).
   */
  async platformRow(): Promise<PlatformPaymentSettings> {
    const existing = await this.repo.findPlatformSettings();
    if (existing) return existing;
    const secret = newCallbackSecret();
    return this.repo.insertPlatformSettingsIfMissing({ callbackSecretSealed: this.box.seal(secret, PLATFORM_SECRET_CONTEXT), callbackSecretHash: sha256(secret) });
  }

  /** Constant-time check of the secret in a platform C2B URL (read fresh on every callback). */
  async matchPlatformWebhookSecret(secret: string): Promise<boolean> {
    const row = await this.repo.findPlatformSettings();
    const given = Buffer.from(sha256(secret), 'hex');
    const ok = timingSafeEqual(given, Buffer.from(row?.callbackSecretHash ?? sha256(randomBytes(16).toString('hex')), 'hex'));
    return ok && row !== null;
  }

  /** The shortcodes money paid by hand to the platform arrives on (the paybill, or the till and its store number). */
  platformShortcodes(): string[] {
    const platform = this.config.payments.platform;
    return platform ? [platform.shortcode, platform.tillNumber].filter((s): s is string => Boolean(s)) : [];
  }

  async platformC2bStatus(): Promise<PlatformC2bStatusDto> {
    const platform = this.config.payments.platform;
    const row = await this.repo.findPlatformSettings();
    const shortcode = platform ? this.platformC2bShortcode() : null;
    const registered = Boolean(row?.c2bRegisteredAt && shortcode && row.c2bShortcode === shortcode);
    return {
      configured: platform !== null,
      shortcode,
      shortcodeType: platform?.shortcodeType ?? null,
      registered,
      version: registered ? row!.c2bVersion : null,
      registeredAt: registered ? row!.c2bRegisteredAt!.toISOString() : null,
    };
  }

  /** Registers the platform shortcode's C2B validation/confirmation URLs with Daraja (super admin, audited). */
  async registerPlatformC2b(actor: Principal, context: RequestContext): Promise<C2bRegistrationDto> {
    const platform = this.config.payments.platform;
    if (!platform) throw new PaymentException(PaymentErrorCode.PAYMENTS_NOT_CONFIGURED, 'Platform collection is not configured on this installation');
    const row = await this.platformRow();
    const shortCode = this.platformC2bShortcode();
    const base = this.platformWebhookBase(this.box.open(row.callbackSecretSealed, PLATFORM_SECRET_CONTEXT));
    const credentials = { environment: platform.environment, consumerKey: platform.consumerKey, consumerSecret: platform.consumerSecret };
    try {
      const result = await this.daraja.registerC2bUrls(credentials, {
        shortCode,
        responseType: 'Cancelled',
        validationUrl: `${base}/c2b/validation`,
        confirmationUrl: `${base}/c2b/confirmation`,
        version: row.c2bVersion ?? 'v2',
      });
      await this.repo.updatePlatformSettings({ c2bVersion: result.version, c2bRegisteredAt: this.clock.now(), c2bShortcode: shortCode });
      await this.audit.record({
        action: 'payments.platform_c2b_registered',
        actor,
        target: { type: 'platform_payment_settings', id: shortCode },
        context,
        metadata: { version: result.version, shortCode },
      });
      return { registered: true, version: result.version, message: 'C2B URLs registered for the platform shortcode' };
    } catch (error) {
      if (!isDarajaError(error)) throw error;
      if (error.code === 'ALREADY_REGISTERED')
        return {
          registered: false,
          version: row.c2bVersion,
          message: 'The URLs are already registered for this shortcode (production registration is one-time; delete them in Daraja URL Management to change them).',
        };
      throw new PaymentException(PaymentErrorCode.PAYMENT_GATEWAY_REJECTED, `Daraja refused the registration: ${error.errorCode ?? error.code}`);
    }
  }

  /** The shortcode customers pay by hand: the paybill, or for a till the till number. */
  private platformC2bShortcode(): string {
    const platform = this.config.payments.platform!;
    return platform.shortcodeType === 'till' ? platform.tillNumber! : platform.shortcode;
  }

  /** Base URL of the platform shortcode's C2B webhooks (carries the secret: never log or return it). */
  private platformWebhookBase(secret: string): string {
    return `${this.config.payments.callbackBaseUrl}/api/v1/webhooks/daraja/platform/${secret}`;
  }

  /** Where money for this provider goes, with the merchant credentials (opened here, never returned). */
  async collection(providerId: string, manager?: EntityManager): Promise<Collection> {
    return this.collectionOf(await this.row(providerId, manager));
  }

  /** `collection()` for a settings row the caller already holds. */
  async collectionOf(row: PaymentSettings): Promise<Collection> {
    const stkCallbackUrl = `${this.webhookBase(row.providerId, this.callbackSecret(row))}/stk`;
    if (row.mode === 'own_account') {
      const merchant: DarajaMerchant = {
        ...this.ownCredentials(row),
        shortcodeType: row.shortcodeType!,
        businessShortCode: row.shortcode!,
        tillNumber: row.tillNumber ?? undefined,
        passkey: this.open(row, 'passkey'),
      };
      return {
        mode: 'own_account',
        merchant,
        shortcode: row.shortcodeType === 'till' ? row.tillNumber! : row.shortcode!,
        commissionRateBp: 0,
        stkCallbackUrl,
        callbackSecretVersion: row.callbackSecretVersion,
      };
    }
    const platform = this.config.payments.platform;
    if (!platform) throw new PaymentException(PaymentErrorCode.PAYMENTS_NOT_CONFIGURED, 'M-Pesa payments are not set up for this hotspot yet');
    return {
      mode: 'platform',
      merchant: this.platformMerchant(),
      shortcode: platform.shortcodeType === 'till' ? platform.tillNumber! : platform.shortcode,
      commissionRateBp: await this.effectiveRate(row),
      stkCallbackUrl,
      callbackSecretVersion: row.callbackSecretVersion,
    };
  }

  /**
   * The merchant to ask Daraja (STK Query) about a push started under `mode`: the platform's app
   * for platform collection, the provider's stored app otherwise — also after the provider has
   * switched modes since.
   */
  async queryMerchant(providerId: string, mode: CollectionMode): Promise<DarajaMerchant> {
    if (mode === 'platform') return this.platformMerchant();
    const row = await this.row(providerId);
    if (!row.consumerKeySealed || !row.consumerSecretSealed || !row.passkeySealed || !row.environment || !row.shortcode || !row.shortcodeType) {
      throw new PaymentException(PaymentErrorCode.PAYMENTS_NOT_CONFIGURED, 'Own-account Daraja credentials are gone');
    }
    return {
      environment: row.environment,
      consumerKey: this.open(row, 'consumerKey'),
      consumerSecret: this.open(row, 'consumerSecret'),
      shortcodeType: row.shortcodeType,
      businessShortCode: row.shortcode,
      tillNumber: row.tillNumber ?? undefined,
      passkey: this.open(row, 'passkey'),
    };
  }

  private platformMerchant(): DarajaMerchant {
    const platform = this.config.payments.platform;
    if (!platform) throw new PaymentException(PaymentErrorCode.PAYMENTS_NOT_CONFIGURED, 'M-Pesa payments are not set up for this hotspot yet');
    return {
      environment: platform.environment,
      consumerKey: platform.consumerKey,
      consumerSecret: platform.consumerSecret,
      shortcodeType: platform.shortcodeType,
      businessShortCode: platform.shortcode,
      tillNumber: platform.tillNumber ?? undefined,
      passkey: platform.passkey,
    };
  }

  /** Base URL of this provider's Daraja webhooks (carries the secret: never log or return it). */
  async webhookBaseFor(providerId: string, manager?: EntityManager): Promise<string> {
    const row = await this.row(providerId, manager);
    return this.webhookBase(providerId, this.callbackSecret(row));
  }

  /**
   * Constant-time check of a webhook URL's secret against the current and the previous secret;
   * null for unknown providers and wrong secrets. Read fresh on every callback: a rotation takes
   * effect at once on every instance. Which version a callback may use is the caller's rule.
   */
  async matchWebhookSecret(providerId: string, secret: string, row?: PaymentSettings | null): Promise<WebhookSecretMatch | null> {
    // `row`: the settings, read by the caller together with what it needed anyway
    const settings = row === undefined ? await this.repo.findSettings(providerId) : row;
    const given = Buffer.from(sha256(secret), 'hex');
    const decoy = () => sha256(randomBytes(16).toString('hex'));
    const current = timingSafeEqual(given, Buffer.from(settings?.callbackSecretHash ?? decoy(), 'hex'));
    const previous = timingSafeEqual(given, Buffer.from(settings?.previousCallbackSecretHash ?? decoy(), 'hex'));
    if (!settings) return null;
    if (current) return { settings, version: settings.callbackSecretVersion };
    if (previous && settings.previousCallbackSecretHash) return { settings, version: settings.callbackSecretVersion - 1 };
    return null;
  }

  /** The shortcodes C2B payments for this provider may name (own account only). */
  ownShortcodes(row: PaymentSettings): string[] {
    return row.mode === 'own_account' ? [row.shortcode, row.tillNumber].filter((s): s is string => Boolean(s)) : [];
  }

  private async effectiveRate(row: PaymentSettings): Promise<number> {
    return commissionRateBp(row.mode, await this.providers.getConfirmedType(row.providerId), row.commissionRateBp);
  }

  private ownCredentials(row: PaymentSettings): DarajaCredentials {
    if (row.mode !== 'own_account' || !row.consumerKeySealed || !row.consumerSecretSealed || !row.environment) {
      throw new PaymentException(PaymentErrorCode.PAYMENTS_NOT_CONFIGURED, 'Save own-account Daraja credentials first');
    }
    return { environment: row.environment, consumerKey: this.open(row, 'consumerKey'), consumerSecret: this.open(row, 'consumerSecret') };
  }

  private callbackSecret(row: PaymentSettings): string {
    return this.box.open(row.callbackSecretSealed, this.context(row.providerId, 'callback'));
  }

  private webhookBase(providerId: string, secret: string): string {
    return `${this.config.payments.callbackBaseUrl}/api/v1/webhooks/daraja/${providerId}/${secret}`;
  }

  private open(row: PaymentSettings, field: SecretField): string {
    return this.box.open(row[`${field}Sealed`]!, this.context(row.providerId, field));
  }

  private context(providerId: string, field: string): string {
    return `payment-settings:${providerId}:${field}`;
  }
}
