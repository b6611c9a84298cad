import { Injectable } from '@nestjs/common';
import { Clock } from '../../common/clock';
import { Page, PageQueryDto, mapPage } from '../../common/pagination/page';
import { InvoiceDto, mapInvoice } from './dto/invoice.dto';
import { mapNotification, NotificationDto } from './dto/notification.dto';
import { mapSubscription, SubscriptionDto } from './dto/subscription.dto';
import { PaymentConfirmationService } from './payment-confirmation.service';
import { SubscriptionException } from './subscriptions.exception';
import { SubscriptionsRepository } from './subscriptions.repository';

/** The provider's view: its subscription, invoices and notifications. */
@Injectable()
export class ProviderSubscriptionService {
  constructor(
    private readonly repo: SubscriptionsRepository,
    private readonly confirmation: PaymentConfirmationService,
    private readonly clock: Clock,
  ) {}

  async getForProvider(providerId: string): Promise<SubscriptionDto> {
    const sub = await this.repo.findByProvider(providerId);
    if (!sub) throw SubscriptionException.notFound();
    const plan = sub.planId ? await this.repo.findPlan(sub.planId) : null;
    return mapSubscription(sub, plan, this.clock.now());
  }

  async listInvoices(providerId: string, page: PageQueryDto): Promise<Page<InvoiceDto>> {
    return mapPage(await this.repo.pageInvoices(providerId, page), mapInvoice);
  }

  async getInvoice(providerId: string, id: string): Promise<InvoiceDto> {
    const invoice = await this.repo.findInvoiceForProvider(providerId, id);
    if (!invoice) throw SubscriptionException.invoiceNotFound();
    return mapInvoice(invoice);
  }

  /** Asks Pesapal now about a pending invoice (the return page polls this). */
  async refreshInvoice(providerId: string, id: string): Promise<InvoiceDto> {
    const invoice = await this.repo.findInvoiceForProvider(providerId, id);
    if (!invoice) throw SubscriptionException.invoiceNotFound();
    if (invoice.orderTrackingId && (invoice.status === 'pending' || invoice.status === 'expired')) {
      await this.confirmation.confirm(invoice.orderTrackingId, invoice.merchantReference, 'refresh');
    }
    return this.getInvoice(providerId, id);
  }

  async listNotifications(providerId: string, page: PageQueryDto): Promise<Page<NotificationDto>> {
    return mapPage(await this.repo.pageNotifications(providerId, page), mapNotification);
  }
}
