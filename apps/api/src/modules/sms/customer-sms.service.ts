import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { randomUUID } from 'node:crypto';
import { DataSource, EntityManager } from 'typeorm';
import { RequestContext } from '../../common/auth/decorators';
import { Principal } from '../../common/auth/principal';
import { maskMsisdn } from '../../common/phone';
import { inTransaction } from '../../database/transaction';
import { AuditService } from '../audit';
import { MessageQueue } from '../notifications';
import { ProvidersService } from '../providers';
import { AtSmsSender } from './at-sms.sender';
import { SmsQueuedDto } from './dto/sms.dto';
import { SmsErrorCode, SmsException } from './sms.exception';
import { SmsPreferences, SmsSettingsService } from './sms-settings.service';
import { smsTestText, VoucherLine, voucherCodeSms, voucherRecoverySms, voucherResendSms } from './sms-templates';

/** "Resend to buyer": per voucher, and per provider (a slip of the finger, or a script, cannot text a phone all day). */
const RESEND_LIMIT_PER_VOUCHER = 3;
const RESEND_LIMIT_PER_PROVIDER = 100;
/** "Recover by phone" on the portal: texts per phone number (its purchases at this provider). */
const RECOVERY_LIMIT_PER_PHONE = 3;
const TEST_LIMIT_PER_PROVIDER = 10;
const HOUR = 3600;

interface SmsVoucher extends VoucherLine {
  id: string;
}

/** A paid M-Pesa purchase whose code goes to the buyer's phone. */
interface VoucherPurchase {
  providerId: string;
  paymentId: string;
  phone: string;
  voucher: SmsVoucher;
  receipt: string | null;
}

/**
 * Customer SMS (docs/sms.md §9): the code after an M-Pesa purchase, "resend to buyer", codes of a
 * batch generated with phone numbers, "recover by phone" from the portal, and the settings test.
 * Every text is queued in the caller's transaction with a key derived from its event, so a
 * duplicated callback or a retried request never texts twice.
 */
@Injectable()
export class CustomerSmsService {
  private readonly logger = new Logger(CustomerSmsService.name);

