import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import {
  ipnAcknowledgement,
  isPesapalError,
  parseCallbackQuery,
  parseIpnBody,
  parseIpnQuery,
  PESAPAL_CLIENT,
  PesapalClient,
  PesapalError,
  PesapalIpnAcknowledgement,
  PesapalNotification,
  PesapalTransactionStatus,
  resolveBaseUrl,
} from '@wavu/pesapal';
import { DataSource, EntityManager, QueryFailedError } from 'typeorm';
import { RequestContext } from '../../common/auth/decorators';
import { Principal } from '../../common/auth/principal';
import { Clock } from '../../common/clock';
import { CommonException } from '../../common/errors/app-exception';
import { Page, PageQueryDto, mapPage } from '../../common/pagination/page';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { inTransaction } from '../../database/transaction';
import { AuditService } from '../audit';
import { CheckoutResultDto, InvoiceDto, mapInvoice } from './dto/invoice.dto';
import { mapNotification, NotificationDto } from './dto/notification.dto';
import { CreatePlatformPlanDto, mapPlatformPlan, PlatformPlanDto, TrialTermsDto, UpdatePlatformPlanDto } from './dto/platform-plan.dto';
import { ListSubscriptionsQueryDto, mapSubscription, SubscriptionDto, WaiveSubscriptionDto } from './dto/subscription.dto';
import { SubscriptionRevenueDto } from './dto/subscription-revenue.dto';
import { PlatformPlan } from './entities/platform-plan.entity';
import { ProviderSubscription } from './entities/provider-subscription.entity';
import { SubscriptionInvoice } from './entities/subscription-invoice.entity';
import { dueEvent, dueReminder, salesAllowed, SubscriptionState, SubscriptionTransitionError, transition, trialState } from './subscription-status';
import { SubscriptionErrorCode, SubscriptionException } from './subscriptions.exception';
import { SubscriptionsRepository } from './subscriptions.repository';

export type LimitKind = 'routers' | 'vouchers_per_month';

/** What a confirmation (IPN, return, refresh, reconcile) found. */
export type ConfirmationOutcome = 'paid' | 'pending' | 'failed' | 'reversed' | 'rejected' | 'unknown' | 'unavailable';

const isUniqueViolation = (err: unknown) => err instanceof QueryFailedError && (err as QueryFailedError & { code?: string }).code === '23505';
const DAY_MS = 86_400_000;
/** Pending orders are re-checked after this long, and given up after PENDING_EXPIRY_MS. */
const RECONCILE_AFTER_MS = 5 * 60_000;
const PENDING_EXPIRY_MS = 7 * DAY_MS;

const nairobiDate = (d: Date) => d.toLocaleDateString('en-KE', { timeZone: 'Africa/Nairobi', day: 'numeric', month: 'short', year: 'numeric' });
const money = (minor: number, currency: string) => `${currency} ${(minor / 100).toLocaleString('en-KE', { maximumFractionDigits: 2 })}`;

/**
 * Platform plans, provider subscriptions, Pesapal checkout and confirmation, the daily
 * expiry job, plan limits. Other modules use `startTrial`, `canSell` and `assertWithinLimit`.
 */
@Injectable()
export class SubscriptionsService {
  private readonly logger = new Logger(SubscriptionsService.name);
  private ipnIdPromise: Promise<string> | null = null;

  constructor(
    private readonly repo: SubscriptionsRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(PESAPAL_CLIENT) private readonly pesapal: PesapalClient,
  ) {}

