import { Injectable } from '@nestjs/common';
import { Clock } from '../../common/clock';
import { maskMsisdn } from '../../common/phone';
import { nairobiDay, startOfNairobiMonth } from '../../common/time';
import { MessageQueue } from '../notifications';
import type { OutboundMessage } from '../notifications';
import { SubscriptionsService } from '../subscriptions';
import { ListSmsQueryDto, SmsMessageDto, SmsMessagePageDto, SmsUsageDto } from './dto/sms.dto';

/** SMS prices have cents (KES 0.80 a part): costs are shown in currency units with two decimals (minor units are hundredths, docs/sms.md §4). */
function mapSmsMessage(m: OutboundMessage): SmsMessageDto {
  return {
    id: m.id,
    to: maskMsisdn(m.recipient),
    template: m.templateKey,
    locale: m.locale,
    text: m.body,
    segments: m.segments,
    status: m.status,
    attempts: m.attempts,
    lastError: m.lastError,
    account: m.smsAccount,
    cost: m.costMinor === null ? null : m.costMinor / 100,
    currency: m.currency,
    delivery: m.deliveryStatus,
    deliveryDetail: m.deliveryDetail,
    voucherId: m.voucherId,
    createdAt: m.createdAt.toISOString(),
    sentAt: m.sentAt?.toISOString() ?? null,
    deliveredAt: m.deliveredAt?.toISOString() ?? null,
  };
}

/** The provider's message log and this month's usage (docs/sms.md §8). */
@Injectable()
export class SmsLogService {
  constructor(
    private readonly queue: MessageQueue,
    private readonly subscriptions: SubscriptionsService,
    private readonly clock: Clock,
  ) {}

  async list(providerId: string, query: ListSmsQueryDto): Promise<SmsMessagePageDto> {
    const page = await this.queue.smsLog(
      providerId,
      { status: query.status, delivery: query.delivery, phoneDigits: query.phone, template: query.template, voucherId: query.voucherId },
      { limit: query.limit, cursor: query.cursor },
    );
    return { items: page.items.map(mapSmsMessage), nextCursor: page.nextCursor };
  }

  async usage(providerId: string): Promise<SmsUsageDto> {
    const now = this.clock.now();
    const since = startOfNairobiMonth(now);
    const usage = await this.queue.smsUsage(providerId, since);
    const platform = usage.cost.filter((c) => c.account === 'platform').reduce((n, c) => n + c.segments, 0);
    return {
      month: nairobiDay(now).slice(0, 7),
      messages: usage.messages,
      segments: usage.segments,
      cost: usage.cost.map((c) => ({ account: c.account, currency: c.currency, cost: c.costMinor / 100, segments: c.segments, messages: c.messages })),
      platformSegments: platform,
      platformAllowance: await this.subscriptions.smsAllowance(providerId),
    };
  }
}
