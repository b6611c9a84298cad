import { Inject, Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Clock } from '../../common/clock';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { SubscriptionDto } from './dto/subscription.dto';
import { ProviderSubscriptionService } from './provider-subscription.service';
import { salesAllowed, trialState } from './subscription-status';
import { SubscriptionErrorCode, SubscriptionException } from './subscriptions.exception';
import { SubscriptionsRepository } from './subscriptions.repository';

export type LimitKind = 'routers' | 'vouchers_per_month';

/** A subscription period about to end, as the alerts module words it. */
export interface LapsingSubscription {
  id: string;
  providerId: string;
  /** the free trial rather than a paid period */
  trial: boolean;
  periodEnd: Date;
}

/**
 * What other modules ask of subscriptions (the only service `index.ts` exports): start the trial
 * (provider approval), whether the captive portal may sell, plan limits (routers, vouchers), the
 * provider's subscription and paid invoices per day (dashboards).
 */
@Injectable()
export class SubscriptionsService {
  constructor(
    private readonly repo: SubscriptionsRepository,
    private readonly providerView: ProviderSubscriptionService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** Starts the free trial, in the caller's transaction (provider approval). No-op when one exists. */
  async startTrial(manager: EntityManager, providerId: string): Promise<void> {
    const state = trialState(this.clock.now(), this.config.subscriptions.trialDays);
    await this.repo.insertIfAbsent(manager, { providerId, ...state, planId: null, invoiceCounter: 0 });
  }

  /** Whether the captive portal may sell for this provider (false once paused, or with no subscription). */
  async canSell(providerId: string, manager?: EntityManager): Promise<boolean> {
    const sub = await this.repo.findByProvider(providerId, manager);
    return sub !== null && salesAllowed(sub.status);
  }

  /**
   * Refuses (409 PLAN_LIMIT_REACHED) when `current + adding` exceeds the limit: the plan's, or,
   * with no paid plan (the free trial), the platform's default limits (platform settings, edited
   * by the super admin). Pass the caller's EntityManager when inside a transaction.
   */
  async assertWithinLimit(providerId: string, kind: LimitKind, usage: { current: number; adding: number }, manager?: EntityManager): Promise<void> {
    const sub = await this.repo.findByProvider(providerId, manager);
    const plan = sub?.planId ? await this.repo.findPlan(sub.planId, manager) : null;
    let limit: number | null;
    let holder: string;
    if (plan) {
      limit = kind === 'routers' ? plan.maxRouters : plan.maxVouchersPerMonth;
      holder = `Your ${plan.name} plan allows`;
    } else {
      const settings = await this.repo.findSettings(manager);
      limit = kind === 'routers' ? settings.defaultMaxRouters : settings.defaultMaxVouchersPerMonth;
      holder = sub?.status === 'trialing' ? 'The free trial allows' : 'Without a paid plan you may have';
    }
    if (limit === null || usage.current + usage.adding <= limit) return;
    const what = kind === 'routers' ? (limit === 1 ? 'router' : 'routers') : limit === 1 ? 'voucher per month' : 'vouchers per month';
    throw new SubscriptionException(
      SubscriptionErrorCode.PLAN_LIMIT_REACHED,
      `${holder} at most ${limit} ${what} (you have ${usage.current}, adding ${usage.adding}). ${plan ? 'Upgrade your plan' : 'Choose a plan'} to add more.`,
      [{ field: kind, messages: [`limit ${limit}`] }],
    );
  }

  /**
   * SMS parts a month this provider may send through the platform's SMS account: its plan's, or
   * with no paid plan the platform default; null = no cap.
   */
  async smsAllowance(providerId: string): Promise<number | null> {
    const sub = await this.repo.findByProvider(providerId);
    const plan = sub?.planId ? await this.repo.findPlan(sub.planId) : null;
    return plan ? plan.maxSmsPerMonth : (await this.repo.findSettings()).defaultMaxSmsPerMonth;
  }

  /** For the alerts module (docs/alerts.md): trials and paid periods running at `now` that end by `until`. */
  async endingBetween(now: Date, until: Date): Promise<LapsingSubscription[]> {
    return (await this.repo.endingBetween(now, until)).map((s) => ({ id: s.id, providerId: s.providerId, trial: s.status === 'trialing', periodEnd: s.currentPeriodEnd }));
  }

  getForProvider(providerId: string): Promise<SubscriptionDto> {
    return this.providerView.getForProvider(providerId);
  }

  /** Paid invoices per Nairobi day over [from, to) (waived periods have no paid invoice, so they count nothing). */
  revenueByDay(from: Date, to: Date): Promise<Array<{ day: string; currency: string; amountMinor: number; invoices: number }>> {
    return this.repo.revenueByDay(from, to);
  }
}