  // ── API for other modules ─────────────────────────────────────────

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
   * Refuses (409 PLAN_LIMIT_REACHED) when `current + adding` exceeds the plan's limit. The trial has
   * no plan and no limits. Pass the caller's EntityManager when inside a transaction.
   */
  async assertWithinLimit(providerId: string, kind: LimitKind, usage: { current: number; adding: number }, manager?: EntityManager): Promise<void> {
    const sub = await this.repo.findByProvider(providerId, manager);
    if (!sub?.planId) return;
    const plan = await this.repo.findPlan(sub.planId, manager);
    if (!plan) return;
    const limit = kind === 'routers' ? plan.maxRouters : plan.maxVouchersPerMonth;
    if (limit === null || usage.current + usage.adding <= limit) return;
    const what = kind === 'routers' ? 'routers' : 'vouchers per month';
    throw new SubscriptionException(
      SubscriptionErrorCode.PLAN_LIMIT_REACHED,
      `Your ${plan.name} plan allows at most ${limit} ${what} (you have ${usage.current}, adding ${usage.adding}). Upgrade your plan to add more.`,
      [{ field: kind, messages: [`limit ${limit}`] }],
    );
  }

  // ── platform plans ────────────────────────────────────────────────

  trialTerms(): TrialTermsDto {
    return { trialDays: this.config.subscriptions.trialDays, graceDays: this.config.subscriptions.graceDays };
  }

  async listPlans(onlyActive: boolean): Promise<PlatformPlanDto[]> {
    return (await this.repo.listPlans(onlyActive)).map(mapPlatformPlan);
  }

  async createPlan(dto: CreatePlatformPlanDto, actor: Principal, context: RequestContext): Promise<PlatformPlanDto> {
    try {
      const plan = await inTransaction(this.dataSource, async (manager) => {
        const created = await this.repo.insertPlan(manager, {
          name: dto.name,
          description: dto.description || null,
          priceMinor: dto.priceMinor,
          currency: dto.currency ?? 'KES',
          period: dto.period,
          maxRouters: dto.maxRouters ?? null,
          maxVouchersPerMonth: dto.maxVouchersPerMonth ?? null,
          features: dto.features ?? [],
          active: dto.active ?? true,
        });
        await this.audit.record(
          { action: 'platform_plan.create', actor, context, target: { type: 'platform_plan', id: created.id }, metadata: { name: created.name, priceMinor: created.priceMinor } },
          manager,
        );
        return created;
      });
      return mapPlatformPlan(plan);
    } catch (err) {
      if (isUniqueViolation(err)) throw new SubscriptionException(SubscriptionErrorCode.PLATFORM_PLAN_NAME_TAKEN, 'A platform plan with this name exists');
      throw err;
    }
  }

  async updatePlan(id: string, dto: UpdatePlatformPlanDto, actor: Principal, context: RequestContext): Promise<PlatformPlanDto> {
    try {
      const plan = await inTransaction(this.dataSource, async (manager) => {
        const existing = await this.repo.findPlan(id, manager);
        if (!existing) throw SubscriptionException.planNotFound();
        const changes: Partial<PlatformPlan> = { ...dto };
        if (dto.description !== undefined) changes.description = dto.description || null;
        await this.repo.updatePlan(manager, id, changes);
        await this.audit.record({ action: 'platform_plan.update', actor, context, target: { type: 'platform_plan', id }, metadata: { fields: Object.keys(dto) } }, manager);
        return { ...existing, ...changes };
      });
      return mapPlatformPlan(plan);
    } catch (err) {
      if (isUniqueViolation(err)) throw new SubscriptionException(SubscriptionErrorCode.PLATFORM_PLAN_NAME_TAKEN, 'A platform plan with this name exists');
      throw err;
    }
  }

  /** Only plans never subscribed to or invoiced; deactivate the others. */
  async deletePlan(id: string, actor: Principal, context: RequestContext): Promise<void> {
    await inTransaction(this.dataSource, async (manager) => {
      const plan = await this.repo.findPlan(id, manager);
      if (!plan) throw SubscriptionException.planNotFound();
      if (await this.repo.planInUse(manager, id)) {
        throw new SubscriptionException(SubscriptionErrorCode.PLATFORM_PLAN_IN_USE, 'This plan has subscribers or invoices; deactivate it instead');
      }
      await this.repo.deletePlan(manager, id);
      await this.audit.record({ action: 'platform_plan.delete', actor, context, target: { type: 'platform_plan', id }, metadata: { name: plan.name } }, manager);
    });
  }