  constructor(
    private readonly settings: SmsSettingsService,
    private readonly queue: MessageQueue,
    private readonly providers: ProvidersService,
    private readonly audit: AuditService,
    private readonly channel: AtSmsSender,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  /** Whether this provider can text customers now (the portal offers "recover by phone" only then). */
  async available(providerId: string): Promise<boolean> {
    return this.channel.ready && (await this.settings.preferences(providerId)).sending !== null;
  }

  /**
   * Paid M-Pesa purchases (a group of settlements, any providers): queues each code to its buyer
   * when the provider has voucher SMS on and an account to send with, in the settlement's
   * transaction, once per payment. Each provider's settings are read once, the texts queued in one
   * statement.
   */
  async vouchersPurchased(manager: EntityManager, inputs: VoucherPurchase[]): Promise<void> {
    const senders = new Map<string, { prefs: SmsPreferences; hotspot: string } | null>();
    for (const providerId of new Set(inputs.map((i) => i.providerId))) {
      const prefs = await this.settings.preferences(providerId, manager);
      senders.set(providerId, prefs.voucherSms && prefs.sending ? { prefs, hotspot: await this.hotspotName(providerId, manager) } : null);
    }
    await this.queue.enqueueMany(
      manager,
      inputs.flatMap((input) => {
        const sender = senders.get(input.providerId);
        if (!sender) return [];
        const { prefs, hotspot } = sender;
        return {
          channel: 'sms' as const,
          providerId: input.providerId,
          to: input.phone,
          template: 'voucher_code',
          locale: prefs.locale,
          text: voucherCodeSms(prefs.locale, hotspot, input.voucher, input.receipt),
          voucherId: input.voucher.id,
          idempotencyKey: `voucher_sms:payment:${input.paymentId}`,
        };
      }),
    );
  }

  /** Refuses (409 SMS_NOT_AVAILABLE) unless this provider can text now; answers its preferences. */
  async requireAvailable(providerId: string, manager?: EntityManager): Promise<SmsPreferences> {
    const prefs = await this.settings.preferences(providerId, manager);
    if (!prefs.sending) {
      throw new SmsException(
        SmsErrorCode.SMS_NOT_AVAILABLE,
        prefs.mode === 'off' ? 'SMS is turned off: choose an SMS account under Settings → SMS first' : 'Your SMS settings are incomplete: finish them under Settings → SMS',
      );
    }
    return prefs;
  }

  /** Codes of a batch generated with phone numbers: one SMS each, in the generation's transaction. */
  async batchGenerated(manager: EntityManager, providerId: string, items: Array<{ phone: string; voucher: SmsVoucher }>): Promise<number> {
    if (items.length === 0) return 0;
    const prefs = await this.requireAvailable(providerId, manager);
    const hotspot = await this.hotspotName(providerId, manager);
    let queued = 0;
    for (const { phone, voucher } of items) {
      const added = await this.queue.enqueue(manager, {
        channel: 'sms',
        providerId,
        to: phone,
        template: 'voucher_batch',
        locale: prefs.locale,
        text: voucherCodeSms(prefs.locale, hotspot, voucher, null),
        voucherId: voucher.id,
        idempotencyKey: `voucher_sms:batch:${voucher.id}`,
      });
      if (added) queued++;
    }
    return queued;
  }

  /** "Resend to buyer" on a sold voucher: rate limited per voucher and per provider, audited. */
  async resendVoucher(providerId: string, phone: string | null, voucher: SmsVoucher, actor: Principal, context: RequestContext): Promise<SmsQueuedDto> {
    if (!phone) throw new SmsException(SmsErrorCode.SMS_NO_PHONE, 'This voucher has no buyer phone number to text (it was not bought with M-Pesa on the portal, or the phone was not kept)');
    return inTransaction(this.dataSource, async (manager) => {
      const prefs = await this.requireAvailable(providerId, manager);
      await this.lock(manager, `resend:${providerId}`);
      const forVoucher = await this.queue.countRecentSms(manager, { providerId, templates: ['voucher_resend'], voucherId: voucher.id }, HOUR);
      if (forVoucher >= RESEND_LIMIT_PER_VOUCHER) throw this.limited(`This code was already sent ${forVoucher} times in the last hour; wait before sending it again`);
      const forProvider = await this.queue.countRecentSms(manager, { providerId, templates: ['voucher_resend'] }, HOUR);
      if (forProvider >= RESEND_LIMIT_PER_PROVIDER) throw this.limited(`${forProvider} codes were resent in the last hour; wait before resending more`);
      const hotspot = await this.hotspotName(providerId, manager);
      await this.queue.enqueue(manager, {
        channel: 'sms',
        providerId,
        to: phone,
        template: 'voucher_resend',
        locale: prefs.locale,
        text: voucherResendSms(prefs.locale, hotspot, voucher),
        voucherId: voucher.id,
        idempotencyKey: `voucher_sms:resend:${voucher.id}:${randomUUID()}`,
      });
      await this.audit.record(
        { action: 'voucher.sms_resent', actor, providerId, target: { type: 'voucher', id: voucher.id }, context, metadata: { to: maskMsisdn(phone), code: voucher.code } },
        manager,
      );
      return { queued: true, to: maskMsisdn(phone) };
    });
  }

  /**
   * "Recover by phone" on the portal: the codes go to that phone by SMS (never onto the page, so
   * knowing a number is not enough to see its codes). Limited per phone; false when nothing was
   * sent (no purchases, or the limit reached): the portal answers the same either way.
   */
  async recoverByPhone(providerId: string, phone: string, vouchers: SmsVoucher[]): Promise<boolean> {
    if (vouchers.length === 0) return false;
    return inTransaction(this.dataSource, async (manager) => {
      const prefs = await this.settings.preferences(providerId, manager);
      if (!prefs.sending) return false;
      await this.lock(manager, `recover:${providerId}:${phone}`);
      const recent = await this.queue.countRecentSms(manager, { providerId, templates: ['voucher_recovery'], recipient: phone }, HOUR);
      if (recent >= RECOVERY_LIMIT_PER_PHONE) {
        this.logger.warn({ providerId, phone: maskMsisdn(phone) }, 'recovery by SMS limited for this phone');
        return false;
      }
      const hotspot = await this.hotspotName(providerId, manager);
      return this.queue.enqueue(manager, {
        channel: 'sms',
        providerId,
        to: phone,
        template: 'voucher_recovery',
        locale: prefs.locale,
        text: voucherRecoverySms(prefs.locale, hotspot, vouchers.slice(0, 3)),
        voucherId: vouchers[0].id,
        idempotencyKey: `voucher_sms:recovery:${phone}:${randomUUID()}`,
      });
    });
  }

  /** Settings → SMS → "Send a test": to any number the owner types, rate limited, audited. */
  async sendTest(providerId: string, phone: string, actor: Principal, context: RequestContext): Promise<SmsQueuedDto> {
    return inTransaction(this.dataSource, async (manager) => {
      const prefs = await this.requireAvailable(providerId, manager);
      await this.lock(manager, `test:${providerId}`);
      const recent = await this.queue.countRecentSms(manager, { providerId, templates: ['sms_test'] }, HOUR);
      if (recent >= TEST_LIMIT_PER_PROVIDER) throw this.limited(`${recent} test messages were sent in the last hour; wait before sending more`);
      await this.queue.enqueue(manager, {
        channel: 'sms',
        providerId,
        to: phone,
        template: 'sms_test',
        locale: prefs.locale,
        text: smsTestText(prefs.locale, await this.hotspotName(providerId, manager)),
        idempotencyKey: `sms_test:${providerId}:${randomUUID()}`,
      });
      await this.audit.record({ action: 'sms.test_sent', actor, providerId, target: { type: 'sms_settings', id: providerId }, context, metadata: { to: maskMsisdn(phone) } }, manager);
      return { queued: true, to: maskMsisdn(phone) };
    });
  }

  private async hotspotName(providerId: string, manager: EntityManager): Promise<string> {
    return (await this.providers.displayName(providerId, manager)) ?? 'WiFi';
  }

  /** One counter-and-insert at a time per key, so limits counted in PostgreSQL are exact across instances. */
  private async lock(manager: EntityManager, key: string): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext($1))`, [`wavu:sms:${key}`]);
  }

  private limited(message: string): SmsException {
    return new SmsException(SmsErrorCode.SMS_RATE_LIMITED, message, undefined, { 'Retry-After': String(HOUR) });
  }
}
