import { Injectable, Logger } from '@nestjs/common';
import { parseDeliveryReport } from '@wavu/africastalking';
import { MessageQueue } from '../notifications';
import { SmsDeliveryAckDto } from './dto/sms.dto';
import { SmsErrorCode, SmsException } from './sms.exception';
import { SmsSettingsService } from './sms-settings.service';

/**
 * Applies delivery reports. A report carries no signature: the URL's secret says whose account it
 * is for, and it only ever updates an SMS that account sent, by the gateway's message id. Anything
 * else is acknowledged (so the gateway stops retrying) and changes nothing.
 */
@Injectable()
export class SmsDeliveryService {
  private readonly logger = new Logger(SmsDeliveryService.name);

  constructor(
    private readonly settings: SmsSettingsService,
    private readonly queue: MessageQueue,
  ) {}

  async report(secret: string, body: unknown): Promise<SmsDeliveryAckDto> {
    const scope = await this.settings.reportScope(secret);
    if (!scope) throw new SmsException(SmsErrorCode.SMS_WEBHOOK_NOT_FOUND, 'Not found');
    const parsed = parseDeliveryReport(body);
    if (!parsed.ok) {
      this.logger.warn({ problem: parsed.problem, account: scope.account }, 'unreadable SMS delivery report ignored');
      return { matched: false };
    }
    const r = parsed.report;
    const detail = r.failureReason ? `${r.status}: ${r.failureReason}` : r.status;
    const matched = await this.queue.recordDelivery(scope, { gatewayMessageId: r.id, outcome: r.outcome, detail });
    if (!matched) this.logger.debug({ account: scope.account }, 'SMS delivery report for no message of ours (or after a final one)');
    return { matched };
  }
}
