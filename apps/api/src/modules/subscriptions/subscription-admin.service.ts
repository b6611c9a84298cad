import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { RequestContext } from '../../common/auth/decorators';
import { Principal } from '../../common/auth/principal';
import { Clock } from '../../common/clock';
import { Page, mapPage } from '../../common/pagination/page';
import { inTransaction } from '../../database/transaction';
import { AuditService } from '../audit';
import { ListSubscriptionsQueryDto, mapSubscription, SubscriptionDto, WaiveSubscriptionDto } from './dto/subscription.dto';
import { SubscriptionRevenueDto } from './dto/subscription-revenue.dto';
import { nairobiDate } from './notification-text';
import { ProviderSubscriptionService } from './provider-subscription.service';
import { stateOf, SubscriptionState, SubscriptionTransitionError, transition } from './subscription-status';
import { SubscriptionErrorCode, SubscriptionException } from './subscriptions.exception';
import { SubscriptionsRepository } from './subscriptions.repository';

/** The super admin's view and actions: every subscription, extend, waive, subscription revenue. All audited. */
@Injectable()
export class SubscriptionAdminService {
  constructor(
    private readonly repo: SubscriptionsRepository,
    private readonly providerView: ProviderSubscriptionService,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  async getForAdmin(providerId: string): Promise<SubscriptionDto> {
    return this.providerView.getForProvider(providerId);
  }

  async listForAdmin(query: ListSubscriptionsQueryDto): Promise<Page<SubscriptionDto>> {
    const { status, ...page } = query;
    const now = this.clock.now();
    return mapPage(await this.repo.listSubscriptions({ status }, page), (s) => mapSubscription(s, s.plan ?? null, now));
  }

  async extend(providerId: string, days: number, reason: string, actor: Principal, context: RequestContext): Promise<SubscriptionDto> {
    await inTransaction(this.dataSource, async (manager) => {
      const sub = await this.repo.findByProviderForUpdate(manager, providerId);
      if (!sub) throw SubscriptionException.notFound();
      const next = this.apply(stateOf(sub), { type: 'extend', days });
      await this.repo.updateSubscription(manager, sub.id, next);
      await this.repo.notify(manager, {
        providerId,
        kind: 'subscription.extended',
        level: 'info',
        title: `Subscription extended by ${days} day${days === 1 ? '' : 's'}`,
        body: `The Wavu team extended your subscription until ${nairobiDate(next.currentPeriodEnd)}.`,
        dedupeKey: `extended:${this.clock.now().toISOString()}`,
      });
      await this.audit.record(
        {
          action: 'subscription.extend',
          actor,
          providerId,
          context,
          target: { type: 'provider_subscription', id: sub.id },
          metadata: { days, reason, from: sub.status, to: next.status, periodEnd: next.currentPeriodEnd.toISOString() },
        },
        manager,
      );
    });
    return this.providerView.getForProvider(providerId);
  }

  /** Marks a period as paid without a payment: a `waived` invoice (not revenue). */
  async waive(providerId: string, dto: WaiveSubscriptionDto, actor: Principal, context: RequestContext): Promise<SubscriptionDto> {
    const periods = dto.periods ?? 1;
    await inTransaction(this.dataSource, async (manager) => {
      const plan = await this.repo.findPlan(dto.planId, manager);
      if (!plan) throw SubscriptionException.planNotFound();
      const sub = await this.repo.findByProviderForUpdate(manager, providerId);
      if (!sub) throw SubscriptionException.notFound();
      const now = this.clock.now();
      const next = this.apply(stateOf(sub), { type: 'paid', period: plan.period, periods });
      const number = sub.invoiceCounter + 1;
      await this.repo.updateSubscription(manager, sub.id, { ...next, planId: plan.id, invoiceCounter: number });
      const invoice = await this.repo.insertInvoice(manager, {
        providerId,
        subscriptionId: sub.id,
        planId: plan.id,
        planName: plan.name,
        number,
        attempt: 1,
        merchantReference: `WAIVE-${providerId.slice(0, 8)}-${String(number).padStart(4, '0')}`,
        amountMinor: 0,
        currency: plan.currency,
        period: plan.period,
        periods,
        status: 'waived',
        paidAt: now,
        periodStart: next.currentPeriodStart,
        periodEnd: next.currentPeriodEnd,
        failureReason: null,
      });
      await this.repo.notify(manager, {
        providerId,
        kind: 'subscription.waived',
        level: 'info',
        title: `${plan.name} granted by Wavu`,
        body: `The Wavu team covered your subscription until ${nairobiDate(next.currentPeriodEnd)}.`,
        dedupeKey: `waived:${invoice.id}`,
      });
      await this.audit.record(
        {
          action: 'subscription.waive',
          actor,
          providerId,
          context,
          target: { type: 'subscription_invoice', id: invoice.id },
          metadata: { plan: plan.name, periods, reason: dto.reason, from: sub.status, periodEnd: next.currentPeriodEnd.toISOString() },
        },
        manager,
      );
    });
    return this.providerView.getForProvider(providerId);
  }

  /** Platform revenue from subscriptions: paid invoices, total and per month. */
  async revenue(): Promise<SubscriptionRevenueDto> {
    const months = await this.repo.revenueByMonth();
    const totals = new Map<string, { currency: string; amountMinor: number; invoices: number }>();
    for (const m of months) {
      const t = totals.get(m.currency) ?? { currency: m.currency, amountMinor: 0, invoices: 0 };
      t.amountMinor += m.amountMinor;
      t.invoices += m.invoices;
      totals.set(m.currency, t);
    }
    return { totals: [...totals.values()], months };
  }

  private apply(state: SubscriptionState, event: Parameters<typeof transition>[1]): SubscriptionState {
    try {
      return transition(state, event, this.clock.now());
    } catch (err) {
      if (err instanceof SubscriptionTransitionError) throw new SubscriptionException(SubscriptionErrorCode.SUBSCRIPTION_INVALID_TRANSITION, err.message);
      throw err;
    }
  }
}
