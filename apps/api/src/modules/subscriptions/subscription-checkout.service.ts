import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { isPesapalError, PESAPAL_CLIENT, PesapalClient, PesapalError, resolveBaseUrl } from '@wavu/pesapal';
import { DataSource } from 'typeorm';
import { RequestContext } from '../../common/auth/decorators';
import { Principal } from '../../common/auth/principal';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { inTransaction } from '../../database/transaction';
import { AuditService } from '../audit';
import { CheckoutResultDto, mapInvoice } from './dto/invoice.dto';
import { SubscriptionErrorCode, SubscriptionException } from './subscriptions.exception';
import { SubscriptionsRepository } from './subscriptions.repository';

/**
 * Subscribe or renew: an invoice and its Pesapal order (docs/pesapal.md §9). Whether it was paid is
 * decided later by PaymentConfirmationService.
 */
@Injectable()
export class SubscriptionCheckoutService {
  private readonly logger = new Logger(SubscriptionCheckoutService.name);
  private ipnIdPromise: Promise<string> | null = null;

  constructor(
    private readonly repo: SubscriptionsRepository,
    private readonly audit: AuditService,
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @Inject(PESAPAL_CLIENT) private readonly pesapal: PesapalClient,
  ) {}

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
}

/** SUB-<tenant8>-<invoice no>-<attempt>, e.g. SUB-1a2b3c4d-0007-1 (docs/pesapal.md §4). */
export function merchantReference(providerId: string, number: number, attempt: number): string {
  return `SUB-${providerId.slice(0, 8)}-${String(number).padStart(4, '0')}-${attempt}`;
}