  // ── the provider's view ───────────────────────────────────────────

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
      await this.confirm(invoice.orderTrackingId, invoice.merchantReference, 'refresh');
    }
    return this.getInvoice(providerId, id);
  }

  async listNotifications(providerId: string, page: PageQueryDto): Promise<Page<NotificationDto>> {
    return mapPage(await this.repo.pageNotifications(providerId, page), mapNotification);
  }

  // ── checkout ──────────────────────────────────────────────────────

  /**
   * Creates an invoice and its Pesapal order; the SPA sends the browser to `redirectUrl`.
   * The invoice is committed before Pesapal is called and no transaction is open during the call.
   */
  async checkout(providerId: string, planId: string, actor: Principal, context: RequestContext): Promise<CheckoutResultDto> {
    if (!this.config.subscriptions.pesapal.enabled) {
      throw new SubscriptionException(SubscriptionErrorCode.SUBSCRIPTION_PAYMENTS_DISABLED, 'Online subscription payments are not enabled on this platform');
    }
    const plan = await this.repo.findPlan(planId);
    if (!plan) throw SubscriptionException.planNotFound();
    if (!plan.active) throw new SubscriptionException(SubscriptionErrorCode.PLATFORM_PLAN_INACTIVE, 'This plan is no longer offered');

    let ipnId = await this.ipnId();
    const invoice = await inTransaction(this.dataSource, async (manager) => {
      const sub = await this.repo.findByProviderForUpdate(manager, providerId);
      if (!sub) throw SubscriptionException.notFound();
      const number = sub.invoiceCounter + 1;
      await this.repo.updateSubscription(manager, sub.id, { invoiceCounter: number });
      const created = await this.repo.insertInvoice(manager, {
        providerId,
        subscriptionId: sub.id,
        planId: plan.id,
        planName: plan.name,
        number,
        attempt: 1,
        merchantReference: merchantReference(providerId, number, 1),
        amountMinor: plan.priceMinor,
        currency: plan.currency,
        period: plan.period,
        periods: 1,
        status: 'pending',
      });
      await this.audit.record(
        {
          action: 'subscription.checkout',
          actor,
          providerId,
          context,
          target: { type: 'subscription_invoice', id: created.id },
          metadata: { plan: plan.name, amountMinor: plan.priceMinor, reference: created.merchantReference },
        },
        manager,
      );
      return created;
    });

    const base = this.config.http.publicUrl;
    let refreshedIpn = false;
    for (;;) {
      try {
        const order = await this.pesapal.submitOrder({
          merchantReference: invoice.merchantReference,
          currency: invoice.currency,
          amountMinor: invoice.amountMinor,
          description: `Wavu ${plan.name}, ${plan.period === 'yearly' ? '1 year' : '1 month'}`.slice(0, 100),
          callbackUrl: `${base}/api/v1/billing/pesapal/callback`,
          cancellationUrl: `${base}/app/subscription?invoice=${invoice.id}&payment=cancelled`,
          notificationId: ipnId,
          billingAddress: { emailAddress: actor.email ?? undefined, countryCode: 'KE' },
        });
        await this.repo.updateInvoice(invoice.id, { orderTrackingId: order.orderTrackingId, redirectUrl: order.redirectUrl });
        const saved = { ...invoice, orderTrackingId: order.orderTrackingId, redirectUrl: order.redirectUrl };
        return { invoice: mapInvoice(saved), redirectUrl: order.redirectUrl };
      } catch (err) {
        if (isPesapalError(err, 'DUPLICATE_REFERENCE') && invoice.attempt < 5) {
          invoice.attempt += 1;
          invoice.merchantReference = merchantReference(providerId, invoice.number, invoice.attempt);
          await this.repo.updateInvoice(invoice.id, { attempt: invoice.attempt, merchantReference: invoice.merchantReference });
          continue;
        }
        if (isPesapalError(err, 'VALIDATION') && err.pesapalCode === 'invalid_notification_id' && !refreshedIpn) {
          refreshedIpn = true; // the stored IPN id is unknown to Pesapal (e.g. a restarted simulator): register again
          ipnId = await this.ipnId(true);
          continue;
        }
        const reason = err instanceof PesapalError ? `${err.code}${err.pesapalCode ? ` (${err.pesapalCode})` : ''}` : 'unexpected error';
        this.logger.warn({ err, invoiceId: invoice.id }, `Pesapal order for ${invoice.merchantReference} failed: ${reason}`);
        await this.repo.updateInvoice(invoice.id, { status: 'failed', failureReason: `The payment could not be started: ${reason}` });
        throw new SubscriptionException(SubscriptionErrorCode.SUBSCRIPTION_GATEWAY_UNAVAILABLE, 'Pesapal is not reachable right now; please try again in a few minutes');
      }
    }
  }

  /** The platform's IPN id: from the database, else Pesapal's list / registration (once). */
  private ipnId(forceRegister = false): Promise<string> {
    if (forceRegister) this.ipnIdPromise = null;
    if (!this.ipnIdPromise) {
      const { baseUrl, consumerKey } = this.config.subscriptions.pesapal;
      const resolved = resolveBaseUrl(baseUrl);
      const url = `${this.config.http.publicUrl}/api/v1/billing/pesapal/ipn`;
      this.ipnIdPromise = (async () => {
        const stored = forceRegister ? null : await this.repo.findIpn(resolved, consumerKey, url);
        if (stored) return stored.ipnId;
        const registration = await this.pesapal.ensureIpn(url, 'GET');
        await this.repo.saveIpn({ baseUrl: resolved, consumerKey, url, ipnId: registration.ipnId });
        return registration.ipnId;
      })();
      this.ipnIdPromise.catch(() => (this.ipnIdPromise = null));
    }
    return this.ipnIdPromise.catch((err: unknown) => {
      this.logger.warn({ err }, 'Pesapal IPN registration failed');
      throw new SubscriptionException(SubscriptionErrorCode.SUBSCRIPTION_GATEWAY_UNAVAILABLE, 'Pesapal is not reachable right now; please try again in a few minutes');
    });
  }

  // ── confirmation (IPN, return, refresh, reconcile) ────────────────

  /** GET IPN: re-checks the order and answers Pesapal's acknowledgement (status 500 → Pesapal resends). */
  async handleIpnQuery(query: Record<string, unknown>): Promise<PesapalIpnAcknowledgement> {
    return this.handleIpn(parseNotification(() => parseIpnQuery(definedOnly(query))));
  }

  async handleIpnBody(body: Record<string, unknown>): Promise<PesapalIpnAcknowledgement> {
    return this.handleIpn(parseNotification(() => parseIpnBody(definedOnly(body))));
  }

  private async handleIpn(notification: PesapalNotification): Promise<PesapalIpnAcknowledgement> {
    const outcome = await this.confirm(notification.orderTrackingId, notification.merchantReference, 'ipn');
    return ipnAcknowledgement(notification, outcome !== 'unknown' && outcome !== 'unavailable');
  }

  /** The browser's return from Pesapal: confirm, then the SPA's subscription page. */
  async handleReturn(query: Record<string, unknown>): Promise<string> {
    const notification = parseNotification(() => parseCallbackQuery(definedOnly(query)));
    const outcome = await this.confirm(notification.orderTrackingId, notification.merchantReference, 'return');
    const invoice = await this.repo.findInvoiceByTrackingId(notification.orderTrackingId);
    const params = new URLSearchParams({ payment: outcome });
    if (invoice) params.set('invoice', invoice.id);
    return `${this.config.http.publicUrl}/app/subscription?${params.toString()}`;
  }

  /**
   * The one confirmation path: the IPN and the return are hints, GetTransactionStatus decides.
   * Idempotent on the order tracking id: the invoice row is locked and its status re-read, so
   * duplicate IPNs and the return racing each other activate exactly once.
   */
  async confirm(orderTrackingId: string, merchantRef: string | null, source: 'ipn' | 'return' | 'refresh' | 'reconcile'): Promise<ConfirmationOutcome> {
    let invoice = await this.repo.findInvoiceByTrackingId(orderTrackingId);
    if (!invoice && merchantRef) {
      // the order was created but its tracking id not yet stored (crash or race after SubmitOrderRequest)
      const byRef = await this.repo.findInvoiceByReference(merchantRef);
      if (byRef && byRef.orderTrackingId === null) invoice = byRef;
    }
    if (!invoice) {
      this.logger.warn({ orderTrackingId, source }, 'Pesapal notification for an unknown order');
      return 'unknown';
    }
    if (invoice.status === 'waived' || invoice.status === 'rejected' || invoice.status === 'reversed')
      return invoice.status === 'reversed' ? 'reversed' : invoice.status === 'rejected' ? 'rejected' : 'paid';
    if (invoice.status === 'paid' && source !== 'ipn') return 'paid'; // only an IPN can announce a reversal

    let status: PesapalTransactionStatus;
    try {
      status = await this.pesapal.getTransactionStatus(orderTrackingId);
    } catch (err) {
      this.logger.warn({ err, orderTrackingId, source }, 'GetTransactionStatus failed');
      return 'unavailable';
    }
    if (status.state === 'pending') return invoice.status === 'paid' ? 'paid' : 'pending';

    const invoiceId = invoice.id;
    return inTransaction(this.dataSource, async (manager) => {
      const locked = await this.repo.findInvoiceForUpdate(manager, invoiceId);
      if (!locked) return 'unknown';
      const now = this.clock.now();
      if (status.state === 'completed') {
        if (locked.status === 'paid') return 'paid';
        if (!(locked.status === 'pending' || locked.status === 'failed' || locked.status === 'expired')) return locked.status === 'reversed' ? 'reversed' : 'rejected';
        const mismatch = paymentMismatch(locked, status);
        if (mismatch) {
          await this.repo.updateInvoice(locked.id, { status: 'rejected', orderTrackingId, failureReason: mismatch.slice(0, 300), confirmationCode: status.confirmationCode }, manager);
          await this.audit.record(
            {
              action: 'subscription.payment_mismatch',
              providerId: locked.providerId,
              target: { type: 'subscription_invoice', id: locked.id },
              metadata: { reason: mismatch, orderTrackingId, source },
            },
            manager,
          );
          this.logger.error({ invoiceId: locked.id, orderTrackingId }, `Pesapal payment refused: ${mismatch}`);
          return 'rejected';
        }
        const sub = await this.repo.findByIdForUpdate(manager, locked.subscriptionId);
        if (!sub) return 'unknown';
        const next = transition(stateOf(sub), { type: 'paid', period: locked.period, periods: locked.periods }, now);
        await this.repo.updateSubscription(manager, sub.id, { ...next, planId: locked.planId });
        await this.repo.updateInvoice(
          locked.id,
          {
            status: 'paid',
            orderTrackingId,
            paidAt: now,
            periodStart: next.currentPeriodStart,
            periodEnd: next.currentPeriodEnd,
            paymentMethod: status.paymentMethod?.slice(0, 40) ?? null,
            confirmationCode: status.confirmationCode?.slice(0, 64) ?? null,
            failureReason: null,
          },
          manager,
        );
        await this.repo.notify(manager, {
          providerId: locked.providerId,
          kind: 'subscription.paid',
          level: 'info',
          title: 'Payment received',
          body: `Thank you: ${money(locked.amountMinor, locked.currency)} for ${locked.planName}. Your subscription runs until ${nairobiDate(next.currentPeriodEnd)}.`,
          dedupeKey: `paid:${locked.id}`,
        });
        await this.audit.record(
          {
            action: 'subscription.paid',
            providerId: locked.providerId,
            target: { type: 'subscription_invoice', id: locked.id },
            metadata: { orderTrackingId, source, from: sub.status, periodEnd: next.currentPeriodEnd.toISOString() },
          },
          manager,
        );
        return 'paid';
      }
      if (status.state === 'failed') {
        if (locked.status !== 'pending' && locked.status !== 'expired') return locked.status === 'paid' ? 'paid' : 'failed';
        await this.repo.updateInvoice(locked.id, { status: 'failed', orderTrackingId, failureReason: (status.description || 'The payment failed').slice(0, 300) }, manager);
        return 'failed';
      }
      // reversed
      if (locked.status !== 'paid') return locked.status === 'reversed' ? 'reversed' : 'failed';
      await this.repo.updateInvoice(locked.id, { status: 'reversed', failureReason: 'The payment was reversed' }, manager);
      await this.repo.notify(manager, {
        providerId: locked.providerId,
        kind: 'subscription.reversed',
        level: 'critical',
        title: 'Payment reversed',
        body: `Your payment ${locked.merchantReference} was reversed. Please contact Wavu support.`,
        dedupeKey: `reversed:${locked.id}`,
      });
      await this.audit.record(
        { action: 'subscription.payment_reversed', providerId: locked.providerId, target: { type: 'subscription_invoice', id: locked.id }, metadata: { orderTrackingId } },
        manager,
      );
      return 'reversed';
    });
  }

  // ── jobs ──────────────────────────────────────────────────────────

  /**
   * Daily: reminders 7/3/1 days before the end, expiry (→ past_due with a grace period), then
   * paused when the grace ends. Idempotent: each step re-reads the locked row, notifications are
   * unique per (provider, key).
   */
  async runDaily(now: Date = this.clock.now()): Promise<{ reminders: number; expired: number; paused: number }> {
    const counts = { reminders: 0, expired: 0, paused: 0 };
    const ids = await this.repo.idsNeedingAttention(new Date(now.getTime() + 7 * DAY_MS));
    for (const id of ids) {
      await inTransaction(this.dataSource, async (manager) => {
        const sub = await this.repo.findByIdForUpdate(manager, id);
        if (!sub) return;
        let state = stateOf(sub);
        for (let event = dueEvent(state, now); event; event = dueEvent(state, now)) {
          const periodEnd = state.currentPeriodEnd;
          state = transition(state, event === 'expire' ? { type: 'expire', graceDays: this.config.subscriptions.graceDays } : { type: 'pause' }, now);
          if (event === 'expire') {
            counts.expired++;
            await this.repo.notify(manager, {
              providerId: sub.providerId,
              kind: 'subscription.expired',
              level: 'critical',
              title: sub.status === 'trialing' ? 'Your trial has ended' : 'Your subscription has expired',
              body: `Pay by ${nairobiDate(state.graceEndsAt!)} to keep selling: after that, voucher sales on your hotspots are paused until you pay.`,
              dedupeKey: `expired:${periodEnd.toISOString()}`,
            });
          } else {
            counts.paused++;
            await this.repo.notify(manager, {
              providerId: sub.providerId,
              kind: 'subscription.paused',
              level: 'critical',
              title: 'Sales paused',
              body: 'Your grace period is over: your hotspots no longer sell vouchers. Pay your subscription to resume at once.',
              dedupeKey: `paused:${periodEnd.toISOString()}`,
            });
          }
        }
        if (state.status !== sub.status) {
          await this.repo.updateSubscription(manager, sub.id, state);
          await this.audit.record(
            {
              action: `subscription.${state.status === 'paused' ? 'paused' : 'expired'}`,
              providerId: sub.providerId,
              target: { type: 'provider_subscription', id: sub.id },
              metadata: { from: sub.status, to: state.status },
            },
            manager,
          );
        }
        const reminder = dueReminder(state, now);
        if (reminder !== null) {
          const created = await this.repo.notify(manager, {
            providerId: sub.providerId,
            kind: 'subscription.reminder',
            level: reminder === 1 ? 'critical' : 'warning',
            title: `${state.status === 'trialing' ? 'Your trial ends' : 'Your subscription expires'} in ${reminder === 1 ? '1 day' : `${reminder} days`}`,
            body: `It ends on ${nairobiDate(state.currentPeriodEnd)}. Renew from the Subscription page to keep selling without interruption.`,
            dedupeKey: `reminder:${reminder}:${state.currentPeriodEnd.toISOString()}`,
          });
          if (created) counts.reminders++;
        }
      });
    }
    return counts;
  }

  /** Pending orders older than 5 minutes are re-checked with Pesapal; after 7 days they expire. */
  async reconcilePending(now: Date = this.clock.now()): Promise<{ checked: number; paid: number; failed: number; expired: number }> {
    const counts = { checked: 0, paid: 0, failed: 0, expired: 0 };
    for (const invoice of await this.repo.pendingOrders(new Date(now.getTime() - RECONCILE_AFTER_MS), 200)) {
      counts.checked++;
      const outcome = await this.confirm(invoice.orderTrackingId!, invoice.merchantReference, 'reconcile');
      if (outcome === 'paid') counts.paid++;
      if (outcome === 'failed') counts.failed++;
    }
    counts.expired = await this.repo.expirePendingBefore(new Date(now.getTime() - PENDING_EXPIRY_MS));
    return counts;
  }

  // ── super admin ───────────────────────────────────────────────────

  async getForAdmin(providerId: string): Promise<SubscriptionDto> {
    return this.getForProvider(providerId);
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
    return this.getForProvider(providerId);
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
    return this.getForProvider(providerId);
  }

  /** Paid invoices per Nairobi day over [from, to) (waived periods have no paid invoice, so they count nothing). */
  revenueByDay(from: Date, to: Date): Promise<Array<{ day: string; currency: string; amountMinor: number; invoices: number }>> {
    return this.repo.revenueByDay(from, to);
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

function stateOf(sub: ProviderSubscription): SubscriptionState {
  return { status: sub.status, currentPeriodStart: sub.currentPeriodStart, currentPeriodEnd: sub.currentPeriodEnd, graceEndsAt: sub.graceEndsAt, pausedAt: sub.pausedAt };
}

/** SUB-<tenant8>-<invoice no>-<attempt>, e.g. SUB-1a2b3c4d-0007-1 (docs/pesapal.md §4). */
export function merchantReference(providerId: string, number: number, attempt: number): string {
  return `SUB-${providerId.slice(0, 8)}-${String(number).padStart(4, '0')}-${attempt}`;
}

/** Why a completed payment must not activate, or null when it matches the invoice. */
export function paymentMismatch(
  invoice: Pick<SubscriptionInvoice, 'amountMinor' | 'currency' | 'merchantReference'>,
  status: Pick<PesapalTransactionStatus, 'amountMinor' | 'currency' | 'merchantReference'>,
): string | null {
  if (status.merchantReference !== null && status.merchantReference !== invoice.merchantReference) {
    return `merchant reference ${status.merchantReference} does not match ${invoice.merchantReference}`;
  }
  if ((status.currency ?? '').toUpperCase() !== invoice.currency.toUpperCase()) return `paid in ${status.currency ?? 'no currency'}, invoiced in ${invoice.currency}`;
  if (status.amountMinor !== invoice.amountMinor) return `paid ${status.amountMinor} minor units, invoiced ${invoice.amountMinor}`;
  return null;
}

/** DTO instances carry declared-but-absent keys as undefined; the parsers want only what was sent. */
function definedOnly(source: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined));
}

function parseNotification(parse: () => PesapalNotification): PesapalNotification {
  try {
    return parse();
  } catch (err) {
    const message = err instanceof Error ? err.message : 'invalid notification';
    throw CommonException.validation([{ field: 'OrderTrackingId', messages: [message] }]);
  }
}
