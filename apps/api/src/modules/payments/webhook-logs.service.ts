import { Injectable } from '@nestjs/common';
import { mapPage, Page } from '../../common/pagination/page';
import { normaliseMsisdn } from '../../common/phone';
import { ListWebhookLogsQueryDto, mapWebhookLog, WebhookLogDto } from './dto/webhook-log.dto';
import { WebhookLogScope, WebhookLogsRepository } from './webhook-logs.repository';
import { phoneHashOf } from './webhook-search';

/**
 * The webhook log viewer (a provider's own; the super admin's for the platform shortcode) ("I paid but got nothing"): its own Daraja callbacks, found by
 * receipt, payment reference, CheckoutRequestID or the payer's phone, bodies masked.
 */
@Injectable()
export class WebhookLogsService {
  constructor(private readonly logs: WebhookLogsRepository) {}

  async list(scope: WebhookLogScope, query: ListWebhookLogsQueryDto): Promise<Page<WebhookLogDto>> {
    const search = query.search?.trim();
    // a phone in any usual form is compared by its hash (the stored bodies keep it masked); anything else is an exact token
    const msisdn = search ? normaliseMsisdn(search) : null;
    const filter = {
      kind: query.kind,
      outcome: query.outcome,
      phoneHash: msisdn ? phoneHashOf(msisdn) : undefined,
      token: search && !msisdn ? search.replace(/\s+/g, '') : undefined,
    };
    return mapPage(await this.logs.listWebhookLogs(scope, filter, query), mapWebhookLog);
  }
}
