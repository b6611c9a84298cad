import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { SMS_CLIENT, SmsClient, SmsGatewayError } from '@wavu/africastalking';
import { Clock } from '../../common/clock';
import { startOfNairobiMonth } from '../../common/time';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { ChannelError, MessageQueue, MessageSender } from '../notifications';
import type { ChannelReceipt, ChannelSender, OutboundMessage } from '../notifications';
import { SubscriptionsService } from '../subscriptions';
import { SmsAccountInUse, SmsSettingsService } from './sms-settings.service';

/**
 * The SMS channel of the outbound message queue (docs/sms.md §8): sends one queued SMS through the
 * provider's own Africa's Talking app or the platform's (within the plan's monthly allowance),
 * and turns the gateway's answer into "sent", a retry or a permanent refusal. Registered with the
 * MessageSender when the module starts.
 */
@Injectable()
export class AtSmsSender implements ChannelSender, OnModuleInit {
  constructor(
    private readonly settings: SmsSettingsService,
    private readonly subscriptions: SubscriptionsService,
    private readonly queue: MessageQueue,
    private readonly sender: MessageSender,
    private readonly clock: Clock,
    @Inject(SMS_CLIENT) private readonly client: SmsClient,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onModuleInit(): void {
    this.sender.useChannel('sms', this);
  }

  /** false in demo mode until main.ts has started the simulator (SMS wait in the queue meanwhile). */
  get ready(): boolean {
    return !(this.config.sms.simulate && this.config.sms.baseUrl === null);
  }

  async send(message: OutboundMessage): Promise<ChannelReceipt> {
    const using = await this.accountFor(message);
    if (using.account === 'platform' && message.providerId) await this.assertAllowance(message);
    let result;
    try {
      result = await this.client.send(using.credentials, { to: [`+${message.recipient}`], message: message.body, from: using.senderId ?? undefined });
    } catch (err) {
      if (!(err instanceof SmsGatewayError)) throw err;
      if (err.code === 'AUTH') throw new ChannelError(`Africa's Talking refused the ${using.account === 'own' ? "provider's" : "platform's"} username or API key (HTTP ${err.httpStatus})`);
      if (err.retryable) throw new ChannelError(`SMS gateway ${err.code.toLowerCase()}: ${err.message}`, false, err.retryAfterSeconds ? err.retryAfterSeconds * 1000 : null);
      throw new ChannelError(`SMS gateway refused the request: ${err.message}`, true);
    }
    const recipient = result.recipients[0];
    if (!recipient) throw new ChannelError('the gateway answered without this recipient');
    if (!recipient.accepted) {
      throw new ChannelError(`refused by the gateway: ${recipient.statusText}${recipient.statusCode ? ` (${recipient.statusCode})` : ''}`, !recipient.retryable);
    }
    return { gatewayMessageId: recipient.messageId, sms: { account: using.account, costMinor: recipient.costMinor, currency: recipient.currency } };
  }

  private async accountFor(message: OutboundMessage): Promise<SmsAccountInUse> {
    if (!message.providerId) {
      const platform = this.settings.platformAccount();
      if (!platform) throw new ChannelError("the platform's SMS account is not configured", true);
      return platform;
    }
    const prefs = await this.settings.preferences(message.providerId);
    if (!prefs.sending) throw new ChannelError(prefs.mode === 'off' ? 'SMS is turned off for this provider' : 'no SMS account to send with (settings incomplete)', true);
    return prefs.sending;
  }

  /** The plan's monthly allowance on the platform account (parts), counted from what was sent this Nairobi month. */
  private async assertAllowance(message: OutboundMessage): Promise<void> {
    const allowance = await this.subscriptions.smsAllowance(message.providerId!);
    if (allowance === null) return;
    const used = await this.queue.platformSegmentsSince(message.providerId!, startOfNairobiMonth(this.clock.now()));
    if (used + (message.segments ?? 1) > allowance) {
      throw new ChannelError(`SMS allowance used: ${used} of ${allowance} SMS this month on the platform account (upgrade the plan or use your own Africa's Talking account)`, true);
    }
  }
}
